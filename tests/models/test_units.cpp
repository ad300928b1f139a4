// Dates and whole-number splits: the arithmetic everything else stands on.
#include <limits>

#include <catch2/catch.hpp>

#include "models/date.hpp"
#include "models/rounding.hpp"
#include "models/text.hpp"

using namespace vaxsim;

TEST_CASE("ISO dates are parsed strictly", "[units][dates]") {
    CHECK(parse_iso_date("1970-01-01") == 0);
    CHECK(parse_iso_date("2021-02-26") == 18684);
    CHECK(format_iso_date(18684) == "2021-02-26");
    CHECK_FALSE(parse_iso_date("2021-02-29").has_value());
    CHECK(parse_iso_date("2020-02-29").has_value());
    CHECK_FALSE(parse_iso_date("2021-2-3").has_value());
    CHECK_FALSE(parse_iso_date("2021-13-01").has_value());
    CHECK_FALSE(parse_iso_date("2021-01-01x").has_value());
}

TEST_CASE("quarters, months and weekdays", "[units][dates]") {
    const DayNumber d = *parse_iso_date("2021-10-31");
    CHECK(quarter_label(d) == "2021Q4");
    CHECK(month_label(d) == "2021-10");
    CHECK(weekday_of(*parse_iso_date("2021-03-01")) == 0); // a Monday
    CHECK(weekday_of(*parse_iso_date("2021-02-28")) == 6); // a Sunday
    CHECK(parse_quarter_label("2021Q3") == parse_iso_date("2021-07-01"));
    CHECK(last_day_of_quarter(2021, 1) == *parse_iso_date("2021-03-31"));
    CHECK_FALSE(parse_quarter_label("2021Q5").has_value());
}

TEST_CASE("proportional splits always add up to the total", "[units][rounding]") {
    const std::vector<std::int64_t> weights{60, 30};
    CHECK(split_proportionally(25, weights) == std::vector<std::int64_t>{17, 8});
    const std::vector<std::int64_t> three{1, 1, 1};
    CHECK(split_proportionally(2, three) ==
          std::vector<std::int64_t>{1, 1, 0}); // ties: lower index
    const std::vector<std::int64_t> huge{4'000'000'000'000, 5'000'000'000'000};
    const auto parts = split_proportionally(9'000'000'000'001, huge);
    CHECK(parts[0] + parts[1] == 9'000'000'000'001);
    CHECK(parts[0] == 4'000'000'000'000);
}

TEST_CASE("one part of a proportional split is that part of the whole split", "[units][rounding]") {
    // By hand: 8 over people 300, 400, 300 is 2.4, 3.2, 2.4; floors 2, 3, 2 and the one
    // left to the largest remainder, a tie of 0.4 and 0.4: the first.
    const std::vector<std::int64_t> people{300, 400, 300};
    CHECK(split_part(8, people, 0) == 3);
    CHECK(split_part(8, people, 1) == 3);
    CHECK(split_part(8, people, 2) == 2);
    // Every weight zero: an equal split, the rest to the first; nothing to split.
    const std::vector<std::int64_t> none{0, 0, 0};
    CHECK(split_part(7, none, 0) == 3);
    CHECK(split_part(7, none, 2) == 2);
    CHECK(split_part(0, people, 1) == 0);
    // Against the whole split, over many weights and totals (a fixed sequence): people and
    // a day's doses (64-bit arithmetic), and every other trial numbers too large for it.
    std::uint64_t x = 88172645463325252ull;
    const auto next = [&x] { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x; };
    for (int trial = 0; trial < 4000; ++trial) {
        const bool large = trial % 2 == 1;
        std::vector<std::int64_t> w(1 + next() % 30);
        for (auto& v : w)
            v = next() % 4 == 0 ? 0
                                : static_cast<std::int64_t>(next() % (large ? 10'000'000'000'000ull : 1'000'000));
        const auto total = static_cast<std::int64_t>(next() % (large ? 1'000'000'000'000ull : 100'000));
        const auto whole = split_proportionally(total, w);
        for (std::size_t i = 0; i < w.size(); ++i) {
            INFO("trial " << trial << ", part " << i);
            REQUIRE(split_part(total, w, i) == whole[i]);
        }
    }
}

TEST_CASE("a cumulative share is exact in total however the count is cut", "[units][rounding]") {
    CumulativeShare by_ones(decimal_share(0.3)), at_once(decimal_share(0.3));
    std::int64_t sum = 0;
    for (int i = 0; i < 1001; ++i) sum += by_ones.take(1);
    CHECK(sum == at_once.take(1001));
    CHECK(sum == 300); // 300.3
    CHECK(round_half_up(45, decimal_share(0.7)) == 32);
    CHECK(share_ceiling(8'685'714, decimal_share(0.7)) == 6'080'000);
}

TEST_CASE("rounding is exact decimal arithmetic, whatever binary floating point says",
          "[units][rounding]") {
    // 0.1 is a little above a tenth in binary: 0.1 x 30 would ceil to 4 there.
    CHECK(share_ceiling(30, decimal_share(0.1)) == 3);
    CHECK(share_ceiling(31, decimal_share(0.1)) == 4);
    // 2.5 and 0.5 are exact halves: up.
    CHECK(round_half_up(5, decimal_share(0.5)) == 3);
    CHECK(round_half_up(1'000'000'000'001, decimal_share(0.5)) == 500'000'000'001);
    // wastage 5% costs 1/19 per dose given, exactly.
    const Ratio per_dose = ratio_of(decimal_share(0.05), decimal_share(0.95));
    CHECK(per_dose.num == 1);
    CHECK(per_dose.den == 19);
    CHECK(round_half_up(19 * 1'000'000'007LL, per_dose) == 1'000'000'007);
    // Counts near the top of the range do not overflow.
    CHECK(share_ceiling(4'000'000'000'000'000'000LL, decimal_share(0.7)) ==
          2'800'000'000'000'000'000LL);
    CHECK(product_of(decimal_share(1.5), decimal_share(0.7)).value() == 1.05);
}

TEST_CASE("counts print with thousands separators over the whole int64 range", "[units]") {
    CHECK(with_commas(0) == "0");
    CHECK(with_commas(1234567) == "1,234,567");
    CHECK(with_commas(-1234) == "-1,234");
    CHECK(signed_commas(5) == "+5");
    // -n overflows here (the results fuzzer found a damaged file's value reaching this).
    CHECK(with_commas(std::numeric_limits<std::int64_t>::min()) == "-9,223,372,036,854,775,808");
    CHECK(signed_commas(std::numeric_limits<std::int64_t>::max()) == "+9,223,372,036,854,775,807");
}

TEST_CASE("columns line up by what a terminal shows: Hangul is two columns wide", "[units]") {
    CHECK(shown_length("ab") == 2);
    CHECK(shown_length("가") == 2);           // U+AC00, three bytes
    CHECK(shown_length("요양병원") == 8);
    CHECK(shown_length("·") == 1);            // U+00B7, two bytes, narrow
    CHECK(shown_length("２") == 2);           // full-width digit
    CHECK(pad_right("가", 4) == "가  ");
    CHECK(pad_left("ab", 4) == "  ab");
    CHECK(pad_left("요양병원", 4) == "요양병원"); // never cut
    CHECK(pad_right("가군", 6).size() == std::string("가군").size() + 2);
}

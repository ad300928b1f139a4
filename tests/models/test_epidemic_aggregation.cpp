// The epidemic's own age bands: made of the contact data's five-year bands, and the
// contacts and rates of those bands aggregated over each band's people, by hand.
#include "models/epidemic_bands.hpp"
#include "models/error.hpp"
#include "tiny.hpp"

using namespace vaxsim;

TEST_CASE("contacts aggregate to coarser bands as means over the contacting band's people",
          "[epidemic]") {
    // Four fine bands of 1, 3, 2 and 2 people into two bands {0, 1} and {2, 3}:
    // C'_IJ = sum over a in I, b in J of N_a C_ab / N_I.
    //   C'_00 = (1 * (4 + 0) + 3 * (0 + 8)) / 4 = 7    C'_01 = (1 * (8 + 4) + 3 * (4 + 0)) / 4 = 6
    //   C'_10 = (2 * (2 + 2) + 2 * (2 + 6)) / 4 = 6    C'_11 = (2 * (6 + 2) + 2 * (2 + 2)) / 4 = 6
    EpiMatrix c(4, 4);
    c << 4, 0, 8, 4,
         0, 8, 4, 0,
         2, 2, 6, 2,
         2, 6, 2, 2;
    EpiVector n(4);
    n << 1, 3, 2, 2;
    const std::vector<int> band_of{0, 0, 1, 1};
    const EpiMatrix a = aggregate_contacts(c, n, band_of, 2);
    REQUIRE(a.rows() == 2);
    REQUIRE(a.cols() == 2);
    CHECK(a(0, 0) == 7);
    CHECK(a(0, 1) == 6);
    CHECK(a(1, 0) == 6);
    CHECK(a(1, 1) == 6);
    // The contacts between two bands counted from each side stay those of the fine bands:
    // N_I C'_IJ is the sum of N_a C_ab over the pairs (4 * 6 = 1*12 + 3*4 = 24).
    CHECK(4 * a(0, 1) == 1 * (8 + 4) + 3 * (4 + 0));

    // Populations add up; rates are means over the people: (1 * 4 + 3 * 8) / 4 = 7 and
    // (2 * 1 + 2 * 3) / 4 = 2.
    const EpiVector people = sum_per_band(n, band_of, 2);
    CHECK(people(0) == 4);
    CHECK(people(1) == 4);
    EpiVector rate(4);
    rate << 4, 8, 1, 3;
    const EpiVector mean = mean_per_band(rate, n, band_of, 2);
    CHECK(mean(0) == 7);
    CHECK(mean(1) == 2);
}

TEST_CASE("the epidemic's bands are five-year bands joined, from age 0, the last open",
          "[epidemic]") {
    const EpiBands five = epi_bands_of({});
    CHECK(five.labels.size() == 16);
    CHECK(five.labels.front() == "0-4");
    CHECK(five.labels.back() == "75+");
    CHECK(five.of_five_year[15] == 15);

    // Decades with 70+: 70+ takes 70-74 and 75+.
    std::vector<EpiBandSpec> decades;
    for (int lo = 0; lo < 70; lo += 10) decades.push_back({lo, lo + 9});
    decades.push_back({70, std::nullopt});
    const EpiBands d = epi_bands_of(decades);
    CHECK(d.labels == std::vector<std::string>{"0-9", "10-19", "20-29", "30-39", "40-49",
                                               "50-59", "60-69", "70+"});
    CHECK(d.min_age == std::vector<int>{0, 10, 20, 30, 40, 50, 60, 70});
    CHECK(d.of_five_year ==
          std::vector<int>{0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7});
    // One band: everyone mixing as one population.
    CHECK(epi_bands_of({{0, std::nullopt}}).of_five_year == std::vector<int>(16, 0));

    const auto error = [](const std::vector<EpiBandSpec>& bands) {
        try {
            epi_bands_of(bands);
        } catch (const ModelError& e) {
            return e.path() + ": " + e.message();
        }
        return std::string("accepted");
    };
    // 80+ would split the data's 75+ band: refused at the band that ends inside it.
    CHECK_THAT(error({{0, 69}, {70, 79}, {80, std::nullopt}}),
               Catch::StartsWith("bands.1: the band 70-79 must end at age 4, 9, ..., or 74"));
    CHECK_THAT(error({{0, 9}, {12, std::nullopt}}),
               Catch::StartsWith("bands.1: the band 12+ must start at age 10"));
    CHECK_THAT(error({{5, std::nullopt}}), Catch::StartsWith("bands.0: the band 5+ must start at age 0"));
    CHECK_THAT(error({{0, 9}, {10, 74}}), Catch::StartsWith("bands.1: the last band must be open"));
    CHECK_THAT(error({{0, std::nullopt}, {10, std::nullopt}}),
               Catch::StartsWith("bands.0: only the last band may be open"));
    CHECK_THAT(error({{0, 9}, {10, 7}, {8, std::nullopt}}),
               Catch::StartsWith("bands.1: the band 10-7 ends before it starts"));
}

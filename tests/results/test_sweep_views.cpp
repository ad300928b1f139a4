// What a sweep report reads at a glance, computed from plain numbers: daily coverage
// quantiles across runs (nearest rank) and P(met) against each varied parameter's value.
#include <cmath>

#include <catch2/catch.hpp>

#include "results/svg_chart.hpp"
#include "results/sweep_summary.hpp"

using namespace vaxsim;

TEST_CASE("daily quantiles are nearest-rank values across runs, day by day", "[sweep][quantiles]") {
    // 5 runs x 3 days, given out of order. Nearest rank of n = 5: ceil(level x 5), so the
    // 5%, 25%, 50%, 75% and 95% levels are the 1st, 2nd, 3rd, 4th and 5th smallest.
    const std::vector<std::int64_t> values{
        30, 300, 3000, //
        10, 100, 1000, //
        50, 500, 5000, //
        20, 200, 2000, //
        40, 400, 4000,
    };
    const auto q = daily_quantiles(values, 5, 3);
    CHECK(q == std::vector<std::int64_t>{10, 20, 30, 40, 50,      //
                                         100, 200, 300, 400, 500, //
                                         1000, 2000, 3000, 4000, 5000});
    // The order of the runs does not matter.
    std::vector<std::int64_t> reversed;
    for (int r = 4; r >= 0; --r)
        reversed.insert(reversed.end(), values.begin() + 3 * r, values.begin() + 3 * r + 3);
    CHECK(daily_quantiles(reversed, 5, 3) == q);
}

TEST_CASE("with 20 runs the levels pick the 1st, 5th, 10th, 15th and 19th value", "[sweep][quantiles]") {
    std::vector<std::int64_t> values;
    for (std::int64_t r = 20; r >= 1; --r) values.push_back(7 * r); // one day
    CHECK(daily_quantiles(values, 20, 1) == std::vector<std::int64_t>{7, 35, 70, 105, 133});
    CHECK(daily_quantiles({}, 0, 2) == std::vector<std::int64_t>(10, 0));
}

namespace {

// 2 grid points (a grid parameter of 2 values) x 10 samples of one number x 2 replicates,
// 1 target.
ParameterOddsInput two_policies_ten_samples() {
    ParameterOddsInput in;
    in.path = {"policy.second_dose_reserve", "capacity.periods.0.doses_per_day"};
    in.kind = {"grid", "sample"};
    in.grid_points = 2;
    in.samples = 10;
    in.targets = 1;
    for (int g = 0; g < 2; ++g)
        for (int s = 0; s < 10; ++s) {
            in.point_value.push_back(std::nan(""));
            in.point_value.push_back(100.0 * (10 - s)); // samples 1000, 900, ..., 100
            in.point_text.push_back(g == 0 ? "hold_second_doses" : "none");
            in.point_text.push_back(std::to_string(100 * (10 - s)));
        }
    for (int g = 0; g < 2; ++g)
        for (int s = 0; s < 10; ++s)
            for (int k = 0; k < 2; ++k) {
                in.grid_point.push_back(g);
                in.sample.push_back(s);
                // Met when capacity is at least 600 (samples 0..4); policy 1 also at 500
                // on its first replicate.
                const int capacity = 100 * (10 - s);
                in.target_met.push_back(capacity >= 600 || (g == 1 && capacity == 500 && k == 0));
            }
    return in;
}

} // namespace

TEST_CASE("P(met) against a grid parameter counts the runs of each listed value", "[sweep][parameters]") {
    const auto odds = odds_by_parameter(two_policies_ten_samples());
    REQUIRE(odds.size() == 2);
    const ParameterOdds& grid = odds[0];
    CHECK_FALSE(grid.sampled);
    CHECK(grid.bin_label == std::vector<std::string>{"hold_second_doses", "none"});
    CHECK(grid.series_grid_point == std::vector<std::int64_t>{-1});
    const auto& hold = grid.cells[0][0][0];
    const auto& none = grid.cells[0][1][0];
    CHECK(hold.runs == 20);
    CHECK(hold.met == 10);
    CHECK(none.runs == 20);
    CHECK(none.met == 11);
    CHECK(none.p == 11.0 / 20);
    const auto [low, high] = wilson_interval(11, 20);
    CHECK(none.low == low);
    CHECK(none.high == high);
    CHECK(low == Approx(0.3421).epsilon(1e-3));
    CHECK(high == Approx(0.7418).epsilon(1e-3));
}

TEST_CASE("P(met) against a sampled number bins the samples by tenths, one series per policy",
          "[sweep][parameters]") {
    const auto odds = odds_by_parameter(two_policies_ten_samples());
    const ParameterOdds& capacity = odds[1];
    CHECK(capacity.sampled);
    CHECK(capacity.series_grid_point == std::vector<std::int64_t>{0, 1});
    // Ten distinct samples: a bin each, in increasing order.
    CHECK(capacity.bin_label == std::vector<std::string>{"100", "200", "300", "400", "500", "600",
                                                         "700", "800", "900", "1000"});
    CHECK(capacity.bin_x.front() == 100);
    for (std::size_t b = 0; b < 10; ++b)
        for (std::size_t g = 0; g < 2; ++g) CHECK(capacity.cells[g][b][0].runs == 2);
    CHECK(capacity.cells[0][4][0].met == 0); // 500, holding back
    CHECK(capacity.cells[1][4][0].met == 1); // 500, no reserve: one of two
    CHECK(capacity.cells[1][4][0].p == 0.5);
    CHECK(capacity.cells[0][5][0].met == 2); // 600
    CHECK(capacity.cells[0][5][0].high == 1.0);
    CHECK(capacity.cells[0][0][0].low == 0.0);

    // In fifths, bins of two samples each: [100, 200], ..., [900, 1000].
    const auto fifths = odds_by_parameter(two_policies_ten_samples(), 5);
    CHECK(fifths[1].bin_label ==
          std::vector<std::string>{"100..200", "300..400", "500..600", "700..800", "900..1000"});
    CHECK(fifths[1].bin_x[2] == 550);
    CHECK(fifths[1].cells[1][2][0].runs == 4);
    CHECK(fifths[1].cells[1][2][0].met == 3);
    CHECK(fifths[1].cells[0][2][0].met == 2);
}

TEST_CASE("equal samples share a bin and empty bins are left out", "[sweep][parameters]") {
    ParameterOddsInput in;
    in.path = {"products.pfizer.supply.delay_days"};
    in.kind = {"sample"};
    in.samples = 10;
    in.targets = 1;
    const double delays[] = {0, 0, 0, 0, 0, 0, 7, 7, 14, 14};
    for (double d : delays) in.point_value.push_back(d);
    for (int s = 0; s < 10; ++s) {
        in.grid_point.push_back(0);
        in.sample.push_back(s);
        in.target_met.push_back(delays[s] < 10);
    }
    const auto odds = odds_by_parameter(in);
    CHECK(odds[0].bin_label == std::vector<std::string>{"0", "7", "14"});
    CHECK(odds[0].cells[0][0][0].runs == 6);
    CHECK(odds[0].cells[0][0][0].met == 6);
    CHECK(odds[0].cells[0][1][0].met == 2);
    CHECK(odds[0].cells[0][2][0].met == 0);
    // A run out of place (a damaged file) counts nowhere.
    in.sample.back() = 10;
    CHECK(odds_by_parameter(in)[0].cells[0][2][0].runs == 1);
}

TEST_CASE("an interval chart draws a point and whisker per value and nothing for NaN",
          "[sweep][parameters]") {
    const double nan = std::nan("");
    const std::string one = svg::interval_chart(
        "P(met) <by> value", {"a", "b"}, {{"all runs", "#333", {0.5, nan}, {0.25, nan}, {0.75, nan}}});
    // Plot 688 px wide from x 56, two positions at their middles; y 0..1 over 180 px from 34.
    CHECK_THAT(one, Catch::Contains("<circle cx=\"228.0\" cy=\"124.0\" r=\"3.5\" fill=\"#333\">"));
    CHECK_THAT(one, Catch::Contains("<line x1=\"228.0\" x2=\"228.0\" y1=\"169.0\" y2=\"79.0\" "
                                    "stroke=\"#333\""));
    CHECK_THAT(one, Catch::Contains("all runs, a: 50.0% (25.0–75.0%)"));
    CHECK_THAT(one, Catch::Contains("P(met) &lt;by&gt; value"));
    CHECK_THAT(one, Catch::Contains(">100%</text>"));
    std::size_t circles = 0;
    for (std::size_t at = one.find("<circle"); at != std::string::npos; at = one.find("<circle", at + 1))
        ++circles;
    CHECK(circles == 1);
    CHECK_THAT(one, !Catch::Contains("class=\"legend\"")); // one series: no legend
    // Two series side by side, 8 px apart at a position, each named in the legend.
    const std::string two = svg::interval_chart(
        "t", {"a", "b"},
        {{"hold", "#2471a3", {0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}},
         {"none", "#d68910", {0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}}});
    CHECK_THAT(two, Catch::Contains("<circle cx=\"224.0\" cy=\"124.0\" r=\"3.5\" fill=\"#2471a3\">"));
    CHECK_THAT(two, Catch::Contains("<circle cx=\"232.0\" cy=\"124.0\" r=\"3.5\" fill=\"#d68910\">"));
    CHECK_THAT(two, Catch::Contains("class=\"legend\">hold</text>"));
    CHECK_THAT(two, Catch::Contains("class=\"legend\">none</text>"));
}

// optimize over orders of priority groups: the slots handed out in the new order, every
// order tried when there are few, the objective exactly that of the run made directly.
#include "optimize_tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

OptimizeRequest order_request(const std::string& objective = "deaths") {
    OptimizeRequest r;
    r.order = {"old", "young_a", "young_b"};
    r.objective = objective;
    r.threads = 2;
    return r;
}

// The plan's three slots, earliest first: (01-01, 1), (01-01, 2), (02-01, 3). The old
// first: they take (01-01, 1), young_a (01-01, 2) and young_b (02-01, 3).
const std::vector<std::string> old_first{
    "groups.old.opens=2021-01-01", "groups.old.priority=1", "groups.young_a.priority=2",
    "groups.young_b.opens=2021-02-01", "groups.young_b.priority=3"};

} // namespace

TEST_CASE("optimize order: the old first saves the most lives, every order tried", "[optimize]") {
    const Scenario base = load_optimize(optimize_scenario());
    const OptimizeRecord r = optimize(base, order_request());
    CHECK(r.search == "order");
    CHECK(r.method == "exhaustive");
    CHECK(r.exhaustive);
    CHECK(r.evaluations == 6); // 3!
    CHECK(r.runs == 6);
    // The groups as the plan orders them (by their slots), the listed order aside.
    CHECK(r.varied == std::vector<std::string>{"young_a", "young_b", "old"});
    REQUIRE(r.results.size() == 2);
    const OptimizeResult& plan = r.results[0];
    const OptimizeResult& best = r.results[1];
    CHECK(plan.name == "plan");
    CHECK(plan.settings.empty());
    CHECK(plan.order == "young_a, young_b, old");
    CHECK(best.name == "optimum");
    // young_a and young_b are alike: the first order found of the two ties is kept.
    CHECK(best.order == "old, young_a, young_b");
    CHECK(best.settings == old_first);
    // Each value is that of the run made directly, with the settings as --set overrides.
    CHECK(plan.value == deaths_of(base));
    CHECK(best.value == deaths_of(load_optimize(optimize_scenario(), old_first)));
    CHECK(best.value < 0.9 * plan.value);
    CHECK(plan.per_future == std::vector<double>{plan.value});
}

TEST_CASE("optimize order: time to a target counts days from the start", "[optimize]") {
    const Scenario base = load_optimize(optimize_scenario());
    const OptimizeRecord r = optimize(base, order_request("time-to-target:old_half"));
    // Old first, 10,000 a day from 01-01: 75,000 by the end of day 8 (01-08), 7 days in.
    CHECK(r.results[1].value == 7);
    CHECK(r.results[1].settings[0] == "groups.old.opens=2021-01-01");
    // The plan: the young take all 300,000 doses by 01-30 (250,000 + 50,000) and the old,
    // open from 02-01, never reach 75,000: the days to the deadline (06-30, day 180) plus
    // the penalty of 10,000.
    CHECK(r.results[0].value == 180 + 10000);
}

TEST_CASE("optimize order: beyond the exhaustive limit a local search, said to be one",
          "[optimize]") {
    const Scenario base = load_optimize(optimize_scenario());
    OptimizeRequest request = order_request();
    request.exhaustive_limit = 2; // 3! = 6 orders: too many
    request.budget = 50;
    const OptimizeRecord r = optimize(base, request);
    CHECK(r.method == "local-search");
    CHECK_FALSE(r.exhaustive);
    CHECK(r.evaluations <= 6); // never an order twice
    // From the plan's order the swap of its first and last groups gives old, young_b,
    // young_a: as good as old, young_a, young_b (the young groups are alike).
    CHECK(r.results[1].order == "old, young_b, young_a");
    CHECK(r.results[1].value == optimize(base, order_request()).results[1].value);
    CHECK(r.results[0].value == deaths_of(base));
    // The budget bounds the evaluations.
    request.budget = 2;
    const OptimizeRecord small = optimize(base, request);
    CHECK(small.evaluations == 2);
    CHECK(small.budget == 2);
}

TEST_CASE("optimize order: years of life lost weigh deaths by the years left", "[optimize]") {
    const Scenario base = load_optimize(optimize_scenario());
    OptimizeRequest request = order_request("yll");
    std::vector<double> life(16, 0.0);
    life[15] = 1; // only the 75+ band counts, one year a death
    request.life_expectancy = life;
    const OptimizeRecord r = optimize(base, request);
    RunPipeline pipeline;
    const auto& out = pipeline.run(base);
    CHECK(r.results[0].value == Approx(out.epidemic->vaccinated.deaths.col(15).sum()).epsilon(1e-12));
    CHECK(r.results[1].settings == old_first);
    CHECK(r.unit == "years of life lost");
}

TEST_CASE("optimize order: on coarser epidemic bands the five-year life table is averaged "
          "over each band's people", "[optimize]") {
    // Bands 0-64 (13 five-year bands, 812,500 people) and 65+ (65-69, 70-74, 75+: 187,500).
    // One year a death at 75+ only: the 65+ band's mean is 62,500 / 187,500 = 1/3 year.
    const Scenario base = load_optimize(optimize_scenario(), {"epidemic.bands=[0-64, 65+]"});
    REQUIRE(base.epidemic->bands() == 2);
    OptimizeRequest request = order_request("yll");
    std::vector<double> life(16, 0.0);
    life[15] = 1;
    request.life_expectancy = life;
    const OptimizeRecord r = optimize(base, request);
    RunPipeline pipeline;
    const auto& out = pipeline.run(base);
    CHECK(r.results[0].value ==
          Approx(out.epidemic->vaccinated.deaths.col(1).sum() / 3).epsilon(1e-12));
    // Or one value per band, as given: 2 years a death at 65+.
    request.life_expectancy = {0, 2};
    CHECK(optimize(base, request).results[0].value ==
          Approx(out.epidemic->vaccinated.deaths.col(1).sum() * 2).epsilon(1e-12));
    // Another count names both that are allowed.
    request.life_expectancy = {1, 2, 3};
    CHECK_THROWS_WITH(optimize(base, request),
                      Catch::Contains("16 values (0-4, 5-9, ..., 75+) or 2 (the epidemic's bands "
                                      "0-64 ... 65+), got 3"));
}

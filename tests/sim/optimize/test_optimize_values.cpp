// optimize over values of scenario paths, with NLopt: integers and dates rounded, the
// budget kept, the optimum's value that of the run made with its settings.
#include "optimize_tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

TEST_CASE("optimize values: an earlier opening for the old, within the range", "[optimize]") {
    // The old served first once open (priority 0): the earlier they open, the fewer die.
    const std::vector<std::string> first{"groups.old.priority=0"};
    const Scenario base = load_optimize(optimize_scenario(), first);
    OptimizeRequest r;
    r.vary = {"groups.old.opens=2021-01-01..2021-03-01"};
    r.budget = 30;
    r.threads = 2;
    const OptimizeRecord rec = optimize(base, r);
    CHECK(rec.search == "values");
    CHECK(rec.method == "DIRECT-L");
    CHECK_FALSE(rec.exhaustive);
    CHECK(rec.evaluations <= 30);
    CHECK(rec.results[0].settings.empty());
    CHECK(rec.results[0].value == deaths_of(base));
    REQUIRE(rec.results[1].settings.size() == 1);
    const std::string& s = rec.results[1].settings[0];
    CHECK(s.rfind("groups.old.opens=2021-0", 0) == 0);
    CHECK(rec.results[1].value == deaths_of(load_optimize(optimize_scenario(), {first[0], s})));
    // Opening the old before 02-01 saves lives: the optimum is earlier than the plan's.
    CHECK(s < "groups.old.opens=2021-02-01");
    CHECK(rec.results[1].value < rec.results[0].value);
}

TEST_CASE("optimize values: three paths with Sbplx, the budget kept", "[optimize]") {
    const Scenario base = load_optimize(optimize_scenario());
    OptimizeRequest r;
    r.vary = {"groups.old.priority=0..5", "groups.young_a.priority=0..5",
              "capacity.periods.0.doses_per_day=5000..20000"};
    r.budget = 12;
    r.threads = 2;
    const OptimizeRecord rec = optimize(base, r);
    CHECK(rec.method == "Sbplx");
    CHECK(rec.evaluations <= 12);
    CHECK(rec.results[1].value == deaths_of(load_optimize(optimize_scenario(), rec.results[1].settings)));
}

TEST_CASE("optimize values: a point the scenario refuses inside the ranges is skipped", "[optimize]") {
    // Two capacity periods whose dates must stay in order; each range's ends are taken, but
    // a point with the second period's date before the first's is not.
    const std::string two_periods = "capacity: {periods: [{from: 2021-01-01, doses_per_day: 10000}, "
                                    "{from: 2021-02-01, doses_per_day: 2000}, "
                                    "{from: 2021-03-01, doses_per_day: 10000}]}";
    std::string text = optimize_scenario();
    const std::string one = "capacity: {periods: [{from: 2021-01-01, doses_per_day: 10000}]}";
    text.replace(text.find(one), one.size(), two_periods);
    const Scenario base = load_optimize(text);
    OptimizeRequest r;
    r.vary = {"capacity.periods.1.from=2021-01-10..2021-03-20",
              "capacity.periods.2.from=2021-01-20..2021-04-10"};
    r.budget = 40;
    const OptimizeRecord rec = optimize(base, r);
    CHECK(rec.refused > 0);
    CHECK(rec.evaluations <= 40);
    // The optimum is a point the scenario takes, and its value the run made with it.
    CHECK(rec.results[1].value == deaths_of(load_optimize(text, rec.results[1].settings)));
    CHECK_THAT(format_optimize(rec), Catch::Contains("refused by the scenario, skipped"));
}

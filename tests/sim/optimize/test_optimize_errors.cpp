// optimize refuses a request that makes no sense before any run, with a clear message.
#include "optimize_tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

OptimizeRequest order(std::vector<std::string> groups) {
    OptimizeRequest r;
    r.order = std::move(groups);
    return r;
}

} // namespace

TEST_CASE("optimize refuses bad requests", "[optimize]") {
    const Scenario base = load_optimize(optimize_scenario());
    CHECK_THROWS_WITH(optimize(base, order({"old", "nobody"})),
                      Catch::Contains("--order nobody: no such group") &&
                          Catch::Contains("young_a, young_b, old"));
    CHECK_THROWS_WITH(optimize(base, order({"old", "old"})), Catch::Contains("twice"));
    CHECK_THROWS_WITH(optimize(base, order({"old"})), Catch::Contains("at least two"));
    CHECK_THROWS_WITH(optimize(base, OptimizeRequest{}), Catch::Contains("--order"));
    auto both = order({"old", "young_a"});
    both.vary = {"groups.old.priority=1..3"};
    CHECK_THROWS_WITH(optimize(base, both), Catch::Contains("not both"));
    auto objective = order({"old", "young_a"});
    objective.objective = "smiles";
    CHECK_THROWS_WITH(optimize(base, objective), Catch::Contains("expected deaths"));
    objective.objective = "time-to-target:nope";
    CHECK_THROWS_WITH(optimize(base, objective), Catch::Contains("its targets: old_half"));
    auto futures = order({"old", "young_a"});
    futures.futures = 10;
    CHECK_THROWS_WITH(optimize(base, futures), Catch::Contains("no uncertain inputs"));
    auto life = order({"old", "young_a"});
    life.objective = "yll";
    life.life_expectancy = {80, 70};
    CHECK_THROWS_WITH(optimize(base, life), Catch::Contains("16 values"));
    OptimizeRequest vary;
    vary.vary = {"groups.old.opens=2021-03-01..2021-01-01"};
    CHECK_THROWS_WITH(optimize(base, vary), Catch::Contains("first end must be below"));
    vary.vary = {"groups.nobody.opens=2021-01-01..2021-03-01"};
    CHECK_THROWS_WITH(optimize(base, vary), Catch::Contains("nobody"));
    vary.vary = {"capacity.periods.0.doses_per_day=-10..100"};
    CHECK_THROWS_WITH(optimize(base, vary), Catch::Contains("refuses"));
    vary.vary = {"capacity.periods.0.doses_per_day"};
    CHECK_THROWS_WITH(optimize(base, vary), Catch::Contains("PATH=FROM..TO"));
}

TEST_CASE("optimize: an epidemic objective needs an epidemic", "[optimize]") {
    std::string text = optimize_scenario();
    text = text.substr(0, text.find("epidemic:"));
    const Scenario base = load_optimize(text);
    CHECK_THROWS_WITH(optimize(base, order({"old", "young_a"})),
                      Catch::Contains("no epidemic section"));
    // The days to a target need none.
    auto r = order({"old", "young_a"});
    r.objective = "time-to-target:old_half";
    CHECK(optimize(base, r).evaluations == 2);
}

TEST_CASE("optimize: a group that closes before a slot opens cannot be reordered", "[optimize]") {
    // young_a closes on 01-15; the slots open on 01-01, 01-01 and 02-01.
    const Scenario base = load_optimize(optimize_scenario(), {"groups.young_a.closes=2021-01-15"});
    CHECK_THROWS_WITH(optimize(base, order({"old", "young_a"})),
                      Catch::Contains("young_a closes on 2021-01-15") &&
                          Catch::Contains("2021-02-01"));
    // Among groups whose slots all open before it closes, it may be.
    CHECK(optimize(base, order({"young_a", "young_b"})).evaluations == 2);
}

TEST_CASE("optimize: groups sharing a priority cannot be reordered", "[optimize]") {
    // The engine breaks the tie by file order, which would stay with the groups.
    const Scenario base = load_optimize(optimize_scenario(), {"groups.young_b.priority=1"});
    CHECK_THROWS_WITH(optimize(base, order({"young_a", "young_b"})),
                      Catch::Contains("young_a and young_b share priority 1"));
    // Named with a group of another priority, it is fine.
    CHECK_NOTHROW(optimize(base, order({"young_a", "old"})));
}

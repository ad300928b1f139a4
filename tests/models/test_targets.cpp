// Targets: value at the deadline, met, margin and the first date reached.
#include "models/outcomes.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

TEST_CASE("targets are checked against hand-computed coverage", "[targets]") {
    // Strict priority, 90 doses, 30/day: people with a first dose, cumulative:
    // g1 (old) 30, 50, 50, 50, 50; g2 (young) 0, 10, 40, 40, 40; all 30, 60, 90, 90, 90.
    const Scenario sc =
        load_tiny("name: targets\nstart: 2021-03-01\nend: 2021-03-05\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 90}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 30}]}
groups:
  - {id: g1, tier: A, band: old, size: 50, opens: 2021-03-01, priority: 1}
  - {id: g2, tier: A, band: young, size: 50, opens: 2021-03-01, priority: 2}
targets:
  - {id: everyone_5pct, measure: first_dose, population: {all: true}, share: 0.05, deadline: 2021-03-05}
  - {id: g2_half, measure: first_dose, population: {groups: [g2]}, share: 0.5, deadline: 2021-03-02}
  - {id: doses_60, measure: doses, population: {tiers: [A]}, count: 60, deadline: 2021-03-02}
  - {id: young_since, measure: first_dose, population: {bands: [young]}, count: 30, since: 2021-03-03, deadline: 2021-03-05}
  - {id: full, measure: fully_vaccinated, population: {bands: [old]}, count: 50, deadline: 2021-03-02}
)");
    const Ledger run = run_checked(sc);
    const Outcomes o = evaluate(sc, run);
    REQUIRE(o.targets.size() == 5);

    // 5% of 2,000 people = 100: never reached.
    CHECK(o.targets[0].threshold == 100);
    CHECK(o.targets[0].value_at_deadline == 90);
    CHECK_FALSE(o.targets[0].met);
    CHECK(o.targets[0].margin == -10);
    CHECK_FALSE(o.targets[0].first_reached.has_value());

    // Half of g2 (25): 10 by the deadline, reached a day late.
    CHECK(o.targets[1].threshold == 25);
    CHECK(o.targets[1].margin == -15);
    CHECK(o.targets[1].first_reached == parse_iso_date("2021-03-03"));

    CHECK(o.targets[2].met);
    CHECK(o.targets[2].margin == 0);
    CHECK(o.targets[2].first_reached == parse_iso_date("2021-03-02"));

    // Counted from 03-03: 40 - 10 = 30.
    CHECK(o.targets[3].value_at_deadline == 30);
    CHECK(o.targets[3].met);
    CHECK(o.targets[3].first_reached == parse_iso_date("2021-03-03"));

    // A one-dose series completes with the first dose.
    CHECK(o.targets[4].value_at_deadline == 50);
    CHECK(o.targets[4].met);
}

TEST_CASE("a target over nobody, or naming a tier twice, is an input error", "[targets]") {
    const auto scenario = [](const std::string& population) {
        return "name: t\nstart: 2021-03-01\nend: 2021-03-05\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 90}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 30}]}
groups:
  - {id: g1, tier: A, band: old, size: 1000, opens: 2021-03-01, priority: 1}
  - {id: rest, tier: A, band: old, rest_of_band: true, opens: 2021-03-01, priority: 2}
targets:
  - {id: t, measure: first_dose, population: )" +
               population + R"(, share: 0.5, deadline: 2021-03-05}
)";
    };
    // 'rest' takes what g1 leaves of band old: nobody. A share of nobody is 0, met at once.
    try {
        load_tiny(scenario("{groups: [rest]}"));
        FAIL("no error");
    } catch (const InputFileError& e) {
        CHECK(e.line() == 17);
        CHECK(e.column() == 46);
        CHECK(e.message() == "targets.t.population: the target's population (1 group) has no "
                             "people, so the target would be met without a dose given; name "
                             "bands, groups or tiers that have people");
    }
    // Tier A twice would count its groups twice.
    CHECK_THROWS_WITH(load_tiny(scenario("{tiers: [A, A]}")),
                      Catch::Contains("17:58: error: targets.t.population.tiers.1: tier listed twice"));
    CHECK_NOTHROW(load_tiny(scenario("{tiers: [A]}")));
}

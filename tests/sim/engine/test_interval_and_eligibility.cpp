// Rules that change on a date: the dose interval and the age a product may serve.
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

Scenario interval_scenario(int days_before, int days_after) {
    return load_tiny("name: interval\nstart: 2021-03-01\nend: 2021-03-08\n" + tiny_population() +
                     R"(
policy: {second_dose_reserve: none}
products:
  - id: vax
    doses: 2
    interval_days: )" +
                     std::to_string(days_before) + R"(
    interval_changes: [{from: 2021-03-02, days: )" +
                     std::to_string(days_after) + R"(}]
    supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: young, size: 20, opens: 2021-03-01, priority: 1}
)");
}

} // namespace

TEST_CASE("a stretched interval applies to first doses given from its date", "[engine][interval]") {
    // Day 1's first doses keep 3 days (due day 4); day 2's get 5 (due day 7).
    const Ledger run = run_checked(interval_scenario(3, 5));
    CHECK(daily_doses(run, 0, 0) == Counts{10, 10, 0, 0, 0, 0, 0, 0});
    CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 0, 10, 0, 0, 10, 0});
}

TEST_CASE("a shortened interval can make later first doses due earlier", "[engine][interval]") {
    // Day 1's are due day 6; day 2's (2-day interval) are due day 4 and are served then.
    const Ledger run = run_checked(interval_scenario(5, 2));
    CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 0, 10, 0, 10, 0, 0});
}

TEST_CASE("an age rule that changes on a date opens the product to older bands",
          "[engine][eligibility]") {
    const Scenario sc =
        load_tiny("name: ages\nstart: 2021-03-01\nend: 2021-03-04\n" + tiny_population() + R"(
products:
  - id: vax
    doses: 1
    eligibility:
      - {from: 2021-03-01, min_age: 18, max_age: 64}
      - {from: 2021-03-03, min_age: 18}
    supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: old, tier: A, band: old, size: 20, opens: 2021-03-01, priority: 1}
  - {id: young, tier: A, band: young, size: 20, opens: 2021-03-01, priority: 2}
)");
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{0, 0, 10, 10});
    CHECK(daily_doses(run, 1, 0) == Counts{10, 10, 0, 0});
}

TEST_CASE("a group split across bands gets each product only in the bands it may serve",
          "[engine][eligibility]") {
    // The group prefers az (under-65s only), then pf. Its 65+ members get pf.
    const Scenario sc =
        load_tiny("name: split\nstart: 2021-03-01\nend: 2021-03-02\n" + tiny_population() + R"(
products:
  - {id: az, doses: 1, eligibility: [{max_age: 64}], supply: {deliveries: [{date: 2021-03-01, doses: 100}]}}
  - {id: pf, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 100}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: ltc, tier: A, bands: {young: 30, old: 12}, opens: 2021-03-01, priority: 1, products: [az, pf]}
)");
    const Ledger run = run_checked(sc);
    CHECK(run.dose(0, 0, 0, 0) == 30);
    CHECK(run.dose(0, 0, 1, 0) == 12);
    CHECK(sc.population.groups()[0].size == 42);
}

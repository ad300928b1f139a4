// The second-dose reserve: hold_second_doses, none, or a share, on the same supply.
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

// Two-dose product, 3-day interval, 40 doses on days 1 and 5, ample capacity, 100 willing.
Scenario reserve_scenario(const std::string& reserve) {
    return load_tiny("name: reserve\nstart: 2021-03-01\nend: 2021-03-08\n" + tiny_population() +
                     "policy: {second_dose_reserve: " + reserve + "}\n" + R"(
products:
  - id: vax
    doses: 2
    interval_days: 3
    supply: {deliveries: [{date: 2021-03-01, doses: 40}, {date: 2021-03-05, doses: 40}]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: g, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 1}
)");
}

} // namespace

TEST_CASE("none: first doses use all stock and second doses wait for deliveries",
          "[engine][reserve]") {
    const Ledger run = run_checked(reserve_scenario("none"));
    CHECK(daily_doses(run, 0, 0) == Counts{40, 0, 0, 0, 0, 0, 0, 0});
    CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 0, 0, 40, 0, 0, 0});
    // Due on day 4 with no stock: overdue until day 5's delivery.
    CHECK(column(run.later_doses_due, 0) == Counts{0, 0, 0, 40, 0, 0, 0, 0});
    CHECK(run.binding_constraint[3] == static_cast<std::int8_t>(Constraint::supply));
}

TEST_CASE("hold_second_doses: every outstanding second dose is held back", "[engine][reserve]") {
    const Ledger run = run_checked(reserve_scenario("hold_second_doses"));
    CHECK(daily_doses(run, 0, 0) == Counts{20, 0, 0, 0, 20, 0, 0, 0});
    CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 0, 20, 0, 0, 0, 20});
    CHECK(column(run.later_doses_due, 0) == Counts{0, 0, 0, 0, 0, 0, 0, 0});
    CHECK(column(run.stock, 0) == Counts{20, 20, 20, 0, 20, 20, 20, 0});
    // Stock sat on the shelf for the booked second doses while people waited.
    CHECK(run.binding_constraint[1] == static_cast<std::int8_t>(Constraint::second_dose_reserve));
    CHECK(run.binding_constraint[3] == static_cast<std::int8_t>(Constraint::supply));
}

TEST_CASE("a reserve share holds back that share, rounded up", "[engine][reserve]") {
    // Day 1: n + ceil(n/2) <= 40 -> n = 26 (26 + 13 = 39). Day 4: 26 due, 14 in stock.
    // Day 5: 40 arrive; the 12 overdue first, then n + ceil(n/2) <= 28 -> 18.
    const Ledger run = run_checked(reserve_scenario("0.5"));
    CHECK(daily_doses(run, 0, 0) == Counts{26, 0, 0, 0, 18, 0, 0, 0});
    // Day 8: 18 due, 10 left in stock (the share held back only half of them).
    CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 0, 14, 12, 0, 0, 10});
    CHECK(column(run.later_doses_due, 0) == Counts{0, 0, 0, 12, 0, 0, 0, 8});
}

TEST_CASE("second-dose completion books only the returning share, cumulatively rounded",
          "[engine][reserve]") {
    // 10 first doses a day, 85% return: cumulative 8.5 -> 9, 17, 25.5 -> 26.
    const Scenario sc =
        load_tiny("name: completion\nstart: 2021-03-01\nend: 2021-03-06\n" + tiny_population() + R"(
policy: {second_dose_reserve: none}
products:
  - id: vax
    doses: 2
    interval_days: 3
    second_dose_completion: 0.85
    supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g1, tier: A, band: young, size: 30, opens: 2021-03-01, priority: 1}
)");
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{10, 10, 10, 0, 0, 0});
    CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 0, 9, 8, 9});
    CHECK(column(run.fully_vaccinated_people, 0) == Counts{0, 0, 0, 9, 17, 26});
}

TEST_CASE("second-dose completion is rounded per group, so each group's returns are exact",
          "[engine][reserve]") {
    // 3 first doses to each group on day 1, 50% return: each group round(1.5) = 2 comes
    // back. Rounded over the product instead, g1 got 2 and g2 round(3.0) - 2 = 1.
    const Scenario sc =
        load_tiny("name: completion-per-group\nstart: 2021-03-01\nend: 2021-03-03\n" +
                  tiny_population() + R"(
policy: {second_dose_reserve: none}
products:
  - id: vax
    doses: 2
    interval_days: 2
    second_dose_completion: 0.5
    supply: {deliveries: [{date: 2021-03-01, doses: 100}]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g1, tier: A, band: young, size: 3, opens: 2021-03-01, priority: 1}
  - {id: g2, tier: A, band: old, size: 3, opens: 2021-03-01, priority: 2}
)");
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{3, 0, 0});
    CHECK(daily_doses(run, 1, 0) == Counts{3, 0, 0});
    CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 2});
    CHECK(daily_doses(run, 1, 1) == Counts{0, 0, 2});
}

TEST_CASE("second-dose completion is rounded per band of a group split over bands",
          "[engine][reserve]") {
    // One group of 6 split 3 young + 3 old; 50% return: each band round(1.5) = 2.
    const Scenario sc =
        load_tiny("name: completion-per-band\nstart: 2021-03-01\nend: 2021-03-03\n" +
                  tiny_population() + R"(
policy: {second_dose_reserve: none}
products:
  - id: vax
    doses: 2
    interval_days: 2
    second_dose_completion: 0.5
    supply: {deliveries: [{date: 2021-03-01, doses: 100}]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g1, tier: A, bands: {young: 3, old: 3}, opens: 2021-03-01, priority: 1}
)");
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 4});
    CHECK(column(run.fully_vaccinated_people, 0) == Counts{0, 0, 2});
    CHECK(column(run.fully_vaccinated_people, 1) == Counts{0, 0, 2});
}

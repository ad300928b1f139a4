// Dated and per-product policies: a second-dose reserve per product, and the reserve and
// the allocation changing on a date.
#include "sim/engine/simulation.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

// Two-dose product, 3-day interval, 40 doses on days 1 and 5, ample capacity, 100 willing.
std::string one_product(const std::string& policy, const std::string& end) {
    return "name: dated\nstart: 2021-03-01\nend: " + end + "\n" + tiny_population() +
           "policy: " + policy + "\n" + R"(
products:
  - id: vax
    doses: 2
    interval_days: 3
    supply: {deliveries: [{date: 2021-03-01, doses: 40}, {date: 2021-03-05, doses: 40}]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: g, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 1}
)";
}

} // namespace

TEST_CASE("a reserve per product: each product holds back its own share",
          "[engine][policy][reserve]") {
    // Day 1: a holds all (n + n <= 40 -> 20), b holds none (40). Day 2: a's 20 are held for
    // its 20 booked doses, b has nothing: the reserve of a stops the day.
    const Scenario sc = load_tiny("name: per-product\nstart: 2021-03-01\nend: 2021-03-03\n" +
                                  tiny_population() + R"(
policy: {second_dose_reserve: {a: hold_second_doses, b: none}}
products:
  - {id: a, doses: 2, interval_days: 3, supply: {deliveries: [{date: 2021-03-01, doses: 40}]}}
  - {id: b, doses: 2, interval_days: 3, supply: {deliveries: [{date: 2021-03-01, doses: 40}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 1000}]}
groups:
  - {id: g, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 1}
)");
    CHECK(sc.policy.steps.at(0).reserve == std::vector<double>{1.0, 0.0});
    CHECK(sc.policy.reserve_label == "a: hold_second_doses, b: none");
    const Ledger run = run_checked(sc);
    CHECK(column(run.administered, 0) == Counts{20, 0, 0});
    CHECK(column(run.administered, 1) == Counts{40, 0, 0});
    CHECK(column(run.stock, 0) == Counts{20, 20, 20});
    CHECK(run.binding_constraint[1] == static_cast<std::int8_t>(Constraint::second_dose_reserve));
    CHECK(run.binding_product[1] == 0);
}

TEST_CASE("a per-product map leaves unlisted products at hold_second_doses",
          "[engine][policy][reserve]") {
    const Scenario sc = load_tiny("name: per-product\nstart: 2021-03-01\nend: 2021-03-01\n" +
                                  tiny_population() + R"(
policy: {second_dose_reserve: {b: 0.5}}
products:
  - {id: a, doses: 2, interval_days: 3, supply: {deliveries: [{date: 2021-03-01, doses: 40}]}}
  - {id: b, doses: 2, interval_days: 3, supply: {deliveries: [{date: 2021-03-01, doses: 40}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 1000}]}
groups:
  - {id: g, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 1}
)");
    CHECK(sc.policy.steps.at(0).reserve == std::vector<double>{1.0, 0.5});
    // a: n + n <= 40 -> 20; b: n + ceil(n / 2) <= 40 -> 26.
    const Ledger run = run_checked(sc);
    CHECK(column(run.administered, 0) == Counts{20});
    CHECK(column(run.administered, 1) == Counts{26});
}

TEST_CASE("the reserve changes on a date: from then on the new share is held",
          "[engine][policy][reserve]") {
    // Held until day 3, then none: day 3 gives the 20 held doses as first doses, so day 4's
    // 20 second doses are overdue until day 5's delivery.
    const Ledger held = run_checked(load_tiny(one_product("{}", "2021-03-06")));
    CHECK(daily_doses(held, 0, 0) == Counts{20, 0, 0, 0, 20, 0});
    const Ledger run = run_checked(load_tiny(one_product(
        "{second_dose_reserve: hold_second_doses, "
        "changes: [{from: 2021-03-03, second_dose_reserve: none}]}",
        "2021-03-06")));
    CHECK(daily_doses(run, 0, 0) == Counts{20, 0, 20, 0, 20, 0});
    CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 0, 0, 20, 0});
    CHECK(column(run.later_doses_due, 0) == Counts{0, 0, 0, 20, 0, 20});
    CHECK(run.binding_constraint[1] == static_cast<std::int8_t>(Constraint::second_dose_reserve));
    CHECK(run.binding_constraint[3] == static_cast<std::int8_t>(Constraint::supply));
}

TEST_CASE("a per-product change leaves the other products' reserves as they were",
          "[engine][policy][reserve]") {
    const Scenario sc = load_tiny("name: per-product\nstart: 2021-03-01\nend: 2021-03-03\n" +
                                  tiny_population() + R"(
policy:
  second_dose_reserve: none
  changes: [{from: 2021-03-02, second_dose_reserve: {a: hold_second_doses}}]
products:
  - {id: a, doses: 2, interval_days: 3, supply: {deliveries: [{date: 2021-03-01, doses: 40}]}}
  - {id: b, doses: 2, interval_days: 3, supply: {deliveries: [{date: 2021-03-01, doses: 40}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 1000}]}
groups:
  - {id: g, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 1}
)");
    REQUIRE(sc.policy.steps.size() == 2);
    CHECK(sc.policy.steps[1].reserve == std::vector<double>{1.0, 0.0});
    CHECK(sc.policy.steps[1].allocation == "strict_priority");
}

TEST_CASE("the allocation changes on a date: strict priority, then proportional",
          "[engine][policy][allocation]") {
    // Day 1 strict: g1 25. Day 2 proportional on waiting 35 and 30: 13.46, 11.54 -> 13, 12.
    // Day 3 on 22 and 18: 13.75, 11.25 -> 14, 11.
    const Scenario sc =
        load_tiny("name: switch\nstart: 2021-03-01\nend: 2021-03-03\n" + tiny_population() + R"(
policy:
  first_dose_allocation: strict_priority
  changes: [{from: 2021-03-02, first_dose_allocation: proportional}]
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 25}]}
groups:
  - {id: g1, tier: A, band: old, size: 60, opens: 2021-03-01, priority: 1}
  - {id: g2, tier: A, band: young, size: 30, opens: 2021-03-01, priority: 2}
)");
    CHECK(sc.policy.allocations() == std::vector<std::string>{"strict_priority", "proportional"});
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{25, 13, 14});
    CHECK(daily_doses(run, 1, 0) == Counts{0, 12, 11});
    // The engine keeps its policies from run to run: the same scenario runs the same.
    Engine engine;
    engine.run(sc);
    const Ledger& again = engine.run(sc);
    CHECK(daily_doses(again, 1, 0) == Counts{0, 12, 11});
}

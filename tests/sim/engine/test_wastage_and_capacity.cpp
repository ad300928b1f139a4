// Wastage rounding and daily capacity (weekday profile, capacity vs supply binding).
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

TEST_CASE("wastage is rounded on the cumulative count so the total is exact", "[engine][wastage]") {
    // 10% of opened doses lost: 1/9 wasted per dose given. After 10, 20, ... 100 doses the
    // cumulative waste is round(A/9) = 1, 2, 3, 4, 6, 7, 8, 9, 10, 11.
    const Scenario sc =
        load_tiny("name: waste\nstart: 2021-03-01\nend: 2021-03-10\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, wastage: 0.1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 1}
)");
    const Ledger run = run_checked(sc);
    CHECK(column(run.wasted, 0) == Counts{1, 1, 1, 1, 2, 1, 1, 1, 1, 1});
    CHECK(run.stock(9, 0) == 1000 - 100 - 11);
}

TEST_CASE("when stock is short, doses given leave room for their waste", "[engine][wastage]") {
    // 21 doses: 19 given + round(19/9) = 2 wasted uses all 21; 20 would need 22.
    const Scenario sc =
        load_tiny("name: waste2\nstart: 2021-03-01\nend: 2021-03-01\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, wastage: 0.1, supply: {deliveries: [{date: 2021-03-01, doses: 21}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: g, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 1}
)");
    const Ledger run = run_checked(sc);
    CHECK(run.administered(0, 0) == 19);
    CHECK(run.wasted(0, 0) == 2);
    CHECK(run.stock(0, 0) == 0);
    CHECK(run.binding_constraint[0] == static_cast<std::int8_t>(Constraint::supply));
}

TEST_CASE("capacity is piecewise constant and shaped by the weekday profile",
          "[engine][capacity]") {
    // 2021-03-05 is a Friday. Saturday runs at half, Sunday closed; 50/day from Monday 03-08.
    const Scenario sc =
        load_tiny("name: cap\nstart: 2021-03-05\nend: 2021-03-08\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity:
  periods: [{from: 2021-03-01, doses_per_day: 30}, {from: 2021-03-08, doses_per_day: 50}]
  weekday_factors: [1, 1, 1, 1, 1, 0.5, 0]
groups:
  - {id: g, tier: A, band: young, size: 1000, opens: 2021-03-01, priority: 1}
)");
    const Ledger run = run_checked(sc);
    CHECK(std::vector<std::int64_t>(run.capacity.data(), run.capacity.data() + 4) ==
          Counts{30, 15, 0, 50});
    CHECK(daily_doses(run, 0, 0) == Counts{30, 15, 0, 50});
    CHECK(constraints(run) == std::vector<Constraint>(4, Constraint::capacity));
}

TEST_CASE("supply modifiers: scale, shortfall and delay", "[engine][supply]") {
    // 3 deliveries of 10, x1.5 and 20% short: 12 each (cumulative 12, 24, 36), 2 days late.
    const Scenario sc =
        load_tiny("name: supply\nstart: 2021-03-01\nend: 2021-03-06\n" + tiny_population() + R"(
products:
  - id: vax
    doses: 1
    supply:
      recurring: [{from: 2021-03-01, to: 2021-03-03, every_days: 1, doses: 10}]
      scale: 1.5
      shortfall: 0.2
      delay_days: 2
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: g, tier: A, band: young, size: 1000, opens: 2021-03-01, priority: 1}
)");
    const Ledger run = run_checked(sc);
    CHECK(column(run.deliveries, 0) == Counts{0, 0, 12, 12, 12, 0});
}

TEST_CASE("binding: capacity fully used outranks no one waiting", "[engine][binding]") {
    // 10 willing, capacity 10: day 1 serves everyone with every dose of capacity, so
    // capacity bound it; day 2 has spare capacity and no one waiting.
    const Scenario sc =
        load_tiny("name: bind-cap\nstart: 2021-03-01\nend: 2021-03-02\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 100}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g1, tier: A, band: young, size: 10, opens: 2021-03-01, priority: 1}
)");
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{10, 0});
    CHECK(constraints(run) == std::vector<Constraint>{Constraint::capacity, Constraint::none});
}

TEST_CASE("binding: days before any group opens say so", "[engine][binding]") {
    const Scenario sc =
        load_tiny("name: bind-open\nstart: 2021-03-01\nend: 2021-03-03\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 100}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g1, tier: A, band: young, size: 50, opens: 2021-03-03, priority: 1}
)");
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{0, 0, 10});
    CHECK(constraints(run) == std::vector<Constraint>{Constraint::no_group_open,
                                                      Constraint::no_group_open,
                                                      Constraint::capacity});
    CHECK(constraint_info(Constraint::no_group_open).label == "no_group_open");
}

TEST_CASE("binding names the product held back, not the group's empty first choice",
          "[engine][binding]") {
    // g1 prefers az (none in stock), then pfizer (20 doses, all second doses held back):
    // n + n <= 20 -> 10 first doses of pfizer, and the 10 left are held. What stopped the
    // day is pfizer's reserve, not az.
    const Scenario sc =
        load_tiny("name: bind-held\nstart: 2021-03-01\nend: 2021-03-01\n" + tiny_population() + R"(
policy: {second_dose_reserve: hold_second_doses}
products:
  - {id: az, doses: 1, supply: {deliveries: [{date: 2021-04-01, doses: 10}]}}
  - id: pfizer
    doses: 2
    interval_days: 21
    supply: {deliveries: [{date: 2021-03-01, doses: 20}]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 1000}]}
groups:
  - {id: g1, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 1, products: [az, pfizer]}
)");
    const Ledger run = run_checked(sc);
    CHECK(run.dose(0, 0, 1, 0) == 10);
    CHECK(run.binding_constraint[0] == static_cast<std::int8_t>(Constraint::second_dose_reserve));
    CHECK(run.binding_product[0] == 1);
}

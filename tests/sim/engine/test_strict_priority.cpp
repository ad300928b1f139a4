// Strict priority: a higher-priority open group is served fully before the next.
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

TEST_CASE("strict priority serves the first group fully, then the next", "[engine][priority]") {
    // 1-dose product, 90 doses on day 1, 30 doses/day capacity, two groups of 50.
    const Scenario sc =
        load_tiny("name: strict\nstart: 2021-03-01\nend: 2021-03-05\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 90}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 30}]}
groups:
  - {id: g1, tier: A, band: old, size: 50, opens: 2021-03-01, priority: 1}
  - {id: g2, tier: A, band: young, size: 50, opens: 2021-03-01, priority: 2}
)");
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{30, 20, 0, 0, 0});
    CHECK(daily_doses(run, 1, 0) == Counts{0, 10, 30, 0, 0});
    CHECK(column(run.stock, 0) == Counts{60, 30, 0, 0, 0});
    // Days 1-3 used all capacity; then g2's last 10 wait for supply that never comes.
    CHECK(constraints(run) == std::vector<Constraint>{Constraint::capacity, Constraint::capacity,
                                                      Constraint::capacity, Constraint::supply,
                                                      Constraint::supply});
    CHECK(run.binding_product[3] == 0);
    CHECK(run.binding_product[0] == -1);
}

TEST_CASE("a group is not served before it opens, and rank beats file order",
          "[engine][priority]") {
    const Scenario sc =
        load_tiny("name: opens\nstart: 2021-03-01\nend: 2021-03-04\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: late, tier: A, band: old, size: 20, opens: 2021-03-03, priority: 1}
  - {id: early, tier: A, band: young, size: 40, opens: 2021-03-01, priority: 5}
)");
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{0, 0, 10, 10});
    CHECK(daily_doses(run, 1, 0) == Counts{10, 10, 0, 0});
}

TEST_CASE("uptake limits first doses to the willing, rounded half up", "[engine][priority]") {
    const Scenario sc =
        load_tiny("name: uptake\nstart: 2021-03-01\nend: 2021-03-03\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: g, tier: A, band: young, size: 45, uptake: 0.7, opens: 2021-03-01, priority: 1}
)");
    CHECK(sc.population.groups()[0].willing == 32); // 31.5 rounds up
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{32, 0, 0});
    CHECK(run.binding_constraint[0] == static_cast<std::int8_t>(Constraint::none));
}

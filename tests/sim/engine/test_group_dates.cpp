// Groups that close on a date, and a group's preferred products changing on dates.
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

TEST_CASE("a closed group gets no more first doses; its booked doses are still given",
          "[engine][groups][closes]") {
    // Capacity 30, ample stock, two-dose (2 days), no reserve. g1 closes on day 3 with 40
    // waiting: days 3 and 4 give g1's booked second doses, g2 starts on day 5.
    const Scenario sc =
        load_tiny("name: closes\nstart: 2021-03-01\nend: 2021-03-05\n" + tiny_population() + R"(
policy: {second_dose_reserve: none}
products:
  - {id: vax, doses: 2, interval_days: 2, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 30}]}
groups:
  - {id: g1, tier: A, band: old, size: 100, opens: 2021-03-01, closes: 2021-03-03, priority: 1}
  - {id: g2, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 2}
)");
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{30, 30, 0, 0, 0});
    CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 30, 30, 0});
    CHECK(daily_doses(run, 1, 0) == Counts{0, 0, 0, 0, 30});
    CHECK(run.binding_constraint[2] == static_cast<std::int8_t>(Constraint::capacity));
}

TEST_CASE("a group closing with nobody else open: no one waiting", "[engine][groups][closes]") {
    const Scenario sc =
        load_tiny("name: closes\nstart: 2021-03-01\nend: 2021-03-03\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 30}]}
groups:
  - {id: g1, tier: A, band: old, size: 100, opens: 2021-03-01, closes: 2021-03-02, priority: 1}
)");
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{30, 0, 0});
    CHECK(constraints(run) ==
          std::vector<Constraint>{Constraint::capacity, Constraint::none, Constraint::none});
}

TEST_CASE("a group's preferred products change on a date", "[engine][groups][products]") {
    // a, then b from day 3 (a still in stock), then a again from day 4.
    const Scenario sc =
        load_tiny("name: prefs\nstart: 2021-03-01\nend: 2021-03-05\n" + tiny_population() + R"(
products:
  - {id: a, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
  - {id: b, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - id: g
    tier: A
    band: young
    size: 100
    opens: 2021-03-01
    priority: 1
    products: [a, b]
    product_changes:
      - {from: 2021-03-03, products: [b]}
      - {from: 2021-03-04, products: [a]}
)");
    const PriorityGroup& g = sc.population.groups()[0];
    CHECK(g.products_on(sc.start) == std::vector<int>{0, 1});
    CHECK(g.products_on(sc.start + 2) == std::vector<int>{1});
    const Ledger run = run_checked(sc);
    CHECK(column(run.administered, 0) == Counts{10, 10, 0, 10, 10});
    CHECK(column(run.administered, 1) == Counts{0, 0, 10, 0, 0});
}

TEST_CASE("a changed preference names its own product when it runs out",
          "[engine][groups][products]") {
    // From day 2 only b, which has no stock: the day is bound by b's supply, not a's.
    const Scenario sc =
        load_tiny("name: prefs\nstart: 2021-03-01\nend: 2021-03-02\n" + tiny_population() + R"(
products:
  - {id: a, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
  - {id: b, doses: 1, supply: {deliveries: [{date: 2021-03-10, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 1,
     product_changes: [{from: 2021-03-02, products: [b]}]}
)");
    const Ledger run = run_checked(sc);
    CHECK(column(run.administered, 0) == Counts{10, 0});
    CHECK(run.binding_constraint[1] == static_cast<std::int8_t>(Constraint::supply));
    CHECK(run.binding_product[1] == 1);
}

TEST_CASE("product shares split a group's first doses exactly, cumulatively",
          "[engine][groups][shares]") {
    // Capacity 7, 60:40. Cumulative 7 -> 4.2, 2.8 -> 4, 3; 14 -> 8.4, 5.6 -> 8, 6;
    // 21 -> 12.6, 8.4 -> 13, 8. So a 4, 4, 5 and b 3, 3, 2.
    const Scenario sc =
        load_tiny("name: shares\nstart: 2021-03-01\nend: 2021-03-03\n" + tiny_population() + R"(
products:
  - {id: a, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
  - {id: b, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 7}]}
groups:
  - {id: g, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 1,
     product_shares: {a: 0.6, b: 0.4}}
)");
    const Ledger run = run_checked(sc);
    CHECK(column(run.administered, 0) == Counts{4, 4, 5});
    CHECK(column(run.administered, 1) == Counts{3, 3, 2});
}

TEST_CASE("a product short of its share leaves its part to the others",
          "[engine][groups][shares]") {
    // b has 5 doses: day 1 a 4, b 3; day 2 b's part is 3 but 2 are left, a takes the 3rd;
    // day 3 a's part 4 (13 - 9) and b's 3 (8 - 5), which a takes too.
    const Scenario sc =
        load_tiny("name: shares\nstart: 2021-03-01\nend: 2021-03-03\n" + tiny_population() + R"(
products:
  - {id: a, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
  - {id: b, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 5}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 7}]}
groups:
  - {id: g, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 1,
     product_shares: {a: 0.6, b: 0.4}}
)");
    const Ledger run = run_checked(sc);
    CHECK(column(run.administered, 0) == Counts{4, 5, 7});
    CHECK(column(run.administered, 1) == Counts{3, 2, 0});
}

TEST_CASE("uptake rising on a date: the newly willing arrive that day",
          "[engine][groups][uptake]") {
    // 100 people at 50%, 70% from day 3: 50 on day 1, 20 more on day 3. Day 2 waits for
    // the later arrivals.
    const Scenario sc =
        load_tiny("name: uptake\nstart: 2021-03-01\nend: 2021-03-04\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 1000}]}
groups:
  - {id: g, tier: A, band: young, size: 100, uptake: 0.5, opens: 2021-03-01, priority: 1,
     uptake_changes: [{from: 2021-03-03, uptake: 0.7}]}
)");
    const PriorityGroup& g = sc.population.groups()[0];
    CHECK(g.willing == 70);
    CHECK(sc.population.willing_on(0, sc.start) == 50);
    CHECK(sc.population.willing_on(0, sc.start + 2) == 70);
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{50, 0, 20, 0});
    CHECK(constraints(run)[1] == Constraint::awaiting_arrivals);
    CHECK(constraints(run)[3] == Constraint::none);
}

TEST_CASE("an uptake rise over several bands adds people by those not yet willing",
          "[engine][groups][uptake]") {
    // 10 young + 30 old at 50%: 20 willing, split 5 + 15. At 75%: 30, the 10 added split by
    // the unwilling 5 and 15 -> 2.5, 7.5 -> 2 + 7, the spare one to the first of the tied
    // remainders -> 3 + 7.
    const Scenario sc =
        load_tiny("name: uptake\nstart: 2021-03-01\nend: 2021-03-02\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 1000}]}
groups:
  - {id: g, tier: A, bands: {young: 10, old: 30}, uptake: 0.5, opens: 2021-03-01, priority: 1,
     uptake_changes: [{from: 2021-03-02, uptake: 0.75}]}
)");
    CHECK(sc.population.cohorts()[0].willing_steps == std::vector<std::int64_t>{5, 8});
    CHECK(sc.population.cohorts()[1].willing_steps == std::vector<std::int64_t>{15, 22});
    const Ledger run = run_checked(sc);
    CHECK(column(run.first_dose_people, 0) == Counts{5, 8});
    CHECK(column(run.first_dose_people, 1) == Counts{15, 22});
}

// Proportional mode: the day's capacity split between open groups by people waiting.
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

TEST_CASE("proportional split by people still waiting, largest remainder",
          "[engine][proportional]") {
    // Capacity 25; waiting 60 and 30. Day 1: 25*60/90 = 16.67, 25*30/90 = 8.33 -> 16 + 8,
    // the spare dose to the larger remainder -> 17, 8. Day 2: 43, 22 waiting -> 17, 8.
    // Day 3: 26, 14 -> 16.25, 8.75 -> 16, 9. Day 4: 10 and 5 waiting, both served.
    const Scenario sc =
        load_tiny("name: prop\nstart: 2021-03-01\nend: 2021-03-05\n" + tiny_population() + R"(
policy: {first_dose_allocation: proportional}
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 25}]}
groups:
  - {id: g1, tier: A, band: old, size: 60, opens: 2021-03-01, priority: 1}
  - {id: g2, tier: A, band: young, size: 30, opens: 2021-03-01, priority: 2}
)");
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{17, 17, 16, 10, 0});
    CHECK(daily_doses(run, 1, 0) == Counts{8, 8, 9, 5, 0});
    CHECK(run.binding_constraint[3] == static_cast<std::int8_t>(Constraint::none));
}

TEST_CASE("a share a group cannot use goes to the others", "[engine][proportional]") {
    // The product is for under-65s only, so g1 (old) takes nothing; its share goes to g2.
    const Scenario sc =
        load_tiny("name: prop2\nstart: 2021-03-01\nend: 2021-03-02\n" + tiny_population() + R"(
policy: {first_dose_allocation: proportional}
products:
  - id: vax
    doses: 1
    eligibility: [{max_age: 64}]
    supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 25}]}
groups:
  - {id: g1, tier: A, band: old, size: 60, opens: 2021-03-01, priority: 1}
  - {id: g2, tier: A, band: young, size: 30, opens: 2021-03-01, priority: 2}
)");
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{0, 0});
    CHECK(daily_doses(run, 1, 0) == Counts{25, 5});
    CHECK(run.binding_constraint[0] == static_cast<std::int8_t>(Constraint::capacity));
    CHECK(run.binding_constraint[1] == static_cast<std::int8_t>(Constraint::eligibility));
}

TEST_CASE("proportional splits the supply, not only the capacity, by people waiting",
          "[engine][proportional]") {
    // Capacity 1000 but only 50 doses: what can be given is 50, split 60:40 -> 30, 20.
    // (Splitting the capacity instead gave g1 its share of 600, so all 50, and g2 none.)
    const Scenario sc =
        load_tiny("name: prop-supply\nstart: 2021-03-01\nend: 2021-03-02\n" + tiny_population() + R"(
policy: {first_dose_allocation: proportional}
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 50}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 1000}]}
groups:
  - {id: g1, tier: A, band: old, size: 60, opens: 2021-03-01, priority: 1}
  - {id: g2, tier: A, band: young, size: 40, opens: 2021-03-01, priority: 2}
)");
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{30, 0});
    CHECK(daily_doses(run, 1, 0) == Counts{20, 0});
    CHECK(constraints(run) == std::vector<Constraint>{Constraint::supply, Constraint::supply});
}

TEST_CASE("proportional: groups sharing a scarce product share it; the others take the rest",
          "[engine][proportional]") {
    // a and b may take only pfizer (50 doses), c only az (plenty); 100 wait in each,
    // capacity 120. Round 1: W = 300, pfizer bounds the round at 50 x 300 / 200 = 75 ->
    // 25 each. Round 2: pfizer is gone, c alone takes the 45 left: a 25, b 25, c 70.
    // (Splitting the capacity 40/40/40 gave a 40, b 10.)
    const Scenario sc =
        load_tiny("name: prop-mixed\nstart: 2021-03-01\nend: 2021-03-01\n" + tiny_population() + R"(
policy: {first_dose_allocation: proportional}
products:
  - {id: pfizer, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 50}]}}
  - {id: az, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 120}]}
groups:
  - {id: a, tier: A, band: old, size: 100, opens: 2021-03-01, priority: 1, products: [pfizer]}
  - {id: b, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 2, products: [pfizer]}
  - {id: c, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 3, products: [az]}
)");
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{25});
    CHECK(daily_doses(run, 1, 0) == Counts{25});
    CHECK(daily_doses(run, 2, 0) == Counts{70});
    CHECK(run.binding_constraint[0] == static_cast<std::int8_t>(Constraint::capacity));
}

TEST_CASE("a few doses of a product nobody takes do not hold the day to a few doses a round",
          "[engine][proportional]") {
    // Both groups list `big` first, so `small` (3 doses) is not drawn while `big` lasts: it
    // must not bound the rounds (it held each round to 3 doses: a day of capacity / 3
    // rounds). Days 1-3 as above, all from big (75 of its 77). Day 4, 10 and 5 waiting:
    // T = min(25, big 2 x 15/15, small 3 x 15/15) = 2 -> 1.33 / 0.67 -> 1 + 1 of big, which
    // runs out, so small bounds again: T = 3 by 9 : 4 -> 2.08 / 0.92 -> 2 + 1 of small.
    const Scenario sc =
        load_tiny("name: prop3\nstart: 2021-03-01\nend: 2021-03-05\n" + tiny_population() + R"(
policy: {first_dose_allocation: proportional}
products:
  - {id: big, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 77}]}}
  - {id: small, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 3}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 25}]}
groups:
  - {id: g1, tier: A, band: old, size: 60, products: [big, small], opens: 2021-03-01, priority: 1}
  - {id: g2, tier: A, band: young, size: 30, products: [big, small], opens: 2021-03-01, priority: 2}
)");
    const Ledger run = run_checked(sc);
    const auto of = [&](int group, int product) {
        Counts out;
        for (int t = 0; t < run.days(); ++t) out.push_back(run.dose(t, group, product, 0));
        return out;
    };
    CHECK(of(0, 0) == Counts{17, 17, 16, 1, 0});
    CHECK(of(1, 0) == Counts{8, 8, 9, 1, 0});
    CHECK(of(0, 1) == Counts{0, 0, 0, 2, 0});
    CHECK(of(1, 1) == Counts{0, 0, 0, 1, 0});
}

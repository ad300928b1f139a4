// Heterologous doses: a booked later dose given with another product, by age and date
// (`always`) or only when the booked product is out of stock (`short`).
#include "models/invariants.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

TEST_CASE("an 'always' rule gives the second dose with another product by age and date",
          "[engine][heterologous]") {
    // AZ first doses: young1 on 03-01, young2 and old on 03-02; second doses 3 days on.
    // From 03-05 the under-65s get PF: young1 (due 03-04) still gets AZ, young2 (due
    // 03-05) gets PF, old (65+) gets AZ.
    const Scenario sc =
        load_tiny("name: mix\nstart: 2021-03-01\nend: 2021-03-07\n" + tiny_population() + R"(
policy: {second_dose_reserve: none}
products:
  - {id: az, doses: 2, interval_days: 3, supply: {deliveries: [{date: 2021-03-01, doses: 100}]}}
  - {id: pf, doses: 2, interval_days: 3, supply: {deliveries: [{date: 2021-03-01, doses: 100}]}}
heterologous:
  - {dose: 2, after: [az], give: [pf], max_age: 64, from: 2021-03-05}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: young1, tier: A, band: young, size: 10, opens: 2021-03-01, priority: 1, products: [az]}
  - {id: young2, tier: A, band: young, size: 10, opens: 2021-03-02, priority: 2, products: [az]}
  - {id: old, tier: A, band: old, size: 10, opens: 2021-03-02, priority: 3, products: [az]}
)");
    const Ledger run = run_checked(sc);
    const int az = 0, pf = 1;
    CHECK(run.dose(3, 0, az, 1) == 10);
    CHECK(run.dose(4, 1, pf, 1) == 10);
    CHECK(run.dose(4, 1, az, 1) == 0);
    CHECK(run.dose(4, 2, az, 1) == 10);
    CHECK(column(run.administered, az) == Counts{10, 20, 0, 10, 10, 0, 0});
    CHECK(column(run.administered, pf) == Counts{0, 0, 0, 0, 10, 0, 0});
    CHECK(run.stock(6, az) == 50);
    CHECK(run.stock(6, pf) == 90);
    CHECK(column(run.later_doses_outstanding, az) == Counts{10, 30, 30, 20, 0, 0, 0});
    CHECK(column(run.later_doses_outstanding, pf) == Counts{0, 0, 0, 0, 0, 0, 0});
    CHECK(run.fully_vaccinated_people.row(6).sum() == 30);
    REQUIRE(run.switches.size() == 1);
    CHECK(run.switches[0].day == 4);
    CHECK(run.switches[0].from == az);
    CHECK(run.switches[0].to == pf);
    CHECK(run.switches[0].k == 1);
    CHECK(run.switches[0].n == 10);
}

TEST_CASE("a 'short' rule serves a booking with another product only when its own is out",
          "[engine][heterologous]") {
    // 20 Moderna first doses on 03-01 use all Moderna; 5 more arrive 03-04, when the
    // second doses fall due, and 15 on 03-06. With the rule, 03-04 gives 5 Moderna and
    // 15 Pfizer; without it, 5 on 03-04 and 15 on 03-06.
    const auto scenario = [](const std::string& rules) {
        return load_tiny("name: short\nstart: 2021-03-01\nend: 2021-03-07\n" + tiny_population() + R"(
policy: {second_dose_reserve: none}
products:
  - {id: pf, doses: 2, interval_days: 3, supply: {deliveries: [{date: 2021-03-01, doses: 100}]}}
  - id: md
    doses: 2
    interval_days: 3
    supply: {deliveries: [{date: 2021-03-01, doses: 20}, {date: 2021-03-04, doses: 5}, {date: 2021-03-06, doses: 15}]}
)" + rules + R"(
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: g, tier: A, band: young, size: 20, opens: 2021-03-01, priority: 1, products: [md]}
)");
    };
    const int pf = 0, md = 1;
    const Ledger mixed = run_checked(
        scenario("heterologous:\n  - {dose: 2, after: [pf, md], give: [pf, md], when: short}"));
    CHECK(column(mixed.administered, md) == Counts{20, 0, 0, 5, 0, 0, 0});
    CHECK(column(mixed.administered, pf) == Counts{0, 0, 0, 15, 0, 0, 0});
    CHECK(column(mixed.later_doses_due, md) == Counts{0, 0, 0, 0, 0, 0, 0});
    CHECK(mixed.stock(6, md) == 15);
    CHECK(mixed.fully_vaccinated_people(3, 0) == 20);

    const Ledger waited = run_checked(scenario(""));
    CHECK(column(waited.administered, md) == Counts{20, 0, 0, 5, 0, 15, 0});
    CHECK(column(waited.administered, pf) == Counts{0, 0, 0, 0, 0, 0, 0});
    CHECK(column(waited.later_doses_due, md) == Counts{0, 0, 0, 15, 15, 0, 0});
}

TEST_CASE("a heterologous dose obeys the minimum interval of the dose before it",
          "[invariants][heterologous]") {
    // PF second doses to AZ recipients: the invariant sums doses over products, so a
    // PF dose 2 a day after the AZ first doses is caught.
    const Scenario sc =
        load_tiny("name: mix\nstart: 2021-03-01\nend: 2021-03-07\n" + tiny_population() + R"(
policy: {second_dose_reserve: none}
products:
  - {id: az, doses: 2, interval_days: 3, supply: {deliveries: [{date: 2021-03-01, doses: 100}]}}
  - {id: pf, doses: 2, interval_days: 3, supply: {deliveries: [{date: 2021-03-01, doses: 100}]}}
heterologous:
  - {dose: 2, after: [az], give: [pf]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: g, tier: A, band: young, size: 10, opens: 2021-03-01, priority: 1, products: [az]}
)");
    Ledger run = run_checked(sc);
    CHECK(run.dose(3, 0, 1, 1) == 10);
    run.give(1, 0, 0, 0, 1, 1, 1);
    run.administered(1, 1) += 1;
    run.capacity_used(1) += 1;
    run.stock(1, 1) -= 1;
    const auto v = check_invariants(sc, run);
    const auto found = std::find_if(v.begin(), v.end(), [](const std::string& line) {
        return line.find("2021-03-02: dose 2 before its minimum interval: g: 1 given but only 0") !=
               std::string::npos;
    });
    CHECK(found != v.end());
}

TEST_CASE("the reserve for a booking an 'always' rule switches is held by the product that "
          "will give it",
          "[engine][heterologous][reserve]") {
    // Ten young people get AZ on 03-01; their second doses (03-04) will be PF, so PF's
    // stock of 20 holds 10 for them. The 65+ group may then start only 5 on PF (5 + 5
    // held for them + 10 held), and on 03-04 PF gives the 10 young and the 5 old their
    // second doses: nobody is overdue. (Were the 10 held by AZ, the old would start 10
    // and 10 would wait on 03-04.)
    const Scenario sc =
        load_tiny("name: reserve\nstart: 2021-03-01\nend: 2021-03-05\n" + tiny_population() + R"(
policy: {second_dose_reserve: hold_second_doses}
products:
  - {id: az, doses: 2, interval_days: 3, supply: {deliveries: [{date: 2021-03-01, doses: 20}]}}
  - {id: pf, doses: 2, interval_days: 3, supply: {deliveries: [{date: 2021-03-01, doses: 20}]}}
heterologous:
  - {dose: 2, after: [az], give: [pf], max_age: 64}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: young, tier: A, band: young, size: 10, opens: 2021-03-01, priority: 1, products: [az]}
  - {id: old, tier: A, band: old, size: 20, opens: 2021-03-01, priority: 2, products: [pf]}
)");
    const Ledger run = run_checked(sc);
    const int az = 0, pf = 1;
    CHECK(daily_doses(run, 1, 0) == Counts{5, 0, 0, 0, 0});
    CHECK(column(run.administered, az) == Counts{10, 0, 0, 0, 0});
    CHECK(column(run.administered, pf) == Counts{5, 0, 0, 15, 0});
    CHECK(column(run.later_doses_due, az) == Counts{0, 0, 0, 0, 0});
    CHECK(column(run.later_doses_due, pf) == Counts{0, 0, 0, 0, 0});
    CHECK(run.stock(4, pf) == 0);
    CHECK(run.stock(4, az) == 10);
}

// Starting mid-campaign (initial_state), on hand-computed tiny scenarios: who gets what
// on which day, stock on hand before deliveries, deliveries before the start not counted
// twice, boosters and protection by the last dose, the split over a group's bands.
#include <numeric>

#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

Counts stock_series(const Ledger& run, int p) { return column(run.stock, p); }

std::int64_t group_sum(const CountMatrix& m, int t) { return m.row(t).sum(); }

// A 2-dose product 21 days apart, no wastage; capacity 10 a day every day; one group of
// 100 in the old band, opening on the first day. The state at the end of 2021-02-28: 30
// of them had dose 1 on 2021-02-15 (so dose 2 is due 2021-03-08), 200 doses on hand. A
// delivery of 500 on 2021-02-20 is in that stock; 100 more come on 2021-03-20.
std::string thirty_of_hundred(const std::string& people = "", const std::string& end = "2021-03-31") {
    return "name: initial\nstart: 2021-03-01\nend: " + end + "\n" + tiny_population() + R"(
products:
  - id: vax
    doses: 2
    interval_days: 21
    supply:
      deliveries: [{date: 2021-02-20, doses: 500}, {date: 2021-03-20, doses: 100}]
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: old, size: 100, opens: 2021-03-01, priority: 1}
initial_state:
  as_of: 2021-02-28
  people:
)" + (people.empty() ? "    - {group: g, product: vax, doses: 1, count: 30, last_dose: 2021-02-15}\n"
                     : people) +
           "  stock: {vax: 200}\n";
}

} // namespace

TEST_CASE("a group of 100 with 30 already given dose 1: who gets what on which day",
          "[engine][initial_state]") {
    const Scenario sc = load_tiny(thirty_of_hundred());
    const Ledger run = run_checked(sc);
    REQUIRE(run.days() == 31);
    // The other 70 (the willing less the 30 counted) get first doses, 10 a day, 03-01..03-07:
    // the stock (200) less the reserve (30 booked + those booked today) allows far more.
    Counts first(31, 0);
    for (int t = 0; t < 7; ++t) first[t] = 10;
    CHECK(daily_doses(run, 0, 0) == first);
    // The 30 are due on 03-08 (02-15 + 21): 10 a day on 03-08, 03-09, 03-10; the 70 given
    // in the run are due 03-22..03-28, 10 a day.
    Counts second(31, 0);
    for (int t : {7, 8, 9, 21, 22, 23, 24, 25, 26, 27}) second[t] = 10;
    CHECK(daily_doses(run, 0, 1) == second);
    // Coverage counts the 30 from the first day.
    CHECK(column(run.first_dose_people, 0)[0] == 40);
    CHECK(column(run.first_dose_people, 0)[30] == 100);
    CHECK(column(run.fully_vaccinated_people, 0)[9] == 30);
    CHECK(column(run.fully_vaccinated_people, 0)[30] == 100);
    // Overdue: none (each is served on its due day or, capacity-bound, just after it).
    CHECK(run.later_doses_outstanding(0, 0) == 40); // the 30 + the 10 booked on 03-01
    // The opening balance in the ledger.
    REQUIRE(run.as_of);
    CHECK(format_iso_date(*run.as_of) == "2021-02-28");
    CHECK(run.initial_stock == Counts{200});
    CHECK(run.initial_doses == Counts{30, 0});
}

TEST_CASE("stock on hand is used before deliveries; a delivery before the start is not "
          "counted again",
          "[engine][initial_state]") {
    const Scenario sc = load_tiny(thirty_of_hundred());
    const Ledger run = run_checked(sc);
    // 200 on hand: 10 a day out for 10 days, nothing from the 500 of 02-20 (in that stock),
    // the 100 of 03-20 arrive that day.
    Counts stock;
    for (int t = 0; t < 10; ++t) stock.push_back(190 - 10 * t);
    for (int t = 10; t < 19; ++t) stock.push_back(100);
    stock.push_back(200); // 03-20
    stock.push_back(200);
    for (int t = 21; t < 28; ++t) stock.push_back(200 - 10 * (t - 20));
    for (int t = 28; t < 31; ++t) stock.push_back(130);
    CHECK(stock_series(run, 0) == stock);
    CHECK(column(run.deliveries, 0)[0] == 0);
    CHECK(run.deliveries.col(0).sum() == 100);
    CHECK(run.replaced_deliveries == Counts{500});

    SECTION("without an initial state the same delivery enters stock on the first day") {
        std::string yaml = thirty_of_hundred();
        yaml.erase(yaml.find("initial_state:"));
        const Ledger plain = run_checked(load_tiny(yaml));
        CHECK(column(plain.deliveries, 0)[0] == 500);
        CHECK(plain.replaced_deliveries == Counts{0});
        CHECK_FALSE(plain.as_of);
        CHECK(plain.initial_stock == Counts{0});
    }
}

TEST_CASE("the reserve holds stock on hand for the people booked in the initial state",
          "[engine][initial_state]") {
    // 30 booked, 40 on hand, hold_second_doses: n first doses need n + (30 + n) <= 40, so
    // 5 first doses on 03-01, and none after until the 500 of 03-20 arrive.
    std::string yaml = thirty_of_hundred();
    yaml.replace(yaml.find("stock: {vax: 200}"), 17, "stock: {vax: 40}");
    const Ledger run = run_checked(load_tiny(yaml));
    const Counts first = daily_doses(run, 0, 0);
    CHECK(first[0] == 5);
    CHECK(std::accumulate(first.begin() + 1, first.begin() + 19, std::int64_t{0}) == 0);
    CHECK(first[19] == 10);
    CHECK(daily_doses(run, 0, 1)[7] == 10); // the booked 30 are given from the held stock
}

TEST_CASE("next_due books the next dose on the day given", "[engine][initial_state]") {
    const Scenario sc = load_tiny(thirty_of_hundred(
        "    - {group: g, product: vax, doses: 1, count: 30, last_dose: 2021-02-15, next_due: "
        "2021-03-12}\n"));
    const Ledger run = run_checked(sc);
    const Counts second = daily_doses(run, 0, 1);
    CHECK(std::accumulate(second.begin(), second.begin() + 11, std::int64_t{0}) == 0);
    CHECK(second[11] == 10);
    CHECK(second[12] == 10);
    CHECK(second[13] == 10);
}

TEST_CASE("people whose next dose was due before the start are overdue from the first day",
          "[engine][initial_state]") {
    // Dose 1 on 2021-01-20: due 2021-02-10, before the start.
    const Scenario sc = load_tiny(thirty_of_hundred(
        "    - {group: g, product: vax, doses: 1, count: 30, last_dose: 2021-01-20}\n"));
    const Ledger run = run_checked(sc);
    // Booked doses come before first doses: 10 a day on 03-01..03-03, then first doses.
    CHECK(daily_doses(run, 0, 1)[0] == 10);
    CHECK(daily_doses(run, 0, 0)[0] == 0);
    CHECK(run.later_doses_due(0, 0) == 20);
    CHECK(run.later_doses_due(2, 0) == 0);
    CHECK(daily_doses(run, 0, 0)[3] == 10);
}

TEST_CASE("a completed series counts as fully vaccinated and is not booked again",
          "[engine][initial_state]") {
    const Scenario sc = load_tiny(thirty_of_hundred(
        "    - {group: g, product: vax, doses: 2, count: 30, last_dose: 2021-02-15}\n"));
    const Ledger run = run_checked(sc);
    CHECK(column(run.fully_vaccinated_people, 0)[0] == 30);
    CHECK(run.later_doses_outstanding(0, 0) == 10); // only those given dose 1 on 03-01
    CHECK(run.initial_doses == Counts{30, 30});
    // 70 first doses, then their 70 second doses: the 30 get nothing more.
    const Counts second = daily_doses(run, 0, 1);
    CHECK(std::accumulate(second.begin(), second.end(), std::int64_t{0}) == 70);
}

TEST_CASE("boosters and protection follow the initial people's last dose",
          "[engine][initial_state][boosters]") {
    // One dose protecting 30 days; a campaign offering a booster when protection lapses.
    // 10 had their dose on 2021-01-01 (lapsed 01-31, before the start), 20 on 2021-02-10
    // (protected 02-10..03-11, lapsing on 03-12). Capacity 10 a day.
    const std::string yaml = "name: boost\nstart: 2021-03-01\nend: 2021-03-15\n" +
                             tiny_population() + R"(
products:
  - id: vax
    doses: 1
    protection_days: 30
    supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: young, size: 30, opens: 2021-02-01, priority: 1}
boosters:
  - {id: b, population: {all: true}, from: 2021-03-01, after: protection_lapses, products: [vax]}
initial_state:
  as_of: 2021-02-28
  people:
    - {group: g, product: vax, doses: 1, count: 10, last_dose: 2021-01-01}
    - {group: g, product: vax, doses: 1, count: 20, last_dose: 2021-02-10}
)";
    const Ledger run = run_checked(load_tiny(yaml));
    // The lapsed 10 are offered on the first day and boosted then; the 20 on 03-12, 10 a day.
    Counts boosters(15, 0);
    boosters[0] = 10;
    boosters[11] = 10;
    boosters[12] = 10;
    CHECK(daily_doses(run, 0, 1) == boosters);
    CHECK(daily_doses(run, 0, 0) == Counts(15, 0)); // everyone willing had a dose
    Counts up(15, 30);
    up[11] = 20; // 03-12: the 20 lapse, 10 of them boosted that day
    CHECK(column(run.up_to_date_people, 0) == up);
    // Up to date before any booster: 20 (the 10 lapsed before the start are not).
    CHECK(column(run.fully_vaccinated_people, 0)[0] == 30);
    Counts boosted(15, 10);
    boosted[11] = 20;
    for (int t = 12; t < 15; ++t) boosted[t] = 30;
    CHECK(column(run.boosted_people, 0) == boosted);

    SECTION("after_days counts from the last dose; eligibility before the start is the first day") {
        std::string after = yaml;
        after.replace(after.find("after: protection_lapses"), 24, "after_days: 25");
        const Ledger r = run_checked(load_tiny(after));
        // 01-01 + 25 = 01-26 (before the start: offered on 03-01); 02-10 + 25 = 03-07.
        Counts b(15, 0);
        b[0] = 10;
        b[6] = 10;
        b[7] = 10;
        CHECK(daily_doses(r, 0, 1) == b);
    }
}

TEST_CASE("a group's initial people split over its bands by the willing room left",
          "[engine][initial_state]") {
    // A group of 60 young and 40 old, nobody served in the run (no capacity). Entries with
    // a band go first: 20 old; then 50 over the room left (young 60, old 20): 37.5 and 12.5,
    // largest remainder, the tie to the band written first: 38 young, 12 old.
    const std::string yaml = "name: split\nstart: 2021-03-01\nend: 2021-03-03\n" +
                             tiny_population() + R"(
products:
  - {id: vax, doses: 2, interval_days: 21, supply: {deliveries: [{date: 2021-03-01, doses: 10}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 0}]}
groups:
  - {id: g, tier: A, bands: {young: 60, old: 40}, opens: 2021-03-01, priority: 1}
initial_state:
  as_of: 2021-02-28
  people:
    - {group: g, product: vax, doses: 1, count: 50, last_dose: 2021-02-20}
    - {group: g, band: old, product: vax, doses: 2, count: 20, last_dose: 2021-02-01}
)";
    const Scenario sc = load_tiny(yaml);
    const Ledger run = run_checked(sc);
    const auto& cohorts = sc.population.cohorts();
    REQUIRE(cohorts.size() == 2);
    const int young = sc.population.bands()[cohorts[0].band].id == "young" ? 0 : 1;
    CHECK(run.first_dose_people(0, young) == 38);
    CHECK(run.first_dose_people(0, 1 - young) == 32);
    CHECK(run.fully_vaccinated_people(0, 1 - young) == 20);
    CHECK(run.fully_vaccinated_people(0, young) == 0);
    CHECK(group_sum(run.first_dose_people, 2) == 70);
}

TEST_CASE("initial people count against uptake: only the rest of the willing get first doses",
          "[engine][initial_state]") {
    // Uptake 0.5 of 100: 50 willing, 30 of them counted already: 20 first doses in the run.
    std::string yaml = thirty_of_hundred();
    yaml.replace(yaml.find("priority: 1}"), 12, "priority: 1, uptake: 0.5}");
    const Ledger run = run_checked(load_tiny(yaml));
    const Counts first = daily_doses(run, 0, 0);
    CHECK(std::accumulate(first.begin(), first.end(), std::int64_t{0}) == 20);
    CHECK(column(run.first_dose_people, 0).back() == 50);
}

TEST_CASE("people not booked keep their dose and get no other", "[engine][initial_state]") {
    // 30 with dose 1 who did not come back (booked: false): no second dose for them, but
    // they count as arrived, with a first dose.
    const Ledger run = run_checked(load_tiny(thirty_of_hundred(
        "    - {group: g, product: vax, doses: 1, count: 30, last_dose: 2021-02-15, booked: false}\n")));
    const Counts second = daily_doses(run, 0, 1);
    CHECK(std::accumulate(second.begin(), second.end(), std::int64_t{0}) == 70);
    CHECK(second[7] == 0);
    CHECK(run.later_doses_outstanding(0, 0) == 10);
    CHECK(column(run.first_dose_people, 0).back() == 100);
    CHECK(column(run.fully_vaccinated_people, 0).back() == 70);
}

TEST_CASE("initial bookings follow the product's interval changes as the engine's own do",
          "[engine][initial_state]") {
    const auto with_changes = [](const std::string& changes) {
        std::string yaml = thirty_of_hundred();
        yaml.replace(yaml.find("    interval_days: 21\n"), 22,
                     "    interval_days: 21\n    interval_changes: " + changes + "\n");
        return run_checked(load_tiny(yaml));
    };
    const auto due_days = [](const Ledger& run) {
        Counts days;
        const Counts second = daily_doses(run, 0, 1);
        for (int t = 0; t < static_cast<int>(second.size()); ++t)
            if (second[t] > 0) days.push_back(t);
        return days;
    };
    SECTION("a change by first-dose date in force on the last dose: 25 days from 02-15") {
        const Ledger run = with_changes("[{from: 2021-02-01, days: 25}]");
        // 03-12 .. 03-14 for the 30; the run's own first doses (03-01 ..) are due 25 days on.
        CHECK(due_days(run) == Counts{11, 12, 13, 25, 26, 27, 28, 29, 30});
    }
    SECTION("a change by first-dose date from after the last dose leaves it at 21 days") {
        const Ledger run = with_changes("[{from: 2021-02-20, days: 25}]");
        CHECK(due_days(run) == Counts{7, 8, 9, 25, 26, 27, 28, 29, 30});
    }
    SECTION("a due-date change that moved booked doses before the start has moved them") {
        // From 02-20, bookings due from then on are re-dated to 28 days after the dose
        // before: the 30 booked on 02-15 (due 03-08) were moved to 03-15 on 02-20.
        const Ledger run = with_changes(
            "[{from: 2021-02-20, days: 28, applies_to: due_date, move_booked: true}]");
        const Counts days = due_days(run);
        REQUIRE(days.size() >= 3);
        CHECK(Counts(days.begin(), days.begin() + 3) == Counts{14, 15, 16});
    }
}

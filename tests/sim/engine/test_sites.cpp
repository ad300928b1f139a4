// Capacity by kind of site (own products, own weekday profile) and public holidays.
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

Counts site_column(const CountMatrix& m, int site) { return column(m, site); }

} // namespace

TEST_CASE("two sites give their own products on their own weekday profiles",
          "[engine][sites]") {
    // Friday 2021-03-05 to Monday 03-08. Centres give mRNA 30/day, closed Sunday; clinics
    // give AstraZeneca 20/day, half on Saturday, closed Sunday. One group takes both, mRNA
    // first: each day it is given what each site can give of its product.
    const Scenario sc =
        load_tiny("name: sites\nstart: 2021-03-05\nend: 2021-03-08\n" + tiny_population() + R"(
products:
  - {id: mrna, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
  - {id: az, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity:
  sites:
    - {id: centres, kind: vaccination centre, products: [mrna],
       periods: [{from: 2021-03-01, doses_per_day: 30}], weekday_factors: [1, 1, 1, 1, 1, 1, 0]}
    - {id: clinics, kind: clinic, products: [az],
       periods: [{from: 2021-03-01, doses_per_day: 20}], weekday_factors: [1, 1, 1, 1, 1, 0.5, 0]}
groups:
  - {id: g, tier: A, band: young, size: 1000, opens: 2021-03-01, priority: 1}
)");
    const Ledger run = run_checked(sc);
    REQUIRE(run.sites() == 2);
    CHECK(column(run.administered, 0) == Counts{30, 30, 0, 30});
    CHECK(column(run.administered, 1) == Counts{20, 10, 0, 20});
    CHECK(site_column(run.site_capacity, 0) == Counts{30, 30, 0, 30});
    CHECK(site_column(run.site_capacity, 1) == Counts{20, 10, 0, 20});
    CHECK(site_column(run.site_capacity_used, 0) == Counts{30, 30, 0, 30});
    CHECK(site_column(run.site_capacity_used, 1) == Counts{20, 10, 0, 20});
    CHECK(std::vector<std::int64_t>(run.capacity.data(), run.capacity.data() + 4) ==
          Counts{50, 40, 0, 50});
    CHECK(constraints(run) == std::vector<Constraint>(4, Constraint::capacity));
    CHECK(run.binding_site == std::vector<std::int32_t>(4, -1)); // all sites full
}

TEST_CASE("a dose is drawn from the most specialised site that gives its product",
          "[engine][sites]") {
    // Centres give only mRNA (30); clinics give both (20). Group a (30 people, mRNA only)
    // goes first: its 30 doses come from the centres, leaving the clinics' 20 for group b,
    // which may take only AstraZeneca. Drawn from the clinics first, b would get nothing.
    const Scenario sc =
        load_tiny("name: order\nstart: 2021-03-01\nend: 2021-03-01\n" + tiny_population() + R"(
products:
  - {id: mrna, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
  - {id: az, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity:
  sites:
    - {id: clinics, products: [mrna, az], periods: [{from: 2021-03-01, doses_per_day: 20}]}
    - {id: centres, products: [mrna], periods: [{from: 2021-03-01, doses_per_day: 30}]}
groups:
  - {id: a, tier: A, band: old, size: 30, opens: 2021-03-01, priority: 1, products: [mrna]}
  - {id: b, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 2, products: [az]}
)");
    const Ledger run = run_checked(sc);
    CHECK(run.dose(0, 0, 0, 0) == 30);
    CHECK(run.dose(0, 1, 1, 0) == 20);
    CHECK(run.site_capacity_used(0, 0) == 20); // clinics
    CHECK(run.site_capacity_used(0, 1) == 30); // centres
}

TEST_CASE("a full site that stopped the day is named", "[engine][sites]") {
    // The only group takes AstraZeneca, given at clinics (20/day); the centres' 30 mRNA
    // doses a day go unused. The day is bound by the clinics' capacity, not by supply.
    const std::string text =
        "name: named\nstart: 2021-03-01\nend: 2021-03-02\n" + tiny_population() + R"(
products:
  - {id: mrna, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
  - {id: az, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
policy: {first_dose_allocation: strict_priority}
capacity:
  sites:
    - {id: centres, products: [mrna], periods: [{from: 2021-03-01, doses_per_day: 30}]}
    - {id: clinics, products: [az], periods: [{from: 2021-03-01, doses_per_day: 20}]}
groups:
  - {id: g, tier: A, band: young, size: 1000, opens: 2021-03-01, priority: 1, products: [az]}
)";
    SECTION("strict priority") {
        const Ledger run = run_checked(load_tiny(text));
        CHECK(column(run.administered, 1) == Counts{20, 20});
        CHECK(column(run.administered, 0) == Counts{0, 0});
        CHECK(std::vector<std::int64_t>(run.capacity_used.data(), run.capacity_used.data() + 2) ==
              Counts{20, 20});
        CHECK(constraints(run) == std::vector<Constraint>(2, Constraint::capacity));
        CHECK(run.binding_site == std::vector<std::int32_t>{1, 1});
        CHECK(run.binding_product == std::vector<std::int32_t>{1, 1});
    }
    SECTION("proportional: a product's sites bound what may be shared") {
        const Ledger run = run_checked(load_tiny(text, {"policy.first_dose_allocation=proportional"}));
        CHECK(column(run.administered, 1) == Counts{20, 20});
        CHECK(run.binding_site == std::vector<std::int32_t>{1, 1});
    }
}

TEST_CASE("second doses are given at the sites of their product", "[engine][sites]") {
    // A two-dose mRNA product given only at centres (10/day); clinics (50/day) give
    // AstraZeneca only. 10 first doses on day 0 come back for a second dose on day 2 and
    // take the centres' whole day, so no mRNA first dose is given that day; the clinics
    // still give AstraZeneca to the second group.
    const Scenario sc =
        load_tiny("name: booked\nstart: 2021-03-01\nend: 2021-03-03\n" + tiny_population() + R"(
products:
  - {id: mrna, doses: 2, interval_days: 2, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
  - {id: az, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
policy: {second_dose_reserve: none}
capacity:
  sites:
    - {id: centres, products: [mrna], periods: [{from: 2021-03-01, doses_per_day: 10}]}
    - {id: clinics, products: [az], periods: [{from: 2021-03-01, doses_per_day: 50}]}
groups:
  - {id: a, tier: A, band: old, size: 100, opens: 2021-03-01, priority: 1, products: [mrna]}
  - {id: b, tier: A, band: young, size: 1000, opens: 2021-03-01, priority: 2, products: [az]}
)");
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{10, 10, 0});
    CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 10});
    CHECK(daily_doses(run, 1, 0) == Counts{50, 50, 50});
}

TEST_CASE("a public holiday runs like a Sunday unless it has a factor of its own",
          "[engine][capacity][holidays]") {
    // Monday 2021-03-01 (Independence Movement Day) is a holiday; 30 doses a day, Sunday
    // closed. Without a holiday_factor the holiday is closed like a Sunday; with 0.5 it
    // runs at 15; a site's own holiday_factor overrides the capacity's.
    const std::string text =
        "name: holiday\nstart: 2021-03-01\nend: 2021-03-02\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity:
  periods: [{from: 2021-03-01, doses_per_day: 30}]
  weekday_factors: [1, 1, 1, 1, 1, 1, 0]
  holidays: [2021-03-01]
groups:
  - {id: g, tier: A, band: young, size: 1000, opens: 2021-03-01, priority: 1}
)";
    const auto capacity = [](const Ledger& run) {
        return Counts(run.capacity.data(), run.capacity.data() + run.days());
    };
    SECTION("like a Sunday") {
        const Ledger run = run_checked(load_tiny(text));
        CHECK(capacity(run) == Counts{0, 30});
        CHECK(daily_doses(run, 0, 0) == Counts{0, 30});
        CHECK(constraints(run)[0] == Constraint::capacity);
    }
    SECTION("with a holiday factor") {
        const Ledger run = run_checked(load_tiny(text, {"capacity.holiday_factor=0.5"}));
        CHECK(capacity(run) == Counts{15, 30});
    }
    SECTION("a site open on holidays") {
        const Scenario sc =
            load_tiny("name: holiday-sites\nstart: 2021-03-01\nend: 2021-03-02\n" +
                      tiny_population() + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity:
  holidays: [2021-03-01]
  weekday_factors: [1, 1, 1, 1, 1, 1, 0]
  sites:
    - {id: centres, periods: [{from: 2021-03-01, doses_per_day: 30}], holiday_factor: 1}
    - {id: clinics, periods: [{from: 2021-03-01, doses_per_day: 20}]}
groups:
  - {id: g, tier: A, band: young, size: 1000, opens: 2021-03-01, priority: 1}
)");
        const Ledger run = run_checked(sc);
        CHECK(site_column(run.site_capacity, 0) == Counts{30, 30});
        CHECK(site_column(run.site_capacity, 1) == Counts{0, 20});
        CHECK(capacity(run) == Counts{30, 50});
    }
}

TEST_CASE("the original capacity syntax is one site giving every product", "[engine][sites]") {
    const Scenario sc =
        load_tiny("name: one\nstart: 2021-03-01\nend: 2021-03-01\n" + tiny_population() + R"(
products:
  - {id: a, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 10}]}}
  - {id: b, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 10}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 15}]}
groups:
  - {id: g, tier: A, band: young, size: 1000, opens: 2021-03-01, priority: 1}
)");
    REQUIRE(sc.capacity.sites().size() == 1);
    CHECK(sc.capacity.sites()[0].id == "all");
    CHECK(sc.capacity.sites()[0].products == std::vector<int>{0, 1});
    const Ledger run = run_checked(sc);
    CHECK(run.administered(0, 0) == 10);
    CHECK(run.administered(0, 1) == 5);
    CHECK(run.site_capacity_used(0, 0) == 15);
}

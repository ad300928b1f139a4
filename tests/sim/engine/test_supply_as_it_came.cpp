// Supply as it came: extra doses drawn from vials, exports capped by stock, returns, swaps.
#include "models/invariants.hpp"
#include "results/summary.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

TEST_CASE("low-dead-space syringes draw extra doses from every vial delivered",
          "[engine][supply][vials]") {
    // 6 labelled doses per vial, 7 drawn: 1/6 extra per labelled dose, rounded on the
    // cumulative count. 10 delivered: round(10/6) = 2 extra; 5 more: round(15/6) = 3, so
    // 1 more. Capacity 100: every dose in stock is given the day it arrives.
    const Scenario sc =
        load_tiny("name: vials\nstart: 2021-03-01\nend: 2021-03-03\n" + tiny_population() + R"(
products:
  - id: pfizer
    doses: 1
    supply:
      deliveries: [{date: 2021-03-01, doses: 10}, {date: 2021-03-02, doses: 5}]
      vial: {labelled_doses: 6, extracted_doses: 7}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: g, tier: A, band: young, size: 1000, opens: 2021-03-01, priority: 1}
)");
    const Ledger run = run_checked(sc);
    CHECK(column(run.deliveries, 0) == Counts{10, 5, 0});
    CHECK(column(run.extracted, 0) == Counts{2, 1, 0});
    CHECK(column(run.administered, 0) == Counts{12, 6, 0});
    CHECK(column(run.stock, 0) == Counts{0, 0, 0});
}

TEST_CASE("an export is capped at the day's stock and the shortfall is reported",
          "[engine][supply][exports]") {
    // 50 delivered, 10 given a day. On 03-02 an export of 100 finds 40 in stock: 40 go,
    // 60 are counted as not made, and nothing is left to give that day or the next.
    const Scenario sc =
        load_tiny("name: export\nstart: 2021-03-01\nend: 2021-03-03\n" + tiny_population() + R"(
products:
  - id: vax
    doses: 1
    supply:
      deliveries: [{date: 2021-03-01, doses: 50}]
      exports: [{date: 2021-03-02, doses: 100}]
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: young, size: 1000, opens: 2021-03-01, priority: 1}
)");
    RunPipeline pipeline;
    const RunOutput& out = pipeline.run(sc);
    const Ledger& run = *out.ledger;
    CHECK(column(run.exported, 0) == Counts{0, 40, 0});
    CHECK(run.exports_not_made == Counts{60});
    CHECK(column(run.administered, 0) == Counts{10, 0, 0});
    CHECK(column(run.stock, 0) == Counts{40, 0, 0});
    CHECK(constraints(run) ==
          std::vector<Constraint>{Constraint::capacity, Constraint::supply, Constraint::supply});
    CHECK_THAT(format_summary(sc, run, out.outcomes),
               Catch::Contains("vax: exports and swaps asked for 60 doses more than were in "
                               "stock on their days"));
}

TEST_CASE("an export smaller than the stock leaves the rest", "[engine][supply][exports]") {
    // 50 delivered; on 03-01 an export of 15 goes before any dose is given, then 10 are
    // given; 25 remain.
    const Scenario sc =
        load_tiny("name: export2\nstart: 2021-03-01\nend: 2021-03-01\n" + tiny_population() + R"(
products:
  - id: vax
    doses: 1
    supply: {deliveries: [{date: 2021-03-01, doses: 50}], exports: [{date: 2021-03-01, doses: 15}]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: young, size: 1000, opens: 2021-03-01, priority: 1}
)");
    const Ledger run = run_checked(sc);
    CHECK(run.exported(0, 0) == 15);
    CHECK(run.exports_not_made == Counts{0});
    CHECK(run.stock(0, 0) == 25);
}

TEST_CASE("returned doses come into stock on their day", "[engine][supply][returns]") {
    // 10 delivered on 03-01 and given; 5 returned on 03-02 are given that day.
    const Scenario sc =
        load_tiny("name: return\nstart: 2021-03-01\nend: 2021-03-03\n" + tiny_population() + R"(
products:
  - id: vax
    doses: 1
    supply:
      deliveries: [{date: 2021-03-01, doses: 10}]
      returns: [{date: 2021-03-02, doses: 5}]
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: g, tier: A, band: young, size: 1000, opens: 2021-03-01, priority: 1}
)");
    const Ledger run = run_checked(sc);
    CHECK(column(run.imported, 0) == Counts{0, 5, 0});
    CHECK(column(run.administered, 0) == Counts{10, 5, 0});
    CHECK(column(run.stock, 0) == Counts{0, 0, 0});
}

TEST_CASE("a swap sends one product away and brings another in", "[engine][supply][swaps]") {
    // 100 Pfizer in stock, no AstraZeneca; the group takes only AstraZeneca. On 03-02, 20
    // Pfizer go out and 30 AstraZeneca come in; 10 are given (capacity), 20 remain.
    const Scenario sc =
        load_tiny("name: swap\nstart: 2021-03-01\nend: 2021-03-02\n" + tiny_population() + R"(
products:
  - {id: pfizer, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 100}]}}
  - {id: az, doses: 1, supply: {deliveries: []}}
swaps:
  - {date: 2021-03-02, give: {product: pfizer, doses: 20}, get: {product: az, doses: 30}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: young, size: 1000, opens: 2021-03-01, priority: 1, products: [az]}
)");
    REQUIRE(sc.swaps.size() == 1);
    const Ledger run = run_checked(sc);
    CHECK(column(run.exported, 0) == Counts{0, 20});
    CHECK(column(run.imported, 1) == Counts{0, 30});
    CHECK(column(run.administered, 1) == Counts{0, 10});
    CHECK(column(run.stock, 0) == Counts{100, 80});
    CHECK(column(run.stock, 1) == Counts{0, 20});
    CHECK(constraints(run) == std::vector<Constraint>{Constraint::supply, Constraint::capacity});
}

TEST_CASE("the invariants catch a ledger whose movements do not add up",
          "[engine][supply][invariants]") {
    const Scenario sc =
        load_tiny("name: broken\nstart: 2021-03-01\nend: 2021-03-02\n" + tiny_population() + R"(
products:
  - id: vax
    doses: 1
    supply:
      deliveries: [{date: 2021-03-01, doses: 60}]
      vial: {labelled_doses: 10, extracted_doses: 12}
      exports: [{date: 2021-03-02, doses: 5}]
      returns: [{date: 2021-03-02, doses: 3}]
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: young, size: 1000, opens: 2021-03-01, priority: 1}
)");
    Ledger run = simulate(sc);
    REQUIRE(check_invariants(sc, run).empty());
    // 60 + 12 extra on day 0; day 1: +3, -5, 10 given each day: 72 - 20 + 3 - 5 = 50.
    CHECK(run.stock(1, 0) == 50);
    SECTION("an extra dose from nowhere") {
        run.extracted(1, 0) += 1;
        const auto v = check_invariants(sc, run);
        REQUIRE_FALSE(v.empty());
        CHECK_THAT(v.front(), Catch::Contains("ledger"));
    }
    SECTION("an export recorded but not made") {
        run.exported(1, 0) -= 1;
        run.stock(1, 0) += 1;
        const auto v = check_invariants(sc, run);
        REQUIRE_FALSE(v.empty());
        CHECK_THAT(v.front(), Catch::Contains("exports"));
    }
}

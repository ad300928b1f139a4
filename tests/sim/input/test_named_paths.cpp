// Naming things instead of counting list positions: dated list elements addressed by id,
// by date or by index in --set and sweep/solve paths; a supply's scale limited to a
// window of dates; the display name of a path.
#include "sim/parameter_space.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

// Deliveries of 1,000 doses on three Mondays; capacity in two named periods.
std::string named(const std::string& supply_extra = "") {
    return "name: named\nstart: 2021-03-01\nend: 2021-03-21\n" + tiny_population() + R"(
products:
  - id: vax
    doses: 1
    supply:
      deliveries:
        - {date: 2021-03-01, doses: 1000}
        - {date: 2021-03-08, doses: 1000}
        - {date: 2021-03-15, doses: 1000}
      recurring:
        - {id: spring, from: 2021-03-02, to: 2021-03-02, doses: 10}
)" + supply_extra + R"(capacity:
  periods:
    - {id: early, from: 2021-03-01, doses_per_day: 10}
    - {id: later, from: 2021-03-05, doses_per_day: 20}
groups:
  - {id: g, tier: A, band: young, size: 1000, opens: 2021-03-01, priority: 1}
)";
}

std::string error_of(const std::string& yaml, const std::vector<std::string>& overrides) {
    try {
        load_tiny(yaml, overrides);
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("a --set path names a capacity period by id or by date or by index", "[paths]") {
    for (const std::string name : {"later", "2021-03-05", "1"}) {
        const Scenario s = load_tiny(named(), {"capacity.periods." + name + ".doses_per_day=50"});
        CHECK(s.spec().capacity.periods[0].doses_per_day == 10);
        CHECK(s.spec().capacity.periods[1].doses_per_day == 50);
        const Ledger run = run_checked(s);
        CHECK(run.capacity(4) == 50); // 2021-03-05
        CHECK(run.capacity(3) == 10);
    }
}

TEST_CASE("sweep and solve paths name elements by id or date or index alike", "[paths]") {
    const Scenario base = load_tiny(named());
    const ParameterSpace space(base.spec());
    for (const std::string name : {"later", "2021-03-05", "1"}) {
        const Parameter p = space.resolve("capacity.periods." + name + ".doses_per_day");
        ScenarioSpec spec = base.spec();
        p.set(spec, ParameterValue::parse("77"));
        CHECK(spec.capacity.periods[1].doses_per_day == 77);
        CHECK(p.model_path() == "capacity.periods.later.doses_per_day");
        CHECK(p.display_name() == "capacity period later (from 2021-03-05) doses/day");
    }
    const Parameter d = space.resolve("products.vax.supply.deliveries.2021-03-08.doses");
    ScenarioSpec spec = base.spec();
    d.set(spec, ParameterValue::parse("5"));
    CHECK(spec.products[0].supply.deliveries[1].doses == 5);
    CHECK(parameter_display_name(base.spec(), "products.vax.supply.recurring.spring.doses") ==
          "vax supply recurring delivery spring (from 2021-03-02) doses");
    CHECK(parameter_display_name(base.spec(), "groups.g.uptake") == "g uptake");
    CHECK(parameter_display_name(base.spec(), "no.such.path") == "no.such.path");
}

TEST_CASE("an unknown name lists what exists and suggests the nearest", "[paths]") {
    const std::string e = error_of(named(), {"capacity.periods.latr.doses_per_day=5"});
    CHECK_THAT(e, Catch::Contains("no element with id or index 'latr' in the list "
                                  "'capacity.periods'; it has 0 = early (2021-03-01), "
                                  "1 = later (2021-03-05); did you mean 'later'?"));
    const Scenario base = load_tiny(named());
    const ParameterSpace space(base.spec());
    CHECK_THROWS_WITH(space.resolve("capacity.periods.2021-03-06.doses_per_day"),
                      Catch::Contains("it has 0 = early (2021-03-01), 1 = later (2021-03-05)"));
    // A date that two elements share names neither.
    const std::string twice = error_of(named(), {"products.vax.supply.deliveries.1.date=2021-03-01",
                                                 "products.vax.supply.deliveries.2021-03-01.doses=5"});
    CHECK_THAT(twice, Catch::Contains("'2021-03-01' is the date of 2 elements of the list "
                                      "'products.vax.supply.deliveries' (0, 1)"));
}

TEST_CASE("ids of dated elements are checked", "[paths]") {
    CHECK_THAT(error_of(named(), {"capacity.periods.0.id=later"}),
               Catch::Contains("id 'later' is already used by periods.0"));
    CHECK_THAT(error_of(named(), {"capacity.periods.0.id=7"}),
               Catch::Contains("must not be a whole number"));
    CHECK_THAT(error_of(named(), {"capacity.periods.0.id=2021-03-01"}),
               Catch::Contains("must not be a date"));
    const Scenario s = load_tiny(named(), {"products.vax.supply.recurring.spring.doses=40"});
    CHECK(s.spec().products[0].supply.recurring[0].doses == 40);
}

TEST_CASE("a supply's scale in a window of dates scales the deliveries dated in it",
          "[paths][supply]") {
    // 1,000 doses on 03-01, 03-08 and 03-15; 30% short from 03-05 to 03-10: 700 on 03-08.
    const std::string window = "products.vax.supply.scale@2021-03-05..2021-03-10=0.7";
    const Ledger run = run_checked(load_tiny(named(), {window}));
    CHECK(run.deliveries(0, 0) == 1000);
    CHECK(run.deliveries(1, 0) == 10); // the recurring delivery, outside the window
    CHECK(run.deliveries(7, 0) == 700);
    CHECK(run.deliveries(14, 0) == 1000);
    // On top of the supply's own scale: 500, 5, 350, 500.
    const Ledger both =
        run_checked(load_tiny(named(), {window, "products.vax.supply.scale=0.5"}));
    CHECK(both.deliveries(0, 0) == 500);
    CHECK(both.deliveries(1, 0) == 5);
    CHECK(both.deliveries(7, 0) == 350);
    CHECK(both.deliveries(14, 0) == 500);
    // The same window written in the scenario, then set again by --set: replaced, not added.
    const std::string in_file = "      scale_windows: [{id: short, from: 2021-03-05, to: 2021-03-10, scale: 0.5}]\n";
    const Scenario again = load_tiny(named(in_file), {window});
    REQUIRE(again.spec().products[0].supply.scale_windows.size() == 1);
    CHECK(again.spec().products[0].supply.scale_windows[0].scale == 0.7);
    CHECK(run_checked(again).deliveries(7, 0) == 700);
    // A sweep or solve sets the same window.
    const Scenario base = load_tiny(named());
    const Parameter p = ParameterSpace(base.spec()).resolve("products.vax.supply.scale@2021-03-05..2021-03-10");
    CHECK(p.display_name() == "vax supply scale from 2021-03-05 to 2021-03-10");
    ScenarioSpec spec = base.spec();
    p.set(spec, ParameterValue::parse("0.7"));
    CHECK(run_checked(Scenario(spec)).deliveries(7, 0) == 700);
}

TEST_CASE("windows are validated", "[paths][supply]") {
    CHECK_THAT(error_of(named(), {"products.vax.supply.scale@2021-03-10..2021-03-05=0.7"}),
               Catch::Contains("ends before it starts"));
    CHECK_THAT(error_of(named(), {"products.vax.supply.scale@2021-03-05=0.7"}),
               Catch::Contains("expected a window of dates FROM..TO"));
    CHECK_THAT(error_of(named(), {"products.vax.supply.delay_days@2021-03-05..2021-03-10=3"}),
               Catch::Contains("applies to a supply's scale only"));
    CHECK_THAT(error_of(named(), {"products.vax.supply.scale@2021-03-05..2021-03-10=0.7",
                                  "products.vax.supply.scale@2021-03-09..2021-03-12=0.5"}),
               Catch::Contains("overlaps scale_windows.0"));
    const Scenario base = load_tiny(named());
    CHECK_THROWS_WITH(ParameterSpace(base.spec())
                          .resolve("capacity.periods.0.doses_per_day@2021-03-05..2021-03-10"),
                      Catch::Contains("applies to a supply's scale only"));
}

// The values a sweep can set: each kind of path, list elements by id or index, and the
// paths and values it refuses, before any run.
#include <fstream>

#include <catch2/catch.hpp>

#include "models/error.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/parameter_space.hpp"
#include "sim/sweep_runner.hpp"

using namespace vaxsim;
namespace fs = std::filesystem;

namespace {

const fs::path data_dir = fs::path(VAXSIM_SOURCE_DIR) / "tests/data";

Scenario tiny() {
    return load_scenario_file(data_dir / "tiny-uncertain.yaml");
}

// The base's spec with one path set to `text` (as a sweep file would write it).
ScenarioSpec with(const Scenario& base, const std::string& path, const std::string& text) {
    ScenarioSpec spec = base.spec();
    ParameterSpace(base.spec()).resolve(path).set(spec, ParameterValue::parse(text));
    return spec;
}

} // namespace

TEST_CASE("the parameter space sets each kind of value", "[sweep][parameters]") {
    const Scenario base = tiny();
    CHECK(with(base, "capacity.periods.0.doses_per_day", "750").capacity.periods[0].doses_per_day ==
          750);
    CHECK(with(base, "products.vax.supply.delay_days", "-3").products[0].supply.delay_days == -3);
    CHECK(with(base, "products.0.supply.scale", "1.25").products[0].supply.scale == 1.25);
    CHECK(with(base, "products.vax.interval_days", "28").products[0].interval_days == 28);
    CHECK(with(base, "products.one.wastage", "0.05").products[1].wastage == 0.05);
    CHECK(with(base, "groups.old.opens", "2021-03-10").population.groups[0].opens ==
          *parse_iso_date("2021-03-10"));
    CHECK(with(base, "targets.all_30.deadline", "2021-04-20").targets[1].deadline ==
          *parse_iso_date("2021-04-20"));
    const ScenarioSpec none = with(base, "policy.second_dose_reserve", "none");
    CHECK(none.policy.second_dose_reserve == 0.0);
    CHECK(none.policy.reserve_label == "none");
    CHECK(with(base, "policy.second_dose_reserve", "0.25").policy.second_dose_reserve == 0.25);
    CHECK(with(base, "policy.first_dose_allocation", "proportional").policy.allocation ==
          "proportional");
    // A fixed uptake replaces the drawn one, as in the file.
    const ScenarioSpec fixed = with(base, "groups.young.uptake", "0.6");
    CHECK(fixed.population.groups[1].uptake == 0.6);
    CHECK_FALSE(fixed.population.groups[1].uptake_distribution);
    // The same as --set gives.
    const Scenario set_in_text =
        load_scenario_file(data_dir / "tiny-uncertain.yaml", {"groups.young.uptake=0.6"});
    CHECK(Scenario(fixed).population.groups()[1].willing ==
          set_in_text.population.groups()[1].willing);
}

TEST_CASE("the parameter space refuses what it cannot set", "[sweep][parameters]") {
    const Scenario base = tiny();
    const ParameterSpace space(base.spec());
    CHECK_THROWS_WITH(
        space.resolve("products.novavax.doses"),
        Catch::Contains("no element with id or index 'novavax' in the list 'products'"));
    CHECK_THROWS_WITH(space.resolve("capacity.periods.3.doses_per_day"),
                      Catch::Contains("no element with id or index '3'"));
    CHECK_THROWS_WITH(space.resolve("products.vax.label"),
                      Catch::Contains("a sweep cannot set 'products.vax.label'") &&
                          Catch::Contains("'wastage'"));
    CHECK_THROWS_WITH(space.resolve("start"), Catch::Contains("a sweep cannot set 'start'"));
    CHECK_THROWS_WITH(space.resolve("epidemic.r0"), Catch::Contains("no epidemic model"));
    const Parameter count = space.resolve("capacity.periods.0.doses_per_day");
    CHECK_THROWS_WITH(count.check(ParameterValue::parse("12.5")),
                      Catch::Contains("expected a whole number of zero or more, got '12.5'"));
    CHECK_THROWS_WITH(space.resolve("groups.old.opens").check(ParameterValue::parse("soon")),
                      Catch::Contains("expected a date YYYY-MM-DD, got 'soon'"));
    CHECK_THROWS_WITH(
        space.resolve("policy.second_dose_reserve").check(ParameterValue::parse("some")),
        Catch::Contains("expected hold_second_doses, none"));
}

TEST_CASE("an invalid choice is refused before any run", "[sweep][parameters]") {
    const fs::path dir =
        fs::temp_directory_path() / ("vaxsim-choice-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::copy_file(data_dir / "tiny-uncertain.yaml", dir / "tiny-uncertain.yaml",
                  fs::copy_options::overwrite_existing);
    std::ofstream(dir / "choice.sweep.yaml")
        << "name: c\nscenario: tiny-uncertain.yaml\nsamples:\n  count: 400\n  parameters:\n"
           "    groups.young.uptake: {choice: [0.5, 0.7, 1.2], weights: [1, 1, 0.001]}\n";
    // 1.2 would hardly ever be drawn, but it is refused when the file is read.
    CHECK_THROWS_WITH(SweepSpec(dir / "choice.sweep.yaml"),
                      Catch::Contains("choice.sweep.yaml:6:5") &&
                          Catch::Contains("groups.young.uptake = 1.2 (one of its choices)") &&
                          Catch::Contains("expected a share between 0 and 1"));
    std::ofstream(dir / "grid.sweep.yaml")
        << "name: g\nscenario: tiny-uncertain.yaml\ngrid:\n"
           "  capacity.periods.0.doses_per_day: [100, 200, -5]\n";
    CHECK_THROWS_WITH(SweepSpec(dir / "grid.sweep.yaml"),
                      Catch::Contains("grid.sweep.yaml:4:48") &&
                          Catch::Contains("sweep point 2: capacity.periods.0.doses_per_day = -5"));
    CHECK_FALSE(fs::exists(dir / "out.h5.journal"));
    fs::remove_all(dir);
}

TEST_CASE("every point is validated before any run, combinations included",
          "[sweep][parameters]") {
    const fs::path dir =
        fs::temp_directory_path() / ("vaxsim-points-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::copy_file(data_dir / "tiny-uncertain.yaml", dir / "tiny-uncertain.yaml",
                  fs::copy_options::overwrite_existing);
    // A bad value in the middle of a choice.
    std::ofstream(dir / "middle.sweep.yaml")
        << "name: m\nscenario: tiny-uncertain.yaml\nsamples:\n  count: 4\n  parameters:\n"
           "    policy.first_dose_allocation: {choice: [strict_priority, bogus, proportional]}\n";
    CHECK_THROWS_WITH(SweepSpec(dir / "middle.sweep.yaml"),
                      Catch::Contains("middle.sweep.yaml:6:5") &&
                          Catch::Contains("policy.first_dose_allocation = bogus (one of its "
                                          "choices)"));
    // Each value is valid beside the first point's others, but the second deadline with the
    // later 'since' is not: with seed 1, sample 0 draws the earlier 'since', so point 3
    // (second deadline, sample 1) is the first to fail, and it used to fail mid-sweep.
    std::ofstream(dir / "pair.sweep.yaml")
        << "name: p\nscenario: tiny-uncertain.yaml\nseed: 1\n"
           "grid:\n  targets.all_30.deadline: [2021-04-30, 2021-03-20]\n"
           "samples:\n  count: 2\n  parameters:\n"
           "    targets.all_30.since: {choice: [2021-03-01, 2021-03-25]}\n";
    CHECK_THROWS_WITH(SweepSpec(dir / "pair.sweep.yaml"),
                      Catch::Contains("pair.sweep.yaml:9:5") &&
                          Catch::Contains("sweep point 3: targets.all_30.since = 2021-03-25: "
                                          "'since' is after the deadline"));
    // A uniform over a count: its ends are whole, the values drawn between are not.
    std::ofstream(dir / "uniform.sweep.yaml")
        << "name: u\nscenario: tiny-uncertain.yaml\ngrid:\n  policy.second_dose_reserve: [none]\n"
           "samples:\n  count: 5\n  parameters:\n"
           "    capacity.periods.0.doses_per_day: {uniform: [100, 200]}\n";
    CHECK_THROWS_WITH(SweepSpec(dir / "uniform.sweep.yaml"),
                      Catch::Contains("uniform.sweep.yaml:8:5") &&
                          Catch::Contains("sweep point 0: capacity.periods.0.doses_per_day = 1") &&
                          Catch::Contains("expected a whole number"));
    fs::remove_all(dir);
}

TEST_CASE("a sweep sets issue 10's values: intervals, protection, vials, sites, boosters",
          "[sweep][parameters]") {
    const Scenario base =
        load_scenario_file(fs::path(VAXSIM_SOURCE_DIR) / "scenarios/korea-2021-replay.yaml");
    const auto product = [&](const ScenarioSpec& s, const std::string& id) -> const ProductSpec& {
        for (const ProductSpec& p : s.products)
            if (p.id == id) return p;
        FAIL("no product " << id);
        return s.products.front();
    };
    CHECK(product(with(base, "products.astrazeneca.intervals.0.days", "56"), "astrazeneca")
              .intervals[0]
              .days == 56);
    CHECK(product(with(base, "products.astrazeneca.intervals.0.max_days", "98"), "astrazeneca")
              .intervals[0]
              .max_days == 98);
    CHECK(product(with(base, "products.pfizer.protection_days.0", "120"), "pfizer")
              .protection_days[0] == 120);
    const ScenarioSpec vial = with(base, "products.pfizer.supply.vial.extracted_doses", "6");
    CHECK(product(vial, "pfizer").supply.vial->extracted_doses == 6);
    CHECK(product(vial, "pfizer").supply.vial->labelled_doses == 6);
    CHECK(with(base, "capacity.sites.clinics.periods.0.doses_per_day", "1234")
              .capacity.sites[1]
              .periods[0]
              .doses_per_day == 1234);
    CHECK(with(base, "boosters.boost_60_plus_ltc.after_days", "90").boosters[0].after_days == 90);
    CHECK(with(base, "boosters.boost_60_plus_ltc.uptake", "0.5").boosters[0].uptake == 0.5);
    CHECK(with(base, "heterologous.0.max_age", "39").heterologous[0].max_age == 39);
    CHECK(with(base, "policy.walk_ins", "false").policy.walk_ins == false);
    CHECK(with(base, "policy.walk_ins", "true").policy.walk_ins == true);
    const ParameterSpace space(base.spec());
    CHECK_THROWS_WITH(space.resolve("policy.walk_ins").check(ParameterValue::parse("1")),
                      Catch::Contains("expected true or false, got '1'"));
    CHECK_THROWS_WITH(space.resolve("boosters.boost_never.uptake"),
                      Catch::Contains("no element with id or index 'boost_never'"));
    // A value the scenario refuses is refused when the point is built, naming the path.
    ScenarioSpec bad = with(base, "products.astrazeneca.intervals.0.min_days", "90");
    CHECK_THROWS_WITH(Scenario(bad), Catch::Contains("astrazeneca") && Catch::Contains("min"));
    // The built scenario takes the value set.
    CHECK(Scenario(vial).products[1].supply().vial()->extracted_doses == 6);
}

TEST_CASE("a sweep's epidemic.initial.immune gives one share to every band, replacing a list",
          "[sweep][epidemic]") {
    std::string list = "[";
    for (int a = 0; a < 16; ++a) list += (a ? ", " : "") + std::string(a < 8 ? "0.01" : "0.05");
    list += "]";
    const Scenario base = load_scenario_file(fs::path(VAXSIM_SOURCE_DIR) / "scenarios/seoul-2021-epidemic.yaml",
                                             {"epidemic.initial.immune=" + list});
    REQUIRE(base.epidemic->immune_share(0) == 0.01);
    REQUIRE(base.epidemic->immune_share(15) == 0.05);
    const Scenario swept(with(base, "epidemic.initial.immune", "0.2"), base.provenance());
    for (int a = 0; a < 16; ++a) CHECK(swept.epidemic->immune_share(a) == 0.2);
}

// Reading dated and per-product policies, group dates and demand: the old syntax still
// reads as before, the new keys reach the model, and sweeps can set a product's reserve.
#include <catch2/catch.hpp>

#include "models/error.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/parameter_space.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

Scenario two_products(const std::string& policy, const std::string& group_extra = "") {
    return load_tiny("name: input\nstart: 2021-03-01\nend: 2021-03-31\n" + tiny_population() +
                     "policy: " + policy + "\n" + R"(
products:
  - {id: a, doses: 2, interval_days: 21, supply: {deliveries: [{date: 2021-03-01, doses: 100}]}}
  - {id: b, doses: 2, interval_days: 28, supply: {deliveries: [{date: 2021-03-01, doses: 100}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 1)" +
                     group_extra + "}\n");
}

} // namespace

TEST_CASE("one reserve for every product reads as before", "[input][policy]") {
    const Scenario sc = two_products("{first_dose_allocation: proportional, second_dose_reserve: 0.25}");
    CHECK(sc.policy.reserve_label == "0.25");
    CHECK(sc.policy.second_dose_reserve == 0.25);
    REQUIRE(sc.policy.steps.size() == 1);
    CHECK(sc.policy.steps[0].reserve == std::vector<double>{0.25, 0.25});
    CHECK(sc.policy.steps[0].allocation == "proportional");
    CHECK_FALSE(sc.policy.walk_ins);
}

TEST_CASE("dated policy changes read in order, each keeping what it leaves out",
          "[input][policy]") {
    const Scenario sc = two_products(R"({second_dose_reserve: {a: none},
  changes: [{from: 2021-03-10, first_dose_allocation: proportional},
            {from: 2021-03-20, second_dose_reserve: 0.5}], walk_ins: true})");
    REQUIRE(sc.policy.steps.size() == 3);
    CHECK(sc.policy.steps[1].from == sc.start + 9);
    CHECK(sc.policy.steps[1].reserve == std::vector<double>{0.0, 1.0});
    CHECK(sc.policy.steps[2].allocation == "proportional");
    CHECK(sc.policy.steps[2].reserve == std::vector<double>{0.5, 0.5});
    CHECK(&sc.policy.on(sc.start) == &sc.policy.steps[0]);
    CHECK(&sc.policy.on(sc.start + 15) == &sc.policy.steps[1]);
    CHECK(sc.policy.walk_ins);
}

TEST_CASE("policy and group errors land on the value's line", "[input][policy]") {
    CHECK_THROWS_WITH(two_products("{second_dose_reserve: {c: none}}"),
                      Catch::Contains("tiny.yaml:9:") &&
                          Catch::Contains("unknown product 'c'; declared products: a, b"));
    CHECK_THROWS_WITH(two_products("{changes: [{from: 2021-03-05}]}"),
                      Catch::Contains("a policy change needs first_dose_allocation, "
                                      "second_dose_reserve, shares or walk_ins"));
    CHECK_THROWS_WITH(two_products("{changes: [{from: 2021-03-05, first_dose_allocation: fifo}]}"),
                      Catch::Contains("expected strict_priority, proportional or shares, got 'fifo'"));
    CHECK_THROWS_WITH(two_products("{}", ", arrival: {windows: 3}"),
                      Catch::Contains("missing required key 'over_days'"));
    CHECK_THROWS_WITH(two_products("{}", ", products: [a], product_shares: {a: 1}"),
                      Catch::Contains("give either 'products' (an order) or 'product_shares'"));
    CHECK_THROWS_WITH(two_products("{}", ", uptake: 0.8, uptake_changes: [{from: 2021-03-05, uptake: 0.7}]"),
                      Catch::Contains("uptake can only rise"));
}

TEST_CASE("a sweep or --set can give one product its own reserve", "[input][policy][sweep]") {
    const Scenario base = two_products("{second_dose_reserve: none}");
    ScenarioSpec spec = base.spec();
    ParameterSpace(base.spec())
        .resolve("policy.second_dose_reserve.b")
        .set(spec, ParameterValue::parse("hold_second_doses"));
    const Scenario varied(spec);
    CHECK(varied.policy.steps[0].reserve == std::vector<double>{0.0, 1.0});
    CHECK(varied.policy.reserve_label == "a: none, b: hold_second_doses");
    // One value for every product replaces the map.
    ParameterSpace(spec).resolve("policy.second_dose_reserve").set(spec, ParameterValue::parse("0.5"));
    CHECK(Scenario(spec).policy.steps[0].reserve == std::vector<double>{0.5, 0.5});
    // --set reaches a map in the file, too.
    const Scenario mapped = two_products("{second_dose_reserve: {a: none, b: none}}");
    const Scenario set =
        load_tiny(mapped.provenance().text, {"policy.second_dose_reserve.a=0.5"});
    CHECK(set.policy.steps[0].reserve == std::vector<double>{0.5, 0.0});
}

TEST_CASE("a sweep can vary dated policy steps, closing days, windows and uptake changes",
          "[input][policy][sweep]") {
    const Scenario base = two_products(
        "{changes: [{from: 2021-03-10, second_dose_reserve: {a: none}}]}",
        ", closes: 2021-03-20, arrival: {windows: 2, over_days: 10},"
        " uptake_changes: [{from: 2021-03-15, uptake: 1}], uptake: 0.5");
    ScenarioSpec spec = base.spec();
    const ParameterSpace space(base.spec());
    space.resolve("policy.changes.0.from").set(spec, ParameterValue::parse("2021-03-12"));
    space.resolve("policy.changes.0.second_dose_reserve").set(spec, ParameterValue::parse("0.5"));
    space.resolve("policy.changes.0.first_dose_allocation")
        .set(spec, ParameterValue::parse("proportional"));
    space.resolve("groups.g.closes").set(spec, ParameterValue::parse("2021-03-25"));
    space.resolve("groups.g.arrival.windows").set(spec, ParameterValue::parse("5"));
    space.resolve("groups.g.uptake_changes.0.uptake").set(spec, ParameterValue::parse("0.8"));
    const Scenario varied(spec);
    REQUIRE(varied.policy.steps.size() == 2);
    CHECK(varied.policy.steps[1].from == base.start + 11);
    CHECK(varied.policy.steps[1].reserve == std::vector<double>{0.5, 0.5});
    CHECK(varied.policy.steps[1].allocation == "proportional");
    const PriorityGroup& g = varied.population.groups()[0];
    CHECK(g.closes == base.start + 24);
    REQUIRE(g.arrival);
    CHECK(g.arrival->points.size() == 5);
    CHECK(g.willing == 80);
}

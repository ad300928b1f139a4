// The groups' shares of first doses (allocation `shares`): read with the policy and its
// dated changes, and settable by sweeps and --set as policy.shares.GROUP and
// policy.changes.ID.shares.GROUP.
#include "sim/parameter_space.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

Scenario with_policy(const std::string& policy, const std::vector<std::string>& overrides = {}) {
    return load_tiny("name: input\nstart: 2021-03-01\nend: 2021-03-31\n" + tiny_population() +
                         "policy: " + policy + "\n" + R"(
products:
  - {id: a, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 100}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g1, tier: A, band: old, size: 100, opens: 2021-03-01, priority: 1}
  - {id: g2, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 2}
)",
                     overrides);
}

using Shares = std::vector<std::pair<std::string, double>>;

} // namespace

TEST_CASE("shares are read with the policy and merged at dated changes", "[input][policy][shares]") {
    const Scenario sc = with_policy(
        "{first_dose_allocation: shares, shares: {g1: 0.25, g2: 0.75}, changes: "
        "[{id: q2, from: 2021-03-15, shares: {g1: 1}}]}");
    REQUIRE(sc.policy.steps.size() == 2);
    CHECK(sc.policy.steps[0].shares == Shares{{"g1", 0.25}, {"g2", 0.75}});
    CHECK(sc.policy.steps[1].shares == Shares{{"g1", 1.0}, {"g2", 0.75}});
}

TEST_CASE("a sweep or --set can set a group's share, in the policy or a dated change",
          "[input][policy][shares][sweep]") {
    const Scenario base = with_policy(
        "{first_dose_allocation: shares, shares: {g1: 1}, changes: "
        "[{id: q2, from: 2021-03-15, walk_ins: true}]}");
    ScenarioSpec spec = base.spec();
    const ParameterSpace space(base.spec());
    space.resolve("policy.shares.g2").set(spec, ParameterValue::parse("3"));
    space.resolve("policy.changes.q2.shares.g1").set(spec, ParameterValue::parse("0"));
    const Scenario varied(spec);
    CHECK(varied.policy.steps[0].shares == Shares{{"g1", 1.0}, {"g2", 3.0}});
    CHECK(varied.policy.steps[1].shares == Shares{{"g1", 0.0}, {"g2", 3.0}});
    CHECK_THROWS_WITH(space.resolve("policy.shares.g3"), Catch::Contains("g3"));
    // A negative share is refused by the policy, at its path.
    ScenarioSpec negative = base.spec();
    space.resolve("policy.shares.g1").set(negative, ParameterValue::parse("-1"));
    CHECK_THROWS_WITH(Scenario(negative), Catch::Contains("policy.shares.g1") &&
                                              Catch::Contains("0 or more"));
    // --set reaches the same values through the file's text.
    const Scenario set = load_tiny(base.provenance().text,
                                   {"policy.shares.g2=3", "policy.changes.q2.shares.g1=0"});
    CHECK(set.policy.steps[0].shares == varied.policy.steps[0].shares);
    CHECK(set.policy.steps[1].shares == varied.policy.steps[1].shares);
}

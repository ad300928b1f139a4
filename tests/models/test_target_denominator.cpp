// Targets that state their own denominator (a head count other than the bands' counts).
#include "models/error.hpp"
#include "models/outcomes.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

std::string scenario_with(const std::string& target) {
    return "name: denominator\nstart: 2021-03-01\nend: 2021-03-05\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 30}]}
groups:
  - {id: g, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 1}
targets:
  - )" + target + "\n";
}

} // namespace

TEST_CASE("a target's own denominator replaces its population's head count", "[targets]") {
    // 70% of g's 100 people is 70; of a stated 120 (g plus 20 registered foreigners the
    // bands do not count) it is 84. 30 a day: 30, 60, 90, 100, 100 people with a first
    // dose, so 70 is first reached on day 3 (03-03) and 84 also on 03-03.
    const Scenario own = load_tiny(scenario_with(
        "{id: t, measure: first_dose, population: {groups: [g]}, share: 0.7, deadline: 2021-03-02}"));
    const Scenario stated = load_tiny(scenario_with(
        "{id: t, measure: first_dose, population: {groups: [g]}, share: 0.7, denominator: 120, "
        "deadline: 2021-03-05}"));
    CHECK(own.targets[0].population == 100);
    CHECK(own.targets[0].threshold == 70);
    CHECK(stated.targets[0].population == 120);
    CHECK(stated.targets[0].threshold == 84);
    const Outcomes o = evaluate(stated, run_checked(stated));
    CHECK(o.targets[0].value_at_deadline == 100);
    CHECK(o.targets[0].met);
    CHECK(o.targets[0].margin == 16);
    CHECK(o.targets[0].first_reached == parse_iso_date("2021-03-03"));
}

TEST_CASE("a denominator must be a head count that holds the target's count", "[targets]") {
    CHECK_THROWS_WITH(load_tiny(scenario_with("{id: t, measure: first_dose, population: {groups: "
                                              "[g]}, count: 50, denominator: 40, deadline: 2021-03-05}")),
                      Catch::Contains("denominator 40 is smaller than the target's count 50"));
    CHECK_THROWS_WITH(load_tiny(scenario_with("{id: t, measure: first_dose, population: {groups: "
                                              "[g]}, share: 0.5, denominator: 0, deadline: 2021-03-05}")),
                      Catch::Contains("a denominator must be a head count above zero"));
    CHECK_THROWS_WITH(load_tiny(scenario_with("{id: t, measure: doses, population: {groups: "
                                              "[g]}, count: 5, denominator: 100, deadline: 2021-03-05}")),
                      Catch::Contains("has no meaning there"));
    CHECK_NOTHROW(load_tiny(scenario_with("{id: t, measure: first_dose, population: {groups: "
                                          "[g]}, count: 40, denominator: 40, deadline: 2021-03-05}")));
}

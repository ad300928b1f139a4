// The allocation registry: the names a scenario may use come from it, and an unknown name
// is refused where it is written.
#include "sim/engine/allocation.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

TEST_CASE("the registry names every policy and makes each by name", "[engine][allocation]") {
    std::vector<std::string> names;
    for (const AllocationEntry& e : allocation_policies()) {
        names.emplace_back(e.name);
        CHECK(make_allocation_policy(e.name) != nullptr);
        CHECK(is_allocation_policy(e.name));
    }
    CHECK(names == std::vector<std::string>{"strict_priority", "proportional", "shares"});
    CHECK(allocation_policy_names() == "strict_priority, proportional or shares");
    CHECK_THROWS_WITH(make_allocation_policy("lottery"),
                      "unknown first-dose allocation 'lottery'; known: strict_priority, "
                      "proportional or shares");
}

TEST_CASE("a scenario naming an unknown policy is refused at its line", "[engine][allocation]") {
    const std::string yaml = "name: t\nstart: 2021-03-01\nend: 2021-03-05\n" + tiny_population() +
                             R"(policy: {first_dose_allocation: lottery}
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 100}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: young, size: 20, opens: 2021-03-01, priority: 1}
)";
    try {
        load_tiny(yaml);
        FAIL("the scenario was accepted");
    } catch (const InputFileError& e) {
        CHECK(e.line() == 9);
        CHECK(e.column() == 33);
        CHECK(e.message() ==
              "policy.first_dose_allocation: expected strict_priority, proportional or shares, got 'lottery'");
    }
}

// The allocation `shares`: the day's first doses split between open groups by the
// policy's shares, largest remainder, a share a group cannot use going to the others.
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

std::string shares_scenario(const std::string& policy, const std::string& groups,
                            std::int64_t capacity = 100, std::int64_t supply = 10000,
                            const std::string& end = "2021-03-04") {
    return "name: shares\nstart: 2021-03-01\nend: " + end + "\n" + tiny_population() + policy +
           "products:\n  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: " +
           std::to_string(supply) + "}]}}\ncapacity: {periods: [{from: 2021-03-01, doses_per_day: " +
           std::to_string(capacity) + "}]}\ngroups:\n" + groups;
}

const std::string two_groups = R"(  - {id: g1, tier: A, band: old, size: 500, opens: 2021-03-01, priority: 1}
  - {id: g2, tier: A, band: young, size: 500, opens: 2021-03-01, priority: 2}
)";

} // namespace

TEST_CASE("shares 0.25 and 0.75 of 100 doses a day give exactly 25 and 75", "[engine][shares][policy]") {
    const Scenario sc = load_tiny(shares_scenario(
        "policy: {first_dose_allocation: shares, shares: {g1: 0.25, g2: 0.75}}\n", two_groups));
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{25, 25, 25, 25});
    CHECK(daily_doses(run, 1, 0) == Counts{75, 75, 75, 75});
}

TEST_CASE("shares are relative: 1 and 3 are 0.25 and 0.75", "[engine][shares][policy]") {
    const Scenario sc = load_tiny(shares_scenario(
        "policy: {first_dose_allocation: shares, shares: {g1: 1, g2: 3}}\n", two_groups));
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{25, 25, 25, 25});
    CHECK(daily_doses(run, 1, 0) == Counts{75, 75, 75, 75});
}

TEST_CASE("a group with nobody left waiting leaves its share to the other", "[engine][shares][policy]") {
    // g1 has 10 people, share 0.5: round 1 is bounded by g1's 10 waiting (10 / 0.5 = 20),
    // split 10 + 10; g1 is then empty and g2 takes the 80 left. Day 2 onwards g2 takes all.
    const Scenario sc = load_tiny(shares_scenario(
        "policy: {first_dose_allocation: shares, shares: {g1: 0.5, g2: 0.5}}\n",
        R"(  - {id: g1, tier: A, band: old, size: 10, opens: 2021-03-01, priority: 1}
  - {id: g2, tier: A, band: young, size: 500, opens: 2021-03-01, priority: 2}
)"));
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{10, 0, 0, 0});
    CHECK(daily_doses(run, 1, 0) == Counts{90, 100, 100, 100});
}

TEST_CASE("a closed group's share goes to the open one", "[engine][shares][policy]") {
    // g2 opens on day 3: until then g1 takes all 100, then 30 / 70.
    const Scenario sc = load_tiny(shares_scenario(
        "policy: {first_dose_allocation: shares, shares: {g1: 0.3, g2: 0.7}}\n",
        R"(  - {id: g1, tier: A, band: old, size: 500, opens: 2021-03-01, priority: 1}
  - {id: g2, tier: A, band: young, size: 500, opens: 2021-03-03, priority: 2}
)"));
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{100, 100, 30, 30});
    CHECK(daily_doses(run, 1, 0) == Counts{0, 0, 70, 70});
}

TEST_CASE("shares change at a dated policy step", "[engine][shares][policy]") {
    // 0.2 / 0.8 on days 1-2; from 2021-03-03 g1's share becomes 0.6 and g2 keeps 0.8:
    // 100 x 0.6 / 1.4 = 42.86 -> 43, 57.14 -> 57.
    const Scenario sc = load_tiny(shares_scenario(R"(policy:
  first_dose_allocation: shares
  shares: {g1: 0.2, g2: 0.8}
  changes:
    - {from: 2021-03-03, shares: {g1: 0.6}}
)",
                                                  two_groups));
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{20, 20, 43, 43});
    CHECK(daily_doses(run, 1, 0) == Counts{80, 80, 57, 57});
}

TEST_CASE("a tie in rounding goes to the higher priority, not the file's order",
          "[engine][shares][policy]") {
    // 101 doses, shares 1:1: 50.5 each; the spare dose goes to g2, priority 1.
    const Scenario sc = load_tiny(shares_scenario(
        "policy: {first_dose_allocation: shares, shares: {g1: 1, g2: 1}}\n",
        R"(  - {id: g1, tier: A, band: old, size: 500, opens: 2021-03-01, priority: 2}
  - {id: g2, tier: A, band: young, size: 500, opens: 2021-03-01, priority: 1}
)",
        101));
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{50, 50, 50, 50});
    CHECK(daily_doses(run, 1, 0) == Counts{51, 51, 51, 51});
}

TEST_CASE("shares split the supply, not only the capacity", "[engine][shares][policy]") {
    // Capacity 1000, 60 doses in all: 60 split 1:2 -> 20, 40 on day 1, nothing after.
    const Scenario sc = load_tiny(shares_scenario(
        "policy: {first_dose_allocation: shares, shares: {g1: 1, g2: 2}}\n", two_groups, 1000, 60));
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{20, 0, 0, 0});
    CHECK(daily_doses(run, 1, 0) == Counts{40, 0, 0, 0});
}

TEST_CASE("a group without a share gets what the others cannot take, in priority order",
          "[engine][shares][policy]") {
    // Only g2 has a share; g1 (priority 1, no share) waits until g2 (30 people) is done:
    // day 1 g2 30, g1 the 70 left; then g1 alone.
    const Scenario sc = load_tiny(shares_scenario(
        "policy: {first_dose_allocation: shares, shares: {g2: 1}}\n",
        R"(  - {id: g1, tier: A, band: old, size: 500, opens: 2021-03-01, priority: 1}
  - {id: g2, tier: A, band: young, size: 30, opens: 2021-03-01, priority: 2}
)"));
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{70, 100, 100, 100});
    CHECK(daily_doses(run, 1, 0) == Counts{30, 0, 0, 0});
}

TEST_CASE("a group that may take no product leaves its share to the others",
          "[engine][shares][policy]") {
    // The product is for under-65s only: g1 (old) takes nothing, g2 all 100.
    const Scenario sc = load_tiny(R"(name: shares-elig
start: 2021-03-01
end: 2021-03-02
)" + tiny_population() + R"(policy: {first_dose_allocation: shares, shares: {g1: 0.9, g2: 0.1}}
products:
  - id: vax
    doses: 1
    eligibility: [{max_age: 64}]
    supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: g1, tier: A, band: old, size: 500, opens: 2021-03-01, priority: 1}
  - {id: g2, tier: A, band: young, size: 500, opens: 2021-03-01, priority: 2}
)");
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{0, 0});
    CHECK(daily_doses(run, 1, 0) == Counts{100, 100});
}

TEST_CASE("the shares policy needs shares, and a group's share is 0 or more",
          "[engine][shares][policy]") {
    PolicySpec spec;
    spec.allocation = "shares";
    CHECK_THROWS_WITH(Policy(spec), Catch::Contains("needs the groups' shares"));
    spec.shares = {{"g1", -0.5}};
    CHECK_THROWS_WITH(Policy(spec), Catch::Contains("0 or more"));
    spec.shares = {{"g1", 0.5}, {"g1", 0.5}};
    CHECK_THROWS_WITH(Policy(spec), Catch::Contains("listed twice"));
    spec.shares = {{"g1", 0.5}, {"nobody", 0.5}};
    const Policy policy(spec);
    CHECK_THROWS_WITH(policy.share_weights({"g1", "g2"}), Catch::Contains("unknown group 'nobody'"));
    spec.shares = {{"g2", 0.25}};
    CHECK(Policy(spec).share_weights({"g1", "g2"}) ==
          std::vector<std::vector<std::int64_t>>{{0, 250'000'000}});
}

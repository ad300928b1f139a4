// The invariant check itself: a ledger that breaks a rule is caught, with the rule named.
// (Every engine test relies on it passing; these show it can fail.)
#include "models/invariants.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

const char* const two_dose = R"(name: invariants
start: 2021-03-01
end: 2021-03-10
policy: {second_dose_reserve: none}
products:
  - id: vax
    doses: 2
    interval_days: 3
    supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: young, size: 20, opens: 2021-03-01, priority: 1}
)";

bool mentions(const std::vector<std::string>& lines, const std::string& what) {
    for (const auto& l : lines)
        if (l.find(what) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("a clean run keeps every invariant", "[invariants]") {
    const Scenario sc = load_tiny(std::string(two_dose) + tiny_population());
    CHECK(check_invariants(sc, simulate(sc)).empty());
}

TEST_CASE("a second dose before its interval is caught on the day it happens", "[invariants]") {
    const Scenario sc = load_tiny(std::string(two_dose) + tiny_population());
    Ledger run = simulate(sc);
    // Day 1 (index 1): ten first doses were given on day 0, due on day 3; give one early.
    run.give(1, 0, 0, 0, 0, 1, 1);
    const auto v = check_invariants(sc, run);
    CHECK(mentions(v, "2021-03-02: dose 2 before its minimum interval"));
    CHECK(mentions(v, "dose accounting")); // administered was not told
    CHECK_THROWS_AS(require_invariants(sc, run), InvariantError);
}

TEST_CASE("broken stock, capacity and coverage are each named", "[invariants]") {
    const Scenario sc = load_tiny(std::string(two_dose) + tiny_population());
    Ledger run = simulate(sc);
    run.stock(4, 0) += 1;
    run.capacity(1) = 5;
    run.first_dose_people(6, 0) = 0;
    const auto v = check_invariants(sc, run);
    CHECK(mentions(v, "2021-03-05: ledger: vax"));
    CHECK(mentions(v, "2021-03-02: capacity exceeded"));
    CHECK(mentions(v, "2021-03-07: coverage order"));
    CHECK(mentions(v, "2021-03-07: coverage decreased"));
}

TEST_CASE("overdue people leave only by being given their dose", "[invariants][overdue]") {
    // Everyone's second dose is given on days 4 and 5 (indexes 3, 4): from day 6 nothing
    // is booked or overdue. Recording 3 overdue on day 6 is more than booked; and on day 7
    // they vanish with no dose given.
    const Scenario sc = load_tiny(std::string(two_dose) + tiny_population());
    Ledger run = simulate(sc);
    REQUIRE(run.later_doses_outstanding(5, 0) == 0);
    run.later_doses_due(5, 0) = 3;
    const auto v = check_invariants(sc, run);
    CHECK(mentions(v, "2021-03-06: overdue accounting: vax: 3 overdue of 0 booked"));
    CHECK(mentions(v, "2021-03-07: overdue vanished: 3 overdue the day before, 0 later "
                      "doses given, 0 dropped out, 0 overdue"));
}

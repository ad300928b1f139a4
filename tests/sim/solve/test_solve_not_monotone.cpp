// A response that is not monotone has no single answer: solve says so, with the values.
#include "sim/solve.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

TEST_CASE("solve: fully vaccinated against daily capacity is not monotone", "[solve]") {
    // 100 doses, never more, and no second doses held back; a second dose 2 days after the
    // first. Too little capacity is slow; too much gives all 100 as first doses on day one
    // and leaves none for second doses. 40 fully vaccinated by 03-10:
    //   5 a day: 20 first doses and 20 second doses by 03-10 -> missed;
    //  10 a day: 10 first, 10 first, 10 second, 10 second, ... -> 40 by 03-08, met;
    //  50 a day: 50 and 50 first doses on 03-01 and 03-02, no stock left -> 0, missed.
    const Scenario base = load_tiny(
        "name: not-monotone\nstart: 2021-03-01\nend: 2021-03-10\n" + tiny_population() + R"(
policy: {second_dose_reserve: none}
products:
  - {id: vax, doses: 2, interval_days: 2, supply: {deliveries: [{date: 2021-03-01, doses: 100}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 1}
targets:
  - {id: forty_full, measure: fully_vaccinated, population: {groups: [g]}, count: 40, deadline: 2021-03-10}
)");
    SolveRequest r;
    r.path = "capacity.periods.0.doses_per_day";
    r.from = "4";
    r.to = "100";
    r.targets = {"forty_full"};
    for (auto direction : {std::optional<SolveDirection>{}, std::optional{SolveDirection::smallest},
                           std::optional{SolveDirection::latest}}) {
        r.direction = direction;
        const SolveRecord s = solve(base, r);
        CHECK(s.status == SolveStatus::not_monotone);
        CHECK_FALSE(s.answer);
        // The values that show it: the lowest fails, one between meets, the highest fails.
        bool low_fails = false, middle_meets = false, high_fails = false;
        for (const auto& e : s.evaluations) {
            if (e.value == "4") low_fails = !e.meets;
            if (e.value == "100") high_fails = !e.meets;
            if (e.value != "4" && e.value != "100" && e.meets) middle_meets = true;
        }
        CHECK(low_fails);
        CHECK(middle_meets);
        CHECK(high_fails);
        CHECK(format_solve(s).find("not monotone") != std::string::npos);
    }
}

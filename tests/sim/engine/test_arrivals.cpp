// Demand: the willing arrive in booking windows or along a curve after their group opens,
// walk-ins take leftover doses, and the day says when it waited for arrivals.
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

Scenario arrival_scenario(const std::string& arrival, std::int64_t size, const std::string& end,
                          std::int64_t capacity = 1000) {
    return load_tiny("name: arrivals\nstart: 2021-03-01\nend: " + end + "\n" + tiny_population() +
                     R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: )" +
                     std::to_string(capacity) + R"(}]}
groups:
  - {id: g, tier: A, band: young, size: )" +
                     std::to_string(size) + ", opens: 2021-03-01, priority: 1, arrival: " +
                     arrival + "}\n");
}

} // namespace

TEST_CASE("booking windows: N equal windows, window i opening on day floor(i D / N)",
          "[engine][arrival]") {
    // 4 windows over 10 days open on days 0, 2, 5 and 7 (2.5 and 7.5 rounded down).
    const Ledger run =
        run_checked(arrival_scenario("{windows: 4, over_days: 10}", 100, "2021-03-10"));
    CHECK(daily_doses(run, 0, 0) == Counts{25, 0, 25, 0, 0, 25, 0, 25, 0, 0});
    const auto codes = constraints(run);
    CHECK(codes[0] == Constraint::awaiting_arrivals);
    CHECK(codes[1] == Constraint::awaiting_arrivals);
    CHECK(codes[6] == Constraint::awaiting_arrivals);
    CHECK(codes[7] == Constraint::none);
    CHECK(codes[9] == Constraint::none);
}

TEST_CASE("booking windows split the willing exactly, halves up, cumulatively",
          "[engine][arrival]") {
    // 100 in 3 windows: round(33.3) = 33, round(66.7) = 67, 100 -> 33, 34, 33.
    const Ledger run = run_checked(arrival_scenario("{windows: 3, over_days: 3}", 100, "2021-03-04"));
    CHECK(daily_doses(run, 0, 0) == Counts{33, 34, 33, 0});
}

TEST_CASE("an arrival curve is piecewise linear in cumulative share", "[engine][arrival]") {
    // 20% on the opening day, rising linearly to 60% on day 4, everyone on day 5.
    const Ledger run = run_checked(
        arrival_scenario("{curve: [[0, 0.2], [4, 0.6], [5, 1]]}", 100, "2021-03-07"));
    CHECK(daily_doses(run, 0, 0) == Counts{20, 10, 10, 10, 10, 40, 0});
    // 7 people from 0 to 1 over two days: 0, round(3.5) = 4, 7.
    const Ledger small = run_checked(arrival_scenario("{curve: [[0, 0], [2, 1]]}", 7, "2021-03-03"));
    CHECK(daily_doses(small, 0, 0) == Counts{0, 4, 3});
    // Nobody before the first point.
    const Ledger late = run_checked(arrival_scenario("{curve: [[2, 0.5], [3, 1]]}", 10, "2021-03-04"));
    CHECK(daily_doses(late, 0, 0) == Counts{0, 0, 5, 5});
    CHECK(constraints(late)[0] == Constraint::awaiting_arrivals);
}

TEST_CASE("arrivals who cannot be served today wait their turn", "[engine][arrival]") {
    // Capacity 20; windows bring 50 on day 0 and 50 on day 2: 20 a day throughout.
    const Ledger run = run_checked(
        arrival_scenario("{windows: 2, over_days: 4}", 100, "2021-03-06", 20));
    CHECK(daily_doses(run, 0, 0) == Counts{20, 20, 20, 20, 20, 0});
    CHECK(constraints(run)[4] == Constraint::capacity);
}

namespace {

Scenario walk_in_scenario(bool walk_ins) {
    return load_tiny("name: walk-ins\nstart: 2021-03-01\nend: 2021-03-04\n" + tiny_population() +
                     "policy: {walk_ins: " + (walk_ins ? "{enabled: true}" : "false") + "}\n" + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 80}]}
groups:
  - {id: g1, tier: A, band: old, size: 50, opens: 2021-03-01, priority: 1}
  - {id: g2, tier: A, band: young, size: 100, opens: 2021-03-03, priority: 2}
)");
}

} // namespace

TEST_CASE("walk-ins off: leftover doses wait for the next group to open", "[engine][walk_ins]") {
    const Ledger run = run_checked(walk_in_scenario(false));
    CHECK(daily_doses(run, 0, 0) == Counts{50, 0, 0, 0});
    CHECK(daily_doses(run, 1, 0) == Counts{0, 0, 80, 20});
    CHECK(constraints(run)[1] == Constraint::none);
}

TEST_CASE("walk-ins on: leftover capacity goes to the not yet eligible, in priority order",
          "[engine][walk_ins]") {
    // Day 1: g1's 50, then 30 walk-ins of g2; day 2: the other 70 of g2 walk in.
    const Ledger run = run_checked(walk_in_scenario(true));
    CHECK(daily_doses(run, 0, 0) == Counts{50, 0, 0, 0});
    CHECK(daily_doses(run, 1, 0) == Counts{30, 70, 0, 0});
    CHECK(column(run.first_dose_people, 1) == Counts{30, 100, 100, 100});
    CHECK(constraints(run)[0] == Constraint::capacity);
    CHECK(constraints(run)[2] == Constraint::none);
}

TEST_CASE("walk-ins that start on a date: leftovers wait before it", "[engine][walk_ins]") {
    // As "walk-ins on", but walk-ins begin on day 2: day 1's 30 leftover doses go unused,
    // and on day 2 g2's 100 walk in up to capacity (80), the last 20 arrive on day 3.
    Scenario sc = load_tiny("name: walk-ins\nstart: 2021-03-01\nend: 2021-03-04\n" +
                            tiny_population() +
                            "policy: {changes: [{from: 2021-03-02, walk_ins: true}]}\n" + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 80}]}
groups:
  - {id: g1, tier: A, band: old, size: 50, opens: 2021-03-01, priority: 1}
  - {id: g2, tier: A, band: young, size: 100, opens: 2021-03-03, priority: 2}
)");
    REQUIRE(sc.policy.steps.size() == 2);
    CHECK_FALSE(sc.policy.steps[0].walk_ins);
    CHECK(sc.policy.steps[1].walk_ins);
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{50, 0, 0, 0});
    CHECK(daily_doses(run, 1, 0) == Counts{0, 80, 20, 0});
}

TEST_CASE("walk-ins keep the second-dose reserve and fill in behind booking windows",
          "[engine][walk_ins]") {
    // 40 two-dose doses held for second doses: 20 first doses on day 1 in all. The group's
    // first window brings 10; 10 more walk in from the later windows.
    const Scenario sc =
        load_tiny("name: walk-ins\nstart: 2021-03-01\nend: 2021-03-02\n" + tiny_population() + R"(
policy: {walk_ins: true}
products:
  - {id: vax, doses: 2, interval_days: 7, supply: {deliveries: [{date: 2021-03-01, doses: 40}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: g, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 1,
     arrival: {windows: 10, over_days: 10}}
)");
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{20, 0});
    CHECK(column(run.stock, 0) == Counts{20, 20});
}

TEST_CASE("walk-ins before any group opens: the day is bound by what stopped them",
          "[engine][walk_ins][binding]") {
    const auto scenario = [](bool walk_ins) {
        return load_tiny("name: walk-ins\nstart: 2021-03-01\nend: 2021-03-03\n" +
                         tiny_population() + "policy: {walk_ins: " + (walk_ins ? "true" : "false") +
                         "}\n" + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: young, size: 15, opens: 2021-03-03, priority: 1}
)");
    };
    const Ledger off = run_checked(scenario(false));
    CHECK(daily_doses(off, 0, 0) == Counts{0, 0, 10});
    CHECK(constraints(off) == std::vector<Constraint>{Constraint::no_group_open,
                                                      Constraint::no_group_open,
                                                      Constraint::capacity});
    // 10 walk in on day 1 (capacity), the other 5 on day 2; nobody is left when it opens.
    const Ledger on = run_checked(scenario(true));
    CHECK(daily_doses(on, 0, 0) == Counts{10, 5, 0});
    CHECK(constraints(on) ==
          std::vector<Constraint>{Constraint::capacity, Constraint::none, Constraint::none});
}

// Dose schedules: series of any length, interval ranges (early doses within min_days,
// drop-out after max_days), and interval changes by first-dose date or by due date,
// with an end date, re-dating booked doses.
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

// One product `vax` (given as YAML), one group of `size` young people, 10 doses a day,
// 2021-03-01 to 2021-03-10.
Scenario schedule_scenario(const std::string& product, int size, int capacity = 10) {
    return load_tiny("name: schedule\nstart: 2021-03-01\nend: 2021-03-10\n" + tiny_population() +
                     "policy: {second_dose_reserve: none}\nproducts:\n" + product +
                     "capacity: {periods: [{from: 2021-03-01, doses_per_day: " +
                     std::to_string(capacity) + "}]}\ngroups:\n  - {id: g, tier: A, band: young, size: " +
                     std::to_string(size) + ", opens: 2021-03-01, priority: 1}\n");
}

const char* const supply = "    supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}\n";

} // namespace

TEST_CASE("a three-dose series books each dose from the one before", "[engine][schedule]") {
    // First doses days 1-2; second doses 2 days later (days 3, 4); third doses 3 days
    // after the second (days 6, 7).
    const Scenario sc = schedule_scenario(std::string(R"(  - id: vax
    doses: 3
    intervals: [{days: 2}, 3]
)") + supply, 20);
    const Ledger run = run_checked(sc);
    CHECK(run.doses_per_person() == 3);
    CHECK(daily_doses(run, 0, 0) == Counts{10, 10, 0, 0, 0, 0, 0, 0, 0, 0});
    CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 10, 10, 0, 0, 0, 0, 0, 0});
    CHECK(daily_doses(run, 0, 2) == Counts{0, 0, 0, 0, 0, 10, 10, 0, 0, 0});
    CHECK(column(run.fully_vaccinated_people, 0) == Counts{0, 0, 0, 0, 0, 10, 20, 20, 20, 20});
}

TEST_CASE("min_days lets a booked dose come early when capacity and stock are left",
          "[engine][schedule]") {
    // Due 5 days after the first dose, but from 2 days on. Day 1: 10 first doses; day 2:
    // 5 first doses, and none of day 1's may come yet; day 3: 10 early (of day 1), day 4:
    // the other 5 (of day 2). Without min_days they would come on days 6 and 7.
    const Ledger early = run_checked(schedule_scenario(std::string(R"(  - id: vax
    doses: 2
    intervals: [{days: 5, min_days: 2, max_days: 8}]
)") + supply, 15));
    CHECK(daily_doses(early, 0, 0) == Counts{10, 5, 0, 0, 0, 0, 0, 0, 0, 0});
    CHECK(daily_doses(early, 0, 1) == Counts{0, 0, 10, 5, 0, 0, 0, 0, 0, 0});
    CHECK(column(early.later_doses_outstanding, 0) == Counts{10, 15, 5, 0, 0, 0, 0, 0, 0, 0});
    CHECK(column(early.later_doses_due, 0) == Counts{0, 0, 0, 0, 0, 0, 0, 0, 0, 0});

    const Ledger on_time = run_checked(schedule_scenario(std::string(R"(  - id: vax
    doses: 2
    intervals: [{days: 5}]
)") + supply, 15));
    CHECK(daily_doses(on_time, 0, 1) == Counts{0, 0, 0, 0, 0, 10, 5, 0, 0, 0});
}

TEST_CASE("after max_days a person drops out only when the product says so",
          "[engine][schedule]") {
    // Ten first doses use all stock on day 1; second doses are due day 3, latest day 4,
    // and the next doses arrive on day 6. With drop_out, the ten leave on day 5 (the day
    // after the latest) and the delivery stays in stock; else they get it on day 6.
    const auto scenario = [](const std::string& after_max) {
        return schedule_scenario(R"(  - id: vax
    doses: 2
    intervals: [{days: 2, max_days: 3}]
)" + after_max + R"(    supply: {deliveries: [{date: 2021-03-01, doses: 10}, {date: 2021-03-06, doses: 10}]}
)",
                                 10, 100);
    };
    const Scenario drop_out = scenario("    after_max: drop_out\n");
    const Ledger dropped = run_checked(drop_out);
    CHECK(daily_doses(dropped, 0, 1) == Counts{0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    CHECK(column(dropped.later_doses_due, 0) == Counts{0, 0, 10, 10, 0, 0, 0, 0, 0, 0});
    CHECK(column(dropped.dropped_out, 0) == Counts{0, 0, 0, 0, 10, 0, 0, 0, 0, 0});
    CHECK(column(dropped.later_doses_outstanding, 0) == Counts{10, 10, 10, 10, 0, 0, 0, 0, 0, 0});
    CHECK(dropped.stock(9, 0) == 10);
    CHECK(evaluate(drop_out, dropped).overdue[0].person_days == 20);

    const Ledger waiting = run_checked(scenario(""));
    CHECK(daily_doses(waiting, 0, 1) == Counts{0, 0, 0, 0, 0, 10, 0, 0, 0, 0});
    CHECK(column(waiting.dropped_out, 0) == Counts{0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
}

TEST_CASE("an interval change by first-dose date and by due date differ on the same people",
          "[engine][schedule][interval]") {
    // First doses on 03-01, 03-02, 03-03 (ten a day), interval 3 days; 5 days in the
    // change's window 03-02 to 03-05. By first-dose date, the 03-02 and 03-03 people get
    // 5 days (due 03-07, 03-08). By due date, only the 03-02 people, whose second dose
    // falls due 03-05, inside the window (03-07); the 03-03 people's 03-06 is outside.
    // The 03-01 people were booked before the change began: theirs stays 03-04.
    const auto scenario = [](const std::string& basis) {
        return schedule_scenario(R"(  - id: vax
    doses: 2
    interval_days: 3
    interval_changes: [{from: 2021-03-02, to: 2021-03-05, days: 5, applies_to: )" +
                                     basis + "}]\n" + supply,
                                 30);
    };
    const Ledger by_first = run_checked(scenario("first_dose_date"));
    CHECK(daily_doses(by_first, 0, 0) == Counts{10, 10, 10, 0, 0, 0, 0, 0, 0, 0});
    CHECK(daily_doses(by_first, 0, 1) == Counts{0, 0, 0, 10, 0, 0, 10, 10, 0, 0});
    const Ledger by_due = run_checked(scenario("due_date"));
    CHECK(daily_doses(by_due, 0, 1) == Counts{0, 0, 0, 10, 0, 10, 10, 0, 0, 0});
}

TEST_CASE("a change with an end date applies only inside its window", "[engine][schedule][interval]") {
    // 5 days for first doses given on 03-02 only: 03-01 and 03-03 people keep 3 days.
    const Ledger run = run_checked(schedule_scenario(std::string(R"(  - id: vax
    doses: 2
    interval_days: 3
    interval_changes: [{from: 2021-03-02, to: 2021-03-02, days: 5}]
)") + supply, 30));
    CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 0, 10, 0, 10, 10, 0, 0, 0});
}

TEST_CASE("move_booked re-dates bookings made before a due-date change begins",
          "[engine][schedule][interval]") {
    // First doses 03-01 and 03-02, second doses due 03-04 and 03-05. From 03-03, second
    // doses due from 03-03 (to `to`) get 6 days. Moved: due 03-07 and 03-08. Not moved:
    // booked before the change, they keep 03-04 and 03-05. With the window ending 03-04,
    // only the 03-01 people move.
    const auto scenario = [](const std::string& change) {
        return schedule_scenario(R"(  - id: vax
    doses: 2
    interval_days: 3
    interval_changes: [{from: 2021-03-03, days: 6, applies_to: due_date)" +
                                     change + "}]\n" + supply,
                                 20);
    };
    const Ledger moved = run_checked(scenario(", move_booked: true"));
    CHECK(daily_doses(moved, 0, 1) == Counts{0, 0, 0, 0, 0, 0, 10, 10, 0, 0});
    CHECK(column(moved.later_doses_outstanding, 0) == Counts{10, 20, 20, 20, 20, 20, 10, 0, 0, 0});
    const Ledger kept = run_checked(scenario(", move_booked: false"));
    CHECK(daily_doses(kept, 0, 1) == Counts{0, 0, 0, 10, 10, 0, 0, 0, 0, 0});
    const Ledger window = run_checked(scenario(", move_booked: true, to: 2021-03-04"));
    CHECK(daily_doses(window, 0, 1) == Counts{0, 0, 0, 0, 10, 0, 10, 0, 0, 0});
}

TEST_CASE("a change for the third dose leaves the second alone", "[engine][schedule][interval]") {
    // Gaps 2 then 3 days; from 03-01, the third dose comes 5 days after the second.
    const Ledger run = run_checked(schedule_scenario(std::string(R"(  - id: vax
    doses: 3
    intervals: [2, 3]
    interval_changes: [{from: 2021-03-01, dose: 3, days: 5}]
)") + supply, 10));
    CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 10, 0, 0, 0, 0, 0, 0, 0});
    CHECK(daily_doses(run, 0, 2) == Counts{0, 0, 0, 0, 0, 0, 0, 10, 0, 0});
}

TEST_CASE("interval_days is shorthand for a one-gap intervals list", "[engine][schedule]") {
    const Ledger shorthand = run_checked(schedule_scenario(std::string(R"(  - id: vax
    doses: 2
    interval_days: 4
)") + supply, 20));
    const Ledger listed = run_checked(schedule_scenario(std::string(R"(  - id: vax
    doses: 2
    intervals: [{days: 4, min_days: 4, max_days: 4}]
)") + supply, 20));
    CHECK(daily_doses(shorthand, 0, 1) == Counts{0, 0, 0, 0, 10, 10, 0, 0, 0, 0});
    CHECK(daily_doses(listed, 0, 1) == daily_doses(shorthand, 0, 1));
}

// People overdue for a later dose: per product peak and person-days in the outcomes, the
// summary, the run file and the sweep record, and targets that bound them.
#include <catch2/catch.hpp>

#include "results/summary.hpp"
#include "results/sweep_record.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

// 10 first doses on day 1 use all the stock; their second doses fall due on day 3 with
// none left, so 10 are overdue on days 3 and 4 until day 5's delivery serves them.
const std::string overdue_scenario =
    "name: overdue\nstart: 2021-03-01\nend: 2021-03-06\n" + tiny_population() + R"(
policy: {second_dose_reserve: none}
products:
  - id: vax
    doses: 2
    interval_days: 2
    supply: {deliveries: [{date: 2021-03-01, doses: 10}, {date: 2021-03-05, doses: 10}]}
  - {id: spare, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 5}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: g1, tier: A, band: young, size: 10, opens: 2021-03-01, priority: 1, products: [vax]}
targets:
  - {id: peak_5, measure: overdue_peak, population: {products: [vax]}, at_most: 5, deadline: 2021-03-06}
  - {id: days_20, measure: overdue_person_days, population: {all: true}, at_most: 20, deadline: 2021-03-06}
  - {id: days_since, measure: overdue_person_days, population: {all: true}, at_most: 5, deadline: 2021-03-06, since: 2021-03-04}
)";

} // namespace

TEST_CASE("overdue people per product: peak, its date and person-days", "[overdue]") {
    const Scenario sc = load_tiny(overdue_scenario);
    const Ledger run = run_checked(sc);
    CHECK(column(run.later_doses_due, 0) == Counts{0, 0, 10, 10, 0, 0});
    CHECK(daily_doses(run, 0, 1) == Counts{0, 0, 0, 0, 10, 0});
    const Outcomes o = evaluate(sc, run);
    REQUIRE(o.overdue.size() == 2);
    CHECK(o.overdue[0].peak == 10);
    CHECK(o.overdue[0].peak_day == parse_iso_date("2021-03-03"));
    CHECK(o.overdue[0].person_days == 20);
    CHECK(o.overdue[0].at_end == 0);
    CHECK(o.overdue[1].peak == 0);
    CHECK_FALSE(o.overdue[1].peak_day);
}

TEST_CASE("a target bounds overdue people: met at or under the bound, margin is headroom",
          "[overdue][targets]") {
    const Scenario sc = load_tiny(overdue_scenario);
    const Ledger run = run_checked(sc);
    const Outcomes o = evaluate(sc, run);
    // peak 10 > 5: not met, 5 over.
    CHECK(o.targets[0].value_at_deadline == 10);
    CHECK_FALSE(o.targets[0].met);
    CHECK(o.targets[0].margin == -5);
    CHECK_FALSE(o.targets[0].first_reached);
    // 20 person-days <= 20: met with no headroom.
    CHECK(o.targets[1].value_at_deadline == 20);
    CHECK(o.targets[1].met);
    CHECK(o.targets[1].margin == 0);
    // From 2021-03-04 only: 10 person-days.
    CHECK(column(target_series(sc, run, sc.targets[2]), 0) == Counts{0, 0, 0, 10, 10, 10});
    CHECK_FALSE(o.targets[2].met);
}

TEST_CASE("the summary prints each product's overdue peak and person-days", "[overdue][summary]") {
    const Scenario sc = load_tiny(overdue_scenario);
    const Ledger run = run_checked(sc);
    const std::string text = format_summary(sc, run, evaluate(sc, run));
    CHECK_THAT(text, Catch::Contains("Overdue later doses by product: people due and not yet given\n"
                                     "  vax            peak          10 on 2021-03-03, "
                                     "           20 person-days, at end 0\n"
                                     "  spare          never overdue\n"));
    CHECK_THAT(text, Catch::Contains("at most 5\n    NOT MET: 10 at the deadline, headroom -5\n"));
}

TEST_CASE("a sweep record holds each product's overdue peak and person-days",
          "[overdue][sweep]") {
    const Scenario sc = load_tiny(overdue_scenario);
    const Ledger run = run_checked(sc);
    const Outcomes o = evaluate(sc, run, false);
    const SweepRecordLayout layout(sc);
    CHECK(layout.width(RecordField::overdue_peak) == 2);
    std::vector<std::int64_t> record(layout.size());
    fill_record(layout, sc, run, o, {}, std::nullopt, 0.0, record.data());
    CHECK(record[layout.offset(RecordField::overdue_peak, 0)] == 10);
    CHECK(record[layout.offset(RecordField::overdue_person_days, 0)] == 20);
    CHECK(record[layout.offset(RecordField::overdue_peak, 1)] == 0);
    CHECK(record[layout.offset(RecordField::target_met, 1)] == 1);
}

TEST_CASE("the summary prints the people who dropped out beside the overdue", "[overdue][summary]") {
    // tests/data/drop-outs.yaml, by hand: 500 doses on day 1 and 50 a day of capacity.
    // Days 1-7 give 350 first doses; days 8-10 the 150 second doses due (booked doses come
    // first) and the stock is gone. The 200 due 03-11 to 03-14 wait one day past due
    // (max_days 8) and drop out; so do the 100 given first doses from 03-20's delivery.
    // Overdue: 300 people for 2 days each = 600 person-days, peak 100 on 03-12.
    const Scenario sc =
        load_scenario_file(std::filesystem::path(VAXSIM_SOURCE_DIR) / "tests/data/drop-outs.yaml");
    const Ledger run = run_checked(sc);
    CHECK(run.dropped_out.sum() == 300);
    const std::string text = format_summary(sc, run, evaluate(sc, run));
    CHECK_THAT(text, Catch::Contains("  vax            peak         100 on 2021-03-12, "
                                     "          600 person-days, at end 0, dropped out 300\n"));
}

#pragma once
// What a run means for a planner: targets checked, the quarterly plan compared per
// group, and monthly and quarterly summaries. All derived from the daily record.
#include <optional>
#include <string>
#include <vector>

#include "models/ledger.hpp"
#include "models/place_ledger.hpp"
#include "models/scenario.hpp"

namespace vaxsim {

// For a bound (an overdue measure), met means value <= threshold, the margin is the
// headroom (threshold minus value) and first_reached is none.
struct TargetResult {
    std::int64_t threshold = 0;
    std::int64_t value_at_deadline = 0;
    bool met = false;
    std::int64_t margin = 0; // value at deadline minus threshold; for a bound the reverse
    std::optional<DayNumber> first_reached;
};

// People of one product overdue for a later dose: due on or before a day and not given
// by its end (the ledger's later_doses_due), over the run.
struct OverdueResult {
    std::int64_t peak = 0;              // the most on any one day
    std::optional<DayNumber> peak_day;  // the first day with that many; none if never overdue
    std::int64_t person_days = 0;       // the sum over the days
    std::int64_t at_end = 0;            // on the last day
};

// One group's quarter in the plan against what the run did in that quarter.
struct PlanCheck {
    int group = 0;
    std::int64_t planned = 0;
    std::int64_t started_in_quarter = 0; // people given a first dose within the quarter
    bool met = false;
    bool quarter_in_run = true; // false when the run ends before the quarter does
};

struct PeriodSummary {
    std::vector<std::string> labels;  // "2021Q1" or "2021-03"
    std::vector<DayNumber> first_day; // clipped to the run
    std::vector<DayNumber> last_day;
    CountMatrix first_doses;             // [period x group] given within the period
    CountMatrix second_doses;            // [period x group]
    CountMatrix first_dose_people;       // [period x group] at the period's last day
    CountMatrix fully_vaccinated_people; // [period x group]
    CountMatrix deliveries;              // [period x product]
    CountMatrix administered;            // [period x product]
    CountMatrix wasted;                  // [period x product]
    CountVector capacity;                // [period]
    CountVector capacity_used;           // [period]
};

struct Outcomes {
    CountMatrix first_doses_by_group;             // [day x group] given that day
    CountMatrix second_doses_by_group;            // [day x group] given that day: later series doses
    CountMatrix boosters_by_group;                // [day x group] given that day: boosters
    CountMatrix first_dose_people_by_group;       // [day x group]
    CountMatrix fully_vaccinated_people_by_group; // [day x group]
    CountMatrix boosted_people_by_group;          // [day x group]
    CountMatrix up_to_date_people_by_group;       // [day x group]
    std::vector<TargetResult> targets;
    std::vector<PlanCheck> plan;
    std::vector<OverdueResult> overdue; // per product
    PeriodSummary monthly;
    PeriodSummary quarterly;
};

// What a place of a run with places reports: its coverage by group, its targets and its
// quarterly plan checked. The daily doses by group, the boosted, the overdue and the
// period tables are the city's (Outcomes): nothing reads them per place, and working
// them out for 25 districts cost a tenth of the run.
struct PlaceOutcomes {
    CountMatrix first_dose_people_by_group;       // [day x group]
    CountMatrix fully_vaccinated_people_by_group; // [day x group]
    CountMatrix up_to_date_people_by_group;       // [day x group]
    std::vector<TargetResult> targets;
    std::vector<PlanCheck> plan;
};

// One place of a run with places: its scenario (Scenario::place_scenarios), its ledger,
// and its targets and plan checked on it.
struct PlaceOutcome {
    const Scenario* scenario = nullptr;
    const PlaceLedger* ledger = nullptr; // what is kept of its ledger
    PlaceOutcomes outcomes;
    // Each target's cumulative series (target_series), one per target of its scenario:
    // kept here, as its ledger keeps no people matrices.
    std::vector<CountVector> target_series;
};

// `period_summaries`: also the monthly and quarterly tables (a sweep's runs skip them).
// `series`, when given, gets each target's series (target_series) in the targets' order.
Outcomes evaluate(const Scenario& scenario, const Ledger& run, bool period_summaries = true,
                  std::vector<CountVector>* series = nullptr);
// A place's share of that (PlaceOutcomes), with each target's series.
PlaceOutcomes evaluate_place(const Scenario& place, const Ledger& run, std::vector<CountVector>& series);

// Cumulative series of a target's measure over its population, one value per day.
CountVector target_series(const Scenario& scenario, const Ledger& run, const Target& target);
// Overdue people of product p over the run.
OverdueResult overdue_of(const Ledger& run, int product);
// One target checked on a run (what evaluate() does for each).
TargetResult evaluate_target(const Scenario& scenario, const Ledger& run, const Target& target);
// One group's quarterly plan checked on a run; the group must have a plan.
PlanCheck check_plan(const Scenario& scenario, const Ledger& run, int group);

} // namespace vaxsim

#pragma once
// Why a group slipped its quarterly plan: when it finished (reached its plan count, counted
// from the quarter's first day) and what held it on the days of its quarter it was not
// fully served, by the per-group binding constraint (/daily/group_binding_constraint,
// results/LAYOUT.md). One computation for the summary, the run report and the export.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "models/ledger.hpp"
#include "models/outcomes.hpp"
#include "models/scenario.hpp"
#include "results/labels.hpp"
#include "results/run_reader.hpp"

namespace vaxsim {

// What a run holds that the reasons need, from a ledger or a run file alike.
struct SlipInputs {
    std::vector<std::string> dates;    // [D] ISO dates
    std::vector<std::string> quarters; // [D] "2021Q1"
    std::vector<std::string> products; // [P] ids
    const CountMatrix* first_dose_people = nullptr; // [D, G]
    const std::vector<std::int8_t>* group_binding = nullptr;  // [D * G]
    const std::vector<std::int32_t>* group_product = nullptr; // [D * G]
    std::vector<std::int64_t> initial_people; // [G] with a first dose before the run; empty: none
};

// One slipped plan row (a group, its quarter in the run, fewer started than planned).
struct SlipReason {
    std::size_t group = 0;
    std::string quarter;
    std::int64_t planned = 0, started = 0;
    // The day the people it started from the quarter's first day reached `planned`; ""
    // when that never happened within the run.
    std::string finished;
    // Its people with a first dose at the run's end and the last day that count grew ("" if
    // it never grew).
    std::int64_t final_people = 0;
    std::string final_date;
    std::int64_t before_quarter = 0; // of them, people with a first dose before the quarter
    // Over the days of the quarter: what held it ("capacity", "supply:pfizer", "not open",
    // "awaiting_arrivals", ...) and on how many days, most days first. Days it was fully
    // served (nobody waiting, no one to come) are not counted.
    std::vector<std::pair<std::string, int>> held;
};

// A plan row: the group (index), its quarter, planned and started counts, and whether it
// slipped (its quarter within the run and fewer started than planned).
struct PlanRow {
    std::size_t group = 0;
    std::string quarter;
    std::int64_t planned = 0, started = 0;
    bool slipped = false;
};

std::vector<SlipReason> slip_reasons(const SlipInputs& in, const std::vector<PlanRow>& plan);

// The same for a run just made (the summary, the serve page).
std::vector<SlipReason> slip_reasons(const Scenario& scenario, const Ledger& run,
                                     const Outcomes& outcomes);

// The same from a run file (none for a file before 2.4, which does not hold what held each
// group).
std::vector<SlipReason> slip_reasons(const RunReader& reader, const GroupTable& groups,
                                     const PlanCheckTable& plan, const DailySeries& daily);

// What held a group, for people: a `held` key ("capacity", "supply:vax", "not open") as
// the constraint's display name, the product after it in parentheses ("supply (vax)").
std::string held_name(const std::string& key, Language language);

// "capacity 26 d, supply:vax 5 d": in English the keys as files and the summary name
// them; in Korean by display names ("접종 역량 26일, 공급 (vax) 5일").
std::string held_text(const SlipReason& reason, Language language = Language::en);

} // namespace vaxsim

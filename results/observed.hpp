#pragma once
// A run set against what actually happened: observed daily counts (e.g. KDCA's published
// cumulative first doses, fully vaccinated, boosted, doses given per day) compared with
// the run's own series day by day, summarised, and written as a CSV table or HTML page.
// Plain data in (ObservedData, read from a CSV by sim/input/observed_reader.cpp), numbers
// out; the run is read through results/run_reader.hpp.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/date.hpp"
#include "results/labels.hpp"

namespace vaxsim {

class RunReader;

// What an observed column counts. Cumulative measures never fall in a run; `administered`
// is the doses given on that day.
enum class ObservedMeasure {
    first_dose_people,       // people with at least one dose, to date
    fully_vaccinated_people, // people who completed their series, to date
    boosted_people,          // people given a booster, to date (run files 2.2 and later)
    up_to_date_people,       // people whose protection is current (run files 2.2 and later)
    administered,            // doses given that day
    administered_to_date,    // doses given up to and including that day
};

struct ObservedMeasureInfo {
    ObservedMeasure measure;
    std::string_view name;   // as written in a CSV header
    std::string_view phrase; // "people with a first dose"
    bool cumulative;         // a count to date (so the run can lead or lag it by days)
    bool by_product;         // may be counted for one product
};
// Every measure, in the order the README lists them.
const std::vector<ObservedMeasureInfo>& observed_measures();
const ObservedMeasureInfo& observed_measure_info(ObservedMeasure measure);

// Whom a column counts: everyone in the run, one group, one tier, or (doses only) one
// product.
enum class ObservedScope { everyone, group, tier, product };

struct ObservedColumn {
    std::string name; // the header cell, e.g. "first_dose_people:tier=가"
    ObservedMeasure measure = ObservedMeasure::first_dose_people;
    ObservedScope scope = ObservedScope::everyone;
    std::string scope_id;                        // the group, tier or product id
    std::vector<std::optional<std::int64_t>> values; // one per ObservedData::dates; empty = not observed
};

// An observed table: dates in increasing order, no duplicates, and columns whose names the
// run knows (the reader checks both against the run before a comparison is made).
struct ObservedData {
    std::string source; // the file it was read from, for messages
    std::vector<DayNumber> dates;
    std::vector<ObservedColumn> columns;
};

// The names a run defines, which an observed column may refer to.
struct RunNames {
    std::vector<std::string> groups, tiers, products;
    bool has_boosters = false; // the run file records boosted and up-to-date people (2.2+)
};
RunNames run_names(const RunReader& run);

// One day of one column.
struct ComparedDay {
    DayNumber date = 0;
    std::int64_t run = 0, observed = 0;
    std::int64_t difference() const { return run - observed; }
    // (run - observed) / observed; none when nothing was observed (0).
    std::optional<double> relative() const;
    // For a cumulative measure, how many days earlier the run had reached the observed
    // count (negative: how many days later it reaches it); none when the run never does.
    std::optional<int> run_ahead_days;
};

// A target of the run that counts the same thing as a column: its threshold and when each
// series first reached it.
struct TargetReached {
    std::string id, label;
    double share = 0;
    std::int64_t threshold = 0;
    DayNumber deadline = 0;
    std::optional<DayNumber> run_reached, observed_reached; // observed: on an observed date
};

struct ColumnComparison {
    ObservedColumn column;
    std::string label;                // "people with a first dose, tier 가"
    std::vector<std::int64_t> run;    // the run's series over all its days
    std::vector<ComparedDay> days;    // the observed days within the run, in order
    std::size_t outside_run = 0;      // observed values on dates outside the run
    // Over `days` (none when no day was compared):
    std::optional<double> mean_difference;
    std::optional<ComparedDay> largest; // the largest |difference| (the earliest of ties)
    // The last observed day of each quarter that ends within the run, by quarter label.
    std::vector<std::pair<std::string, ComparedDay>> quarter_ends;
    std::vector<TargetReached> targets;
};

struct Comparison {
    std::string run_file, scenario, observed_file;
    DayNumber first_day = 0, last_day = 0; // the run's
    std::size_t observed_dates = 0, dates_outside_run = 0;
    std::vector<ColumnComparison> columns;
};

// Compares each observed column with the run. Throws std::invalid_argument if a column
// names something the run does not hold (the reader checks that first, with positions).
Comparison compare_with_observed(const RunReader& run, const ObservedData& observed);

// The plain-text summary `vaxsim compare` prints.
std::string format_comparison(const Comparison& comparison, Language language = Language::en);
// The day-by-day table, long form: date,column,run,observed,difference,relative,
// run_ahead_days; text cells neutralised as every exported CSV's are.
std::string comparison_csv(const Comparison& comparison);
// An HTML page (the report's style): one chart per column, the run against what was
// observed, and the summary's numbers.
std::string comparison_html(const Comparison& comparison, Language language = Language::en);

} // namespace vaxsim

#pragma once
// `vaxsim compare A.h5 B.h5 ...`: runs (or sweeps) side by side. The first file is the
// base; every difference is the other run's figure minus the base's. Targets are matched
// by id and plan rows by group and quarter; what only some runs hold is listed as such.
// The observed-counts comparison (`compare RUN.h5 --observed OBS.csv`) is
// results/observed.hpp.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "results/labels.hpp"
#include "results/run_reader.hpp"
#include "results/sweep_reader.hpp"

namespace vaxsim {

// One run's figures for one target.
struct ComparedTarget {
    std::int64_t threshold = 0, value_at_deadline = 0, margin = 0;
    bool met = false;
    std::string deadline, first_reached; // first_reached "" when never
    // A run with places: the places' shares of their people at the deadline (lowest,
    // highest), the Gini index across them, and how many met it. None for a bound.
    struct AcrossPlaces {
        std::size_t places = 0, met = 0;
        double lowest = 0, highest = 0, gini = 0;
    };
    std::optional<AcrossPlaces> places;
};
// The places' spread on a target, in words ("across 25 places: 81.0% to 82.4% of their
// people (Gini 0.003); met in 25"): the text's line under the target and the page's cell.
std::string across_places_words(const ComparedTarget::AcrossPlaces& places, Language language);

struct TargetAcrossRuns {
    std::string id, label;
    std::vector<std::optional<ComparedTarget>> runs; // none: the run has no such target
    // Days the run reached it later than the base (negative: earlier); none unless both
    // reached it.
    std::optional<int> days_later(std::size_t run) const;
};

struct ComparedPlan {
    std::int64_t planned = 0, started = 0;
    bool met = false, quarter_in_run = false;
    std::int64_t slip() const { return started - planned; } // negative: short of the plan
};

struct PlanAcrossRuns {
    std::string group, quarter, label;
    std::vector<std::optional<ComparedPlan>> runs;
};

// A run with places: one place's figures on a target (not a bound) and on a plan row,
// matched across runs by the place's id.
struct ComparedPlaceTarget {
    bool met = false;
    std::string first_reached; // "" when never
    double share = 0;          // of its people, at the deadline
};
struct PlaceTargetAcrossRuns {
    std::string place, target;
    std::vector<std::optional<ComparedPlaceTarget>> runs;
};
struct PlacePlanAcrossRuns {
    std::string place, group, quarter;
    std::vector<std::optional<ComparedPlan>> runs;
};

struct ComparedRun {
    std::string name;     // the file's stem (its path when two runs share a stem)
    std::string file;     // as given
    std::string scenario; // the scenario's name
    std::string first_day, last_day, command_line;
    std::string first_dose_allocation, second_dose_reserve;
    std::vector<std::string> overrides;
    std::string effective; // the scenario as run (YAML)
    std::int64_t administered = 0, wasted = 0;
    std::vector<std::string> products;
    // Per product, from /daily/second_doses_overdue: the most on one day, the sum over
    // days (person-days) and the number at the run's end.
    std::vector<std::int64_t> overdue_peak, overdue_person_days, overdue_at_end;
};

struct RunsComparison {
    std::vector<ComparedRun> runs;
    std::vector<TargetAcrossRuns> targets;
    std::vector<PlanAcrossRuns> plan;
    // Runs with places: each place's targets and plan rows, place by place.
    std::vector<PlaceTargetAcrossRuns> place_targets;
    std::vector<PlacePlanAcrossRuns> place_plan;
    // Per run after the base: what differs in its scenario, one line each.
    std::vector<std::vector<std::string>> changes;
};

// Reads every run; runs[0] is the base. Needs two runs or more.
// The words of `changes` (and of everything printed from it) in `language`.
RunsComparison compare_runs(const std::vector<const RunReader*>& runs,
                            Language language = Language::en);
// What differs between two scenarios as run: overrides only in one, the policy, the
// scenario's name and, line by line, the effective YAML (at most `max_lines` lines).
// Each fits one line: an override's value in 60 columns (a YAML list of one item a
// line as its count of items), a line of the YAML in 100, cut with "…".
std::vector<std::string> scenario_changes(const ComparedRun& base, const ComparedRun& other,
                                          std::size_t max_lines = 12,
                                          Language language = Language::en);
// The printed summary.
std::string format_runs_comparison(const RunsComparison& comparison,
                                   Language language = Language::en);
// The comparison table, long form: kind,id,quarter,run,file,measure,value,difference,place
// (`place` empty for the city's rows).
std::string runs_comparison_csv(const RunsComparison& comparison);
// An HTML page overlaying the runs (results/compare_report.cpp), its words in `language`.
std::string runs_comparison_html(const std::vector<const RunReader*>& runs,
                                 const RunsComparison& comparison,
                                 Language language = Language::en);

// Sweeps side by side: P(met) per target and grid point, and, on the same futures (same
// seed and the same run index), the runs where one met and the other missed.
struct SweepOddsCell {
    std::int64_t runs = 0, met = 0;
    double p = 0, low = 0, high = 0; // P(met) and its 95% Wilson interval
};
struct PairedCounts {
    std::int64_t pairs = 0, both_met = 0, only_base_met = 0, only_other_met = 0, neither = 0;
};
struct SweepTargetRow {
    std::string target, label, grid_label;
    std::vector<std::optional<SweepOddsCell>> sweeps; // none: the sweep lacks the target or point
    std::vector<std::optional<PairedCounts>> paired;  // against the base; none when not paired
};
struct ComparedSweep {
    std::string name, file, sweep_name, command_line;
    std::int64_t seed = 0, runs = 0;
    bool paired_with_base = false; // same seed and the same (grid point, sample, replicate, future) per run
    std::string not_paired_because;
};
struct SweepsComparison {
    std::vector<ComparedSweep> sweeps;
    std::vector<SweepTargetRow> rows;
};
SweepsComparison compare_sweeps(const std::vector<const SweepReader*>& sweeps,
                                Language language = Language::en);
std::string format_sweeps_comparison(const SweepsComparison& comparison,
                                     Language language = Language::en);
std::string sweeps_comparison_csv(const SweepsComparison& comparison);

// Runs' display names: stems, or the paths as given when two stems are the same.
std::vector<std::string> run_display_names(const std::vector<std::filesystem::path>& files);

} // namespace vaxsim

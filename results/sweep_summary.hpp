#pragma once
// What a sweep means: the probability of meeting each target (with a 95% Wilson
// interval), when it is reached (quantiles), per grid point, and which parameter moves
// the main target's date most (one at a time). Built run by run, in any order, from
// counts and exact integer sums, so memory does not grow with the number of runs and the
// result does not depend on the order runs finish in.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "results/labels.hpp"
#include "results/sweep_record.hpp"

namespace vaxsim {

// A parameter of a sweep, as the results describe it.
struct SweepParameterInfo {
    std::string path;                // the scenario path varied (--set syntax)
    bool sampled = false;            // false: a grid of listed values
    std::string description;         // the listed values, or the distribution
    std::vector<std::string> values; // grid: the values as written
    bool numeric = false;            // sampled: numbers (summarised by fifths of their range)
    // For people: "capacity period q3 (from 2021-07-01) doses/day"; empty when only the
    // path is known (a file read back).
    std::string display_name = {};
};

// The design of a sweep, as plain data: what the results file and the summary need.
// Run order: run = (grid_point * samples + sample) * replicates + replicate. Futures:
// future = sample * replicates + replicate, so runs that differ only in grid values (e.g.
// two policies) see identical draws.
struct SweepDesign {
    std::string name;
    std::string source_file, source_text; // the sweep file
    std::string base_file, base_text;     // its base scenario, as given
    std::uint64_t seed = 0;
    std::int64_t samples = 1; // sample points (1 when nothing is sampled)
    bool latin_hypercube = true;
    std::int64_t replicates = 1;
    std::vector<SweepParameterInfo> parameters;
    std::vector<std::int64_t> keep_daily; // runs whose daily series are stored
    // The values of a sample as text, one per parameter (empty for grid parameters). A
    // sample's values are the same at every grid point.
    std::function<std::vector<std::string>(std::int64_t sample)> sampled_values;

    std::int64_t grid_points() const;
    std::int64_t points() const { return grid_points() * samples; }
    std::int64_t runs() const { return points() * replicates; }
    struct RunIndex {
        std::int64_t grid_point, sample, replicate, future;
    };
    RunIndex decompose(std::int64_t run) const;
    // Which of its listed values grid parameter j takes at a grid point (mixed radix, the
    // first parameter varying slowest).
    std::size_t grid_value(std::int64_t grid_point, std::size_t j) const;
    // "policy.second_dose_reserve=none, ..." or "all runs" when nothing is on a grid.
    std::string grid_label(std::int64_t grid_point) const;
};

inline constexpr double quantile_levels[] = {0.05, 0.25, 0.5, 0.75, 0.95};

// The 95% Wilson score interval of a share met/runs (0 and 1 exactly at the ends).
struct WilsonInterval {
    double low = 0, high = 0;
};
WilsonInterval wilson_interval(std::int64_t met, std::int64_t runs);

struct TargetOdds {
    std::int64_t runs = 0;
    std::int64_t met = 0;
    double p_met = 0, p_low = 0, p_high = 0; // 95% Wilson score interval
    std::int64_t reached = 0;                // runs that reach it by the run's end
    std::vector<std::optional<DayNumber>> first_reached_quantiles; // none = not reached
    // A sweep of a scenario with places: the runs in which every place met it, P and its
    // interval (all_places_met -1: no places).
    std::int64_t all_places_met = -1;
    double p_all_places = 0, p_all_places_low = 0, p_all_places_high = 0;
};

struct Sensitivity {
    std::string path;
    std::string display_name; // empty: the path is the name
    double effect_days = 0; // spread of the mean first-reached day across the parameter's values
    // The spread chance alone would exceed in one sweep of 20 or fewer: the 95% margin
    // (Student's t) of the difference between the latest and earliest value, widened for
    // the pairs of values it was picked from (Bonferroni). A grid parameter: the futures
    // (sample and replicate) are the units, each by its difference between the two
    // values averaged over the other grid values (which share its draws); a sampled one:
    // the samples' means, pooled within its bins. 0 when every future differs alike (a
    // fixed rollout); -1 when it cannot be told (one sample a bin, a single future of a
    // random rollout, or more runs than are kept). An effect within it is no clear
    // effect.
    double noise_days = 0;
    std::string low_value;  // the value (or value bin) with the earliest mean
    std::string high_value; // ... and the latest
};

// One epidemic field over a grid point's runs: its mean, and its quantiles at
// quantile_levels (nearest rank) - the spread that uncertain supply and uptake, sampled
// values and a stochastic epidemic's own chance give it. Values of 4,096 or more (in
// size) are counted in bins of their twelve leading bits, so a quantile from there on is
// its bin's lower end (in size), within 0.05%.
struct EpidemicSpread {
    double mean = 0;
    std::vector<std::int64_t> quantiles;
};
struct EpidemicMeans {
    EpidemicSpread infections, deaths, deaths_averted;
};
// The spread of values (each one run's) as the summary gives it: the report's from the
// file's runs, so both say the same.
EpidemicSpread epidemic_spread(const std::vector<std::int64_t>& values);

struct SweepSummary {
    std::int64_t runs = 0;
    std::vector<std::string> target_ids, target_labels;
    std::vector<TargetOdds> overall;              // per target
    std::vector<std::string> grid_labels;         // "policy.second_dose_reserve=none, ..."
    std::vector<std::vector<TargetOdds>> by_grid; // [grid point][target]
    std::vector<EpidemicMeans> epidemic_by_grid;  // [grid point]; empty without an epidemic
    std::int64_t runs_per_grid_point = 1;
    int places = 0; // of the base scenario (0 without places)
    // Whether the runs' epidemics are random, in whole people: none, all, or some (the
    // sweep varies epidemic.stochastic).
    enum class EpidemicMode { expected, random, mixed } epidemic_mode = EpidemicMode::expected;
    std::vector<Sensitivity> sensitivity;         // largest effect first
};

// Takes every run's record once, in any order.
class SweepSummaryBuilder {
  public:
    SweepSummaryBuilder(const SweepDesign& design, const Scenario& base,
                        const SweepRecordLayout& layout);
    void add(std::int64_t run, const std::int64_t* record);
    SweepSummary finish() const;

  private:
    // Runs of one parameter's value (or value bin): the summed first-reached day of the
    // first target (never reached counts as the day after the run).
    struct Group {
        std::string label;
        std::int64_t day_sum = 0, day_squares = 0, runs = 0;
    };
    struct ParameterGroups {
        std::vector<Group> groups;
        std::vector<int> group_of_value;  // grid: per listed value
        std::vector<int> group_of_sample; // sampled: per sample
        std::vector<double> edges;        // sampled numbers: the fifths' bounds
        double lowest = 0, highest = 0;   // sampled numbers: the range of the samples
    };
    // Sensitivity::noise_days of parameter j, whose values' runs are `seen`, the earliest
    // and latest of them `lo` and `hi`.
    double chance_spread(std::size_t j, const std::vector<const Group*>& seen, const Group* lo,
                         const Group* hi) const;
    TargetOdds odds(std::int64_t grid_first, std::int64_t grid_last, int target) const;

    const SweepDesign& design_;
    const Scenario& base_;
    SweepRecordLayout layout_;
    std::int64_t days_ = 0; // the run's days; a first-reached day histogram has one more bin
    // [grid point][target][day, never last] runs first reaching it that day; and runs met.
    std::vector<std::int64_t> first_day_histogram_, met_;
    std::vector<std::int64_t> all_places_met_; // [grid point x target], with places
    std::vector<std::int64_t> epidemic_sums_; // [grid point][3]
    // [grid point][3]: runs per value (binned from 4,096 on: EpidemicSpread)
    std::vector<std::map<std::int64_t, std::int64_t>> epidemic_values_;
    std::vector<ParameterGroups> parameters_;
    // What chance_spread weighs an effect against. [sample]: the first target's
    // first-reached days summed over its runs, and its runs. [run]: that day (a day of a
    // run of at most 3,660 days), kept when some parameter is on the grid and the sweep
    // has at most max_runs_for_noise runs (40 MB).
    std::vector<std::int64_t> sample_day_sum_, sample_runs_;
    std::vector<std::int16_t> run_day_;
    static constexpr std::int64_t max_runs_for_noise = 20'000'000;
};

// P(met) of each target against one varied parameter's value. A grid parameter: one
// series pooling every other value, a bin per listed value. A sampled parameter: a series
// per grid point (the same futures at each), its samples in bins: numbers by tenths of the
// sorted samples (bounds at the 10th, 20th, ... 90th percentile sample; equal values share
// a bin, so a bin may hold more or none), words by value. Empty bins are left out.
struct ParameterOdds {
    struct Cell {
        std::int64_t runs = 0, met = 0;
        double p = 0, low = 0, high = 0; // P(met) and its 95% Wilson interval
    };
    std::string path;
    bool sampled = false;
    std::vector<std::string> bin_label; // [B] the value, or the bin's range "lo..hi"
    std::vector<double> bin_x;          // [B] the value, or the middle of the bin's range;
                                        //     NaN for words
    std::vector<std::int64_t> series_grid_point; // per series: its grid point, -1 all points
    std::vector<std::vector<std::vector<Cell>>> cells; // [series][bin][target]
};

// What odds_by_parameter reads: a sweep file's /parameters, run index and target_met.
struct ParameterOddsInput {
    std::vector<std::string> path, kind;     // [n]; kind "grid" or "sample"
    std::vector<double> point_value;         // [N, n]; NaN where a word
    std::vector<std::string> point_text;     // [N, n]; may be empty when all are numbers
    std::int64_t grid_points = 1, samples = 1;
    std::vector<std::int64_t> grid_point, sample; // [R]
    std::vector<std::int64_t> target_met;         // [R, T]
    std::size_t targets = 0;
};
inline constexpr int parameter_bins = 10;
std::vector<ParameterOdds> odds_by_parameter(const ParameterOddsInput& in,
                                             int bins = parameter_bins);

// Quantiles across runs on each day, at quantile_levels: `values` holds `runs` series of
// `days` values, run after run; the result is [days x levels]. Nearest rank, as the
// first-reached dates: the smallest value at or above the level's share of runs. Exact
// whole numbers that do not depend on the order of the runs. No runs: zeros.
std::vector<std::int64_t> daily_quantiles(const std::vector<std::int64_t>& values,
                                          std::size_t runs, std::size_t days);

// What `vaxsim sweep` prints, its words in `language`.
std::string format_sweep_summary(const SweepDesign& design, const Scenario& base,
                                 const SweepSummary& summary, std::int64_t resumed_runs,
                                 Language language = Language::en);

} // namespace vaxsim

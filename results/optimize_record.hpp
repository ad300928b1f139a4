#pragma once
// The record of `vaxsim optimize` (the allocation that does best by an objective: which
// order of priority groups, or which values of chosen scenario paths, gives the fewest
// deaths, hospitalisations, years of life lost, or the earliest date a target is reached).
// It is kept in the run file of the run at the optimum, as the group /optimize
// (results/format.hpp, namespace optimize; results/LAYOUT.md), so `report`, `export` and
// `check` read that file as any run file. Plain data: the search is sim/optimize.hpp.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <hdf5.h>

namespace vaxsim {

// One allocation evaluated and shown: the plan, the optimum, or a scenario compared.
struct OptimizeResult {
    std::string name;                  // "plan", "optimum", or the compared scenario's file
    std::vector<std::string> settings; // as --set overrides (PATH=VALUE); empty for the plan
    std::string order;                 // an order: its groups, first slot first; else empty
    double value = 0;                  // the objective under the risk measure
    std::vector<double> per_future;    // the objective in each future (one when deterministic)
};

struct OptimizeRecord {
    std::string search;               // "order" (--order), "values" (--vary) or "shares"
    std::vector<std::string> varied;  // the groups reordered, PATH=FROM..TO, or the groups shared
    std::string objective;            // deaths, hospitalisations, yll or time-to-target
    std::string target;               // time-to-target's target id; else empty
    std::string unit;                 // deaths, hospitalisations, years of life, days
    std::string risk;                 // mean or worst-decile
    std::int64_t futures = 0;         // 0: deterministic (one run per candidate)
    std::string method;               // exhaustive, local-search, or the NLopt algorithm
    bool exhaustive = false;          // every candidate was evaluated
    std::int64_t evaluations = 0;     // candidates evaluated (the plan's included)
    std::int64_t runs = 0;            // runs made for them
    std::int64_t budget = 0;          // evaluations allowed (0: no limit)
    std::int64_t refused = 0;         // values inside the ranges the scenario refused (skipped)
    std::vector<OptimizeResult> results; // plan, optimum, (shares: start), then each compared
    // Shares: each period's first day (the first is the run's start), and the shares of the
    // search's start (by people) and of the optimum, [period][group of `varied`].
    std::vector<std::string> periods;
    std::vector<double> start_shares, optimum_shares;
    std::int64_t future = 0;             // which future the file's run is
};

// Writes /optimize into an open run file (the writer of results/run_file.hpp calls it).
void write_optimize_record(hid_t file, const OptimizeRecord& record);
// The /optimize record of a run file, if it has one (after RunReader validated the file).
std::optional<OptimizeRecord> read_optimize_record(const std::filesystem::path& run_file);

// What `vaxsim optimize` prints: the optimum against the plan (and the scenarios
// compared), each with its objective and the difference, under uncertainty the 90%
// interval of the paired difference over futures; evaluations, and whether exhaustive.
std::string format_optimize(const OptimizeRecord& record);

// The 5% and 95% quantiles (linear interpolation) of b - a, future by future.
std::pair<double, double> paired_interval(const std::vector<double>& a, const std::vector<double>& b);

} // namespace vaxsim

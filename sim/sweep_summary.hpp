#pragma once
// What a sweep means: the probability of meeting each target (with a 95% Wilson
// interval), when it is reached (quantiles), per grid point, and which parameter moves
// the main target's date most (one at a time).
#include <optional>
#include <string>
#include <vector>

#include "sim/sweep_runner.hpp"

namespace vaxsim {

inline constexpr double quantile_levels[] = {0.05, 0.25, 0.5, 0.75, 0.95};

struct TargetOdds {
    std::int64_t runs = 0;
    std::int64_t met = 0;
    double p_met = 0, p_low = 0, p_high = 0; // 95% Wilson score interval
    std::int64_t reached = 0;                // runs that reach it by the run's end
    std::vector<std::optional<DayNumber>> first_reached_quantiles; // none = not reached
};

struct Sensitivity {
    std::string path;
    double effect_days = 0; // spread of the mean first-reached day across the parameter's values
    std::string low_value;  // the value (or value bin) with the earliest mean
    std::string high_value; // ... and the latest
};

struct SweepSummary {
    std::vector<std::string> target_ids, target_labels;
    std::vector<TargetOdds> overall;              // per target
    std::vector<std::string> grid_labels;         // "policy.second_dose_reserve=none, ..."
    std::vector<std::vector<TargetOdds>> by_grid; // [grid point][target]
    std::vector<Sensitivity> sensitivity;         // largest effect first
};

SweepSummary summarise_sweep(const SweepSpec& spec, const Scenario& base, const SweepRuns& runs);
std::string format_sweep_summary(const SweepSpec& spec, const Scenario& base, const SweepRuns& runs,
                                 const SweepSummary& summary);

} // namespace vaxsim

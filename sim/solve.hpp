#pragma once
// `vaxsim solve`: the inverse question. "What daily capacity do we need for 70% by
// September 30?" is the smallest value of one scenario path (any path a sweep can set,
// sim/parameter_space.hpp) at which the targets asked for are met by their deadlines; "how
// late may Pfizer be?" is the latest.
//
// The values searched are a grid: from, from + step, ... up to `to` (always included).
// The search evaluates the two ends and five points between them (the probes), takes the
// direction from the ends unless it is stated, and bisects between the last probe that
// fails and the first that meets. The response must be monotone: every value evaluated
// (probes and bisection steps) is checked, in order of value, for a single change from
// failing to meeting; otherwise the result says so and gives no answer.
//
// Under uncertainty (a scenario with uncertain inputs, and `futures` > 0) a value meets
// when P(met) over futures 0 .. futures-1 is at least p. Every value runs the same futures
// (common random numbers: the same (seed, future) streams), so the counts of two values
// differ only by the value. Counts are sums over runs, the same at any thread count.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "results/solve_record.hpp"
#include "sim/parameter_space.hpp"

namespace vaxsim {

enum class SolveDirection { smallest, latest };

struct SolveRequest {
    std::string path;       // what varies, as --set names it
    std::string from, to;   // the range's ends, as written (numbers or dates)
    std::string step;       // empty: 1 (a day, or a whole number), 0.01 for other numbers
    std::optional<SolveDirection> direction; // none: found from the ends of the range
    std::vector<std::string> targets;        // ids that must all be met
    bool all_targets = false;                // every target of the scenario
    std::int64_t futures = 0;                // 0: one deterministic run per value
    double p = 0.9;                          // P(met) asked for, under uncertainty
    int threads = 1;
    bool show_progress = false;
};

// Throws UsageError (before any run) when the request does not make sense: an unknown
// path or target, a path that is not a number or a date, a range the scenario refuses at
// either end, a deterministic scenario with futures, an uncertain one without.
// The record's target lines (at_answer, at_last_failing) are left for the caller, who
// runs the scenario at those values as `vaxsim run --set PATH=VALUE` would.
SolveRecord solve(const Scenario& base, const SolveRequest& request);

} // namespace vaxsim

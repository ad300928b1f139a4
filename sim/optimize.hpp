#pragma once
// `vaxsim optimize`: the allocation that does best by an objective under the scenario's
// supply and capacity. Either an order of priority groups, or values of chosen scenario
// paths; the objective is the epidemic's deaths (default), hospitalisations, years of
// life lost, or the days until a target is first reached.
//
// An order. The groups named (`--order a,b,c`) keep the scenario's (opening date,
// priority) pairs among them: those pairs, the slots, sorted by opening date then
// priority (then file order), are handed out in the new order. The plan's order is the
// groups sorted by their own slots; "oldest first" gives the 65+ the first slot (the
// earliest opening and the highest priority of the named groups). Every other field of a
// group (its people, products, closing date, uptake) stays with the group. Up to
// `exhaustive_limit` orders (5,040 = 7!) every order is evaluated; beyond, a pairwise-swap
// local search from the plan's order, the reverse order and two shuffled starts (seeded by
// the scenario's seed) says it is not exhaustive.
//
// Values. Each `PATH=FROM..TO` (any path `solve` can vary: numbers, shares, counts, dates)
// is searched with NLopt, derivative-free: DIRECT-L (global) for one or two paths, Sbplx
// (local, from the middle of the ranges) for more; whole numbers and dates rounded; at most
// `budget` evaluations.
//
// Shares. The groups named (`--shares a,b,c`) get shares of each day's first doses (the
// allocation `shares`, sim/engine/shares.cpp) in each period: the first from the run's
// start, then one from each date of `--periods`. A candidate's shares in a period are
// >= 0 and sum to 1 by construction (stick-breaking: k - 1 numbers in [0, 1] per period,
// the first group taking its part of the whole, the next its part of what is left, ...),
// rounded to 1/10,000 by largest remainder; searched with NLopt Sbplx from the groups'
// shares of their people (the same in every period). Groups not named have no share:
// they get what the named groups cannot take, in priority order. The plan is the scenario
// as it is (its own allocation); the search's start is shown beside it.
//
// Under uncertainty every candidate runs futures 0 .. futures-1 (common random numbers: the
// same (seed, future) streams as sweeps and solve), and the risk measure is their mean or
// the mean of the worst tenth (rounded up). Values are reduced in future order: the same
// at any thread count. The epidemic's counterfactual is never run.
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "models/epidemic.hpp"
#include "models/scenario.hpp"
#include "results/optimize_record.hpp"
#include "sim/pipeline.hpp"

namespace vaxsim {

enum class OptimizeRisk { mean, worst_decile };

// Remaining life expectancy (years) at the middle of each five-year band 0-4 .. 70-74 and
// at 80 for 75+: [assumed] approximations to Statistics Korea's (KOSTAT) complete life
// tables for 2020, both sexes (life expectancy at birth 83.5). For years of life lost.
extern const std::array<double, five_year_bands> korea_2020_life_expectancy;

struct OptimizeRequest {
    std::vector<std::string> order; // groups to reorder; or
    std::vector<std::string> vary;  // PATH=FROM..TO, one or more; or
    std::vector<std::string> shares;  // groups whose shares of first doses are searched,
    std::vector<std::string> periods; // in each period: the dates (YYYY-MM-DD) new ones begin
    std::string objective = "deaths"; // deaths | hospitalisations | yll | time-to-target:ID
    std::vector<double> life_expectancy; // for yll: 16 five-year values, or one per epidemic band; empty: korea_2020
    std::int64_t futures = 0;            // 0: one deterministic run per candidate
    OptimizeRisk risk = OptimizeRisk::mean;
    std::int64_t budget = 0;             // 0: 5,000 orders (heuristic) or 200 values
    std::int64_t exhaustive_limit = 5040;
    // Scenarios run beside the plan and the optimum with the same futures (e.g. the
    // oldest-first variant), each with the name it is shown under.
    std::vector<std::pair<std::string, const Scenario*>> compare;
    int threads = 1;
    bool show_progress = false;
};

// Throws UsageError before any run when the request does not make sense: an unknown group
// or path, a group named twice, a range the scenario refuses at either end, an epidemic
// objective on a scenario without an epidemic, an unknown target, a deterministic scenario
// with futures or an uncertain one without, a scenario compared that cannot be.
OptimizeRecord optimize(const Scenario& base, const OptimizeRequest& request);

// The request's objective in one run (the pipeline's output), as optimize computes it for
// each candidate: to confirm that the run `--set` makes at the optimum is the one found.
double run_objective(const OptimizeRequest& request, const RunOutput& run);

} // namespace vaxsim

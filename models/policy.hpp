#pragma once
// How the day's capacity and stock are shared out: the first-dose allocation, the
// second-dose reserve (for every product, or per product), the groups' shares of first
// doses (for the allocation `shares`), all changing on dates, and leftover doses offered
// to walk-ins.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/date.hpp"

namespace vaxsim {

// A product's own second-dose reserve, as written in a map
// `second_dose_reserve: {pfizer: hold_second_doses, astrazeneca: 0.5}`.
struct ProductReserveSpec {
    std::string product;
    double share = 1.0;
    std::string label; // as written
};

// A dated step: from that day, what it sets replaces what was in force; what it leaves
// out stays.
struct PolicyChangeSpec {
    DayNumber from = 0;
    std::optional<std::string> allocation;
    std::optional<double> second_dose_reserve;          // every product
    std::vector<ProductReserveSpec> reserve_by_product; // these products
    std::optional<bool> walk_ins;                       // walk-ins on or off from that day
    // These groups' shares from that day (the others keep theirs).
    std::vector<std::pair<std::string, double>> shares;
    std::string id; // optional: names it in paths (policy.changes.ID)
};

struct PolicySpec {
    // The first-dose allocation policy by name: one of the engine's registry
    // (sim/engine/allocation.cpp), which the scenario reader checks.
    std::string allocation = "strict_priority";
    // Every product not named in reserve_by_product.
    double second_dose_reserve = 1.0;
    // How the reserve was written (hold_second_doses, none, or the share as given); empty:
    // named from the share (and the per-product map).
    std::string reserve_label;
    std::vector<ProductReserveSpec> reserve_by_product;
    std::vector<PolicyChangeSpec> changes; // in date order
    // Leftover capacity and stock at the end of a day's first doses offered to the willing
    // who have not arrived yet (groups not open, or not yet booked), in priority order.
    bool walk_ins = false;
    // For the allocation `shares`: each group's share of the day's first doses, by group
    // id, a weight of 0 or more (the open groups' shares are taken relative to their sum,
    // so 1:3 and 0.25:0.75 are the same). A group not listed has share 0: it is served,
    // in priority order, only with what the listed groups cannot take. The group ids are
    // checked by the scenario reader and the engine (the policy is built without the
    // groups).
    std::vector<std::pair<std::string, double>> shares;
};

// The policy in force from one day on.
struct PolicyStep {
    DayNumber from = 0;
    std::string allocation;
    std::vector<double> reserve; // per product
    bool walk_ins = false;
    std::vector<std::pair<std::string, double>> shares; // by group id, as in PolicySpec
};

// Error paths are relative to the policy: "second_dose_reserve",
// "second_dose_reserve.pfizer", "changes.1.from", "shares.aged_65_plus".
struct Policy {
    // In force on the first day (the results file's /scenario attributes).
    std::string allocation = "strict_priority";
    // Share of outstanding second doses held back from first doses, for every product not
    // given its own: 1 = hold_second_doses, 0 = none, or anything between.
    double second_dose_reserve = 1.0;
    std::string reserve_label = "hold_second_doses";
    bool walk_ins = false; // on the first day; steps may turn them on or off
    // The first step holds from the run's start, each later one from its date on. A policy
    // built without products has one step and no per-product reserves.
    std::vector<PolicyStep> steps;

    Policy() = default;
    explicit Policy(const PolicySpec& spec);
    Policy(const PolicySpec& spec, const std::vector<std::string>& product_ids, DayNumber start);

    // The step in force on a day (the first before its date, too).
    const PolicyStep& on(DayNumber day) const;
    // Each allocation name the steps use, once, in order of first use.
    std::vector<std::string> allocations() const;
    // Each step's shares as weights of the groups (parts per 10^9, by index in
    // `group_ids`, 0 for a group not listed); a ModelError at "shares.ID" (or
    // "changes.N.shares.ID") for a group id not among them.
    std::vector<std::vector<std::int64_t>> share_weights(
        const std::vector<std::string>& group_ids) const;

    // The allocation that splits first doses by the groups' shares.
    static constexpr const char* shares_allocation = "shares";

  private:
    // Each share written, by group id, with its path ("shares.a", "changes.0.shares.a").
    std::vector<std::pair<std::string, std::string>> share_paths_;
};

} // namespace vaxsim

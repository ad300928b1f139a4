#pragma once
// The binding-constraint diagnosis: at the end of a day, why were no more doses given?
#include <utility>

#include "models/constraint.hpp"
#include "models/scenario.hpp"
#include "sim/engine/state.hpp"

namespace vaxsim {

struct Binding {
    Constraint constraint = Constraint::none;
    int product = -1; // the product it names, -1 when none
    int site = -1;    // with `capacity`: the full site that stopped the day; -1: all sites
};

Binding binding_constraint(const Scenario& scenario, const EngineState& state, DayNumber day);
// What held a group with people waiting and capacity left (the supply or reserve of a
// product, a product's sites, eligibility).
Binding waiting_group_held(const Scenario& scenario, const EngineState& state, DayNumber day,
                           int group);

// What held one group at the end of the day (why a group slipped): no_group_open when it
// is not open, none / awaiting_arrivals when nobody of it waits, the day's capacity all
// used, else waiting_group_held. `arrivals_pending`: the group is in
// state.arrivals_pending. Inline: the engine asks it of every group every day, and most
// answers are one of the first three (out of line, returning the struct cost the plan's
// run a fifth of its time).
inline Binding group_binding(const Scenario& scenario, const EngineState& state, DayNumber day,
                             int group, bool arrivals_pending) {
    if (!scenario.population.groups()[group].open_on(day)) return {Constraint::no_group_open};
    if (state.group_waiting[group] == 0)
        return {arrivals_pending ? Constraint::awaiting_arrivals : Constraint::none};
    if (state.capacity_left == 0) return {Constraint::capacity};
    return waiting_group_held(scenario, state, day, group);
}

} // namespace vaxsim

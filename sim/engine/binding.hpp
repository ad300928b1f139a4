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
// What held one group at the end of the day (why a group slipped): no_group_open when it
// is not open, none / awaiting_arrivals when nobody of it waits, else as above for a
// waiting group (capacity, the supply or reserve of a product, eligibility).
// `arrivals_pending`: the group is in state.arrivals_pending.
Binding group_binding(const Scenario& scenario, const EngineState& state, DayNumber day, int group,
                      bool arrivals_pending);

} // namespace vaxsim

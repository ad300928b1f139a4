#pragma once
// The binding-constraint diagnosis: at the end of a day, why were no more doses given?
#include <utility>

#include "models/constraint.hpp"
#include "models/scenario.hpp"
#include "sim/engine/state.hpp"

namespace vaxsim {

// The constraint, and the product it names (-1 when none).
std::pair<Constraint, int> binding_constraint(const Scenario& scenario, const EngineState& state,
                                              DayNumber day);

} // namespace vaxsim

#pragma once
// `vaxsim check SCENARIO.yaml`: what vaxsim understood of a valid scenario, and warnings
// for likely mistakes that are not errors (a group no product can ever reach, a target
// beyond the willing, less supply than the doses everyone willing needs).
#include <string>
#include <vector>

#include "models/scenario.hpp"

namespace vaxsim {

std::vector<std::string> scenario_warnings(const Scenario& scenario);
std::string describe_scenario(const Scenario& scenario);

} // namespace vaxsim

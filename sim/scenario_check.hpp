#pragma once
// `vaxsim check SCENARIO.yaml`: what vaxsim understood of a valid scenario, and warnings
// for likely mistakes that are not errors (a group no product can ever reach, a target
// beyond the willing, less supply than the doses everyone willing needs).
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "results/labels.hpp"

namespace vaxsim {

// In `language` (results/labels.hpp); ids, dates and numbers as they are.
std::vector<std::string> scenario_warnings(const Scenario& scenario,
                                           Language language = Language::en);
std::string describe_scenario(const Scenario& scenario, Language language = Language::en);

} // namespace vaxsim

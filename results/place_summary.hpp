#pragma once
// The district table `vaxsim run` prints after the summary of a run with places: each
// place's people, coverage and targets met; each target across places (where it was
// reached first and last, and how far apart places are at its deadline); the slowest
// places and what held them.
#include <string>
#include <vector>

#include "models/outcomes.hpp"
#include "results/labels.hpp"

namespace vaxsim {

// Empty when the scenario has no places.
std::string format_place_summary(const Scenario& scenario, const std::vector<PlaceOutcome>& places,
                                 Language language = Language::en);

} // namespace vaxsim

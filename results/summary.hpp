#pragma once
// The plain-text summary `vaxsim run` prints: the quarterly plan against what the run
// did, per tier and group, why quarters slipped, and every target.
#include <string>

#include "models/epidemic_run.hpp"
#include "models/outcomes.hpp"
#include "results/labels.hpp"

namespace vaxsim {

// With `epidemic`, also the infections, hospitalisations and deaths (and what was averted).
// Words in `language` (results/labels.hpp); ids, dates and numbers as they are.
std::string format_summary(const Scenario& scenario, const Ledger& run, const Outcomes& outcomes,
                           const EpidemicOutcome* epidemic = nullptr,
                           Language language = Language::en);

} // namespace vaxsim

#pragma once
// The ledger invariants of MODEL.md, checked on a finished run. Every run the CLI
// makes and every run the tests make goes through this.
#include <stdexcept>
#include <string>
#include <vector>

#include "models/epidemic_run.hpp"
#include "models/ledger.hpp"
#include "models/scenario.hpp"

namespace vaxsim {

// Returns one line per violation (at most a few per kind); empty means all hold.
std::vector<std::string> check_invariants(const Scenario& scenario, const Ledger& run);

// A run broke one of MODEL.md's invariants: a bug in vaxsim, never the user's fault.
class InvariantError : public std::logic_error {
  public:
    using std::logic_error::logic_error;
};
// Throws InvariantError listing the violations, if any.
void require_invariants(const Scenario& scenario, const Ledger& run);

// The epidemic's invariants (models/EPIDEMIC.md): every band holds its people on every
// day, over all strata; no compartment, R included, below -1e-6 of the band's people; and
// every dose of a series the rollout gave moved people into the epidemic or was given too
// late to protect before the end (to 1e-6; in the stochastic mode to the rounding to whole
// people: epidemic_dose_slack). One line per violation; empty means all hold.
std::vector<std::string> check_epidemic_invariants(const Scenario& scenario,
                                                   const EpidemicResult& result);
// Both runs of the outcome (with the rollout, and without vaccination when run); throws
// InvariantError listing the violations, if any.
void require_epidemic_invariants(const Scenario& scenario, const EpidemicOutcome& outcome);

} // namespace vaxsim

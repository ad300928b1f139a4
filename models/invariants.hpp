#pragma once
// The ledger invariants of MODEL.md, checked on a finished run. Every run the CLI
// makes and every run the tests make goes through this.
#include <stdexcept>
#include <string>
#include <vector>

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

} // namespace vaxsim

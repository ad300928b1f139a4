#pragma once
// Places run side by side (Seoul's districts), a day at a time: each day the city's
// deliveries are split between places by the scenario's rule and reach them after the
// transfer lag, then every place runs its day with its own stock, capacity, people and
// booked doses (a later dose is given where the first was). The city's ledger is the
// places' added up.
#include <functional>
#include <vector>

#include "models/ledger.hpp"
#include "models/scenario.hpp"
#include "sim/engine/simulation.hpp"

namespace vaxsim {

class PlacesEngine {
  public:
    // Runs a scenario with places (its uncertain inputs already drawn); the ledgers stay
    // valid until the next run. `done(l)`, when given, is called in the order of the
    // places as each place's ledger is complete: under the rules other than need right
    // after the place has run, while its ledger is still in the cache (a run that checks
    // and evaluates every place does it there; read back after all 25 districts had run,
    // their ledgers came from memory).
    const Ledger& run(const Scenario& city, const std::function<void(int)>& done = {});
    const Ledger& place(int l) const { return engines_[static_cast<std::size_t>(l)].ledger(); }
    int places() const { return static_cast<int>(engines_.size()); }

  private:
    std::vector<Engine> engines_;
    Ledger city_;
    std::vector<std::int64_t> weights_, arriving_, listed_;
};

} // namespace vaxsim

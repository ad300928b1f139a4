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
    //
    // Under those rules the places run one after another on one engine, whose ledger
    // stays in the cache (25 districts' full ledgers, 28 MB, did not), and what is kept
    // of a place once done(l) has returned is a thin copy of its ledger
    // (Ledger::assign_thin: no doses by dose number, which the run file's /places, the
    // district table and the city's binding never read). Under need the places step
    // together, each on its engine, and keep their full ledgers.
    const Ledger& run(const Scenario& city, const std::function<void(int)>& done = {});
    // Place l's ledger: within done(l), complete (check and evaluate it there); after run
    // returns, what is kept of it (thin under the rules other than need), valid until the
    // next run.
    const Ledger& place(int l) const {
        if (current_ == l) return engine_.ledger();
        if (sequential_) return thin_[static_cast<std::size_t>(l)];
        return engines_[static_cast<std::size_t>(l)].ledger();
    }
    int places() const { return static_cast<int>(engines_.size()); }

  private:
    std::vector<Engine> engines_;
    // Under the rules other than need (sequential_): the engine every place runs on in
    // turn, the place it is running (-1 when none) and each place's thin ledger. The
    // places' own engines then only take the splits (Engine::receive), which each place's
    // run is given again on engine_.
    bool sequential_ = false;
    Engine engine_;
    int current_ = -1;
    std::vector<Ledger> thin_;
    Ledger city_;
    std::vector<std::int64_t> weights_, arriving_, listed_;
};

} // namespace vaxsim

#pragma once
// Places (Seoul's districts): each day the city's deliveries are split between places by
// the scenario's rule and reach them after the transfer lag, and every place runs its
// days with its own stock, capacity, people and booked doses (a later dose is given where
// the first was). The city's ledger is the places' added up.
#include <functional>
#include <vector>

#include "models/ledger.hpp"
#include "models/place_ledger.hpp"
#include "models/scenario.hpp"
#include "sim/engine/simulation.hpp"

namespace vaxsim {

class PlacesEngine {
  public:
    // Runs a scenario with places (its uncertain inputs already drawn); what is kept
    // stays valid until the next run. `done(l, ledger)`, when given, is called in the
    // order of the places with each place's whole ledger as soon as it is complete (the
    // pipeline checks and evaluates the place there); the whole ledger is valid only
    // within that call. After it, only what PlaceLedger keeps of it is (place(l)).
    //
    // Under the rules other than need, without rebalancing, the places run one after
    // another on one engine, whose ledger stays in the cache: a place is added to the
    // city's ledger and handed to `done` right after it has run. Under need or with
    // rebalancing the places step together, each on an engine of its own.
    const Ledger& run(const Scenario& city, const std::function<void(int, const Ledger&)>& done = {});
    const PlaceLedger& place(int l) const { return kept_[static_cast<std::size_t>(l)]; }
    int places() const { return static_cast<int>(kept_.size()); }

  private:
    std::vector<Engine> engines_; // one, or one per place when they step together
    std::vector<PlaceLedger> kept_;
    Ledger city_;
    std::vector<std::int64_t> weights_, arriving_, listed_, surplus_;
    // Places run in turn: the doses each receives, [place][day (D: after the end)][product].
    std::vector<std::int64_t> received_;
    std::vector<std::int64_t> place_capacity_; // rule capacity: [place][day]
    // Where some place was held otherwise than the first: [day], [day x group].
    std::vector<char> day_differs_, group_differs_;
};

} // namespace vaxsim

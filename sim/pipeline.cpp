#include "sim/pipeline.hpp"

#include "models/invariants.hpp"

namespace vaxsim {

const RunOutput& RunPipeline::run(const Scenario& scenario, const RunRequest& request) {
    const Scenario* sc = &scenario;
    if (scenario.is_stochastic()) {
        drawn_.emplace(scenario.realize(request.future));
        sc = &*drawn_;
    }
    out_.places.clear();
    const Ledger* run = nullptr;
    if (sc->places) {
        // Each place keeps the invariants with its own scenario; the city's ledger is
        // theirs added up (its capacity and deliveries are the places', not the city's
        // scenario's), and its targets count the city's people. A place is checked and
        // evaluated as soon as it has run, while its whole ledger is at hand (only part of
        // it is kept: PlaceLedger, and its targets' series with its outcomes).
        run = &places_.run(*sc, [&](int l, const Ledger& whole) {
            const Scenario& place = sc->place_scenarios[static_cast<std::size_t>(l)];
            require_invariants(place, whole);
            PlaceOutcome& out = out_.places.emplace_back();
            out.scenario = &place;
            out.outcomes = evaluate_place(place, whole, out.target_series);
        });
        for (int l = 0; l < places_.places(); ++l) out_.places[static_cast<std::size_t>(l)].ledger = &places_.place(l);
    } else {
        run = &engine_.run(*sc);
        require_invariants(*sc, *run);
    }
    const Ledger& ledger = *run;
    out_.scenario = sc;
    out_.ledger = &ledger;
    out_.outcomes = evaluate(*sc, ledger, request.period_summaries);
    out_.epidemic.reset();
    if (!request.epidemic || !sc->epidemic) return out_;
    if (request.counterfactual)
        out_.epidemic = run_epidemic(*sc, ledger);
    else
        out_.epidemic = EpidemicOutcome{simulate_epidemic(*sc, &ledger), std::nullopt};
    require_epidemic_invariants(*sc, *out_.epidemic);
    return out_;
}

} // namespace vaxsim

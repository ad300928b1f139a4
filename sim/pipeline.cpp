#include "sim/pipeline.hpp"

#include "models/invariants.hpp"

namespace vaxsim {

const RunOutput& RunPipeline::run(const Scenario& scenario, const RunRequest& request) {
    const Scenario* sc = &scenario;
    if (scenario.is_stochastic()) {
        drawn_.emplace(scenario.realize(request.future));
        sc = &*drawn_;
    }
    const Ledger& ledger = engine_.run(*sc);
    require_invariants(*sc, ledger);
    out_.scenario = sc;
    out_.ledger = &ledger;
    out_.outcomes = evaluate(*sc, ledger, request.period_summaries);
    out_.epidemic.reset();
    if (!request.epidemic || !sc->epidemic) return out_;
    if (request.counterfactual)
        out_.epidemic = run_epidemic(*sc, ledger);
    else
        out_.epidemic = EpidemicOutcome{simulate_epidemic(*sc, &ledger), std::nullopt};
    return out_;
}

} // namespace vaxsim

#pragma once
// One run, start to finish: draw the future's uncertain inputs, simulate, check the
// invariants, evaluate targets and plan, run the epidemic. `vaxsim run`, the sweep
// worker, the benchmark and the tests all go through RunPipeline.
#include <cstdint>
#include <optional>

#include "models/epidemic_run.hpp"
#include "models/ledger.hpp"
#include "models/outcomes.hpp"
#include "models/scenario.hpp"
#include "sim/engine/places.hpp"
#include "sim/engine/simulation.hpp"

namespace vaxsim {

struct RunRequest {
    std::uint64_t future = 0;     // which future's uncertain inputs (ignored when none)
    bool period_summaries = true; // monthly and quarterly tables
    bool epidemic = true;         // the epidemic model, when the scenario has one
    bool counterfactual = true;   // ... and its run without vaccination, when it asks
};

struct RunOutput {
    const Scenario* scenario = nullptr; // the scenario as run (uncertain inputs drawn)
    const Ledger* ledger = nullptr;     // with places: the city's, the places' added up
    Outcomes outcomes;
    std::vector<PlaceOutcome> places;    // empty without places
    std::optional<EpidemicOutcome> epidemic;
};

// One per worker: the engine's buffers are reused from run to run. The output stays
// valid until the next run, and refers to the scenario passed in when it has nothing
// uncertain to draw: keep that scenario alive while the output is used.
class RunPipeline {
  public:
    // Throws InvariantError if the run broke one of the model's invariants.
    const RunOutput& run(const Scenario& scenario, const RunRequest& request = {});
    // A scenario that ends with the call would leave the output pointing at nothing.
    const RunOutput& run(Scenario&& scenario, const RunRequest& request = {}) = delete;

  private:
    Engine engine_;
    PlacesEngine places_;
    std::optional<Scenario> drawn_;
    RunOutput out_;
};

} // namespace vaxsim

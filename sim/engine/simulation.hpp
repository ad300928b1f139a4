#pragma once
// The rollout engine: runs a scenario one day at a time, in the order of MODEL.md.
#include <memory>
#include <string>

#include "models/ledger.hpp"
#include "models/scenario.hpp"
#include "sim/engine/allocation.hpp"
#include "sim/engine/state.hpp"

namespace vaxsim {

// One engine per worker: its ledger and day-to-day state are reused from run to run, so
// a sweep allocates once per worker, not once per run.
class Engine {
  public:
    // Runs the scenario; the ledger stays valid until the next run.
    const Ledger& run(const Scenario& scenario);
    // The last run's ledger, handed over (the engine allocates anew next time).
    Ledger take() { return std::move(ledger_); }

  private:
    void start(const Scenario& scenario);
    void step(int t);

    const Scenario* sc_ = nullptr;
    Ledger ledger_;
    EngineState state_;
    std::unique_ptr<AllocationPolicy> policy_;
    std::string policy_name_;
};

// A run with an engine of its own.
Ledger simulate(const Scenario& scenario);

} // namespace vaxsim

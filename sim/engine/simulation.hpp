#pragma once
// The rollout engine: runs a scenario one day at a time, in the order of MODEL.md.
#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

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
    void plan_capacity(const Scenario& scenario);
    void step(int t);
    void follow_policy(DayNumber day);
    void arrive(DayNumber day);
    void seed(const InitialState& initial);
    AllocationPolicy& allocation(const std::string& name);

    const Scenario* sc_ = nullptr;
    Ledger ledger_;
    EngineState state_;
    std::vector<char> pending_; // per group, this day: in state_.arrivals_pending
    // The allocation in force, one of those made so far (by name).
    AllocationPolicy* policy_ = nullptr;
    std::vector<std::pair<std::string, std::unique_ptr<AllocationPolicy>>> policies_;
    // Each day's capacity, kept from run to run with what it was worked out from:
    // Capacity::on searches the periods and finds the weekday, and the runs of a sweep
    // mostly share their capacity. Per site, and the sum.
    struct CapacityPlan {
        DayNumber start = 0;
        int days = 0;
        Capacity capacity;
        std::vector<std::int64_t> by_day;  // all sites
        std::vector<std::int64_t> by_site; // [day * sites + site]
    };
    CapacityPlan capacity_;
};

// A run with an engine of its own.
Ledger simulate(const Scenario& scenario);

} // namespace vaxsim

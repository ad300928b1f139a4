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
    Ledger take() {
        Ledger out = std::move(ledger_);
        ledger_ = Ledger(); // no shape: the next start allocates
        return out;
    }

    // A run a day at a time, for places run side by side (sim/engine/places.cpp): start,
    // then for each day t the doses reaching the place (receive) and step(t).
    // `note_changes`: the ledger notes what the run changes, for a city's sum
    // (Ledger::add_changes).
    void start(const Scenario& scenario, bool note_changes = false);
    void step(int t);
    const Ledger& ledger() const { return ledger_; }
    // n doses of product p reaching this place on day t (t >= the day being stepped): a
    // delivery, with its vials' extra doses; on or after the last day + 1, after the end.
    void receive(int t, int p, std::int64_t n);
    // What the place still needs of product p, before day `day` is stepped: the willing
    // people of groups open on `day` that may get p and have had no first dose, plus the
    // later doses of p booked and not given, less the stock of p on hand (never below 0).
    std::int64_t need(int p, DayNumber day) const;
    // The stock of product p beyond all of that (what nobody waiting on `day` could be
    // given: groups opening later are not counted), before day `day` is stepped (never
    // below 0).
    std::int64_t surplus(int p, DayNumber day) const;
    // n doses of product p moved to another place / from another place on day t (the day
    // about to be stepped), out of or into stock before any dose is given that day.
    void move_out(int t, int p, std::int64_t n);
    void move_in(int t, int p, std::int64_t n);

  private:
    // What need() and surplus() weigh the stock against: the later doses of p booked and
    // not given, and the willing of groups open on `day` that may get p and have no first
    // dose.
    std::int64_t demand(int p, DayNumber day) const;
    void plan_capacity(const Scenario& scenario);
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
    // mostly share their capacity. Per site, and the sum. The last few worked out are
    // kept, the latest first: places run in turn on one engine (PlacesEngine) each have
    // their own.
    struct CapacityPlan {
        DayNumber start = 0;
        int days = 0;
        Capacity capacity;
        std::vector<std::int64_t> by_day;  // all sites
        std::vector<std::int64_t> by_site; // [day * sites + site]
    };
    static constexpr std::size_t capacity_plans_kept = 64;
    std::vector<CapacityPlan> capacity_plans_;
    const CapacityPlan* capacity_ = nullptr; // the run's, in capacity_plans_
    std::vector<CumulativeShare> received_extra_; // per product: vial extras of what was received
};

// A run with an engine of its own.
Ledger simulate(const Scenario& scenario);

} // namespace vaxsim

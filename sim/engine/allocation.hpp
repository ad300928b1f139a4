#pragma once
// How the day's first doses are shared between open groups. A policy sees the day
// through FirstDoseDay and decides only who is offered how many; the simulation gives
// the doses (products in the group's preference, age rules, stock and reserve).
//
// Adding a policy: one file with a class derived from AllocationPolicy, one line in the
// registry (allocation.cpp), and a test.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vaxsim {

class FirstDoseDay {
  public:
    // Groups open today with people waiting when allocation begins, in the order first
    // doses are offered: priority rank, then file order.
    const std::vector<int>& open_groups() const { return open_; }
    // People of the group still waiting for a first dose.
    std::int64_t waiting(int group) const { return waiting_[group]; }
    std::int64_t capacity_left() const { return capacity_left_; }
    // Gives up to `limit` first doses to the group; returns how many were given.
    virtual std::int64_t serve(int group, std::int64_t limit) = 0;
    // Products of the scenario; first doses of product p the stock could give now (its
    // wastage and second-dose reserve kept); whether the group may take product p today
    // (in its list, and allowed for the age band of someone still waiting).
    virtual int products() const = 0;
    virtual std::int64_t available(int product) const = 0;
    virtual bool draws_on(int group, int product) const = 0;
    // The group's share of first doses under the policy step in force (policy.shares,
    // parts per 10^9); 0 for a group not listed.
    virtual std::int64_t share(int group) const = 0;

  protected:
    // The counts are the engine's own, read in place: a policy asks for them per group
    // per day, so they are plain reads rather than calls into the engine.
    FirstDoseDay(const std::vector<int>& open, const std::vector<std::int64_t>& waiting,
                 const std::int64_t& capacity_left)
        : open_(open), waiting_(waiting), capacity_left_(capacity_left) {}
    ~FirstDoseDay() = default;

  private:
    const std::vector<int>& open_;
    const std::vector<std::int64_t>& waiting_;
    const std::int64_t& capacity_left_;
};

class AllocationPolicy {
  public:
    virtual ~AllocationPolicy() = default;
    virtual void allocate(FirstDoseDay& day) const = 0;
};

struct AllocationEntry {
    std::string_view name; // as written in a scenario's `policy.first_dose_allocation`
    std::string_view description;
    std::unique_ptr<AllocationPolicy> (*make)();
};

// Every policy a scenario may name, in the order documented.
const std::vector<AllocationEntry>& allocation_policies();
// "strict_priority, proportional or shares": the names, for messages.
std::string allocation_policy_names();
// The names as a list, for "did you mean".
std::vector<std::string> allocation_policy_ids();
bool is_allocation_policy(std::string_view name);
// The policy of that name; std::invalid_argument listing the known names if none.
std::unique_ptr<AllocationPolicy> make_allocation_policy(std::string_view name);

} // namespace vaxsim

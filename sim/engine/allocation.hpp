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
    virtual ~FirstDoseDay() = default;
    // Groups in the order first doses are offered: priority rank, then file order.
    virtual const std::vector<int>& priority_order() const = 0;
    virtual bool is_open(int group) const = 0;
    // People of the group still waiting for a first dose.
    virtual std::int64_t waiting(int group) const = 0;
    virtual std::int64_t capacity_left() const = 0;
    // Gives up to `limit` first doses to the group; returns how many were given.
    virtual std::int64_t serve(int group, std::int64_t limit) = 0;
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
// "strict_priority or proportional": the names, for messages.
std::string allocation_policy_names();
bool is_allocation_policy(std::string_view name);
// The policy of that name; std::invalid_argument listing the known names if none.
std::unique_ptr<AllocationPolicy> make_allocation_policy(std::string_view name);

} // namespace vaxsim

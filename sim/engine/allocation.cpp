#include "sim/engine/allocation.hpp"

#include <stdexcept>

#include "sim/engine/policies.hpp"

namespace vaxsim {

const std::vector<AllocationEntry>& allocation_policies() {
    static const std::vector<AllocationEntry> registry{
        {"strict_priority", "open groups in priority order, each served fully before the next",
         make_strict_priority},
        {"proportional", "the day's capacity split between open groups by people still waiting",
         make_proportional},
        {"shares", "the day's first doses split between open groups by the policy's shares "
                   "(policy.shares, changing by date); a share a group cannot use goes to the others",
         make_shares},
    };
    return registry;
}

std::string allocation_policy_names() {
    const auto& all = allocation_policies();
    std::string names;
    for (std::size_t i = 0; i < all.size(); ++i)
        names += (i == 0 ? "" : i + 1 == all.size() ? " or " : ", ") + std::string(all[i].name);
    return names;
}

std::vector<std::string> allocation_policy_ids() {
    std::vector<std::string> ids;
    for (const AllocationEntry& entry : allocation_policies()) ids.emplace_back(entry.name);
    return ids;
}

bool is_allocation_policy(std::string_view name) {
    for (const AllocationEntry& entry : allocation_policies())
        if (entry.name == name) return true;
    return false;
}

std::unique_ptr<AllocationPolicy> make_allocation_policy(std::string_view name) {
    for (const AllocationEntry& entry : allocation_policies())
        if (entry.name == name) return entry.make();
    throw std::invalid_argument("unknown first-dose allocation '" + std::string(name) +
                                "'; known: " + allocation_policy_names());
}

} // namespace vaxsim

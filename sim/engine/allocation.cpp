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
    };
    return registry;
}

std::unique_ptr<AllocationPolicy> make_allocation_policy(std::string_view name) {
    std::string known;
    for (const AllocationEntry& entry : allocation_policies()) {
        if (entry.name == name) return entry.make();
        known += (known.empty() ? "" : ", ") + std::string(entry.name);
    }
    throw std::invalid_argument("unknown first-dose allocation '" + std::string(name) +
                                "'; known: " + known);
}

} // namespace vaxsim

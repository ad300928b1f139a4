#pragma once
// The allocation policies the registry (allocation.cpp) lists, one file each.
#include <memory>

#include "sim/engine/allocation.hpp"

namespace vaxsim {

std::unique_ptr<AllocationPolicy> make_strict_priority();
std::unique_ptr<AllocationPolicy> make_proportional();
std::unique_ptr<AllocationPolicy> make_shares();

} // namespace vaxsim

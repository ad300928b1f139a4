#pragma once
// Progressive filling, shared by the proportional and shares policies: what can actually
// be given today is split between the open groups in proportion to a weight per group.
//
// In a round the groups that can still be given something (a weight above 0, people
// waiting, a product they may take with stock) split
//     T = min(capacity left,
//             min over products p of  available(p) x W / W_p,
//             min over groups g of    waiting(g) x W / w_g)
// by their weights (largest remainder, ties to the higher priority), where w_g is a
// group's weight, W the weights of all of them and W_p of those that may take p. No group
// is then offered more than it has waiting, nor more than its weight's part of a product
// it may draw on, so none takes another's part of a shared product. After the round
// everything is measured again; a round uses up the capacity or (nearly) a product, or
// empties a group, so few rounds are needed.
#include <cstdint>
#include <functional>

#include "sim/engine/allocation.hpp"

namespace vaxsim {

enum class Filled {
    done,  // the capacity is used up, or no group with a weight can take more
    stuck, // a round gave nothing (rounding on the last doses): the caller finishes the day
};
Filled fill_in_proportion(FirstDoseDay& day, const std::function<std::int64_t(int group)>& weight);

} // namespace vaxsim

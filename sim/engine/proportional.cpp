// Proportional: the remaining capacity is split between open groups by the people still
// waiting; what a group cannot use (no stock it may take, nobody left) is split again
// among the others, until capacity is used or no group can take more. Each round either
// uses all capacity or drops a group that took less than its share, so it ends.
#include <vector>

#include "models/rounding.hpp"
#include "sim/engine/policies.hpp"

namespace vaxsim {
namespace {

class Proportional final : public AllocationPolicy {
  public:
    void allocate(FirstDoseDay& day) const override {
        std::vector<int> active = day.open_groups();
        std::vector<std::int64_t> weights;
        std::vector<int> still_active;
        while (day.capacity_left() > 0 && !active.empty()) {
            weights.clear();
            for (int g : active) weights.push_back(day.waiting(g));
            const auto shares = split_proportionally(day.capacity_left(), weights);
            still_active.clear();
            for (std::size_t i = 0; i < active.size(); ++i) {
                if (shares[i] == 0) {
                    still_active.push_back(active[i]);
                    continue;
                }
                if (day.serve(active[i], shares[i]) == shares[i] && day.waiting(active[i]) > 0)
                    still_active.push_back(active[i]);
            }
            active.swap(still_active);
        }
    }
};

} // namespace

std::unique_ptr<AllocationPolicy> make_proportional() {
    return std::make_unique<Proportional>();
}

} // namespace vaxsim

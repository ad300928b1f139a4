// Strict priority: open groups in priority order; a group is served as fully as stock
// and capacity allow before the next is offered anything.
#include "sim/engine/policies.hpp"

namespace vaxsim {
namespace {

class StrictPriority final : public AllocationPolicy {
  public:
    void allocate(FirstDoseDay& day) const override {
        for (int g : day.open_groups()) {
            if (day.capacity_left() == 0) return;
            day.serve(g, day.capacity_left());
        }
    }
};

} // namespace

std::unique_ptr<AllocationPolicy> make_strict_priority() {
    return std::make_unique<StrictPriority>();
}

} // namespace vaxsim

// Shares: what can actually be given today is split between the open groups by the
// shares the policy states for them (policy.shares, changing at dated policy steps).
// "What can be given" is bounded as for proportional: by the capacity left and by every
// product's stock (its wastage and second-dose reserve kept).
//
// Progressive filling (sim/engine/progressive_filling.hpp) weighted by the shares: no
// group is offered more than it has waiting, nor more than its share's part of a product
// it may draw on, and a share a group cannot use (closed, nobody waiting, no product it
// may take) goes to the others in proportion to their shares. When no group with a share
// can take more (or a round gives nothing: rounding on the last doses), the rest goes to
// the open groups in priority order, those without a share included, so no dose is left
// while someone eligible waits.
#include "sim/engine/policies.hpp"
#include "sim/engine/progressive_filling.hpp"

namespace vaxsim {
namespace {

class Shares final : public AllocationPolicy {
  public:
    void allocate(FirstDoseDay& day) const override {
        fill_in_proportion(day, [&](int g) { return day.share(g); });
        // What no group with a share can take: the open groups in priority order.
        for (int g : day.open_groups()) {
            if (day.capacity_left() == 0) return;
            if (day.waiting(g) > 0) day.serve(g, day.capacity_left());
        }
    }
};

} // namespace

std::unique_ptr<AllocationPolicy> make_shares() {
    return std::make_unique<Shares>();
}

} // namespace vaxsim

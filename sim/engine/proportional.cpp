// Proportional: what can actually be given today is split between open groups by the
// people still waiting. "What can be given" is bounded by the capacity left and by every
// product's stock (its wastage and second-dose reserve kept), so when supply binds the
// groups drawing on a product share it instead of the first in priority taking it all.
//
// Progressive filling (sim/engine/progressive_filling.hpp) weighted by the people
// waiting: each group's part is at most its waiting's part of every product it may draw
// on. Should a round give nothing (rounding on the last doses), the rest goes in priority
// order, so the day always ends.
#include "sim/engine/policies.hpp"
#include "sim/engine/progressive_filling.hpp"

namespace vaxsim {
namespace {

class Proportional final : public AllocationPolicy {
  public:
    void allocate(FirstDoseDay& day) const override {
        if (fill_in_proportion(day, [&](int g) { return day.waiting(g); }) == Filled::done) return;
        // A round gave nothing: the rest in priority order, so the day always ends.
        for (int g : day.open_groups()) {
            if (day.capacity_left() == 0) return;
            if (day.waiting(g) > 0) day.serve(g, day.capacity_left());
        }
    }
};

} // namespace

std::unique_ptr<AllocationPolicy> make_proportional() {
    return std::make_unique<Proportional>();
}

} // namespace vaxsim

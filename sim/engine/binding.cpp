#include "sim/engine/binding.hpp"

#include <algorithm>

namespace vaxsim {

std::pair<Constraint, int> binding_constraint(const Scenario& sc, const EngineState& state,
                                              DayNumber day) {
    const Population& pop = sc.population;
    const int P = static_cast<int>(sc.products.size());
    int overdue_product = -1;
    for (int p = 0; p < P && overdue_product < 0; ++p)
        if (state.queue.due(p) > 0) overdue_product = p;
    // Groups do not open during a day and waiting only falls, so the groups open and
    // waiting now are those of the day's list that still wait.
    const auto still_waiting = [&](int g) { return state.group_waiting[g] > 0; };
    const bool anyone_waiting =
        std::any_of(state.open_groups.begin(), state.open_groups.end(), still_waiting);
    if (overdue_product < 0 && !anyone_waiting) return {Constraint::none, -1};
    if (state.capacity_left == 0) return {Constraint::capacity, -1};
    if (overdue_product >= 0) return {Constraint::supply, overdue_product};
    for (int g : state.open_groups) {
        if (!still_waiting(g)) continue;
        for (int p : pop.groups()[g].products)
            for (int c : pop.groups()[g].cohorts) {
                if (state.waiting(pop, c) == 0 ||
                    !sc.products[p].eligible(pop.bands()[pop.cohorts()[c].band], day))
                    continue;
                const ProductStock& s = state.stock[p];
                const bool held_back =
                    s.held(state.queue.outstanding(p)) > 0 && s.cost(1) <= s.stock();
                return {held_back ? Constraint::second_dose_reserve : Constraint::supply, p};
            }
    }
    return {Constraint::eligibility, -1};
}

} // namespace vaxsim

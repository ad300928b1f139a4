#include "sim/engine/binding.hpp"

#include <algorithm>

namespace vaxsim {

// In order: before any group opens (and with no later dose due) the day says so; a day
// whose capacity was all used is bound by capacity, even if that also served everyone;
// then no one waiting; an overdue later dose names its product's supply; otherwise the
// highest-priority group still waiting names the product that stopped it: one of its
// products it may take that has stock held back for second doses (the reserve stopped
// it), else its first such product (all of them are out of stock), else eligibility.
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
    const bool any_open = std::any_of(pop.groups().begin(), pop.groups().end(),
                                      [&](const PriorityGroup& g) { return g.opens <= day; });
    if (overdue_product < 0 && !any_open) return {Constraint::no_group_open, -1};
    if (state.capacity_left == 0 && (state.capacity_today > 0 || anyone_waiting ||
                                     overdue_product >= 0))
        return {Constraint::capacity, -1};
    if (overdue_product < 0 && !anyone_waiting) return {Constraint::none, -1};
    if (overdue_product >= 0) return {Constraint::supply, overdue_product};
    for (int g : state.open_groups) {
        if (!still_waiting(g)) continue;
        int first_choice = -1;
        for (int p : pop.groups()[g].products)
            for (int c : pop.groups()[g].cohorts) {
                if (state.waiting(pop, c) == 0 ||
                    !sc.products[p].eligible(pop.bands()[pop.cohorts()[c].band], day))
                    continue;
                const ProductStock& s = state.stock[p];
                if (s.held(state.queue.reserved(p)) > 0 && s.cost(1) <= s.stock())
                    return {Constraint::second_dose_reserve, p};
                if (first_choice < 0) first_choice = p;
                break;
            }
        if (first_choice >= 0) return {Constraint::supply, first_choice};
    }
    return {Constraint::eligibility, -1};
}

} // namespace vaxsim

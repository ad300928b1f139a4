#include "sim/engine/binding.hpp"

#include <algorithm>
#include <optional>

namespace vaxsim {

namespace {

// What stopped a group with people waiting, spare capacity left in the day: one of its
// products it may take whose sites are full while it has stock (capacity of that
// product's first site), or that has stock held back for second doses (the reserve), else
// its first such product (all out of stock: supply); none when no product is allowed for
// anyone waiting.
std::optional<Binding> waiting_group_binding(const Scenario& sc, const EngineState& state,
                                             DayNumber day, int g) {
    const Population& pop = sc.population;
    const auto sites_full = [&](int p) { return state.capacity_for(p) == 0; };
    int first_choice = -1;
    for (int p : pop.groups()[g].products_on(day))
        for (int c : pop.groups()[g].cohorts) {
            if (state.waiting(c) == 0 ||
                !sc.products[p].eligible(pop.bands()[pop.cohorts()[c].band], day))
                continue;
            const ProductStock& s = state.stock[p];
            if (sites_full(p) && s.available_first(state.queue.reserved(p)) > 0)
                return Binding{Constraint::capacity, p, state.sites_of[p].front()};
            if (s.held(state.queue.reserved(p)) > 0 && s.cost(1) <= s.stock())
                return Binding{Constraint::second_dose_reserve, p};
            if (first_choice < 0) first_choice = p;
            break;
        }
    if (first_choice >= 0) return Binding{Constraint::supply, first_choice};
    return std::nullopt;
}

} // namespace

// In order: before any group opens (and with no later dose due, no walk-in served) the
// day says so; a day whose capacity was all used is bound by capacity, even if that also
// served everyone; then no one waiting (awaiting arrivals when an open group's willing
// have not all arrived, else none); an overdue later dose names its product's supply;
// when only people booked for a booster wait, the campaign product that stopped them (the
// reserve, if its stock was held back for second doses; else its supply), or eligibility;
// otherwise the
// highest-priority group still waiting names the product that stopped it: one of its
// products it may take whose sites are full while it has stock (the capacity of that
// product's first site stopped it), or that has stock held back for second doses (the
// reserve stopped it), else its first such product (all of them are out of stock), else
// eligibility. An overdue product with stock whose sites are full names its site too.
Binding binding_constraint(const Scenario& sc, const EngineState& state, DayNumber day) {
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
    // Walk-ins may be given doses before any group opens; then the day says what stopped them.
    const bool none_given = state.capacity_left == state.capacity_today;
    if (overdue_product < 0 && !any_open && none_given) return {Constraint::no_group_open};
    // People booked for a booster in an open campaign who were not given one.
    const bool boosters_waiting = state.boosters.left_waiting();
    if (state.capacity_left == 0 && (state.capacity_today > 0 || anyone_waiting ||
                                     overdue_product >= 0 || boosters_waiting))
        return {Constraint::capacity};
    if (overdue_product < 0 && !anyone_waiting && !boosters_waiting) {
        // Everyone arrived was served, but an open group's willing have not all arrived yet
        // (booking windows, an arrival curve): demand, not supply, held the day.
        for (int g : state.arrivals_pending)
            if (pop.groups()[g].open_on(day)) return {Constraint::awaiting_arrivals};
        return {Constraint::none};
    }
    // Only with sites can a product's capacity be used up while the day's is not.
    const auto sites_full = [&](int p) { return state.capacity_for(p) == 0; };
    if (overdue_product >= 0) {
        const int p = overdue_product;
        if (sites_full(p) && state.stock[p].affordable_booked(1) == 1)
            return {Constraint::capacity, p, state.sites_of[p].front()};
        return {Constraint::supply, p};
    }
    // Only boosters wait: the campaign product that ran out, else none they may take.
    if (!anyone_waiting) {
        const int p = state.boosters.stopped_by();
        if (p < 0) return {Constraint::eligibility};
        const ProductStock& s = state.stock[p];
        if (sites_full(p) && s.cost(1) <= s.stock())
            return {Constraint::capacity, p, state.sites_of[p].front()};
        if (s.held(state.queue.reserved(p)) > 0 && s.cost(1) <= s.stock())
            return {Constraint::second_dose_reserve, p};
        return {Constraint::supply, p};
    }
    for (int g : state.open_groups) {
        if (!still_waiting(g)) continue;
        if (const auto b = waiting_group_binding(sc, state, day, g)) return *b;
    }
    return {Constraint::eligibility};
}

// For a group with people waiting and capacity left: what stopped it, as for the
// highest-priority group above.
Binding waiting_group_held(const Scenario& sc, const EngineState& state, DayNumber day, int g) {
    if (const auto b = waiting_group_binding(sc, state, day, g)) return *b;
    return {Constraint::eligibility};
}

} // namespace vaxsim

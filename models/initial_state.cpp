#include "models/initial_state.hpp"

#include <algorithm>

#include "models/error.hpp"
#include "models/names.hpp"
#include "models/rounding.hpp"

namespace vaxsim {
namespace {

int product_index(const std::vector<Product>& products, const std::string& id) {
    for (std::size_t p = 0; p < products.size(); ++p)
        if (products[p].id() == id) return static_cast<int>(p);
    return -1;
}

bool group_may_take(const PriorityGroup& group, int p) {
    const auto has = [p](const std::vector<int>& list) {
        return std::find(list.begin(), list.end(), p) != list.end();
    };
    if (has(group.products)) return true;
    return std::any_of(group.product_changes.begin(), group.product_changes.end(),
                       [&](const PriorityGroup::ProductStep& s) { return has(s.products); });
}

} // namespace

InitialState::InitialState(const InitialStateSpec& spec, const Population& pop,
                           const std::vector<Product>& products, DayNumber start)
    : as_of(spec.as_of) {
    if (spec.as_of + 1 != start)
        throw ModelError("as_of", "the state is at the end of " + format_iso_date(spec.as_of) +
                                      ", so the run must start on " +
                                      format_iso_date(spec.as_of + 1) + ", but it starts on " +
                                      format_iso_date(start));
    const std::size_t C = pop.cohorts().size();
    first.assign(C, 0);
    full.assign(C, 0);
    stock.assign(products.size(), 0);
    // Willing people of each cohort on the first day not yet taken by an entry.
    std::vector<std::int64_t> room(C);
    for (std::size_t c = 0; c < C; ++c) room[c] = pop.willing_on(static_cast<int>(c), start);

    // Entries naming a band first (they are pinned), then the rest, each in file order.
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < spec.people.size(); ++i)
        if (spec.people[i].band) order.push_back(i);
    for (std::size_t i = 0; i < spec.people.size(); ++i)
        if (!spec.people[i].band) order.push_back(i);

    std::vector<InitialCell> split;
    for (std::size_t i : order) {
        const InitialPeopleSpec& e = spec.people[i];
        const std::string path = "people." + std::to_string(i);
        const std::optional<int> g = pop.group_index(e.group);
        if (!g)
            throw ModelError(path + ".group",
                             "unknown group '" + e.group + "'" + did_you_mean(e.group, pop.group_ids()));
        const PriorityGroup& group = pop.groups()[*g];
        if (group.uptake_distribution)
            throw ModelError(path + ".group",
                             "group '" + e.group +
                                 "' has a drawn uptake: people already vaccinated must fit its "
                                 "willing people in every future, so give it a fixed uptake");
        const int p = product_index(products, e.product);
        if (p < 0)
            throw ModelError(path + ".product", "unknown product '" + e.product + "'" +
                                                    did_you_mean(e.product, product_ids(products)));
        if (!group_may_take(group, p))
            throw ModelError(path + ".product", "group '" + e.group + "' does not take product '" +
                                                    e.product + "' (not in its products)");
        const Product& product = products[p];
        if (e.doses < 1 || e.doses > product.doses_in_series())
            throw ModelError(path + ".doses",
                             "doses received must be 1 to " +
                                 std::to_string(product.doses_in_series()) + " (the series of '" +
                                 e.product + "'; boosters cannot be part of an initial state), got " +
                                 std::to_string(e.doses));
        const std::int64_t count = check_count(e.count, path + ".count");
        if (e.last_dose > spec.as_of)
            throw ModelError(path + ".last_dose", "the last dose " + format_iso_date(e.last_dose) +
                                                      " is after as_of (" +
                                                      format_iso_date(spec.as_of) + ")");
        const int k = static_cast<int>(e.doses);
        const bool complete = k == product.doses_in_series();
        if (!e.booked && (complete || e.next_due))
            throw ModelError(path + ".booked",
                             complete ? "people with all " + std::to_string(k) + " doses of '" +
                                            e.product + "' have no next dose to book or not"
                                      : std::string("people not booked have no next_due"));
        if (e.next_due) {
            if (complete)
                throw ModelError(path + ".next_due", "people with all " + std::to_string(k) +
                                                         " doses of '" + e.product +
                                                         "' have no next dose to book");
            if (*e.next_due <= spec.as_of)
                throw ModelError(path + ".next_due",
                                 "the next dose must be due after as_of (" +
                                     format_iso_date(spec.as_of) + "), got " +
                                     format_iso_date(*e.next_due));
            const ScheduledDose rule = product.next_dose(k - 1, e.last_dose);
            if (*e.next_due < rule.earliest)
                throw ModelError(path + ".next_due",
                                 "dose " + std::to_string(k + 1) + " of '" + e.product +
                                     "' may not come before " + format_iso_date(rule.earliest) +
                                     " (its minimum interval after " +
                                     format_iso_date(e.last_dose) + "), got " +
                                     format_iso_date(*e.next_due));
        }
        // The cohorts taking this entry, and how many each can still take.
        std::vector<int> cohorts;
        if (e.band) {
            const std::optional<int> b = pop.band_index(*e.band);
            for (int c : group.cohorts)
                if (b && pop.cohorts()[c].band == *b) cohorts.push_back(c);
            if (cohorts.empty())
                throw ModelError(path + ".band", "group '" + e.group + "' has no people in band '" +
                                                     *e.band + "'");
        } else {
            cohorts = group.cohorts;
        }
        std::vector<std::int64_t> weights;
        std::int64_t can = 0;
        for (int c : cohorts) {
            weights.push_back(room[c]);
            can += room[c];
        }
        if (count > can)
            throw ModelError(path + ".count",
                             std::to_string(count) + " people, but group '" + e.group + "' has only " +
                                 std::to_string(can) + " willing people" +
                                 (e.band ? " in band '" + *e.band + "'" : std::string()) +
                                 " on " + format_iso_date(start) +
                                 " not already counted by the entries before (its size times "
                                 "its uptake): raise its uptake or check the counts");
        // Largest remainder by the room left: no cohort is given more than its room.
        const std::vector<std::int64_t> parts = split_proportionally(count, weights);
        for (std::size_t j = 0; j < cohorts.size(); ++j) {
            if (parts[j] == 0) continue;
            const int c = cohorts[j];
            room[c] -= parts[j];
            first[c] += parts[j];
            if (complete) full[c] += parts[j];
            split.push_back({static_cast<int>(i), c, *g, p, k, parts[j], e.last_dose, e.next_due,
                             complete, !complete && e.booked});
        }
    }
    std::stable_sort(split.begin(), split.end(),
                     [](const InitialCell& a, const InitialCell& b) { return a.entry < b.entry; });
    cells = std::move(split);

    for (const auto& [id, doses] : spec.stock) {
        const std::string path = "stock." + id;
        const int p = product_index(products, id);
        if (p < 0)
            throw ModelError(path, "unknown product '" + id + "'" + did_you_mean(id, product_ids(products)));
        stock[p] = check_count(doses, path);
    }
}

std::vector<std::int64_t> InitialState::doses_by_group(int groups, int P, int K) const {
    std::vector<std::int64_t> out(static_cast<std::size_t>(groups) * P * K, 0);
    for (const InitialCell& cell : cells)
        for (int k = 0; k < cell.doses && k < K; ++k)
            out[(static_cast<std::size_t>(cell.group) * P + cell.product) * K + k] += cell.count;
    return out;
}

std::vector<std::int64_t> InitialState::doses_by_cohort(int cohorts, int K) const {
    std::vector<std::int64_t> out(static_cast<std::size_t>(cohorts) * K, 0);
    for (const InitialCell& cell : cells)
        for (int k = 0; k < cell.doses && k < K; ++k)
            out[static_cast<std::size_t>(cell.cohort) * K + k] += cell.count;
    return out;
}

} // namespace vaxsim

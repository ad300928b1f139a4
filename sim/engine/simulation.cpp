#include "sim/engine/simulation.hpp"

#include <algorithm>
#include <numeric>

#include "models/rounding.hpp"
#include "sim/engine/binding.hpp"

namespace vaxsim {
namespace {

int holder_of(const Scenario& sc, int p, int k, int cohort, DayNumber due) {
    if (sc.heterologous.empty()) return p;
    const AgeBand& band = sc.population.bands()[sc.population.cohorts()[cohort].band];
    for (const HeterologousRule& rule : sc.heterologous)
        if (rule.when() == SwitchWhen::always && rule.covers(p, k, band, due))
            return rule.give().front();
    return p;
}

// One day of first doses as an allocation policy sees it, and the one place a dose is
// given: stock consumed and wasted, the ledger written, the next dose booked.
class Day final : public FirstDoseDay {
  public:
    Day(const Scenario& sc, EngineState& state, Ledger& ledger, int t)
        : FirstDoseDay(state.open_groups, state.group_waiting, state.capacity_left), sc_(sc),
          pop_(sc.population), state_(state), ledger_(ledger), t_(t), day_(sc.start + t) {}

    // Products in the group's order of preference, each to the group's cohorts (age
    // bands) the product may serve that day.
    std::int64_t serve(int g, std::int64_t limit) override {
        const PriorityGroup& group = pop_.groups()[g];
        if (!group.product_shares.empty()) return serve_shares(g, limit);
        std::int64_t given = 0;
        for (int p : group.products_on(day_)) {
            given += serve_product(g, p, limit - given);
            if (given == limit) break;
        }
        return given;
    }

    // A group with product shares: its first doses so far and today's, together, split
    // between its products by share (largest remainder, so each product's cumulative count
    // is exact); a product short of its part today (out of stock, not for the band) leaves
    // it to the others, in the order the shares were written.
    std::int64_t serve_shares(int g, std::int64_t limit) {
        const PriorityGroup& group = pop_.groups()[g];
        const std::int64_t want = std::min(limit, state_.group_waiting[g]);
        if (want <= 0) return 0;
        const std::size_t row = static_cast<std::size_t>(g) * sc_.products.size();
        std::int64_t before = 0;
        for (int p : group.products) before += state_.first_by_product[row + p];
        const std::vector<std::int64_t> target =
            split_proportionally(before + want, group.product_shares);
        std::int64_t given = 0;
        for (std::size_t k = 0; k < group.products.size(); ++k) {
            const int p = group.products[k];
            const std::int64_t part = target[k] - state_.first_by_product[row + p];
            if (part > 0) given += serve_product(g, p, std::min(part, want - given));
        }
        for (int p : group.products) {
            if (given == want) break;
            given += serve_product(g, p, want - given);
        }
        return given;
    }

    // Up to `limit` first doses of one product to the group's cohorts (age bands) it may
    // serve today, in the order written.
    std::int64_t serve_product(int g, int p, std::int64_t limit) {
        const PriorityGroup& group = pop_.groups()[g];
        const Product& product = sc_.products[p];
        std::int64_t given = 0;
        for (int c : group.cohorts) {
            const std::int64_t want =
                std::min({state_.waiting(c), limit - given, state_.capacity_for(p)});
            if (want <= 0) continue;
            if (!product.eligible(pop_.bands()[pop_.cohorts()[c].band], day_)) continue;
            const std::int64_t n =
                state_.stock[p].affordable_first(want, state_.queue.reserved(p), c);
            if (n == 0) continue;
            give(c, p, 0, n);
            given += n;
        }
        return given;
    }

    int products() const override { return static_cast<int>(sc_.products.size()); }
    // Bounded by the stock and by the capacity left at the sites that give the product.
    std::int64_t available(int p) const override {
        return std::min(state_.stock[p].available_first(state_.queue.reserved(p)),
                        state_.capacity_for(p));
    }
    std::int64_t share(int g) const override {
        return state_.group_shares[state_.policy_step][static_cast<std::size_t>(g)];
    }
    bool draws_on(int g, int p) const override {
        const std::vector<int>& products = pop_.groups()[g].products_on(day_);
        if (std::find(products.begin(), products.end(), p) == products.end()) return false;
        const PriorityGroup& group = pop_.groups()[g];
        for (int c : group.cohorts)
            if (state_.waiting(c) > 0 &&
                sc_.products[p].eligible(pop_.bands()[pop_.cohorts()[c].band], day_))
                return true;
        return false;
    }

    // Booked doses first: across products, the oldest due first, within capacity and
    // stock. A booking another product may serve (a heterologous rule) is tried with each
    // product it may have, in order; a booking no product can serve today is passed over
    // (stock only falls during the day), and when no rule covers its product, so is the
    // rest of its product's queue.
    void serve_booked() {
        const int P = static_cast<int>(sc_.products.size());
        std::vector<char>& blocked = state_.out_of_stock;
        blocked.assign(static_cast<std::size_t>(P), 0);
        empty_.assign(static_cast<std::size_t>(P), 0);
        cursor_.resize(static_cast<std::size_t>(P));
        for (int p = 0; p < P; ++p) cursor_[p] = state_.queue.first_due(p);
        while (state_.capacity_left > 0) {
            int best = -1;
            for (int p = 0; p < P; ++p) {
                if (blocked[p]) continue;
                std::size_t& i = cursor_[p];
                const std::size_t end = state_.queue.due_end(p);
                while (i < end && state_.queue.at(p, i).remaining == 0) ++i;
                if (i == end) continue;
                if (best < 0 || state_.queue.at(p, i).due < state_.queue.at(best, cursor_[best]).due)
                    best = p;
            }
            if (best < 0) return;
            const std::int64_t left = serve_booking(best, cursor_[best], true);
            if (left > 0 && state_.capacity_left > 0) {
                if (sc_.heterologous.empty()) blocked[best] = 1;
                ++cursor_[best];
            }
        }
    }

    // Booked doses not yet due, once first doses are served: people whose earliest day
    // (the interval's min_days) has come, soonest due first, within what capacity and
    // stock are left.
    void serve_early() {
        const int P = static_cast<int>(sc_.products.size());
        for (int p = 0; p < P; ++p) cursor_[p] = state_.queue.due_end(p);
        while (state_.capacity_left > 0) {
            int best = -1;
            for (int p = 0; p < P; ++p) {
                const int slack = early_slack_[p];
                if (slack == 0) continue;
                std::size_t& i = cursor_[p];
                for (; i < state_.queue.size(p); ++i) {
                    const Booking& b = state_.queue.at(p, i);
                    if (b.due > day_ + slack) {
                        i = state_.queue.size(p);
                        break;
                    }
                    if (b.remaining > 0 && b.earliest <= day_) break;
                }
                if (i == state_.queue.size(p)) continue;
                if (best < 0 || state_.queue.at(p, i).due < state_.queue.at(best, cursor_[best]).due)
                    best = p;
            }
            if (best < 0) return;
            serve_booking(best, cursor_[best], false);
            ++cursor_[best];
        }
    }

    // Walk-ins, after the day's first doses: capacity and stock left over (the reserve
    // kept) go to willing people who have not arrived, of groups not yet open or not yet
    // fully arrived (never closed ones), in priority order, each group's products in its
    // order of preference. They arrive as they are served, as first doses of their group.
    void serve_walk_ins() {
        for (int g : pop_.priority_order()) {
            const PriorityGroup& group = pop_.groups()[g];
            if (day_ >= group.closes || state_.arrivals_done[g]) continue;
            for (int p : group.products_on(day_))
                for (int c : group.cohorts) {
                    if (state_.capacity_left == 0) return;
                    const std::int64_t want = std::min(
                        pop_.willing_on(c, day_) - state_.arrived[c], state_.capacity_for(p));
                    if (want <= 0) continue;
                    if (!sc_.products[p].eligible(pop_.bands()[pop_.cohorts()[c].band], day_))
                        continue;
                    const std::int64_t n =
                        state_.stock[p].affordable_first(want, state_.queue.reserved(p), c);
                    if (n == 0) continue;
                    state_.arrived[c] += n;
                    state_.group_waiting[g] += n;
                    give(c, p, 0, n);
                }
        }
    }

    // Boosters of the campaigns of one priority (sim/engine/boosters.hpp). They draw on
    // stock as first doses do: what is held back for booked later doses stays held.
    void serve_boosters(BoosterPriority which) {
        if (!state_.boosters.any()) return;
        std::int64_t left = state_.capacity_left;
        state_.boosters.serve(
            which, day_, left,
            [&](int p, std::int64_t want) {
                want = std::min(want, state_.capacity_for(p)); // its sites' capacity left
                return state_.stock[p].affordable_beside_reserve(want, state_.queue.reserved(p));
            },
            [&](int cohort, int p, int k, std::int64_t n) { record(cohort, p, k, n); });
    }

  private:
    // Serves what it can of booking i of product p's queue, each product it may have in
    // turn; returns the people it leaves waiting.
    std::int64_t serve_booking(int p, std::size_t i, bool is_due) {
        const Booking& booking = state_.queue.at(p, i);
        const int cohort = booking.cohort, k = booking.dose;
        std::int64_t left = booking.remaining;
        for (int q : candidates(p, k, cohort)) {
            if (empty_[q] || left == 0) continue;
            // Within the capacity left at the sites that give q.
            const std::int64_t want = std::min(left, state_.capacity_for(q));
            if (want == 0) continue;
            const std::int64_t n = state_.stock[q].affordable_booked(want);
            if (n < want) empty_[q] = 1;
            if (n == 0) continue;
            // give() may book more and move the queue: the booking is found again by index.
            state_.queue.serve(p, state_.queue.at(p, i), n, is_due);
            give(cohort, q, k, n);
            if (q != p) ledger_.switched(t_, cohort, p, q, k, n);
            left -= n;
        }
        return left;
    }

    // The products that may give dose k to a cohort whose dose before was of product p:
    // a covering `always` rule's products; else p, then those of covering `short` rules.
    const std::vector<int>& candidates(int p, int k, int cohort) {
        choice_.assign(1, p);
        if (sc_.heterologous.empty()) return choice_;
        const AgeBand& band = pop_.bands()[pop_.cohorts()[cohort].band];
        for (const HeterologousRule& rule : sc_.heterologous)
            if (rule.when() == SwitchWhen::always && rule.covers(p, k, band, day_)) {
                choice_ = rule.give();
                return choice_;
            }
        for (const HeterologousRule& rule : sc_.heterologous)
            if (rule.when() == SwitchWhen::short_of_stock && rule.covers(p, k, band, day_))
                for (int q : rule.give())
                    if (std::find(choice_.begin(), choice_.end(), q) == choice_.end())
                        choice_.push_back(q);
        return choice_;
    }

    // Takes n doses of number k + 1 of product p from stock and capacity, and writes them.
    void record(int cohort, int p, int k, std::int64_t n) {
        ProductStock& stock = state_.stock[p];
        const std::int64_t lost = stock.consume(n);
        ledger_.wasted(t_, p) += lost;
        ledger_.administered(t_, p) += n;
        state_.draw(p, n, [&](int site, std::int64_t part) {
            ledger_.site_capacity_used(t_, site) += part;
        });
        ledger_.give(t_, 0, pop_.cohorts()[cohort].group, cohort, p, k, n);
        ledger_.people_changed(t_, cohort);
        state_.dose_people[static_cast<std::size_t>(cohort) * ledger_.doses_per_person() + k] += n;
    }

    // Gives n doses of number k + 1 of product p to a cohort, and books the next dose of
    // p's series (a person continues on the product of their latest dose).
    void give(int cohort, int p, int k, std::int64_t n) {
        ProductStock& stock = state_.stock[p];
        const Product& product = sc_.products[p];
        record(cohort, p, k, n);
        const int group = pop_.cohorts()[cohort].group;
        if (k == 0) {
            state_.first[cohort] += n;
            state_.group_waiting[group] -= n;
            state_.first_by_product[static_cast<std::size_t>(group) * sc_.products.size() +
                                    static_cast<std::size_t>(p)] += n;
        }
        if (k + 1 == product.doses_in_series()) {
            state_.full[cohort] += n;
            state_.boosters.add_last_dose(cohort, p, k, day_, n);
            return;
        }
        const std::int64_t back = stock.returning(k, cohort, n);
        const ScheduledDose next = product.next_dose(k, day_);
        state_.queue.book(p, next, day_, cohort, k + 1, back, holder(p, k + 1, cohort, next.due));
    }

    // The product whose stock holds the reserve for a booking of dose k of product p due
    // on `due`: the first product of an `always` rule covering it then, else p.
    int holder(int p, int k, int cohort, DayNumber due) const {
        return holder_of(sc_, p, k, cohort, due);
    }

    const Scenario& sc_;
    const Population& pop_;
    EngineState& state_;
    Ledger& ledger_;
    const int t_;
    const DayNumber day_;
    std::vector<char>& empty_ = state_.no_booked_stock;
    std::vector<std::size_t>& cursor_ = state_.cursor;
    std::vector<int>& choice_ = state_.choice;
    const std::vector<int>& early_slack_ = state_.early_slack;
};

} // namespace

void Engine::start(const Scenario& sc, bool note_changes) {
    sc_ = &sc;
    const int P = static_cast<int>(sc.products.size());
    LedgerShape shape;
    shape.start = sc.start;
    shape.days = sc.days();
    shape.groups = static_cast<int>(sc.population.groups().size());
    shape.products = P;
    shape.cohorts = static_cast<int>(sc.population.cohorts().size());
    shape.sites = static_cast<int>(sc.capacity.sites().size());
    shape.doses = sc.dose_numbers(); // the longest series, plus boosters
    const bool by_cohort = sc.epidemic.has_value();
    if (ledger_.holds(shape, by_cohort))
        ledger_.reuse();
    else
        ledger_ = Ledger(shape, by_cohort);
    ledger_.note_changes(note_changes);

    state_.stock.resize(static_cast<std::size_t>(P));
    state_.policy_step = 0;
    {
        std::vector<std::string> group_ids;
        for (const PriorityGroup& g : sc.population.groups()) group_ids.push_back(g.id);
        state_.group_shares = sc.policy.steps.empty()
                                  ? std::vector<std::vector<std::int64_t>>{std::vector<std::int64_t>(
                                        group_ids.size(), 0)}
                                  : sc.policy.share_weights(group_ids);
    }
    state_.exports_planned.assign(static_cast<std::size_t>(shape.days) * P, 0);
    const auto day_index = [&](DayNumber day) { return static_cast<int>(day - sc.start); };
    for (int p = 0; p < P; ++p) {
        const double reserve = sc.policy.steps.empty() ? sc.policy.second_dose_reserve
                                                       : sc.policy.steps[0].reserve[p];
        state_.stock[p].reset(sc.products[p], reserve, shape.cohorts);
        const Supply& supply = sc.products[p].supply();
        // Extra doses drawn from the vials: a share of the labelled doses delivered in the
        // run, rounded cumulatively so the run's total is exact.
        CumulativeShare extra(supply.extra_per_dose());
        for (const Delivery& d : supply.deliveries()) {
            // Deliveries on or before an initial state's day are in its stock on hand
            // (or were given or wasted): they never enter stock again.
            if (sc.initial && d.day <= sc.initial->as_of) {
                ledger_.replaced_deliveries[p] += d.doses;
                continue;
            }
            const int index = std::max(0, d.day - sc.start);
            if (index >= shape.days) {
                ledger_.delivered_after_end[p] += d.doses;
            } else {
                ledger_.deliveries(index, p) += d.doses;
                if (supply.vial()) ledger_.extracted(index, p) += extra.take(d.doses);
            }
        }
        // Exports and returns are dated within the run (the scenario checks it).
        for (const Delivery& e : supply.exports())
            state_.exports_planned[static_cast<std::size_t>(day_index(e.day)) * P + p] += e.doses;
        for (const Delivery& r : supply.returns()) ledger_.imported(day_index(r.day), p) += r.doses;
    }
    for (const Swap& swap : sc.swaps) {
        state_.exports_planned[static_cast<std::size_t>(day_index(swap.day)) * P + swap.give] +=
            swap.give_doses;
        ledger_.imported(day_index(swap.day), swap.get) += swap.get_doses;
    }
    state_.queue.reset(P);
    state_.early_slack.assign(static_cast<std::size_t>(P), 0);
    for (int p = 0; p < P; ++p) state_.early_slack[p] = sc.products[p].most_early_days();
    state_.first.assign(static_cast<std::size_t>(shape.cohorts), 0);
    state_.full.assign(static_cast<std::size_t>(shape.cohorts), 0);
    // Nobody has arrived before the day's arrivals (Engine::arrive).
    state_.arrived.assign(static_cast<std::size_t>(shape.cohorts), 0);
    state_.arrivals_done.assign(static_cast<std::size_t>(shape.groups), 0);
    std::vector<int>& pending = state_.arrivals_pending;
    pending.resize(static_cast<std::size_t>(shape.groups));
    std::iota(pending.begin(), pending.end(), 0);
    const auto& groups = sc.population.groups();
    std::stable_sort(pending.begin(), pending.end(),
                     [&](int a, int b) { return groups[a].opens < groups[b].opens; });
    state_.first_by_product.assign(static_cast<std::size_t>(shape.groups) * P, 0);
    state_.dose_people.assign(static_cast<std::size_t>(shape.cohorts) * shape.doses, 0);
    state_.boosters.reset(sc);
    state_.group_waiting.assign(static_cast<std::size_t>(shape.groups), 0);
    if (sc.initial) seed(*sc.initial);
    plan_capacity(sc);
    received_extra_.clear();
    for (int p = 0; p < P; ++p) received_extra_.emplace_back(sc.products[p].supply().extra_per_dose());
    policy_ = &allocation(sc.policy.steps.empty() ? sc.policy.allocation
                                                  : sc.policy.steps[0].allocation);
}

// The state at the end of the day before the start: the stock on hand, and the people
// already vaccinated, counted as arrived (so they count against their group's uptake),
// with the next dose of an incomplete series booked as the engine books a dose it gives
// (the product's interval rules from the last dose, including changes by first-dose or
// due date and re-datings that took effect before the start), or on `next_due` (none
// with `booked: false`); people
// with a complete series enter the booster book by their last dose. Everyone booked is
// booked (second_dose_completion applies to doses given in the run). The ledger gets
// the opening balance.
void Engine::seed(const InitialState& initial) {
    const Scenario& sc = *sc_;
    const int P = static_cast<int>(sc.products.size());
    const int K = ledger_.doses_per_person();
    ledger_.as_of = initial.as_of;
    for (int p = 0; p < P; ++p) {
        state_.stock[p].receive(initial.stock[p]);
        ledger_.initial_stock[p] = initial.stock[p];
    }
    ledger_.initial_doses = initial.doses_by_group(ledger_.groups(), P, K);
    for (const InitialCell& cell : initial.cells) {
        const int c = cell.cohort, p = cell.product, k = cell.doses - 1; // k: last dose, 0-based
        state_.first[c] += cell.count;
        state_.arrived[c] += cell.count;
        state_.first_by_product[static_cast<std::size_t>(cell.group) * P + p] += cell.count;
        for (int j = 0; j <= k; ++j)
            state_.dose_people[static_cast<std::size_t>(c) * K + j] += cell.count;
        if (cell.complete) {
            state_.full[c] += cell.count;
            state_.boosters.add_last_dose(c, p, k, cell.last_dose, cell.count);
            continue;
        }
        if (!cell.booked) continue; // did not come back: keeps the doses it had
        const Product& product = sc.products[p];
        ScheduledDose next = product.next_dose(k, cell.last_dose);
        if (cell.next_due) {
            next.due = next.original_due = *cell.next_due;
            next.latest = std::max(next.latest, next.due);
        } else {
            // A due-date change that re-dates booked doses, in force between the last
            // dose and the start, has already moved this booking.
            const auto& changes = product.changes();
            for (std::size_t i = 0; i < changes.size(); ++i) {
                const Product::Change& ch = changes[i];
                if (ch.move_booked && ch.gap == k && ch.from > cell.last_dose &&
                    ch.from <= initial.as_of && next.original_due >= ch.from &&
                    next.original_due <= ch.to)
                    next = product.moved(static_cast<int>(i), cell.last_dose, next.original_due);
            }
        }
        state_.queue.book(p, next, cell.last_dose, c, k + 1, cell.count,
                          holder_of(sc, p, k + 1, c, next.due));
    }
}

// One policy object per allocation name a run uses, kept from run to run.
AllocationPolicy& Engine::allocation(const std::string& name) {
    for (auto& [known, policy] : policies_)
        if (known == name) return *policy;
    policies_.emplace_back(name, make_allocation_policy(name));
    return *policies_.back().second;
}

// A dated policy change taking effect today: its reserves and allocation from now on.
void Engine::follow_policy(DayNumber day) {
    const std::vector<PolicyStep>& steps = sc_->policy.steps;
    std::size_t& k = state_.policy_step;
    if (k + 1 >= steps.size() || steps[k + 1].from > day) return;
    while (k + 1 < steps.size() && steps[k + 1].from <= day) ++k;
    for (std::size_t p = 0; p < state_.stock.size(); ++p)
        state_.stock[p].set_reserve(steps[k].reserve[p]);
    policy_ = &allocation(steps[k].allocation);
}

// The day's arrivals: each open group's willing people (as its uptake stands today)
// arrived by its schedule (all on the opening day without one); walk-ins who came earlier
// are counted among them.
void Engine::arrive(DayNumber day) {
    const Population& pop = sc_->population;
    std::vector<int>& pending = state_.arrivals_pending;
    bool any_done = false;
    for (int g : pending) {
        const PriorityGroup& group = pop.groups()[g];
        if (day < group.opens) break; // and every group after it
        if (state_.arrivals_done[g]) continue;
        const int offset = day - group.opens;
        bool all = true;
        for (int c : group.cohorts) {
            const std::int64_t willing = pop.willing_on(c, day);
            const std::int64_t now = group.arrival ? group.arrival->arrived(willing, offset) : willing;
            if (now > state_.arrived[c]) {
                state_.group_waiting[g] += now - state_.arrived[c];
                state_.arrived[c] = now;
            }
            // Done once the willing by the end (after every uptake change) have arrived.
            all = all && state_.arrived[c] == pop.cohorts()[c].willing;
        }
        if (all) {
            state_.arrivals_done[g] = 1;
            any_done = true;
        }
    }
    if (any_done)
        pending.erase(std::remove_if(pending.begin(), pending.end(),
                                     [&](int g) { return state_.arrivals_done[g] != 0; }),
                      pending.end());
}

void Engine::plan_capacity(const Scenario& sc) {
    const Capacity& capacity = sc.capacity;
    const int S = static_cast<int>(capacity.sites().size());
    const int P = static_cast<int>(sc.products.size());
    // Which sites give each product, the most specialised first.
    state_.site_left.assign(static_cast<std::size_t>(S), 0);
    state_.sites_of.assign(static_cast<std::size_t>(P), {});
    for (int p = 0; p < P; ++p) {
        std::vector<int>& order = state_.sites_of[p];
        for (int s = 0; s < S; ++s) {
            const auto& given = capacity.sites()[s].products;
            if (std::find(given.begin(), given.end(), p) != given.end()) order.push_back(s);
        }
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
            return capacity.sites()[a].products.size() < capacity.sites()[b].products.size();
        });
    }
    state_.one_site = S == 1 && state_.sites_of.size() == static_cast<std::size_t>(P) &&
                      std::all_of(state_.sites_of.begin(), state_.sites_of.end(),
                                  [](const std::vector<int>& o) { return o.size() == 1; });
    std::vector<CapacityPlan>& plans = capacity_plans_;
    const auto known = std::find_if(plans.begin(), plans.end(), [&](const CapacityPlan& p) {
        return p.start == sc.start && p.days == sc.days() && p.capacity == capacity;
    });
    if (known != plans.end()) {
        std::rotate(plans.begin(), known, known + 1); // the latest first
        capacity_ = &plans.front();
        return;
    }
    // A new one, first; the one used longest ago makes room.
    if (plans.size() == capacity_plans_kept) plans.pop_back();
    plans.insert(plans.begin(), CapacityPlan{});
    CapacityPlan& plan = plans.front();
    capacity_ = &plan;
    plan.start = sc.start;
    plan.days = sc.days();
    plan.capacity = capacity;
    plan.by_day.resize(static_cast<std::size_t>(sc.days()));
    plan.by_site.resize(static_cast<std::size_t>(sc.days()) * S);
    for (int t = 0; t < sc.days(); ++t) {
        std::int64_t total = 0;
        for (int s = 0; s < S; ++s)
            total += plan.by_site[static_cast<std::size_t>(t) * S + s] = capacity.on(s, sc.start + t);
        plan.by_day[t] = total;
    }
}

// One day, in MODEL.md's order: deliveries (with the extra doses of their vials), returns
// and swaps in, exports and swaps out (capped at the stock); the policy step in force and
// bookings re-dated by interval changes, drop-outs past the latest day; the policy step in
// force and the day's arrivals; booked doses (oldest due first, heterologous rules
// applied); boosters of campaigns before first doses; first doses to open groups by the
// allocation policy; boosters after first doses; booked doses whose earliest day has come;
// walk-ins for what is left (wastage is taken as each dose is given); record.
void Engine::step(int t) {
    const Scenario& sc = *sc_;
    const DayNumber day = sc.start + t;
    const int P = static_cast<int>(sc.products.size());
    state_.capacity_today = state_.capacity_left = capacity_->by_day[t];
    ledger_.capacity(t) = state_.capacity_left;
    const int S = static_cast<int>(state_.site_left.size());
    for (int s = 0; s < S; ++s)
        ledger_.site_capacity(t, s) = state_.site_left[s] =
            capacity_->by_site[static_cast<std::size_t>(t) * S + s];
    ledger_.start_day(t);
    for (int p = 0; p < P; ++p) {
        ProductStock& stock = state_.stock[p];
        stock.receive(ledger_.deliveries(t, p) + ledger_.extracted(t, p) + ledger_.imported(t, p) +
                      ledger_.moved_in(t, p));
        // Doses moved to another place were weighed against the stock on hand: all go.
        if (ledger_.moved_out(t, p) > 0 && stock.send(ledger_.moved_out(t, p)) != ledger_.moved_out(t, p))
            throw std::logic_error("more doses moved out of a place than it held");
        const std::int64_t asked = state_.exports_planned[static_cast<std::size_t>(t) * P + p];
        const std::int64_t sent = asked > 0 ? stock.send(asked) : 0;
        ledger_.exported(t, p) = sent;
        ledger_.exports_not_made[p] += asked - sent;
    }
    // Interval changes that re-date booked doses, on their first day; then what is due,
    // and drop-outs of bookings past their latest day.
    for (int p = 0; p < P; ++p) {
        const Product& product = sc.products[p];
        const auto& changes = product.changes();
        for (std::size_t i = 0; i < changes.size(); ++i) {
            const Product::Change& c = changes[i];
            if (!c.move_booked || c.from != day) continue;
            state_.queue.move(p, c.gap + 1, c.from, c.to, [&](Booking& b) {
                const ScheduledDose s = product.moved(static_cast<int>(i), b.given, b.original_due);
                b.due = s.due;
                b.earliest = s.earliest;
                b.latest = s.latest;
                b.holder = holder_of(sc, p, b.dose, b.cohort, b.due);
            });
        }
    }
    state_.queue.start_day(day);
    for (int p = 0; p < P; ++p)
        if (sc.products[p].after_max() == AfterMax::drop_out)
            ledger_.dropped_out(t, p) = state_.queue.drop_after_latest(p, day);
    follow_policy(day);
    arrive(day);
    state_.boosters.start_day(day);
    if (ledger_.notes_changes())
        state_.boosters.each_lapsing(day, [&](int cohort) { ledger_.people_changed(t, cohort); });

    Day today(sc, state_, ledger_, t);
    today.serve_booked();
    today.serve_boosters(BoosterPriority::before_first_doses);
    state_.open_groups.clear();
    for (int g : sc.population.priority_order())
        if (sc.population.groups()[g].open_on(day) && state_.group_waiting[g] > 0)
            state_.open_groups.push_back(g);
    policy_->allocate(today);
    today.serve_boosters(BoosterPriority::after_first_doses);
    today.serve_early();
    if (sc.policy.steps.empty() ? sc.policy.walk_ins : sc.policy.steps[state_.policy_step].walk_ins)
        today.serve_walk_ins();

    // Whole rows: element-wise writes re-read the matrix's size each time, as a write
    // may alias it.
    std::copy(state_.first.begin(), state_.first.end(), ledger_.first_dose_people.row(t).data());
    std::copy(state_.full.begin(), state_.full.end(),
              ledger_.fully_vaccinated_people.row(t).data());
    std::copy(state_.dose_people.begin(), state_.dose_people.end(),
              ledger_.dose_people.row(t).data());
    for (int c = 0; c < ledger_.cohorts(); ++c) {
        ledger_.boosted_people(t, c) = state_.boosters.boosted(c);
        ledger_.up_to_date_people(t, c) = state_.boosters.up_to_date(c);
    }
    for (int p = 0; p < P; ++p) {
        ledger_.stock(t, p) = state_.stock[p].stock();
        ledger_.later_doses_outstanding(t, p) = state_.queue.outstanding(p);
        ledger_.later_doses_due(t, p) = state_.queue.due(p);
    }
    ledger_.capacity_used(t) = ledger_.capacity(t) - state_.capacity_left;
    const Binding binding = binding_constraint(sc, state_, day);
    ledger_.binding_constraint[t] = static_cast<std::int8_t>(binding.constraint);
    ledger_.binding_product[t] = binding.product;
    ledger_.binding_site[t] = binding.site;
    pending_.assign(static_cast<std::size_t>(ledger_.groups()), 0);
    for (int g : state_.arrivals_pending) pending_[static_cast<std::size_t>(g)] = 1;
    for (int g = 0; g < ledger_.groups(); ++g) {
        const Binding held = group_binding(sc, state_, day, g, pending_[static_cast<std::size_t>(g)] != 0);
        ledger_.group_binding(t, g) = static_cast<std::int8_t>(held.constraint);
        ledger_.group_binding_product(t, g) = held.product;
    }
}

void Engine::receive(int t, int p, std::int64_t n) {
    if (n == 0) return;
    if (t >= ledger_.days()) {
        ledger_.delivered_after_end[p] += n;
        return;
    }
    ledger_.deliveries(t, p) += n;
    if (sc_->products[p].supply().vial()) ledger_.extracted(t, p) += received_extra_[p].take(n);
}

std::int64_t Engine::demand(int p, DayNumber day) const {
    const Population& pop = sc_->population;
    std::int64_t n = state_.queue.outstanding(p);
    for (const PriorityGroup& group : pop.groups()) {
        if (!group.open_on(day)) continue;
        const std::vector<int>& products = group.products_on(day);
        if (std::find(products.begin(), products.end(), p) == products.end()) continue;
        for (int c : group.cohorts) n += std::max<std::int64_t>(0, pop.willing_on(c, day) - state_.first[c]);
    }
    return n;
}

std::int64_t Engine::need(int p, DayNumber day) const {
    return std::max<std::int64_t>(0, demand(p, day) - state_.stock[p].stock());
}

std::int64_t Engine::surplus(int p, DayNumber day) const {
    return std::max<std::int64_t>(0, state_.stock[p].stock() - demand(p, day));
}

void Engine::move_out(int t, int p, std::int64_t n) { ledger_.moved_out(t, p) += n; }

void Engine::move_in(int t, int p, std::int64_t n) { ledger_.moved_in(t, p) += n; }

const Ledger& Engine::run(const Scenario& scenario) {
    start(scenario);
    for (int t = 0; t < ledger_.days(); ++t) step(t);
    return ledger_;
}

Ledger simulate(const Scenario& scenario) {
    Engine engine;
    engine.run(scenario);
    return engine.take();
}

} // namespace vaxsim

#include "sim/engine/simulation.hpp"

#include <algorithm>

#include "sim/engine/binding.hpp"

namespace vaxsim {
namespace {

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
        std::int64_t given = 0;
        for (int p : group.products) {
            const Product& product = sc_.products[p];
            for (int c : group.cohorts) {
                const std::int64_t want = std::min(
                    {state_.waiting(pop_, c), limit - given, state_.capacity_for(p)});
                if (want <= 0) continue;
                if (!product.eligible(pop_.bands()[pop_.cohorts()[c].band], day_)) continue;
                const std::int64_t n =
                    state_.stock[p].affordable_first(want, state_.queue.outstanding(p), c);
                if (n == 0) continue;
                give(c, p, 0, n);
                given += n;
            }
            if (given == limit) break;
        }
        return given;
    }

    int products() const override { return static_cast<int>(sc_.products.size()); }
    // Bounded by the stock and by the capacity left at the sites that give the product.
    std::int64_t available(int p) const override {
        return std::min(state_.stock[p].available_first(state_.queue.outstanding(p)),
                        state_.capacity_for(p));
    }
    bool draws_on(int g, int p) const override {
        const PriorityGroup& group = pop_.groups()[g];
        if (std::find(group.products.begin(), group.products.end(), p) == group.products.end())
            return false;
        for (int c : group.cohorts)
            if (state_.waiting(pop_, c) > 0 &&
                sc_.products[p].eligible(pop_.bands()[pop_.cohorts()[c].band], day_))
                return true;
        return false;
    }

    // Booked doses first: across products, the oldest due first, within capacity and stock.
    void serve_booked() {
        const int P = static_cast<int>(sc_.products.size());
        std::vector<char>& blocked = state_.out_of_stock;
        blocked.assign(static_cast<std::size_t>(P), 0);
        while (state_.capacity_left > 0) {
            int best = -1;
            Booking* oldest = nullptr;
            for (int p = 0; p < P; ++p) {
                if (blocked[p]) continue;
                Booking* b = state_.queue.next_due(p);
                if (b && (!oldest || b->due < oldest->due)) {
                    best = p;
                    oldest = b;
                }
            }
            if (!oldest) return;
            const std::int64_t want = std::min(oldest->remaining, state_.capacity_for(best));
            if (want == 0) { // its sites are full; other products' sites may not be
                blocked[best] = 1;
                continue;
            }
            const std::int64_t n = state_.stock[best].affordable_booked(want);
            if (n < want) blocked[best] = 1;
            if (n == 0) continue;
            Booking& booking = *oldest; // give() may book more and move the queue
            const int cohort = booking.cohort, k = booking.dose;
            state_.queue.serve(best, booking, n);
            give(cohort, best, k, n);
        }
    }

  private:
    // Gives n doses of number k + 1 of product p to a cohort.
    void give(int cohort, int p, int k, std::int64_t n) {
        ProductStock& stock = state_.stock[p];
        const Product& product = sc_.products[p];
        const std::int64_t lost = stock.consume(n);
        ledger_.wasted(t_, p) += lost;
        ledger_.administered(t_, p) += n;
        state_.draw(p, n, [&](int site, std::int64_t part) {
            ledger_.site_capacity_used(t_, site) += part;
        });
        const int group = pop_.cohorts()[cohort].group;
        ledger_.give(t_, 0, group, cohort, p, k, n);
        if (k == 0) {
            state_.first[cohort] += n;
            state_.group_waiting[group] -= n;
        }
        if (k + 1 == product.doses_in_series()) {
            state_.full[cohort] += n;
            return;
        }
        const std::int64_t back = stock.returning(k, cohort, n);
        state_.queue.book(p, day_ + product.interval_for_first_dose_on(day_), cohort, k + 1, back);
    }

    const Scenario& sc_;
    const Population& pop_;
    EngineState& state_;
    Ledger& ledger_;
    const int t_;
    const DayNumber day_;
};

} // namespace

void Engine::start(const Scenario& sc) {
    sc_ = &sc;
    const int P = static_cast<int>(sc.products.size());
    LedgerShape shape;
    shape.start = sc.start;
    shape.days = sc.days();
    shape.groups = static_cast<int>(sc.population.groups().size());
    shape.products = P;
    shape.cohorts = static_cast<int>(sc.population.cohorts().size());
    shape.sites = static_cast<int>(sc.capacity.sites().size());
    shape.doses = 1;
    for (const Product& p : sc.products) shape.doses = std::max(shape.doses, p.doses_in_series());
    const bool by_cohort = sc.epidemic.has_value();
    const LedgerShape& had = ledger_.shape();
    if (had.start == shape.start && had.days == shape.days && had.places == shape.places &&
        had.groups == shape.groups && had.products == shape.products && had.doses == shape.doses &&
        had.cohorts == shape.cohorts && had.sites == shape.sites &&
        ledger_.has_cohort_doses() == by_cohort &&
        ledger_.days() > 0)
        ledger_.reuse();
    else
        ledger_ = Ledger(shape, by_cohort);

    state_.stock.resize(static_cast<std::size_t>(P));
    state_.exports_planned.assign(static_cast<std::size_t>(shape.days) * P, 0);
    const auto day_index = [&](DayNumber day) { return static_cast<int>(day - sc.start); };
    for (int p = 0; p < P; ++p) {
        state_.stock[p].reset(sc.products[p], sc.policy.second_dose_reserve, shape.cohorts);
        const Supply& supply = sc.products[p].supply();
        // Extra doses drawn from the vials: a share of the labelled doses delivered in the
        // run, rounded cumulatively so the run's total is exact.
        CumulativeShare extra(supply.extra_per_dose());
        for (const Delivery& d : supply.deliveries()) {
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
    state_.first.assign(static_cast<std::size_t>(shape.cohorts), 0);
    state_.full.assign(static_cast<std::size_t>(shape.cohorts), 0);
    state_.group_waiting.assign(static_cast<std::size_t>(shape.groups), 0);
    for (const Cohort& cohort : sc.population.cohorts())
        state_.group_waiting[cohort.group] += cohort.willing;
    plan_capacity(sc);
    const std::string name = sc.policy.allocation;
    if (!policy_ || policy_name_ != name) {
        policy_ = make_allocation_policy(name);
        policy_name_ = name;
    }
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
    CapacityPlan& plan = capacity_;
    if (plan.start == sc.start && plan.days == sc.days() && plan.capacity == capacity) return;
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

// One day, in MODEL.md's order: deliveries (with the extra doses of their vials),
// returns and swaps in, exports and swaps out (capped at the stock), booked doses (oldest due first), first doses
// to open groups by the allocation policy (wastage is taken as each dose is given), record.
void Engine::step(int t) {
    const Scenario& sc = *sc_;
    const DayNumber day = sc.start + t;
    const int P = static_cast<int>(sc.products.size());
    state_.capacity_today = state_.capacity_left = capacity_.by_day[t];
    ledger_.capacity(t) = state_.capacity_left;
    const int S = static_cast<int>(state_.site_left.size());
    for (int s = 0; s < S; ++s)
        ledger_.site_capacity(t, s) = state_.site_left[s] =
            capacity_.by_site[static_cast<std::size_t>(t) * S + s];
    ledger_.start_day(t);
    for (int p = 0; p < P; ++p) {
        ProductStock& stock = state_.stock[p];
        stock.receive(ledger_.deliveries(t, p) + ledger_.extracted(t, p) + ledger_.imported(t, p));
        const std::int64_t asked = state_.exports_planned[static_cast<std::size_t>(t) * P + p];
        const std::int64_t sent = asked > 0 ? stock.send(asked) : 0;
        ledger_.exported(t, p) = sent;
        ledger_.exports_not_made[p] += asked - sent;
    }
    state_.queue.start_day(day);

    Day today(sc, state_, ledger_, t);
    today.serve_booked();
    state_.open_groups.clear();
    for (int g : sc.population.priority_order())
        if (sc.population.groups()[g].opens <= day && state_.group_waiting[g] > 0)
            state_.open_groups.push_back(g);
    policy_->allocate(today);

    // Whole rows: element-wise writes re-read the matrix's size each time, as a write
    // may alias it.
    std::copy(state_.first.begin(), state_.first.end(), ledger_.first_dose_people.row(t).data());
    std::copy(state_.full.begin(), state_.full.end(),
              ledger_.fully_vaccinated_people.row(t).data());
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
}

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

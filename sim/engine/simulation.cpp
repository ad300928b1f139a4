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
                const std::int64_t want = std::min(state_.waiting(pop_, c), limit - given);
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
    std::int64_t available(int p) const override {
        return state_.stock[p].available_first(state_.queue.outstanding(p));
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
            const std::int64_t want = std::min(oldest->remaining, state_.capacity_left);
            const std::int64_t n = state_.stock[best].affordable_booked(want);
            if (n < want) blocked[best] = 1;
            if (n == 0) continue;
            Booking& booking = *oldest; // give() may book more and move the queue
            const int cohort = booking.cohort, k = booking.dose;
            state_.queue.serve(best, booking, n);
            give(cohort, best, k, n);
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
                const ProductStock& s = state_.stock[p];
                const std::int64_t room = s.stock() - s.held(state_.queue.outstanding(p));
                if (room <= 0) return std::int64_t{0};
                if (s.cost(want) <= room) return want;
                std::int64_t lo = 0, hi = want; // cost(lo) <= room < cost(hi)
                while (hi - lo > 1) {
                    const std::int64_t mid = lo + (hi - lo) / 2;
                    (s.cost(mid) <= room ? lo : hi) = mid;
                }
                return lo;
            },
            [&](int cohort, int p, int k, std::int64_t n) { record(cohort, p, k, n); });
    }

  private:
    // Takes n doses of number k + 1 of product p from stock and capacity, and writes them.
    void record(int cohort, int p, int k, std::int64_t n) {
        ProductStock& stock = state_.stock[p];
        const std::int64_t lost = stock.consume(n);
        ledger_.wasted(t_, p) += lost;
        ledger_.administered(t_, p) += n;
        state_.capacity_left -= n;
        ledger_.give(t_, 0, pop_.cohorts()[cohort].group, cohort, p, k, n);
        state_.dose_people[static_cast<std::size_t>(cohort) * ledger_.doses_per_person() + k] += n;
    }

    // Gives n doses of number k + 1 of product p's series to a cohort.
    void give(int cohort, int p, int k, std::int64_t n) {
        ProductStock& stock = state_.stock[p];
        const Product& product = sc_.products[p];
        record(cohort, p, k, n);
        const int group = pop_.cohorts()[cohort].group;
        if (k == 0) {
            state_.first[cohort] += n;
            state_.group_waiting[group] -= n;
        }
        if (k + 1 == product.doses_in_series()) {
            state_.full[cohort] += n;
            state_.boosters.add_last_dose(cohort, p, k, day_, n);
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
    shape.doses = sc.dose_numbers(); // the longest series, plus boosters
    const bool by_cohort = sc.epidemic.has_value();
    const LedgerShape& had = ledger_.shape();
    if (had.start == shape.start && had.days == shape.days && had.places == shape.places &&
        had.groups == shape.groups && had.products == shape.products && had.doses == shape.doses &&
        had.cohorts == shape.cohorts && ledger_.has_cohort_doses() == by_cohort &&
        ledger_.days() > 0)
        ledger_.reuse();
    else
        ledger_ = Ledger(shape, by_cohort);

    state_.stock.resize(static_cast<std::size_t>(P));
    for (int p = 0; p < P; ++p) {
        state_.stock[p].reset(sc.products[p], sc.policy.second_dose_reserve, shape.cohorts);
        for (const Delivery& d : sc.products[p].supply().deliveries()) {
            const int index = std::max(0, d.day - sc.start);
            if (index >= shape.days)
                ledger_.delivered_after_end[p] += d.doses;
            else
                ledger_.deliveries(index, p) += d.doses;
        }
    }
    state_.queue.reset(P);
    state_.first.assign(static_cast<std::size_t>(shape.cohorts), 0);
    state_.full.assign(static_cast<std::size_t>(shape.cohorts), 0);
    state_.dose_people.assign(static_cast<std::size_t>(shape.cohorts) * shape.doses, 0);
    state_.boosters.reset(sc);
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
    CapacityPlan& plan = capacity_;
    if (plan.start == sc.start && plan.by_day.size() == static_cast<std::size_t>(sc.days()) &&
        plan.periods == capacity.periods() && plan.weekday_factors == capacity.weekday_factors())
        return;
    plan.start = sc.start;
    plan.periods = capacity.periods();
    plan.weekday_factors = capacity.weekday_factors();
    plan.by_day.resize(static_cast<std::size_t>(sc.days()));
    for (int t = 0; t < sc.days(); ++t) plan.by_day[t] = capacity.on(sc.start + t);
}

// One day, in MODEL.md's order: deliveries, booked doses (oldest due first), first doses
// to open groups by the allocation policy (wastage is taken as each dose is given), record.
void Engine::step(int t) {
    const Scenario& sc = *sc_;
    const DayNumber day = sc.start + t;
    const int P = static_cast<int>(sc.products.size());
    state_.capacity_today = state_.capacity_left = capacity_.by_day[t];
    ledger_.capacity(t) = state_.capacity_left;
    ledger_.start_day(t);
    for (int p = 0; p < P; ++p) state_.stock[p].receive(ledger_.deliveries(t, p));
    state_.queue.start_day(day);
    state_.boosters.start_day(day);

    Day today(sc, state_, ledger_, t);
    today.serve_booked();
    today.serve_boosters(BoosterPriority::before_first_doses);
    state_.open_groups.clear();
    for (int g : sc.population.priority_order())
        if (sc.population.groups()[g].opens <= day && state_.group_waiting[g] > 0)
            state_.open_groups.push_back(g);
    policy_->allocate(today);
    today.serve_boosters(BoosterPriority::after_first_doses);

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
    const auto [constraint, product] = binding_constraint(sc, state_, day);
    ledger_.binding_constraint[t] = static_cast<std::int8_t>(constraint);
    ledger_.binding_product[t] = product;
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

#include "sim/engine/simulation.hpp"

#include <algorithm>

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
        std::int64_t given = 0;
        for (int p : group.products) {
            const Product& product = sc_.products[p];
            for (int c : group.cohorts) {
                const std::int64_t want = std::min(state_.waiting(pop_, c), limit - given);
                if (want <= 0) continue;
                if (!product.eligible(pop_.bands()[pop_.cohorts()[c].band], day_)) continue;
                const std::int64_t n =
                    state_.stock[p].affordable_first(want, state_.queue.reserved(p), c);
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
        return state_.stock[p].available_first(state_.queue.reserved(p));
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

  private:
    // Serves what it can of booking i of product p's queue, each product it may have in
    // turn; returns the people it leaves waiting.
    std::int64_t serve_booking(int p, std::size_t i, bool is_due) {
        const Booking& booking = state_.queue.at(p, i);
        const int cohort = booking.cohort, k = booking.dose;
        std::int64_t left = booking.remaining;
        for (int q : candidates(p, k, cohort)) {
            if (empty_[q] || state_.capacity_left == 0 || left == 0) continue;
            const std::int64_t want = std::min(left, state_.capacity_left);
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

    // Gives n doses of number k + 1 of product p to a cohort, and books the next dose of
    // p's series (a person continues on the product of their latest dose).
    void give(int cohort, int p, int k, std::int64_t n) {
        ProductStock& stock = state_.stock[p];
        const Product& product = sc_.products[p];
        const std::int64_t lost = stock.consume(n);
        ledger_.wasted(t_, p) += lost;
        ledger_.administered(t_, p) += n;
        state_.capacity_left -= n;
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

void Engine::start(const Scenario& sc) {
    sc_ = &sc;
    const int P = static_cast<int>(sc.products.size());
    LedgerShape shape;
    shape.start = sc.start;
    shape.days = sc.days();
    shape.groups = static_cast<int>(sc.population.groups().size());
    shape.products = P;
    shape.cohorts = static_cast<int>(sc.population.cohorts().size());
    shape.doses = 1;
    for (const Product& p : sc.products) shape.doses = std::max(shape.doses, p.doses_in_series());
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
    state_.early_slack.assign(static_cast<std::size_t>(P), 0);
    for (int p = 0; p < P; ++p) state_.early_slack[p] = sc.products[p].most_early_days();
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

    Day today(sc, state_, ledger_, t);
    today.serve_booked();
    state_.open_groups.clear();
    for (int g : sc.population.priority_order())
        if (sc.population.groups()[g].opens <= day && state_.group_waiting[g] > 0)
            state_.open_groups.push_back(g);
    policy_->allocate(today);
    today.serve_early();

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

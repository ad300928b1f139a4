#include "sim/engine.hpp"

#include <algorithm>

#include "models/rounding.hpp"

namespace vaxsim {

const char* constraint_label(Constraint c) {
    switch (c) {
    case Constraint::none:
        return "no_one_waiting";
    case Constraint::capacity:
        return "capacity";
    case Constraint::supply:
        return "supply";
    case Constraint::second_dose_reserve:
        return "second_dose_reserve";
    case Constraint::eligibility:
        return "eligibility";
    }
    return "?";
}

namespace {

// Second doses booked for `cohort`, due on `due`.
struct Batch {
    DayNumber due;
    int cohort;
    std::int64_t remaining;
};

struct ProductState {
    const Product* product = nullptr;
    std::int64_t stock = 0;
    CumulativeShare waste;     // wasted doses per dose given: w / (1 - w)
    CumulativeShare returning; // first-dose recipients who come back
    double held_per_outstanding = 0.0;
    std::vector<Batch> batches; // sorted by due day
    std::size_t head = 0;       // batches before head are fully served
    std::int64_t outstanding = 0;

    std::int64_t cost(std::int64_t n) const { return n + waste.peek(n); }
    std::int64_t held(std::int64_t outstanding_doses) const {
        return outstanding_doses == 0 ? 0 : share_ceiling(held_per_outstanding, outstanding_doses);
    }
    // Stock consumed by n first doses plus what they add to the reserve.
    std::int64_t first_dose_cost(std::int64_t n) const {
        const std::int64_t booked = product->doses_in_series() == 2 ? returning.peek(n) : 0;
        return cost(n) + held(outstanding + booked);
    }
    // Largest n <= limit with need(n) <= stock, starting from a close guess; need is
    // non-decreasing, and the guess is off only by rounding, so few steps are taken.
    template <class Need>
    std::int64_t largest_affordable(std::int64_t limit, std::int64_t guess, Need need) const {
        std::int64_t n = std::clamp<std::int64_t>(guess, 0, limit);
        while (n < limit && need(n + 1) <= stock) ++n;
        while (n > 0 && need(n) > stock) --n;
        return n;
    }
    std::int64_t affordable_second(std::int64_t limit) const {
        const double w = product->wastage();
        return largest_affordable(limit, static_cast<std::int64_t>(stock * (1.0 - w)),
                                  [&](std::int64_t n) { return cost(n); });
    }
    std::int64_t affordable_first(std::int64_t limit) const {
        const std::int64_t free_stock = stock - held(outstanding);
        if (free_stock <= 0) return 0;
        const double w = product->wastage();
        const double booked = product->doses_in_series() == 2 ? returning.share() : 0.0;
        const double per_dose = 1.0 / (1.0 - w) + held_per_outstanding * booked;
        return largest_affordable(limit, static_cast<std::int64_t>(free_stock / per_dose),
                                  [&](std::int64_t n) { return first_dose_cost(n); });
    }
};

class Simulation {
  public:
    explicit Simulation(const Scenario& scenario) : sc_(scenario), pop_(scenario.population) {
        const int D = sc_.days();
        const int G = static_cast<int>(pop_.groups().size());
        const int P = static_cast<int>(sc_.products.size());
        const int C = static_cast<int>(pop_.cohorts().size());
        r_.start = sc_.start;
        r_.days = D;
        r_.groups = G;
        r_.products = P;
        r_.cohorts = C;
        r_.doses.assign(static_cast<std::size_t>(D) * G * P * 2, 0);
        r_.first_dose_people.setZero(D, C);
        r_.fully_vaccinated_people.setZero(D, C);
        for (CountMatrix* m : {&r_.deliveries, &r_.administered, &r_.wasted, &r_.stock,
                               &r_.second_doses_due, &r_.second_doses_outstanding})
            m->setZero(D, P);
        r_.capacity.setZero(D);
        r_.capacity_used.setZero(D);
        r_.binding_constraint.assign(D, 0);
        r_.binding_product.assign(D, -1);
        r_.delivered_after_end.assign(P, 0);

        products_.resize(P);
        for (int p = 0; p < P; ++p) {
            const Product& product = sc_.products[p];
            ProductState& s = products_[p];
            s.product = &product;
            const double w = product.wastage();
            s.waste = CumulativeShare(w / (1.0 - w));
            s.returning = CumulativeShare(product.second_dose_completion());
            s.held_per_outstanding = sc_.policy.second_dose_reserve / (1.0 - w);
            for (const Delivery& d : product.supply().deliveries()) {
                const int index = std::max(0, d.day - sc_.start);
                if (index >= D)
                    r_.delivered_after_end[p] += d.doses;
                else
                    r_.deliveries(index, p) += d.doses;
            }
        }
        first_.assign(C, 0);
        full_.assign(C, 0);
        if (sc_.epidemic) r_.cohort_doses.assign(static_cast<std::size_t>(D) * C * P * 2, 0);
    }

    RunResult run() {
        for (int t = 0; t < r_.days; ++t) {
            const DayNumber day = sc_.start + t;
            capacity_left_ = sc_.capacity.on(day);
            r_.capacity(t) = capacity_left_;
            for (std::size_t p = 0; p < products_.size(); ++p)
                products_[p].stock += r_.deliveries(t, p);
            serve_second_doses(t, day);
            if (sc_.policy.allocation == Allocation::strict_priority)
                serve_strict(t, day);
            else
                serve_proportional(t, day);
            record(t, day);
        }
        return std::move(r_);
    }

  private:
    std::int64_t waiting(int cohort) const {
        return pop_.cohorts()[cohort].willing - first_[cohort];
    }

    // Consumes stock for n doses of product p and books the wasted share.
    void consume(int t, int p, std::int64_t n) {
        ProductState& s = products_[p];
        const std::int64_t lost = s.waste.take(n);
        s.stock -= n + lost;
        r_.wasted(t, p) += lost;
        r_.administered(t, p) += n;
        capacity_left_ -= n;
    }

    void serve_second_doses(int t, DayNumber day) {
        std::vector<bool>& blocked = blocked_;
        blocked.assign(products_.size(), false);
        while (capacity_left_ > 0) {
            int best = -1;
            for (std::size_t p = 0; p < products_.size(); ++p) {
                ProductState& s = products_[p];
                while (s.head < s.batches.size() && s.batches[s.head].remaining == 0) ++s.head;
                if (blocked[p] || s.head == s.batches.size() || s.batches[s.head].due > day)
                    continue;
                if (best < 0 ||
                    s.batches[s.head].due < products_[best].batches[products_[best].head].due)
                    best = static_cast<int>(p);
            }
            if (best < 0) return;
            ProductState& s = products_[best];
            Batch& batch = s.batches[s.head];
            const std::int64_t n = s.affordable_second(std::min(batch.remaining, capacity_left_));
            if (n < std::min(batch.remaining, capacity_left_)) blocked[best] = true;
            if (n == 0) continue;
            consume(t, best, n);
            batch.remaining -= n;
            s.outstanding -= n;
            full_[batch.cohort] += n;
            r_.dose(t, pop_.cohorts()[batch.cohort].group, best, 1) += n;
            record_cohort_dose(t, batch.cohort, best, 1, n);
        }
    }

    void give_first(int t, DayNumber day, int cohort, int p, std::int64_t n) {
        ProductState& s = products_[p];
        consume(t, p, n);
        first_[cohort] += n;
        r_.dose(t, pop_.cohorts()[cohort].group, p, 0) += n;
        record_cohort_dose(t, cohort, p, 0, n);
        if (s.product->doses_in_series() == 1) {
            full_[cohort] += n;
            return;
        }
        const std::int64_t back = s.returning.take(n);
        if (back == 0) return;
        s.outstanding += back;
        const DayNumber due = day + s.product->interval_for_first_dose_on(day);
        if (!s.batches.empty() && s.batches.back().due == due &&
            s.batches.back().cohort == cohort) {
            s.batches.back().remaining += back;
            return;
        }
        // Keep batches sorted by due day; only an interval shortened on a date inserts early.
        auto pos = std::upper_bound(s.batches.begin() + static_cast<std::ptrdiff_t>(s.head),
                                    s.batches.end(), due,
                                    [](DayNumber d, const Batch& b) { return d < b.due; });
        s.batches.insert(pos, Batch{due, cohort, back});
    }

    // Gives up to `limit` first doses to group g: products in its order of preference,
    // each to the group's cohorts (age bands) the product may serve that day.
    std::int64_t serve_group(int t, DayNumber day, int g, std::int64_t limit) {
        const PriorityGroup& group = pop_.groups()[g];
        std::int64_t given = 0;
        for (int p : group.products) {
            const Product& product = sc_.products[p];
            for (int c : group.cohorts) {
                const std::int64_t want = std::min(waiting(c), limit - given);
                if (want <= 0) continue;
                if (!product.eligible(pop_.bands()[pop_.cohorts()[c].band], day)) continue;
                const std::int64_t n = products_[p].affordable_first(want);
                if (n == 0) continue;
                give_first(t, day, c, p, n);
                given += n;
            }
            if (given == limit) break;
        }
        return given;
    }

    void record_cohort_dose(int t, int cohort, int p, int dose_index, std::int64_t n) {
        if (r_.cohort_doses.empty()) return;
        r_.cohort_doses[((static_cast<std::size_t>(t) * r_.cohorts + cohort) * r_.products + p) *
                            2 +
                        dose_index] += n;
    }

    bool is_open(int g, DayNumber day) const { return pop_.groups()[g].opens <= day; }

    std::int64_t group_waiting(int g) const {
        std::int64_t w = 0;
        for (int c : pop_.groups()[g].cohorts) w += waiting(c);
        return w;
    }

    void serve_strict(int t, DayNumber day) {
        for (int g : pop_.priority_order()) {
            if (capacity_left_ == 0) return;
            if (is_open(g, day)) serve_group(t, day, g, capacity_left_);
        }
    }

    // Splits the remaining capacity between open groups by the people still waiting;
    // what a group cannot use (no stock it may take, nobody left) is split again among
    // the others, until capacity is used or no group can take more. Each round either
    // uses all capacity or drops a group that took less than its share, so it ends.
    void serve_proportional(int t, DayNumber day) {
        std::vector<int> active;
        for (int g : pop_.priority_order())
            if (is_open(g, day) && group_waiting(g) > 0) active.push_back(g);
        std::vector<std::int64_t> weights;
        while (capacity_left_ > 0 && !active.empty()) {
            weights.clear();
            for (int g : active) weights.push_back(group_waiting(g));
            const auto shares = split_proportionally(capacity_left_, weights);
            std::vector<int> still_active;
            for (std::size_t i = 0; i < active.size(); ++i) {
                if (shares[i] == 0) {
                    still_active.push_back(active[i]);
                    continue;
                }
                if (serve_group(t, day, active[i], shares[i]) == shares[i] &&
                    group_waiting(active[i]) > 0)
                    still_active.push_back(active[i]);
            }
            active.swap(still_active);
        }
    }

    // Why were no more doses given today?
    std::pair<Constraint, int> binding(DayNumber day) const {
        int overdue_product = -1;
        for (std::size_t p = 0; p < products_.size() && overdue_product < 0; ++p) {
            const ProductState& s = products_[p];
            for (std::size_t b = s.head; b < s.batches.size() && s.batches[b].due <= day; ++b)
                if (s.batches[b].remaining > 0) {
                    overdue_product = static_cast<int>(p);
                    break;
                }
        }
        bool anyone_waiting = false;
        for (int g : pop_.priority_order())
            if (is_open(g, day) && group_waiting(g) > 0) anyone_waiting = true;
        if (overdue_product < 0 && !anyone_waiting) return {Constraint::none, -1};
        if (capacity_left_ == 0) return {Constraint::capacity, -1};
        if (overdue_product >= 0) return {Constraint::supply, overdue_product};
        for (int g : pop_.priority_order()) {
            if (!is_open(g, day) || group_waiting(g) == 0) continue;
            for (int p : pop_.groups()[g].products)
                for (int c : pop_.groups()[g].cohorts) {
                    if (waiting(c) == 0 ||
                        !sc_.products[p].eligible(pop_.bands()[pop_.cohorts()[c].band], day))
                        continue;
                    const ProductState& s = products_[p];
                    const bool held_back = s.held(s.outstanding) > 0 && s.cost(1) <= s.stock;
                    return {held_back ? Constraint::second_dose_reserve : Constraint::supply, p};
                }
        }
        return {Constraint::eligibility, -1};
    }

    void record(int t, DayNumber day) {
        for (std::size_t c = 0; c < first_.size(); ++c) {
            r_.first_dose_people(t, c) = first_[c];
            r_.fully_vaccinated_people(t, c) = full_[c];
        }
        for (std::size_t p = 0; p < products_.size(); ++p) {
            const ProductState& s = products_[p];
            r_.stock(t, p) = s.stock;
            r_.second_doses_outstanding(t, p) = s.outstanding;
            std::int64_t due = 0;
            for (std::size_t b = s.head; b < s.batches.size() && s.batches[b].due <= day; ++b)
                due += s.batches[b].remaining;
            r_.second_doses_due(t, p) = due;
        }
        r_.capacity_used(t) = r_.capacity(t) - capacity_left_;
        const auto [constraint, product] = binding(day);
        r_.binding_constraint[t] = static_cast<std::int8_t>(constraint);
        r_.binding_product[t] = product;
    }

    const Scenario& sc_;
    const Population& pop_;
    RunResult r_;
    std::vector<ProductState> products_;
    std::vector<std::int64_t> first_;
    std::vector<std::int64_t> full_;
    std::vector<bool> blocked_;
    std::int64_t capacity_left_ = 0;
};

} // namespace

RunResult simulate(const Scenario& scenario) {
    return Simulation(scenario).run();
}

} // namespace vaxsim

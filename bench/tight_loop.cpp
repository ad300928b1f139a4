#include "tight_loop.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "models/constraint.hpp"
#include "models/date.hpp"

namespace vaxsim::bench {
namespace {

__extension__ using Int128 = __int128;

// models/rounding.cpp's round_half_up and share_ceiling, inlined: the same arithmetic,
// 64-bit when the product fits and 128-bit otherwise.
inline std::int64_t rounded(std::int64_t count, Ratio r) {
    std::int64_t scaled = 0, twice = 0;
    if (!__builtin_mul_overflow(count, r.num, &scaled) &&
        !__builtin_mul_overflow(scaled, std::int64_t{2}, &twice) &&
        !__builtin_add_overflow(twice, r.den, &twice) && r.den <= INT64_MAX / 2)
        return twice / (2 * r.den);
    const Int128 wide = 2 * static_cast<Int128>(count) * r.num + r.den;
    return static_cast<std::int64_t>(wide / (2 * static_cast<Int128>(r.den)));
}

inline std::int64_t ceiling(std::int64_t count, Ratio r) {
    std::int64_t scaled = 0;
    if (!__builtin_mul_overflow(count, r.num, &scaled) &&
        !__builtin_add_overflow(scaled, r.den - 1, &scaled))
        return scaled / r.den;
    const Int128 wide = static_cast<Int128>(count) * r.num;
    return static_cast<std::int64_t>((wide + r.den - 1) / r.den);
}

// ProductStock::held: doses held back for `booked` booked doses.
inline std::int64_t held(std::int64_t booked, Ratio per_booked) {
    return booked == 0 ? 0 : ceiling(booked, per_booked);
}

// What the next n units add to a cumulative share (CumulativeShare::peek).
inline std::int64_t peek(std::int64_t counted, std::int64_t base, Ratio share, std::int64_t n) {
    return rounded(counted + n, share) - base;
}

// The largest n <= limit with need(n) <= stock, from a guess off only by rounding. need
// is non-decreasing and need(0) <= stock, so the answer is unique: the engine's search
// finds the same n. The whole limit is tried first because it is the common case.
template <class Need>
inline std::int64_t largest_affordable(std::int64_t limit, std::int64_t stock, double guess,
                                       Need need) {
    if (need(limit) <= stock) return limit;
    std::int64_t n = std::clamp<std::int64_t>(static_cast<std::int64_t>(guess), 0, limit);
    while (n < limit && need(n + 1) <= stock) ++n;
    while (n > 0 && need(n) > stock) --n;
    return n;
}

} // namespace

std::int64_t TightLoop::affordable_booked(const ProductState& ps, std::int64_t limit) const {
    const Cumulative& w = ps.waste;
    return largest_affordable(
        limit, ps.stock, static_cast<double>(ps.stock) * (1.0 - ps.wastage),
        [&](std::int64_t n) { return n + peek(w.counted, w.base, w.share, n); });
}

std::int64_t TightLoop::affordable_first(const ProductState& ps, int p, int cohort,
                                         std::int64_t limit) const {
    const std::int64_t free_stock = ps.stock - held(ps.outstanding, ps.held_per_booked);
    if (free_stock <= 0) return 0;
    const Cumulative& w = ps.waste;
    if (ps.series == 1)
        return largest_affordable(limit, ps.stock,
                                  static_cast<double>(free_stock) / ps.guess_per_first,
                                  [&](std::int64_t n) {
                                      return n + peek(w.counted, w.base, w.share, n) +
                                             held(ps.outstanding, ps.held_per_booked);
                                  });
    const Cumulative& r =
        returning_[(static_cast<std::size_t>(p) * out_.cohorts + cohort) * out_.doses];
    return largest_affordable(
        limit, ps.stock, static_cast<double>(free_stock) / ps.guess_per_first, [&](std::int64_t n) {
            return n + peek(w.counted, w.base, w.share, n) +
                   held(ps.outstanding + peek(r.counted, r.base, r.share, n), ps.held_per_booked);
        });
}

void TightLoop::book(int p, DayNumber due, int cohort, int dose, std::int64_t n) {
    if (n == 0) return;
    prod_[p].outstanding += n;
    std::vector<Booking>& q = queue_[static_cast<std::size_t>(p)];
    if (!q.empty()) {
        Booking& last = q.back();
        if (last.due == due && last.cohort == cohort && last.dose == dose) {
            last.remaining += n;
            return;
        }
        if (last.due > due) { // only an interval shortened on a date books before the end
            const auto pos =
                std::upper_bound(q.begin() + static_cast<std::ptrdiff_t>(prod_[p].head), q.end(),
                                 due, [](DayNumber d, const Booking& b) { return d < b.due; });
            q.insert(pos, Booking{due, cohort, dose, n});
            return;
        }
    }
    q.push_back(Booking{due, cohort, dose, n});
}

void TightLoop::give(int t, DayNumber day, int cohort, int p, int k, std::int64_t n) {
    ProductState& ps = prod_[p];
    const std::size_t P = static_cast<std::size_t>(out_.products), K = out_.doses;
    const std::size_t tp = static_cast<std::size_t>(t) * P + p;
    Cumulative& w = ps.waste;
    w.counted += n;
    const std::int64_t total_lost = rounded(w.counted, w.share);
    const std::int64_t lost = total_lost - w.base;
    w.base = total_lost;
    ps.stock -= n + lost;
    out_.wasted[tp] += lost;
    out_.administered[tp] += n;
    const int g = cohort_group_[cohort];
    out_.dose[((static_cast<std::size_t>(t) * out_.groups + g) * P + p) * K + k] += n;
    if (by_cohort_)
        out_.cohort_dose[((static_cast<std::size_t>(t) * out_.cohorts + cohort) * P + p) * K + k] +=
            n;
    if (k == 0) {
        first_[cohort] += n;
        group_waiting_[g] -= n;
    }
    if (k + 1 == ps.series) {
        full_[cohort] += n;
        return;
    }
    Cumulative& r = returning_[(p * out_.cohorts + cohort) * K + k];
    r.counted += n;
    const std::int64_t total_back = rounded(r.counted, r.share);
    const std::int64_t back = total_back - r.base;
    r.base = total_back;
    book(p, day + ps.interval, cohort, k + 1, back);
}

// binding.cpp's diagnosis, on the running totals: due and waiting counts are kept as
// doses are given rather than summed again at the end of the day.
void TightLoop::record_binding(int t, DayNumber day) {
    const int P = out_.products, G = out_.groups;
    std::int8_t constraint = static_cast<std::int8_t>(Constraint::eligibility);
    int product = -1;
    int overdue = -1;
    for (int p = 0; p < P; ++p)
        if (prod_[p].due_total > 0) {
            overdue = p;
            break;
        }
    bool anyone_waiting = false, any_open = false;
    for (int i = 0; i < G; ++i) {
        anyone_waiting |= group_opens_[i] <= day && group_waiting_[group_id_[i]] > 0;
        any_open |= group_opens_[i] <= day;
    }
    const std::int64_t left = out_.capacity[t] - out_.capacity_used[t];
    if (overdue < 0 && !any_open) {
        constraint = static_cast<std::int8_t>(Constraint::no_group_open);
    } else if (left == 0 && (out_.capacity[t] > 0 || anyone_waiting || overdue >= 0)) {
        constraint = static_cast<std::int8_t>(Constraint::capacity);
    } else if (overdue < 0 && !anyone_waiting) {
        constraint = static_cast<std::int8_t>(Constraint::none);
    } else if (overdue >= 0) {
        constraint = static_cast<std::int8_t>(Constraint::supply);
        product = overdue;
    } else {
        bool decided = false;
        for (int i = 0; i < G && !decided; ++i) {
            if (group_opens_[i] > day || group_waiting_[group_id_[i]] == 0) continue;
            for (int j = group_prod_begin_[i]; j < group_prod_begin_[i + 1] && !decided; ++j) {
                const int p = group_products_[j];
                const ProductState& ps = prod_[p];
                for (int m = group_coh_begin_[i]; m < group_coh_begin_[i + 1]; ++m) {
                    const int c = group_cohorts_[m];
                    if (willing_[c] == first_[c] || !((ps.band_mask >> cohort_band_[c]) & 1))
                        continue;
                    const std::int64_t one =
                        1 + peek(ps.waste.counted, ps.waste.base, ps.waste.share, 1);
                    const bool held_back =
                        held(ps.outstanding, ps.held_per_booked) > 0 && one <= ps.stock;
                    // A product held back names the day; else the first one tried.
                    if (held_back) {
                        constraint = static_cast<std::int8_t>(Constraint::second_dose_reserve);
                        product = p;
                        decided = true;
                    } else if (product < 0) {
                        constraint = static_cast<std::int8_t>(Constraint::supply);
                        product = p;
                    }
                    break;
                }
            }
            decided = decided || product >= 0; // the highest-priority group waiting decides
        }
    }
    out_.binding[t] = constraint;
    out_.binding_product[t] = product;
}

void TightLoop::run(const Scenario& sc) {
    if (sc.policy.allocation != "strict_priority")
        throw std::invalid_argument("the tight loop does strict priority only, not '" +
                                    sc.policy.allocation + "'");
    if (!sc.boosters.empty())
        throw std::invalid_argument("the tight loop gives no boosters");
    const Population& pop = sc.population;
    if (pop.bands().size() > 64)
        throw std::invalid_argument("the tight loop keeps age bands in a 64-bit mask");

    // Shape and buffers: resized to the same size, a vector keeps its memory.
    const int D = sc.days(), P = static_cast<int>(sc.products.size());
    const int G = static_cast<int>(pop.groups().size()), C = static_cast<int>(pop.cohorts().size());
    int K = 1;
    for (const Product& product : sc.products) K = std::max(K, product.doses_in_series());
    out_.days = D, out_.products = P, out_.groups = G, out_.cohorts = C, out_.doses = K;
    by_cohort_ = sc.epidemic.has_value();
    const std::size_t days = static_cast<std::size_t>(D);
    out_.dose.resize(days * G * P * K);
    out_.cohort_dose.resize(by_cohort_ ? days * C * P * K : 0);
    for (auto* v : {&out_.first_people, &out_.full_people}) v->resize(days * C);
    for (auto* v : {&out_.delivered, &out_.administered, &out_.wasted, &out_.stock, &out_.due,
                    &out_.outstanding})
        v->resize(days * P);
    out_.capacity.resize(days);
    out_.capacity_used.resize(days);
    out_.binding.resize(days);
    out_.binding_product.resize(days);
    out_.delivered_after_end.assign(static_cast<std::size_t>(P), 0);
    std::fill(out_.delivered.begin(), out_.delivered.end(), 0);

    // Groups in priority order and cohorts, flattened.
    group_opens_.clear(), group_id_.clear(), group_prod_begin_.clear(), group_coh_begin_.clear();
    group_products_.clear(), group_cohorts_.clear();
    for (int g : pop.priority_order()) {
        const PriorityGroup& group = pop.groups()[g];
        group_opens_.push_back(group.opens);
        group_id_.push_back(g);
        group_prod_begin_.push_back(static_cast<int>(group_products_.size()));
        group_coh_begin_.push_back(static_cast<int>(group_cohorts_.size()));
        group_products_.insert(group_products_.end(), group.products.begin(), group.products.end());
        group_cohorts_.insert(group_cohorts_.end(), group.cohorts.begin(), group.cohorts.end());
    }
    group_prod_begin_.push_back(static_cast<int>(group_products_.size()));
    group_coh_begin_.push_back(static_cast<int>(group_cohorts_.size()));
    cohort_group_.resize(C), cohort_band_.resize(C), willing_.resize(C);
    for (int c = 0; c < C; ++c) {
        const Cohort& cohort = pop.cohorts()[c];
        cohort_group_[c] = cohort.group, cohort_band_[c] = cohort.band,
        willing_[c] = cohort.willing;
    }
    first_.assign(static_cast<std::size_t>(C), 0);
    full_.assign(static_cast<std::size_t>(C), 0);
    group_waiting_.assign(static_cast<std::size_t>(G), 0);
    for (int c = 0; c < C; ++c) group_waiting_[cohort_group_[c]] += willing_[c];

    // Products: deliveries by day, shares, age rules as band masks, intervals.
    prod_.resize(static_cast<std::size_t>(P));
    memo_.resize(static_cast<std::size_t>(P));
    returning_.resize(static_cast<std::size_t>(P * C * K));
    queue_.resize(static_cast<std::size_t>(P));
    rule_from_.clear(), rule_mask_.clear(), interval_from_.clear(), interval_days_.clear();
    const double reserve = sc.policy.second_dose_reserve;
    for (int p = 0; p < P; ++p) {
        const Product& product = sc.products[p];
        ProductState& ps = prod_[p];
        ShareMemo& memo = memo_[p];
        if (memo.wastage != product.wastage() ||
            memo.completion != product.second_dose_completion() || memo.reserve != reserve) {
            memo.wastage = product.wastage();
            memo.completion = product.second_dose_completion();
            memo.reserve = reserve;
            const Ratio kept = decimal_share(1.0 - memo.wastage);
            memo.waste = ratio_of(decimal_share(memo.wastage), kept);
            memo.completion_share = decimal_share(memo.completion);
            memo.held = ratio_of(decimal_share(reserve), kept);
        }
        ps.series = product.doses_in_series();
        ps.wastage = memo.wastage;
        ps.held_per_booked = memo.held;
        ps.guess_per_first =
            1.0 / (1.0 - ps.wastage) +
            (ps.series > 1 ? memo.held.value() * memo.completion_share.value() : 0);
        ps.stock = 0;
        ps.waste = Cumulative{memo.waste};
        for (int c = 0; c < C; ++c)
            for (int k = 0; k < K; ++k)
                returning_[(p * C + c) * K + k] = Cumulative{memo.completion_share};
        ps.outstanding = ps.due_total = 0;
        ps.head = ps.due_end = 0;
        queue_[p].clear();
        // A booking per cohort and day at most for a two-dose series: no growth mid-run.
        if (ps.series > 1) queue_[p].reserve(days * C * (ps.series - 1));

        ps.rule_begin = static_cast<int>(rule_from_.size());
        for (const EligibilityRule& rule : product.eligibility_rules()) {
            std::uint64_t mask = 0;
            for (std::size_t b = 0; b < pop.bands().size(); ++b)
                if (pop.bands()[b].min_age >= rule.min_age &&
                    pop.bands()[b].max_age <= rule.max_age)
                    mask |= std::uint64_t{1} << b;
            rule_from_.push_back(rule.from);
            rule_mask_.push_back(mask);
        }
        ps.rule_end = static_cast<int>(rule_from_.size());
        ps.next_rule = ps.rule_begin;
        ps.band_mask = ps.rule_begin == ps.rule_end ? ~std::uint64_t{0} : 0;
        ps.interval_begin = static_cast<int>(interval_from_.size());
        for (const auto& [from, interval] : product.interval_changes()) {
            interval_from_.push_back(from);
            interval_days_.push_back(interval);
        }
        ps.interval_end = static_cast<int>(interval_from_.size());
        ps.next_interval = ps.interval_begin;
        ps.interval = ps.interval_begin < ps.interval_end ? interval_days_[ps.interval_begin] : 0;

        for (const Delivery& d : product.supply().deliveries()) {
            const int index = std::max(0, d.day - sc.start);
            if (index >= D)
                out_.delivered_after_end[p] += d.doses;
            else
                out_.delivered[static_cast<std::size_t>(index) * P + p] += d.doses;
        }
    }

    // Capacity: periods walked forward with the days, weekday shares kept between runs.
    periods_.assign(sc.capacity.periods().begin(), sc.capacity.periods().end());
    for (int i = 0; i < 7; ++i)
        if (weekday_factor_[i] != sc.capacity.weekday_factors()[i]) {
            weekday_factor_[i] = sc.capacity.weekday_factors()[i];
            weekday_share_[i] = decimal_share(weekday_factor_[i]);
        }
    std::size_t next_period = 0;
    std::int64_t rate = 0;
    int weekday = weekday_of(sc.start);

    const std::size_t PK = static_cast<std::size_t>(P) * K;
    const std::size_t day_doses = static_cast<std::size_t>(G) * PK, day_cohort_doses = C * PK;
    for (int t = 0; t < D; ++t) {
        const DayNumber day = sc.start + t;
        const std::size_t row = static_cast<std::size_t>(t) * P;
        while (next_period < periods_.size() && periods_[next_period].first <= day)
            rate = periods_[next_period++].second;
        std::int64_t left = rounded(rate, weekday_share_[weekday]);
        weekday = weekday == 6 ? 0 : weekday + 1;
        out_.capacity[t] = left;
        std::memset(&out_.dose[t * day_doses], 0, day_doses * sizeof(std::int64_t));
        if (by_cohort_)
            std::memset(&out_.cohort_dose[t * day_cohort_doses], 0,
                        day_cohort_doses * sizeof(std::int64_t));

        // 1. Deliveries; the day's age rules and interval; bookings falling due.
        for (int p = 0; p < P; ++p) {
            ProductState& ps = prod_[p];
            ps.stock += out_.delivered[row + p];
            out_.administered[row + p] = 0;
            out_.wasted[row + p] = 0;
            while (ps.next_rule < ps.rule_end && rule_from_[ps.next_rule] <= day)
                ps.band_mask = rule_mask_[ps.next_rule++];
            while (ps.next_interval < ps.interval_end && interval_from_[ps.next_interval] <= day)
                ps.interval = interval_days_[ps.next_interval++];
            const std::vector<Booking>& q = queue_[p];
            while (ps.due_end < q.size() && q[ps.due_end].due <= day)
                ps.due_total += q[ps.due_end++].remaining;
            ps.blocked = false;
        }

        // 2. Booked doses: across products the oldest due first, within capacity and stock.
        while (left > 0) {
            int best = -1;
            DayNumber best_due = 0;
            for (int p = 0; p < P; ++p) {
                ProductState& ps = prod_[p];
                if (ps.blocked || ps.due_total == 0) continue;
                const std::vector<Booking>& q = queue_[p];
                while (q[ps.head].remaining == 0) ++ps.head;
                if (best < 0 || q[ps.head].due < best_due) best = p, best_due = q[ps.head].due;
            }
            if (best < 0) break;
            ProductState& ps = prod_[best];
            Booking& booking = queue_[best][ps.head];
            const std::int64_t want = std::min(booking.remaining, left);
            const std::int64_t n = affordable_booked(ps, want);
            if (n < want) ps.blocked = true;
            if (n == 0) continue;
            booking.remaining -= n;
            ps.outstanding -= n;
            ps.due_total -= n;
            const int cohort = booking.cohort, k = booking.dose; // give() may move the queue
            left -= n;
            give(t, day, cohort, best, k, n);
        }

        // 3. First doses, strict priority: each open group as fully as stock and capacity
        // allow, products in its order of preference, to the age bands they may serve.
        for (int i = 0; i < G && left > 0; ++i) {
            if (group_opens_[i] > day || group_waiting_[group_id_[i]] == 0) continue;
            const std::int64_t limit = left;
            std::int64_t given = 0;
            for (int j = group_prod_begin_[i]; j < group_prod_begin_[i + 1]; ++j) {
                const int p = group_products_[j];
                for (int m = group_coh_begin_[i]; m < group_coh_begin_[i + 1]; ++m) {
                    const int c = group_cohorts_[m];
                    const std::int64_t want = std::min(willing_[c] - first_[c], limit - given);
                    if (want <= 0 || !((prod_[p].band_mask >> cohort_band_[c]) & 1)) continue;
                    const std::int64_t n = affordable_first(prod_[p], p, c, want);
                    if (n == 0) continue;
                    give(t, day, c, p, 0, n);
                    given += n;
                    left -= n;
                }
                if (given == limit) break;
            }
        }

        // 5. Record (4, wastage, was taken as each dose was given).
        std::memcpy(&out_.first_people[static_cast<std::size_t>(t) * C], first_.data(),
                    C * sizeof(std::int64_t));
        std::memcpy(&out_.full_people[static_cast<std::size_t>(t) * C], full_.data(),
                    C * sizeof(std::int64_t));
        for (int p = 0; p < P; ++p) {
            out_.stock[row + p] = prod_[p].stock;
            out_.outstanding[row + p] = prod_[p].outstanding;
            out_.due[row + p] = prod_[p].due_total;
        }
        out_.capacity_used[t] = out_.capacity[t] - left;
        record_binding(t, day);
    }
}

} // namespace vaxsim::bench

#include "models/invariants.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <tuple>
#include <utility>

namespace vaxsim {
namespace {

class Violations {
  public:
    void add(const std::string& kind, DayNumber day, const std::string& detail) {
        if (++count_[kind] <= 3)
            lines_.push_back(format_iso_date(day) + ": " + kind + ": " + detail);
    }
    std::vector<std::string> take() { return std::move(lines_); }

  private:
    std::map<std::string, int> count_;
    std::vector<std::string> lines_;
};

// The ledger is read in one walk over the days, each day's rows in memory order, but
// violations are listed as they always were: section by section, and within a section by
// product, cohort, band or series (a stream), by day within each. Only a stream's first
// three of a kind can be among the first three of that kind overall, so no more are kept.
class Found {
  public:
    void add(int section, std::size_t stream, std::string kind, DayNumber day, std::string detail) {
        if (++count_[{section, stream, kind}] <= 3)
            found_.push_back({section, stream, std::move(kind), day, std::move(detail)});
    }
    void report(Violations& v) {
        std::stable_sort(found_.begin(), found_.end(), [](const Line& a, const Line& b) {
            return std::tie(a.section, a.stream) < std::tie(b.section, b.stream);
        });
        for (const Line& line : found_) v.add(line.kind, line.day, line.detail);
    }

  private:
    struct Line {
        int section;
        std::size_t stream;
        std::string kind;
        DayNumber day;
        std::string detail;
    };
    std::map<std::tuple<int, std::size_t, std::string>, int> count_;
    std::vector<Line> found_;
};

enum Section {
    stock_section,
    overdue_section,
    capacity_section,
    cohort_section,
    band_section,
    series_section,
    interval_section
};

} // namespace

std::vector<std::string> check_invariants(const Scenario& sc, const Ledger& run) {
    Found found;
    const auto& pop = sc.population;
    const int D = run.days(), G = run.groups(), P = run.products(), K = run.doses_per_person();
    const int places = run.places();
    const std::size_t C = pop.cohorts().size(), B = pop.bands().size();
    const std::size_t GPK = static_cast<std::size_t>(G) * P * K;

    // Per product: running stock accounting.
    std::vector<std::int64_t> delivered(P), given(P), lost(P), by_product(P);
    std::int64_t later_today = 0;
    std::vector<std::int64_t> covered(B);
    // Nobody gets dose k + 1 before the interval's minimum: by each day, a group's doses
    // k + 1 (of every product: a heterologous dose counts too) never exceed its doses k
    // whose minimum interval has passed, the minimum being that of the product of dose k.
    // Each dose k given on day s may be followed from s + fewest_days; a ring of the next
    // `ring` days holds what becomes possible, per (group, k) series.
    const std::size_t series = static_cast<std::size_t>(G) * std::max(0, K - 1);
    int longest = 0;
    for (const Product& product : sc.products) longest = std::max(longest, product.longest_interval());
    const int ring = std::min(longest, D) + 1;
    std::vector<std::int64_t> later_given(series), due(series), falls_due(ring * series);
    std::vector<std::int64_t> day_doses(places > 1 ? GPK : 0);
    // Per product and k: where today's doses k fall due in the ring; none after the run's end.
    constexpr std::size_t no_slot = SIZE_MAX;
    std::vector<std::size_t> due_slot(static_cast<std::size_t>(P) * std::max(1, K));
    std::int64_t overdue_before = 0;

    for (int t = 0; t < D; ++t) {
        const DayNumber day = run.day_of(t);
        const std::int64_t* row = run.doses().data() + run.shape().dose_index(t, 0, 0, 0, 0);
        const std::int64_t* today = row; // the day's doses, summed over places
        if (places > 1) {
            std::copy(row, row + GPK, day_doses.begin());
            for (int place = 1; place < places; ++place)
                for (std::size_t i = 0; i < GPK; ++i) day_doses[i] += row[place * GPK + i];
            today = day_doses.data();
        }

        std::fill(by_product.begin(), by_product.end(), 0);
        later_today = 0;
        for (int g = 0; g < G; ++g)
            for (int p = 0; p < P; ++p)
                for (int k = 0; k < K; ++k) {
                    by_product[p] += today[(g * P + p) * K + k];
                    if (k > 0) later_today += today[(g * P + p) * K + k];
                }
        std::int64_t overdue_now = 0, dropped_now = 0;
        for (int p = 0; p < P; ++p) {
            delivered[p] += run.deliveries(t, p);
            given[p] += run.administered(t, p);
            lost[p] += run.wasted(t, p);
            const std::string& id = sc.products[p].id();
            if (delivered[p] != given[p] + lost[p] + run.stock(t, p))
                found.add(stock_section, p, "ledger", day,
                          id + ": delivered " + std::to_string(delivered[p]) + " != administered " +
                              std::to_string(given[p]) + " + wasted " + std::to_string(lost[p]) +
                              " + stock " + std::to_string(run.stock(t, p)));
            if (run.stock(t, p) < 0) found.add(stock_section, p, "negative stock", day, id);
            if (by_product[p] != run.administered(t, p))
                found.add(stock_section, p, "dose accounting", day,
                          id + ": group doses do not add up to administered");
            // Overdue people are later doses due and not given: never negative, never more
            // than those booked, and they leave only by being given a dose.
            const std::int64_t due_now = run.later_doses_due(t, p);
            if (due_now < 0 || due_now > run.later_doses_outstanding(t, p))
                found.add(stock_section, p, "overdue accounting", day,
                          id + ": " + std::to_string(due_now) + " overdue of " +
                              std::to_string(run.later_doses_outstanding(t, p)) + " booked");
            overdue_now += due_now;
            const std::int64_t dropped = run.dropped_out(t, p);
            dropped_now += dropped;
            if (dropped < 0 ||
                (dropped > 0 && sc.products[p].after_max() != AfterMax::drop_out))
                found.add(stock_section, p, "drop-out accounting", day,
                          id + ": " + std::to_string(dropped) + " dropped out");
        }
        // Overdue people leave only by being given a later dose (of any product: a
        // heterologous dose serves another product's booking) or by dropping out.
        if (t > 0 && overdue_now < overdue_before - later_today - dropped_now)
            found.add(overdue_section, 0, "overdue vanished", day,
                      std::to_string(overdue_before) + " overdue the day before, " +
                          std::to_string(later_today) + " later doses given, " +
                          std::to_string(dropped_now) + " dropped out, " +
                          std::to_string(overdue_now) + " overdue");
        overdue_before = overdue_now;

        const std::int64_t used = run.administered.row(t).sum();
        if (used != run.capacity_used(t))
            found.add(capacity_section, 0, "capacity accounting", day,
                      "doses given differ from capacity used");
        if (used > run.capacity(t))
            found.add(capacity_section, 0, "capacity exceeded", day,
                      std::to_string(used) + " doses > capacity " +
                          std::to_string(run.capacity(t)));

        std::fill(covered.begin(), covered.end(), 0);
        for (std::size_t c = 0; c < C; ++c) {
            const Cohort& cohort = pop.cohorts()[c];
            const auto id = [&] {
                return pop.groups()[cohort.group].id + "/" + pop.bands()[cohort.band].id;
            };
            const Eigen::Index i = static_cast<Eigen::Index>(c);
            const std::int64_t first = run.first_dose_people(t, i),
                               full = run.fully_vaccinated_people(t, i);
            covered[cohort.band] += first;
            if (first > cohort.willing)
                found.add(cohort_section, c, "uptake exceeded", day,
                          id() + ": " + std::to_string(first) + " first doses > " +
                              std::to_string(cohort.willing) + " willing");
            if (full > first || full < 0)
                found.add(cohort_section, c, "coverage order", day, id() + ": fully > first dose");
            if (t > 0 && (first < run.first_dose_people(t - 1, i) ||
                          full < run.fully_vaccinated_people(t - 1, i)))
                found.add(cohort_section, c, "coverage decreased", day, id());
        }
        for (std::size_t b = 0; b < B; ++b)
            if (covered[b] > pop.bands()[b].count)
                found.add(band_section, b, "coverage over 100%", day, "band " + pop.bands()[b].id);

        for (int p = 0; p < P; ++p)
            for (int k = 0; k + 1 < K; ++k) {
                const Product& product = sc.products[p];
                const int when = k + 1 < product.doses_in_series()
                                     ? t + product.fewest_days(k, day)
                                     : D;
                due_slot[static_cast<std::size_t>(p) * K + k] =
                    when < D ? static_cast<std::size_t>(when % ring) * series : no_slot;
            }
        const std::size_t now = static_cast<std::size_t>(t % ring) * series;
        for (int g = 0; g < G; ++g) {
            for (int p = 0; p < P; ++p) {
                const Product& product = sc.products[p];
                for (int k = product.doses_in_series(); k < K; ++k)
                    if (today[(static_cast<std::size_t>(g) * P + p) * K + k] > 0)
                        found.add(series_section, (static_cast<std::size_t>(p) * G + g) * K + k,
                                  "dose " + std::to_string(k + 1) + " beyond the series", day,
                                  product.id());
            }
            for (int k = 0; k + 1 < K; ++k) {
                const std::size_t s = static_cast<std::size_t>(g) * (K - 1) + k;
                due[s] += std::exchange(falls_due[now + s], 0);
                for (int p = 0; p < P; ++p) {
                    const std::size_t at = (static_cast<std::size_t>(g) * P + p) * K + k;
                    later_given[s] += today[at + 1];
                    const std::size_t slot = due_slot[static_cast<std::size_t>(p) * K + k];
                    if (slot != no_slot) falls_due[slot + s] += today[at];
                }
                if (later_given[s] > due[s])
                    found.add(interval_section, s,
                              "dose " + std::to_string(k + 2) + " before its minimum interval", day,
                              pop.groups()[g].id + ": " + std::to_string(later_given[s]) +
                                  " given but only " + std::to_string(due[s]) +
                                  " are past the minimum interval");
            }
        }
    }
    Violations v;
    found.report(v);
    return v.take();
}

void require_invariants(const Scenario& scenario, const Ledger& run) {
    const auto violations = check_invariants(scenario, run);
    if (violations.empty()) return;
    std::string text = "the run broke the model's invariants (a bug in vaxsim; please report it):";
    for (const auto& v : violations) text += "\n  " + v;
    throw InvariantError(text);
}

} // namespace vaxsim

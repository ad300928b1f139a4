#include "models/outcomes.hpp"

#include <algorithm>

namespace vaxsim {
namespace {

// Sums a [day x cohort] series into [day x group]. A plain loop: an Eigen product with a
// 0/1 matrix was most of evaluate()'s time, as int64 products are not vectorised.
CountMatrix sum_by_group(const CountMatrix& by_cohort, const Population& pop) {
    CountMatrix out =
        CountMatrix::Zero(by_cohort.rows(), static_cast<Eigen::Index>(pop.groups().size()));
    std::vector<int> group_of;
    for (const Cohort& c : pop.cohorts()) group_of.push_back(c.group);
    // Row by row (both matrices are row-major).
    for (Eigen::Index t = 0; t < by_cohort.rows(); ++t) {
        const std::int64_t* in = by_cohort.row(t).data();
        std::int64_t* sums = out.row(t).data();
        for (std::size_t c = 0; c < group_of.size(); ++c) sums[group_of[c]] += in[c];
    }
    return out;
}

enum class Period { month, quarter };

PeriodSummary summarise(const Ledger& run, const Outcomes& o, Period period) {
    PeriodSummary s;
    // Periods change only on the 1st of a month, so the calendar is asked once a day at
    // most cheaply and labels are made once a period.
    int current = -1;
    for (int t = 0; t < run.days(); ++t) {
        const DayNumber day = run.day_of(t);
        if (t > 0 && day_of_month(day) != 1) {
            s.last_day.back() = day;
            continue;
        }
        const int key = period == Period::month ? year_of(day) * 12 + month_of(day)
                                                : year_of(day) * 4 + quarter_of(day);
        if (key != current) {
            current = key;
            s.labels.push_back(period == Period::month ? month_label(day) : quarter_label(day));
            s.first_day.push_back(day);
            s.last_day.push_back(day);
        }
        s.last_day.back() = day;
    }
    const auto n = static_cast<Eigen::Index>(s.labels.size());
    const int G = run.groups(), P = run.products();
    s.first_doses.setZero(n, G);
    s.second_doses.setZero(n, G);
    s.first_dose_people.setZero(n, G);
    s.fully_vaccinated_people.setZero(n, G);
    s.deliveries.setZero(n, P);
    s.administered.setZero(n, P);
    s.wasted.setZero(n, P);
    s.capacity.setZero(n);
    s.capacity_used.setZero(n);
    for (Eigen::Index k = 0; k < n; ++k) {
        const int a = s.first_day[k] - run.start(), b = s.last_day[k] - run.start();
        s.first_doses.row(k) = o.first_doses_by_group.middleRows(a, b - a + 1).colwise().sum();
        s.second_doses.row(k) = o.second_doses_by_group.middleRows(a, b - a + 1).colwise().sum();
        s.first_dose_people.row(k) = o.first_dose_people_by_group.row(b);
        s.fully_vaccinated_people.row(k) = o.fully_vaccinated_people_by_group.row(b);
        s.deliveries.row(k) = run.deliveries.middleRows(a, b - a + 1).colwise().sum();
        s.administered.row(k) = run.administered.middleRows(a, b - a + 1).colwise().sum();
        s.wasted.row(k) = run.wasted.middleRows(a, b - a + 1).colwise().sum();
        s.capacity(k) = run.capacity.segment(a, b - a + 1).sum();
        s.capacity_used(k) = run.capacity_used.segment(a, b - a + 1).sum();
    }
    return s;
}

} // namespace

OverdueResult overdue_of(const Ledger& run, int p) {
    OverdueResult r;
    for (int t = 0; t < run.days(); ++t) {
        const std::int64_t n = run.later_doses_due(t, p);
        r.person_days += n;
        if (n > r.peak) {
            r.peak = n;
            r.peak_day = run.day_of(t);
        }
    }
    if (run.days() > 0) r.at_end = run.later_doses_due(run.days() - 1, p);
    return r;
}

CountVector target_series(const Scenario& sc, const Ledger& run, const Target& target) {
    CountVector series = CountVector::Zero(run.days());
    if (is_bound(target.measure)) {
        // People overdue for the target's products: the most on a day so far, or the
        // person-days so far, counted from `since`.
        const int from = target.since ? std::clamp(*target.since - run.start(), 0, run.days()) : 0;
        std::int64_t so_far = 0;
        for (int t = from; t < run.days(); ++t) {
            std::int64_t today = 0;
            for (int p : target.products) today += run.later_doses_due(t, p);
            so_far = target.measure == Measure::overdue_peak ? std::max(so_far, today)
                                                             : so_far + today;
            series(t) = so_far;
        }
        return series;
    }
    if (target.measure == Measure::doses) {
        std::vector<bool> in_group(run.groups(), false);
        for (int c : target.cohorts) in_group[sc.population.cohorts()[c].group] = true;
        std::int64_t total = 0;
        for (int t = 0; t < run.days(); ++t) {
            for (int g = 0; g < run.groups(); ++g)
                if (in_group[g])
                    for (int p = 0; p < run.products(); ++p)
                        total += run.all_doses(t, g, p);
            series(t) = total;
        }
    } else {
        // The people matrices are row-major: each day's row is read once.
        const int K = run.doses_per_person();
        const bool by_dose = target.measure == Measure::dose;
        const CountMatrix& people = by_dose                                 ? run.dose_people
                                    : target.measure == Measure::first_dose ? run.first_dose_people
                                    : target.measure == Measure::boosted    ? run.boosted_people
                                    : target.measure == Measure::up_to_date ? run.up_to_date_people
                                                                            : run.fully_vaccinated_people;
        std::vector<Eigen::Index> columns;
        for (int c : target.cohorts) columns.push_back(by_dose ? c * K + target.dose - 1 : c);
        for (int t = 0; t < run.days(); ++t) {
            const std::int64_t* row = people.row(t).data();
            std::int64_t n = 0;
            for (const Eigen::Index i : columns) n += row[i];
            series(t) = n;
        }
    }
    if (target.since && *target.since > run.start()) {
        const int before = std::min(*target.since - run.start() - 1, run.days() - 1);
        series.array() -= series(before);
        series.head(before + 1).setZero();
    }
    return series;
}

namespace {

TargetResult evaluate_series(const Ledger& run, const Target& target, const CountVector& series) {
    TargetResult r;
    r.threshold = target.threshold;
    r.value_at_deadline = series(target.deadline - run.start());
    if (is_bound(target.measure)) {
        r.met = r.value_at_deadline <= r.threshold;
        r.margin = r.threshold - r.value_at_deadline;
        return r;
    }
    r.met = r.value_at_deadline >= r.threshold;
    r.margin = r.value_at_deadline - r.threshold;
    const int from = target.since ? std::max(0, *target.since - run.start()) : 0;
    for (int t = from; t < run.days(); ++t)
        if (series(t) >= r.threshold) {
            r.first_reached = run.day_of(t);
            break;
        }
    return r;
}

} // namespace

TargetResult evaluate_target(const Scenario& sc, const Ledger& run, const Target& target) {
    return evaluate_series(run, target, target_series(sc, run, target));
}

PlanCheck check_plan(const Scenario& sc, const Ledger& run, int g) {
    const QuarterPlan& q = *sc.population.groups()[g].plan;
    PlanCheck check;
    check.group = g;
    check.planned = q.count;
    // The run may start within the quarter (nothing is given before it), but must reach its end.
    // A run started mid-campaign (an initial state) had first doses before it that no
    // quarter can be told of: a quarter begun by then is only partly in the run.
    check.quarter_in_run = q.quarter_end >= run.start() && q.quarter_end < run.start() + run.days() &&
                           !(run.as_of && q.quarter_start <= *run.as_of);
    const int a = std::max(0, q.quarter_start - run.start());
    const int b = std::min(run.days() - 1, q.quarter_end - run.start());
    for (int t = a; t <= b; ++t)
        for (int p = 0; p < run.products(); ++p) check.started_in_quarter += run.dose(t, g, p, 0);
    check.met = check.started_in_quarter >= check.planned;
    return check;
}

namespace {

std::vector<TargetResult> evaluate_targets(const Scenario& sc, const Ledger& run,
                                           std::vector<CountVector>* series) {
    std::vector<TargetResult> out;
    if (series) series->clear();
    for (const Target& target : sc.targets) {
        CountVector s = target_series(sc, run, target);
        out.push_back(evaluate_series(run, target, s));
        if (series) series->push_back(std::move(s));
    }
    return out;
}

std::vector<PlanCheck> check_plans(const Scenario& sc, const Ledger& run) {
    std::vector<PlanCheck> out;
    for (std::size_t g = 0; g < sc.population.groups().size(); ++g)
        if (sc.population.groups()[g].plan) out.push_back(check_plan(sc, run, static_cast<int>(g)));
    return out;
}

} // namespace

Outcomes evaluate(const Scenario& sc, const Ledger& run, bool period_summaries,
                  std::vector<CountVector>* series) {
    Outcomes o;
    o.first_dose_people_by_group = sum_by_group(run.first_dose_people, sc.population);
    o.fully_vaccinated_people_by_group = sum_by_group(run.fully_vaccinated_people, sc.population);
    o.boosted_people_by_group = sum_by_group(run.boosted_people, sc.population);
    o.up_to_date_people_by_group = sum_by_group(run.up_to_date_people, sc.population);
    const int D = run.days(), G = run.groups(), P = run.products(), K = run.doses_per_person();
    const int k0 = sc.primary_doses();
    o.first_doses_by_group.setZero(D, G);
    o.second_doses_by_group.setZero(D, G);
    o.boosters_by_group.setZero(D, G);
    // Each day's doses in memory order, [place][group][product][k]: dose 1, the later
    // doses of a series, and the boosters (dose numbers from the longest series on).
    for (int t = 0; t < D; ++t)
        for (int place = 0; place < run.places(); ++place) {
            const std::int64_t* cell = run.doses().data() + run.shape().dose_index(t, place, 0, 0, 0);
            for (int g = 0; g < G; ++g)
                for (int p = 0; p < P; ++p, cell += K) {
                    std::int64_t later = 0, boosters = 0;
                    for (int k = 1; k < K; ++k) (k < k0 ? later : boosters) += cell[k];
                    o.first_doses_by_group(t, g) += cell[0];
                    o.second_doses_by_group(t, g) += later;
                    o.boosters_by_group(t, g) += boosters;
                }
        }
    o.targets = evaluate_targets(sc, run, series);
    for (int p = 0; p < run.products(); ++p) o.overdue.push_back(overdue_of(run, p));
    o.plan = check_plans(sc, run);

    if (!period_summaries) return o;
    o.monthly = summarise(run, o, Period::month);
    o.quarterly = summarise(run, o, Period::quarter);
    return o;
}

PlaceOutcomes evaluate_place(const Scenario& place, const Ledger& run, std::vector<CountVector>& series) {
    PlaceOutcomes o;
    o.first_dose_people_by_group = sum_by_group(run.first_dose_people, place.population);
    o.fully_vaccinated_people_by_group = sum_by_group(run.fully_vaccinated_people, place.population);
    o.up_to_date_people_by_group = sum_by_group(run.up_to_date_people, place.population);
    o.targets = evaluate_targets(place, run, &series);
    o.plan = check_plans(place, run);
    return o;
}

} // namespace vaxsim

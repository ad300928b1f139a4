#include "sim/outcomes.hpp"

#include <algorithm>
#include <functional>

namespace vaxsim {
namespace {

// Cohort -> group summing matrix, so group series are one product of Eigen matrices.
CountMatrix cohort_to_group(const Population& pop) {
    CountMatrix m = CountMatrix::Zero(static_cast<Eigen::Index>(pop.cohorts().size()),
                                      static_cast<Eigen::Index>(pop.groups().size()));
    for (std::size_t c = 0; c < pop.cohorts().size(); ++c) m(c, pop.cohorts()[c].group) = 1;
    return m;
}

PeriodSummary summarise(const RunResult& run, const Outcomes& o,
                        const std::function<std::string(DayNumber)>& label_of) {
    PeriodSummary s;
    for (int t = 0; t < run.days; ++t) {
        const DayNumber day = run.day_of(t);
        const std::string label = label_of(day);
        if (s.labels.empty() || s.labels.back() != label) {
            s.labels.push_back(label);
            s.first_day.push_back(day);
            s.last_day.push_back(day);
        }
        s.last_day.back() = day;
    }
    const auto n = static_cast<Eigen::Index>(s.labels.size());
    const int G = run.groups, P = run.products;
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
        const int a = s.first_day[k] - run.start, b = s.last_day[k] - run.start;
        for (int t = a; t <= b; ++t)
            for (int g = 0; g < G; ++g)
                for (int p = 0; p < P; ++p) {
                    s.first_doses(k, g) += run.dose(t, g, p, 0);
                    s.second_doses(k, g) += run.dose(t, g, p, 1);
                }
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

CountVector target_series(const Scenario& sc, const RunResult& run, const Target& target) {
    CountVector series = CountVector::Zero(run.days);
    if (target.measure == Measure::doses) {
        std::vector<bool> in_group(run.groups, false);
        for (int c : target.cohorts) in_group[sc.population.cohorts()[c].group] = true;
        std::int64_t total = 0;
        for (int t = 0; t < run.days; ++t) {
            for (int g = 0; g < run.groups; ++g)
                if (in_group[g])
                    for (int p = 0; p < run.products; ++p) total += run.dose(t, g, p, 0) + run.dose(t, g, p, 1);
            series(t) = total;
        }
    } else {
        const CountMatrix& people = target.measure == Measure::first_dose ? run.first_dose_people
                                                                          : run.fully_vaccinated_people;
        for (int c : target.cohorts) series += people.col(c);
    }
    if (target.since && *target.since > run.start) {
        const int before = std::min(*target.since - run.start - 1, run.days - 1);
        series.array() -= series(before);
        series.head(before + 1).setZero();
    }
    return series;
}

Outcomes evaluate(const Scenario& sc, const RunResult& run) {
    Outcomes o;
    const CountMatrix to_group = cohort_to_group(sc.population);
    o.first_dose_people_by_group = run.first_dose_people * to_group;
    o.fully_vaccinated_people_by_group = run.fully_vaccinated_people * to_group;

    for (const Target& target : sc.targets) {
        const CountVector series = target_series(sc, run, target);
        TargetResult r;
        r.threshold = target.threshold;
        r.value_at_deadline = series(target.deadline - run.start);
        r.met = r.value_at_deadline >= r.threshold;
        r.margin = r.value_at_deadline - r.threshold;
        const int from = target.since ? std::max(0, *target.since - run.start) : 0;
        for (int t = from; t < run.days; ++t)
            if (series(t) >= r.threshold) {
                r.first_reached = run.day_of(t);
                break;
            }
        o.targets.push_back(r);
    }

    const auto& groups = sc.population.groups();
    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (!groups[g].plan) continue;
        const QuarterPlan& q = *groups[g].plan;
        PlanCheck check;
        check.group = static_cast<int>(g);
        check.planned = q.count;
        // The run may start within the quarter (nothing is given before it), but must reach its end.
        check.quarter_in_run = q.quarter_end >= run.start && q.quarter_end < run.start + run.days;
        const int a = std::max(0, q.quarter_start - run.start);
        const int b = std::min(run.days - 1, q.quarter_end - run.start);
        for (int t = a; t <= b; ++t)
            for (int p = 0; p < run.products; ++p) check.started_in_quarter += run.dose(t, static_cast<int>(g), p, 0);
        check.met = check.started_in_quarter >= check.planned;
        o.plan.push_back(check);
    }

    o.monthly = summarise(run, o, month_label);
    o.quarterly = summarise(run, o, quarter_label);
    return o;
}

} // namespace vaxsim

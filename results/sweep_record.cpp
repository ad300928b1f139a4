#include "results/sweep_record.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "models/constraint.hpp"
#include "models/random.hpp"

namespace vaxsim {

SweepRecordLayout::SweepRecordLayout(const Scenario& base) {
    for (DayNumber d = base.start; d <= base.end; ++d)
        if (d == base.end || quarter_of(d + 1) != quarter_of(d))
            quarter_last_day_.push_back(d - base.start);
    int planned = 0;
    for (const auto& g : base.population.groups()) planned += g.plan ? 1 : 0;
    const int targets = static_cast<int>(base.targets.size());
    const int quarters = static_cast<int>(quarter_last_day_.size());
    const int epidemic = base.epidemic ? 1 : 0;
    using F = RecordField;
    const auto set = [&](F f, int w) { width_[index(f)] = w; };
    set(F::target_met, targets);
    set(F::target_first_reached_day, targets);
    set(F::target_value_at_deadline, targets);
    set(F::target_margin, targets);
    set(F::plan_started_in_quarter, planned);
    set(F::quarter_first_dose_people, quarters);
    set(F::quarter_fully_vaccinated_people, quarters);
    set(F::wasted, 1);
    set(F::capacity_used, 1);
    set(F::constraint_days, constraint_codes);
    set(F::overdue_peak, static_cast<int>(base.products.size()));
    set(F::overdue_person_days, static_cast<int>(base.products.size()));
    set(F::epidemic_infections, epidemic);
    set(F::epidemic_deaths, epidemic);
    set(F::epidemic_deaths_averted, epidemic);
    set(F::daily_first_dose_people, base.days());
    set(F::daily_fully_vaccinated_people, base.days());
    places_ = base.places ? base.places->size() : 0;
    set(F::places_met, places_ > 0 ? targets : 0);
    if (!base.targets.empty()) {
        const Target& main = base.targets.front();
        coverage_of_main_target_ = !main.since && (main.measure == Measure::first_dose ||
                                                   main.measure == Measure::fully_vaccinated);
    }
    if (coverage_of_main_target_) {
        coverage_population_ = base.targets.front().population;
        coverage_label_ = base.targets.front().population_label;
    } else {
        for (const auto& g : base.population.groups()) coverage_population_ += g.size;
        coverage_label_ = "all groups";
    }
    std::vector<int> covered = coverage_of_main_target_ ? base.targets.front().cohorts
                                                        : std::vector<int>{};
    if (!coverage_of_main_target_)
        for (int c = 0; c < static_cast<int>(base.population.cohorts().size()); ++c)
            covered.push_back(c);
    std::sort(covered.begin(), covered.end());
    for (const Target& t : base.targets) {
        std::vector<int> cohorts = t.cohorts;
        std::sort(cohorts.begin(), cohorts.end());
        target_on_chart_.push_back(
            !t.since && cohorts == covered &&
            (t.measure == Measure::first_dose || t.measure == Measure::fully_vaccinated));
    }
    for (std::size_t i = 0; i < width_.size(); ++i)
        offset_[i + 1] = offset_[i] + static_cast<std::size_t>(width_[i]);
}

hdf5::Handle SweepRecordLayout::hdf5_type() const {
    hdf5::Handle type(
        H5Tcreate(H5T_COMPOUND, std::max<std::size_t>(size(), 1) * sizeof(std::int64_t)), H5Tclose,
        "create the sweep record type");
    for (std::size_t i = 0; i < width_.size(); ++i) {
        if (width_[i] == 0) continue;
        const std::string name(record_field_names[i]);
        const std::size_t at = offset_[i] * sizeof(std::int64_t);
        herr_t status;
        if (width_[i] == 1) {
            status = H5Tinsert(type, name.c_str(), at, H5T_NATIVE_INT64);
        } else {
            const hsize_t n = static_cast<hsize_t>(width_[i]);
            const hdf5::Handle array(H5Tarray_create2(H5T_NATIVE_INT64, 1, &n), H5Tclose,
                                     "create the array type of '" + name + "'");
            status = H5Tinsert(type, name.c_str(), at, array);
        }
        if (status < 0) throw hdf5::Error("HDF5: cannot add field '" + name + "' to the record");
    }
    return type;
}

std::uint64_t SweepRecordLayout::fingerprint(std::uint64_t h) const {
    for (std::size_t i = 0; i < width_.size(); ++i)
        h = fnv1a(std::string(record_field_names[i]) + "[" + std::to_string(width_[i]) + "]", h);
    return h;
}

void fill_record(const SweepRecordLayout& layout, const Scenario& sc, const Ledger& run,
                 const Outcomes& outcomes, const std::vector<PlaceOutcome>& places,
                 const std::optional<EpidemicOutcome>& epidemic, double deaths_without_vaccination,
                 std::int64_t* m) {
    using F = RecordField;
    std::fill(m, m + layout.size(), 0);
    for (int t = 0; t < layout.targets(); ++t) {
        const TargetResult& r = outcomes.targets[static_cast<std::size_t>(t)];
        m[layout.offset(F::target_met, t)] = r.met;
        m[layout.offset(F::target_first_reached_day, t)] =
            r.first_reached ? *r.first_reached - sc.start : -1;
        m[layout.offset(F::target_value_at_deadline, t)] = r.value_at_deadline;
        m[layout.offset(F::target_margin, t)] = r.margin;
    }
    for (std::size_t k = 0; k < outcomes.plan.size(); ++k)
        m[layout.offset(F::plan_started_in_quarter, static_cast<int>(k))] =
            outcomes.plan[k].started_in_quarter;
    for (int q = 0; q < layout.quarters(); ++q) {
        const int t = layout.quarter_last_day()[static_cast<std::size_t>(q)];
        m[layout.offset(F::quarter_first_dose_people, q)] = run.first_dose_people.row(t).sum();
        m[layout.offset(F::quarter_fully_vaccinated_people, q)] =
            run.fully_vaccinated_people.row(t).sum();
    }
    m[layout.offset(F::wasted)] = run.wasted.sum();
    m[layout.offset(F::capacity_used)] = run.capacity_used.sum();
    for (std::int8_t code : run.binding_constraint) ++m[layout.offset(F::constraint_days, code)];
    for (int p = 0; p < layout.products(); ++p) {
        const OverdueResult od = p < static_cast<int>(outcomes.overdue.size())
                                     ? outcomes.overdue[static_cast<std::size_t>(p)]
                                     : overdue_of(run, p);
        m[layout.offset(F::overdue_peak, p)] = od.peak;
        m[layout.offset(F::overdue_person_days, p)] = od.person_days;
    }
    // Daily coverage of the coverage population (the main target's, as this point sets it).
    const auto daily = [&](F field, Measure measure, const CountMatrix& all_groups) {
        if (layout.coverage_of_main_target()) {
            Target target = sc.targets.front();
            target.measure = measure;
            const CountVector series = target_series(sc, run, target);
            for (int t = 0; t < layout.days(); ++t) m[layout.offset(field, t)] = series(t);
        } else {
            for (int t = 0; t < layout.days(); ++t)
                m[layout.offset(field, t)] = all_groups.row(t).sum();
        }
    };
    daily(F::daily_first_dose_people, Measure::first_dose, run.first_dose_people);
    daily(F::daily_fully_vaccinated_people, Measure::fully_vaccinated, run.fully_vaccinated_people);
    if (layout.places() > 0) {
        if (places.size() != static_cast<std::size_t>(layout.places()))
            throw std::logic_error("fill_record: a run of " + std::to_string(places.size()) +
                                   " places in a sweep of " + std::to_string(layout.places()));
        for (const PlaceOutcome& place : places)
            for (int t = 0; t < layout.targets(); ++t)
                m[layout.offset(F::places_met, t)] += place.outcomes.targets[static_cast<std::size_t>(t)].met;
    }
    if (layout.epidemic() && epidemic) {
        const EpidemicResult& e = epidemic->vaccinated;
        m[layout.offset(F::epidemic_infections)] = std::llround(e.total_infections());
        m[layout.offset(F::epidemic_deaths)] = std::llround(e.total_deaths());
        m[layout.offset(F::epidemic_deaths_averted)] =
            std::llround(deaths_without_vaccination - e.total_deaths());
    }
}

} // namespace vaxsim

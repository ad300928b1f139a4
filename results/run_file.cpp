#include "results/run_file.hpp"

#include <chrono>
#include <ctime>
#include <stdexcept>

#include "results/format.hpp"
#include "results/hdf5_interface.hpp"
#include "results/version.hpp"

namespace vaxsim {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> iso_dates(DayNumber first, int count) {
    std::vector<std::string> out;
    out.reserve(count);
    for (int i = 0; i < count; ++i) out.push_back(format_iso_date(first + i));
    return out;
}

std::vector<std::string> iso_dates(const std::vector<DayNumber>& days) {
    std::vector<std::string> out;
    for (DayNumber d : days) out.push_back(format_iso_date(d));
    return out;
}

// Daily series are stored in chunks of whole days, about this many bytes each, deflated
// at this level: measured on a 1,000-group, 20-product, ten-year run (results/LAYOUT.md).
constexpr std::size_t daily_chunk_bytes = std::size_t{1} << 20;
constexpr int daily_deflate = 1;

hdf5::Storage storage_for(const format::DatasetSpec& spec, const std::vector<hsize_t>& dims,
                          std::size_t element_bytes) {
    if (!spec.daily()) return {};
    std::size_t row_bytes = element_bytes;
    for (std::size_t i = 1; i < dims.size(); ++i) row_bytes *= dims[i];
    // A row of no elements (no targets) has nothing to chunk: any positive size will do.
    return hdf5::Storage::chunked(
        std::max<std::size_t>(1, daily_chunk_bytes / std::max<std::size_t>(row_bytes, 1)),
        daily_deflate);
}

// Writes one dataset of the format table, after checking that the data has the table's
// element type and rank (a writer out of step with results/format.hpp fails loudly).
template <hdf5::Element T>
void put(hid_t file, const format::DatasetSpec& spec, const T* data,
         const std::vector<hsize_t>& dims) {
    if (format::element_of<T>() != spec.type || dims.size() != spec.shape.rank)
        throw std::logic_error("the run-file writer disagrees with results/format.hpp on /" +
                               spec.path());
    hdf5::write_dataset(file, spec.path(), data, dims, storage_for(spec, dims, sizeof(T)));
}

template <hdf5::Flattenable V>
void put(hid_t file, const format::DatasetSpec& spec, const V& value) {
    const auto f = hdf5::flat(value);
    put(file, spec, f.data, f.dims);
}

void write_period_summary(hid_t file, const format::PeriodDatasets& f, const PeriodSummary& s) {
    hdf5::create_group(file, f.group);
    put(file, f.label, s.labels);
    put(file, f.first_day, iso_dates(s.first_day));
    put(file, f.last_day, iso_dates(s.last_day));
    put(file, f.first_doses, s.first_doses);
    put(file, f.second_doses, s.second_doses);
    put(file, f.first_dose_people, s.first_dose_people);
    put(file, f.fully_vaccinated_people, s.fully_vaccinated_people);
    put(file, f.deliveries, s.deliveries);
    put(file, f.administered, s.administered);
    put(file, f.wasted, s.wasted);
    put(file, f.capacity, s.capacity);
    put(file, f.capacity_used, s.capacity_used);
}

void write_epidemic_series(hid_t file, const format::EpidemicSeriesDatasets& f,
                           const EpidemicResult& r) {
    put(file, f.infections, r.infections);
    put(file, f.hospitalisations, r.hospitalisations);
    put(file, f.deaths, r.deaths);
    put(file, f.people, r.population_check);
    const hdf5::Handle g = hdf5::open_group(file, f.group);
    namespace e = format::epidemic;
    hdf5::write_attribute(g, e::smallest_compartment, r.smallest_compartment);
    hdf5::write_attribute(g, e::total_infections, r.total_infections());
    hdf5::write_attribute(g, e::total_hospitalisations, r.total_hospitalisations());
    hdf5::write_attribute(g, e::total_deaths, r.total_deaths());
}

void write_hospital_load(hid_t file, const format::HospitalLoadDatasets& f, const HospitalLoad& h) {
    if (!hdf5::has_object(file, f.group)) hdf5::create_group(file, f.group);
    put(file, f.admissions, h.admissions);
    put(file, f.deaths_by_date, h.deaths);
    put(file, f.admissions_after_end, h.admissions_after_end);
    put(file, f.deaths_after_end, h.deaths_after_end);
    put(file, f.ward_occupancy, h.ward_occupancy);
    put(file, f.icu_occupancy, h.icu_occupancy);
    put(file, f.days_over_beds, static_cast<std::int64_t>(h.days_over_beds));
    put(file, f.days_over_icu_beds, static_cast<std::int64_t>(h.days_over_icu_beds));
}

void write_epidemic(hid_t file, const Scenario& sc, int dose_numbers, const EpidemicOutcome& e) {
    namespace f = format::epidemic;
    const EpidemicModel& m = *sc.epidemic;
    const hdf5::Handle g = hdf5::create_group(file, f::group);
    hdf5::write_attribute(g, f::r0, m.r0);
    hdf5::write_attribute(g, f::beta, m.beta);
    hdf5::write_attribute(g, f::latent_days, 1 / m.sigma);
    hdf5::write_attribute(g, f::infectious_days, 1 / m.gamma);
    hdf5::write_attribute(g, f::substeps, static_cast<std::int64_t>(m.substeps));
    hdf5::write_attribute(g, f::severity_source, m.severity_source);
    hdf5::write_attribute(g, f::stochastic, static_cast<std::int64_t>(m.stochastic));
    hdf5::write_attribute(g, f::future, static_cast<std::int64_t>(sc.future));
    put(file, f::band, m.band_labels);
    put(file, f::band_min_age,
        std::vector<std::int64_t>(m.band_min_age.begin(), m.band_min_age.end()));
    std::vector<double> people; // the run's: whole people in the stochastic mode
    for (int a = 0; a < m.bands(); ++a) people.push_back(m.band_people(a));
    put(file, f::population, people);
    write_epidemic_series(file, format::vaccinated, e.vaccinated);
    if (m.hospital && e.vaccinated.hospital) {
        namespace h = format::hospital;
        const hdf5::Handle hg = hdf5::create_group(file, h::group);
        hdf5::write_attribute(hg, h::source, m.hospital->source);
        put(file, h::beds, m.hospital->beds);
        put(file, h::icu_beds, m.hospital->icu_beds);
        put(file, h::icu_share, m.hospital->icu_share);
        write_hospital_load(file, format::vaccinated_load, *e.vaccinated.hospital);
    }
    {
        // [P, K], K the run's dose numbers: zeros above a product's series.
        const std::size_t P = sc.products.size(), K = static_cast<std::size_t>(dose_numbers);
        std::vector<double> given(P * K, 0.0), moved(P * K, 0.0), after_end(P * K, 0.0);
        for (std::size_t p = 0; p < e.vaccinated.doses.size() && p < P; ++p)
            for (std::size_t k = 0; k < e.vaccinated.doses[p].size() && k < K; ++k) {
                given[p * K + k] = e.vaccinated.doses[p][k].given;
                moved[p * K + k] = e.vaccinated.doses[p][k].moved;
                after_end[p * K + k] = e.vaccinated.doses[p][k].after_end;
            }
        put(file, f::doses_given, given.data(), {P, K});
        put(file, f::doses_moved, moved.data(), {P, K});
        put(file, f::doses_after_end, after_end.data(), {P, K});
    }
    if (e.counterfactual) {
        hdf5::create_group(file, format::counterfactual.group);
        write_epidemic_series(file, format::counterfactual, *e.counterfactual);
        if (m.hospital && e.vaccinated.hospital && e.counterfactual->hospital)
            write_hospital_load(file, format::counterfactual_load, *e.counterfactual->hospital);
        hdf5::write_attribute(g, f::infections_averted,
                              e.counterfactual->total_infections() -
                                  e.vaccinated.total_infections());
        hdf5::write_attribute(g, f::hospitalisations_averted,
                              e.counterfactual->total_hospitalisations() -
                                  e.vaccinated.total_hospitalisations());
        hdf5::write_attribute(g, f::deaths_averted,
                              e.counterfactual->total_deaths() - e.vaccinated.total_deaths());
    }
}

void write_contents(hid_t file, const Scenario& sc, const Ledger& run, const Outcomes& o,
                    const RunMetadata& meta) {
    write_root_attributes(file, format::run_filetype, sc.seed, meta);

    const auto& pop = sc.population;
    {
        namespace f = format::scenario;
        const hdf5::Handle g = hdf5::create_group(file, f::group);
        hdf5::write_attribute(g, f::name, sc.name);
        hdf5::write_attribute(g, f::description, sc.description);
        // A what-if file is stored as given, with the base scenario it extends beside it.
        const Provenance& from = sc.provenance();
        hdf5::write_attribute(g, f::source_file, from.file_name);
        hdf5::write_attribute(g, f::base_file, from.base_file);
        put(file, f::text, from.text);
        put(file, f::base_text, from.base_text);
        put(file, f::overrides, from.overrides);
        put(file, f::effective, from.effective);
        hdf5::write_attribute(g, f::first_dose_allocation, sc.policy.allocation);
        hdf5::write_attribute(g, f::second_dose_reserve, sc.policy.reserve_label);
        hdf5::write_attribute(g, f::second_dose_reserve_share, sc.policy.second_dose_reserve);
    }
    {
        namespace f = format::calendar;
        hdf5::create_group(file, f::group);
        put(file, f::date, iso_dates(sc.start, run.days()));
        std::vector<std::string> quarter, month;
        std::vector<std::int32_t> weekday;
        for (int t = 0; t < run.days(); ++t) {
            quarter.push_back(quarter_label(run.day_of(t)));
            month.push_back(month_label(run.day_of(t)));
            weekday.push_back(weekday_of(run.day_of(t)));
        }
        put(file, f::quarter, quarter);
        put(file, f::month, month);
        put(file, f::weekday, weekday);
    }
    {
        namespace f = format::bands;
        hdf5::create_group(file, f::group);
        std::vector<std::string> id;
        std::vector<std::int64_t> min_age, max_age, count;
        for (const auto& b : pop.bands()) {
            id.push_back(b.id);
            min_age.push_back(b.min_age);
            max_age.push_back(b.max_age);
            count.push_back(b.count);
        }
        put(file, f::id, id);
        put(file, f::min_age, min_age);
        put(file, f::max_age, max_age);
        put(file, f::count, count);
    }
    {
        namespace f = format::groups;
        hdf5::create_group(file, f::group);
        std::vector<std::string> id, label, tier, opens, products, band_split, plan_quarter;
        std::vector<std::int64_t> size, willing, priority, plan_count;
        std::vector<double> uptake;
        for (const auto& gr : pop.groups()) {
            id.push_back(gr.id);
            label.push_back(gr.label);
            tier.push_back(gr.tier);
            opens.push_back(format_iso_date(gr.opens));
            std::string list, split;
            for (int p : gr.products) list += (list.empty() ? "" : " ") + sc.products[p].id();
            for (int c : gr.cohorts)
                split += (split.empty() ? "" : " ") + pop.bands()[pop.cohorts()[c].band].id + ":" +
                         std::to_string(pop.cohorts()[c].size);
            products.push_back(list);
            band_split.push_back(split);
            plan_quarter.push_back(gr.plan ? gr.plan->quarter : "");
            plan_count.push_back(gr.plan ? gr.plan->count : 0);
            size.push_back(gr.size);
            willing.push_back(gr.willing);
            priority.push_back(gr.priority);
            uptake.push_back(gr.uptake);
        }
        put(file, f::id, id);
        put(file, f::label, label);
        put(file, f::tier, tier);
        put(file, f::size, size);
        put(file, f::uptake, uptake);
        put(file, f::willing, willing);
        put(file, f::priority, priority);
        put(file, f::opens, opens);
        put(file, f::products, products);
        put(file, f::bands, band_split);
        put(file, f::plan_quarter, plan_quarter);
        put(file, f::plan_count, plan_count);
    }
    {
        namespace f = format::products;
        hdf5::create_group(file, f::group);
        std::vector<std::string> id, label;
        std::vector<std::int64_t> doses, interval, raw_supply, delay;
        std::vector<double> wastage, completion, scale, shortfall;
        for (const auto& p : sc.products) {
            id.push_back(p.id());
            label.push_back(p.label());
            doses.push_back(p.doses_in_series());
            interval.push_back(p.doses_in_series() == 2 ? p.interval_for_first_dose_on(sc.start)
                                                        : 0);
            wastage.push_back(p.wastage());
            completion.push_back(p.second_dose_completion());
            raw_supply.push_back(p.supply().raw_total());
            scale.push_back(p.supply().scale());
            shortfall.push_back(p.supply().shortfall());
            delay.push_back(p.supply().delay_days());
        }
        put(file, f::id, id);
        put(file, f::label, label);
        put(file, f::doses_in_series, doses);
        put(file, f::interval_days_at_start, interval);
        put(file, f::wastage, wastage);
        put(file, f::second_dose_completion, completion);
        put(file, f::supply_before_modifiers, raw_supply);
        put(file, f::supply_scale, scale);
        put(file, f::supply_shortfall, shortfall);
        put(file, f::supply_delay_days, delay);
        put(file, f::delivered_after_end, run.delivered_after_end);
        std::vector<std::int64_t> peak, person_days;
        std::vector<std::string> peak_date;
        for (const OverdueResult& od : o.overdue) {
            peak.push_back(od.peak);
            peak_date.push_back(od.peak_day ? format_iso_date(*od.peak_day) : "");
            person_days.push_back(od.person_days);
        }
        put(file, f::overdue_peak, peak);
        put(file, f::overdue_peak_date, peak_date);
        put(file, f::overdue_person_days, person_days);
        put(file, f::exports_not_made, run.exports_not_made);
    }
    {
        namespace f = format::sites;
        hdf5::create_group(file, f::group);
        std::vector<std::string> id, label, kind, products;
        for (const Site& site : sc.capacity.sites()) {
            id.push_back(site.id);
            label.push_back(site.label);
            kind.push_back(site.kind);
            std::string list;
            for (int p : site.products) list += (list.empty() ? "" : " ") + sc.products[p].id();
            products.push_back(list);
        }
        put(file, f::id, id);
        put(file, f::label, label);
        put(file, f::kind, kind);
        put(file, f::products, products);
    }
    {
        // The opening balance (zeros and "" for a run that starts from nothing).
        namespace f = format::initial;
        hdf5::create_group(file, f::group);
        put(file, f::as_of, run.as_of ? format_iso_date(*run.as_of) : std::string());
        put(file, f::doses, run.initial_doses.data(),
            {static_cast<hsize_t>(run.groups()), static_cast<hsize_t>(run.products()),
             static_cast<hsize_t>(run.doses_per_person())});
        put(file, f::stock, run.initial_stock);
        put(file, f::replaced_deliveries, run.replaced_deliveries);
    }
    {
        namespace f = format::daily;
        hdf5::create_group(file, f::group);
        // One place: the ledger's [day][place][group][product][dose] is [D, G, P, K].
        put(file, f::doses, run.doses().data(),
            {static_cast<hsize_t>(run.days()), static_cast<hsize_t>(run.groups()),
             static_cast<hsize_t>(run.products()), static_cast<hsize_t>(run.doses_per_person())});
        put(file, f::first_dose_people, o.first_dose_people_by_group);
        put(file, f::fully_vaccinated_people, o.fully_vaccinated_people_by_group);
        put(file, f::boosted_people, o.boosted_people_by_group);
        put(file, f::up_to_date_people, o.up_to_date_people_by_group);
        put(file, f::deliveries, run.deliveries);
        put(file, f::administered, run.administered);
        put(file, f::wasted, run.wasted);
        put(file, f::stock, run.stock);
        put(file, f::extracted, run.extracted);
        put(file, f::imported, run.imported);
        put(file, f::exported, run.exported);
        put(file, f::second_doses_overdue, run.later_doses_due);
        put(file, f::second_doses_outstanding, run.later_doses_outstanding);
        put(file, f::dropped_out, run.dropped_out);
        put(file, f::capacity, run.capacity);
        put(file, f::capacity_used, run.capacity_used);
        // Each target's measure over its own population, day by day (what the report plots
        // against the threshold).
        CountMatrix target_value(run.days(), static_cast<Eigen::Index>(sc.targets.size()));
        for (std::size_t t = 0; t < sc.targets.size(); ++t)
            target_value.col(static_cast<Eigen::Index>(t)) = target_series(sc, run, sc.targets[t]);
        put(file, f::target_value, target_value);
        put(file, f::binding_constraint, run.binding_constraint);
        put(file, f::binding_product, run.binding_product);
        put(file, f::site_capacity, run.site_capacity);
        put(file, f::site_capacity_used, run.site_capacity_used);
        put(file, f::binding_site, run.binding_site);
        const std::vector<hsize_t> by_group{static_cast<hsize_t>(run.days()),
                                            static_cast<hsize_t>(run.groups())};
        put(file, format::group_binding::constraint, run.group_binding_constraint.data(), by_group);
        put(file, format::group_binding::product, run.group_binding_product_index.data(), by_group);
        const hdf5::Handle set(H5Dopen2(file, f::binding_constraint.path().c_str(), H5P_DEFAULT),
                               H5Dclose, "open binding_constraint");
        std::vector<std::string> codes;
        for (const ConstraintInfo& c : constraint_table) codes.emplace_back(c.label);
        hdf5::write_attribute(set, f::codes, codes);
    }
    write_period_summary(file, format::monthly, o.monthly);
    write_period_summary(file, format::quarterly, o.quarterly);
    {
        namespace f = format::plan_check;
        hdf5::create_group(file, f::group);
        std::vector<std::string> group, quarter;
        std::vector<std::int64_t> planned, started, met, complete;
        for (const PlanCheck& c : o.plan) {
            group.push_back(pop.groups()[c.group].id);
            quarter.push_back(pop.groups()[c.group].plan->quarter);
            planned.push_back(c.planned);
            started.push_back(c.started_in_quarter);
            met.push_back(c.met);
            complete.push_back(c.quarter_in_run);
        }
        put(file, f::group_id, group);
        put(file, f::quarter, quarter);
        put(file, f::planned, planned);
        put(file, f::started_in_quarter, started);
        put(file, f::met, met);
        put(file, f::quarter_in_run, complete);
    }
    {
        namespace f = format::targets;
        hdf5::create_group(file, f::group);
        std::vector<std::string> id, label, measure, population, deadline, since, reached;
        std::vector<std::int64_t> population_count, threshold, value, met, margin;
        std::vector<double> share;
        for (std::size_t i = 0; i < sc.targets.size(); ++i) {
            const Target& t = sc.targets[i];
            const TargetResult& r = o.targets[i];
            id.push_back(t.id);
            label.push_back(t.label);
            measure.push_back(measure_label(t.measure));
            population.push_back(t.population_label);
            population_count.push_back(t.population);
            share.push_back(t.share ? *t.share : -1.0);
            threshold.push_back(r.threshold);
            deadline.push_back(format_iso_date(t.deadline));
            since.push_back(t.since ? format_iso_date(*t.since) : "");
            value.push_back(r.value_at_deadline);
            met.push_back(r.met);
            margin.push_back(r.margin);
            reached.push_back(r.first_reached ? format_iso_date(*r.first_reached) : "");
        }
        put(file, f::id, id);
        put(file, f::label, label);
        put(file, f::measure, measure);
        put(file, f::population, population);
        put(file, f::population_count, population_count);
        put(file, f::share, share);
        put(file, f::threshold, threshold);
        put(file, f::deadline, deadline);
        put(file, f::since, since);
        put(file, f::value_at_deadline, value);
        put(file, f::met, met);
        put(file, f::margin, margin);
        put(file, f::first_reached, reached);
    }
}

// /places: each place's own series, [D, A, ...] (place rows of one day together), and
// the equity across places of each target's measure.
void write_places(hid_t file, const Scenario& sc, const std::vector<PlaceOutcome>& places) {
    namespace f = format::places;
    const Places& where = *sc.places;
    const hsize_t D = static_cast<hsize_t>(sc.days()), A = places.size(),
                  P = sc.products.size(), G = sc.population.groups().size(),
                  T = sc.targets.size(), B = sc.population.bands().size();
    hdf5::create_group(file, f::group);
    put(file, f::id, where.ids());
    put(file, f::label, where.labels());
    std::vector<std::int64_t> people;
    for (const auto& row : where.band_people()) people.insert(people.end(), row.begin(), row.end());
    put(file, f::people, people.data(), {A, B});
    put(file, f::rule, std::string(place_rule_name(where.rule())));
    put(file, f::transfer_lag_days, std::int64_t{where.transfer_lag_days()});
    put(file, f::rebalance_every_days, std::int64_t{where.rebalance_every_days()});
    // One [D, A, X] dataset from each place's [D, X] matrix.
    const auto by_day = [&](const format::DatasetSpec& spec, hsize_t X, auto&& of) {
        std::vector<std::int64_t> v(D * A * X);
        for (hsize_t a = 0; a < A; ++a) {
            const CountMatrix& m = of(places[a]);
            for (hsize_t d = 0; d < D; ++d)
                for (hsize_t x = 0; x < X; ++x)
                    v[(d * A + a) * X + x] = m(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(x));
        }
        put(file, spec, v.data(), {D, A, X});
    };
    by_day(f::deliveries, P, [](const PlaceOutcome& p) -> const CountMatrix& { return p.ledger->deliveries; });
    by_day(f::administered, P, [](const PlaceOutcome& p) -> const CountMatrix& { return p.ledger->administered; });
    by_day(f::stock, P, [](const PlaceOutcome& p) -> const CountMatrix& { return p.ledger->stock; });
    by_day(f::moved_in, P, [](const PlaceOutcome& p) -> const CountMatrix& { return p.ledger->moved_in; });
    by_day(f::moved_out, P, [](const PlaceOutcome& p) -> const CountMatrix& { return p.ledger->moved_out; });
    by_day(f::first_dose_people, G,
           [](const PlaceOutcome& p) -> const CountMatrix& { return p.outcomes.first_dose_people_by_group; });
    by_day(f::fully_vaccinated_people, G, [](const PlaceOutcome& p) -> const CountMatrix& {
        return p.outcomes.fully_vaccinated_people_by_group;
    });
    by_day(f::up_to_date_people, G,
           [](const PlaceOutcome& p) -> const CountMatrix& { return p.outcomes.up_to_date_people_by_group; });
    std::vector<std::int64_t> capacity(D * A), used(D * A);
    std::vector<std::int8_t> binding(D * A), group_binding(D * A * G);
    for (hsize_t a = 0; a < A; ++a) {
        const PlaceLedger& l = *places[a].ledger;
        for (hsize_t d = 0; d < D; ++d) {
            capacity[d * A + a] = l.capacity(static_cast<Eigen::Index>(d));
            used[d * A + a] = l.capacity_used(static_cast<Eigen::Index>(d));
            binding[d * A + a] = l.binding_constraint[d];
            for (hsize_t g = 0; g < G; ++g)
                group_binding[(d * A + a) * G + g] = l.group_binding(static_cast<int>(d), static_cast<int>(g));
        }
    }
    put(file, f::capacity, capacity.data(), {D, A});
    put(file, f::capacity_used, used.data(), {D, A});
    put(file, f::binding_constraint, binding.data(), {D, A});
    put(file, f::group_binding_constraint, group_binding.data(), {D, A, G});
    // Targets per place: the measure day by day, its people, threshold, met and the day
    // first reached; then, per day, how unequal the places' shares are.
    std::vector<std::int64_t> value(D * A * T), population(A * T), threshold(A * T), met(A * T);
    std::vector<std::string> reached(A * T);
    for (hsize_t a = 0; a < A; ++a) {
        const Scenario& psc = *places[a].scenario;
        for (hsize_t t = 0; t < T; ++t) {
            const CountVector& series = places[a].target_series[t];
            for (hsize_t d = 0; d < D; ++d) value[(d * A + a) * T + t] = series(static_cast<Eigen::Index>(d));
            const TargetResult& r = places[a].outcomes.targets[t];
            population[a * T + t] = psc.targets[t].population;
            threshold[a * T + t] = r.threshold;
            met[a * T + t] = r.met ? 1 : 0;
            reached[a * T + t] = r.first_reached ? format_iso_date(*r.first_reached) : std::string();
        }
    }
    put(file, f::target_value, value.data(), {D, A, T});
    put(file, f::target_population, population.data(), {A, T});
    put(file, f::target_threshold, threshold.data(), {A, T});
    put(file, f::target_met, met.data(), {A, T});
    put(file, f::target_first_reached, reached.data(), {A, T});
    std::vector<double> range(D * T, 0), ratio(D * T, 1), gini(D * T, 0);
    std::vector<std::int64_t> covered(A), of(A);
    for (hsize_t t = 0; t < T; ++t) {
        if (is_bound(sc.targets[t].measure)) continue; // a bound is not a coverage
        for (hsize_t a = 0; a < A; ++a) of[a] = population[a * T + t];
        for (hsize_t d = 0; d < D; ++d) {
            for (hsize_t a = 0; a < A; ++a) covered[a] = value[(d * A + a) * T + t];
            const Equity e = equity(covered, of);
            range[d * T + t] = e.range;
            ratio[d * T + t] = e.ratio;
            gini[d * T + t] = e.gini;
        }
    }
    put(file, f::equity_range, range.data(), {D, T});
    put(file, f::equity_ratio, ratio.data(), {D, T});
    put(file, f::equity_gini, gini.data(), {D, T});
    // Each place's quarterly plan check: the rows of /plan_check, the same groups in the
    // same order in every place (each place has the city's groups).
    const hsize_t L = places.front().outcomes.plan.size();
    std::vector<std::int64_t> planned(A * L), started(A * L), plan_met(A * L);
    for (hsize_t a = 0; a < A; ++a) {
        const std::vector<PlanCheck>& plan = places[a].outcomes.plan;
        if (plan.size() != L)
            throw std::logic_error("a place's plan checks differ from the first place's");
        for (hsize_t k = 0; k < L; ++k) {
            if (plan[k].group != places.front().outcomes.plan[k].group)
                throw std::logic_error("a place's plan checks differ from the first place's");
            planned[a * L + k] = plan[k].planned;
            started[a * L + k] = plan[k].started_in_quarter;
            plan_met[a * L + k] = plan[k].met ? 1 : 0;
        }
    }
    put(file, f::plan_planned, planned.data(), {A, L});
    put(file, f::plan_started_in_quarter, started.data(), {A, L});
    put(file, f::plan_met, plan_met.data(), {A, L});
}

} // namespace

void write_hdf5_atomically(const OutputTarget& output, const std::function<void(hid_t)>& write) {
    write_atomically(output, [&](const fs::path& temp) {
        hdf5::Handle file = hdf5::create_file(temp);
        write(file);
        file.close();
    });
}

void write_run_file(const OutputTarget& output, const Scenario& sc, const Ledger& run,
                    const Outcomes& o, const RunMetadata& meta, const EpidemicOutcome* epidemic,
                    const std::function<void(hid_t file)>& extra,
                    const std::vector<PlaceOutcome>& places) {
    if (sc.places.has_value() != !places.empty())
        throw std::logic_error("write_run_file: a scenario with places needs each place's outcome");
    write_hdf5_atomically(output, [&](hid_t file) {
        write_contents(file, sc, run, o, meta);
        if (epidemic) write_epidemic(file, sc, run.doses_per_person(), *epidemic);
        if (!places.empty()) write_places(file, sc, places);
        if (extra) extra(file);
    });
}

void write_run_file(const fs::path& path, bool force, const Scenario& sc, const Ledger& run,
                    const Outcomes& o, const RunMetadata& meta, const EpidemicOutcome* epidemic) {
    write_run_file(OutputTarget{path, force, OutputKind::file, {}}, sc, run, o, meta, epidemic);
}

void write_root_attributes(hid_t file, std::string_view filetype, std::uint64_t seed,
                           const RunMetadata& meta) {
    if (filetype != format::run_filetype && filetype != format::sweep_filetype)
        throw std::logic_error("unknown filetype '" + std::string(filetype) + "'");
    const format::Version version =
        filetype == format::run_filetype ? format::run_version : format::sweep_version;
    namespace f = format::root;
    hdf5::write_attribute(file, f::filetype, std::string(filetype));
    hdf5::write_attribute(file, f::format_version,
                          std::vector<std::int64_t>{version.major, version.minor});
    hdf5::write_attribute(file, f::program, std::string("vaxsim"));
    hdf5::write_attribute(file, f::program_version, std::string(program_version));
    hdf5::write_attribute(file, f::creation_time, meta.creation_time);
    hdf5::write_attribute(file, f::command_line, meta.command_line);
    hdf5::write_attribute(file, f::seed, static_cast<std::int64_t>(seed));
}

std::string utc_timestamp_now() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

} // namespace vaxsim

#include "results/run_file.hpp"

#include <chrono>
#include <csignal>
#include <ctime>
#include <pthread.h>
#include <unistd.h>

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

void write_period_summary(hid_t parent, const std::string& name, const PeriodSummary& s) {
    const hdf5::Handle g = hdf5::create_group(parent, name);
    hdf5::write_dataset(g, "label", s.labels);
    hdf5::write_dataset(g, "first_day", iso_dates(s.first_day));
    hdf5::write_dataset(g, "last_day", iso_dates(s.last_day));
    hdf5::write_dataset(g, "first_doses", s.first_doses);
    hdf5::write_dataset(g, "second_doses", s.second_doses);
    hdf5::write_dataset(g, "first_dose_people", s.first_dose_people);
    hdf5::write_dataset(g, "fully_vaccinated_people", s.fully_vaccinated_people);
    hdf5::write_dataset(g, "deliveries", s.deliveries);
    hdf5::write_dataset(g, "administered", s.administered);
    hdf5::write_dataset(g, "wasted", s.wasted);
    hdf5::write_dataset(g, "capacity", s.capacity);
    hdf5::write_dataset(g, "capacity_used", s.capacity_used);
}

void write_epidemic_series(hid_t group, const EpidemicResult& r) {
    const auto write = [&](const char* name, const EpiSeries& m) {
        std::vector<double> values(m.data(), m.data() + m.size());
        hdf5::write_dataset(group, name, values,
                            {static_cast<hsize_t>(m.rows()), static_cast<hsize_t>(m.cols())});
    };
    write("infections", r.infections);
    write("hospitalisations", r.hospitalisations);
    write("deaths", r.deaths);
    hdf5::write_attribute(group, "total_infections", r.total_infections());
    hdf5::write_attribute(group, "total_hospitalisations", r.total_hospitalisations());
    hdf5::write_attribute(group, "total_deaths", r.total_deaths());
}

void write_epidemic(hid_t file, const Scenario& sc, const EpidemicOutcome& e) {
    const EpidemicModel& m = *sc.epidemic;
    const hdf5::Handle g = hdf5::create_group(file, "epidemic");
    hdf5::write_attribute(g, "r0", m.r0);
    hdf5::write_attribute(g, "beta", m.beta);
    hdf5::write_attribute(g, "latent_days", 1 / m.sigma);
    hdf5::write_attribute(g, "infectious_days", 1 / m.gamma);
    hdf5::write_attribute(g, "substeps", static_cast<std::int64_t>(m.substeps));
    hdf5::write_attribute(g, "severity_source", m.severity_source);
    std::vector<std::string> bands;
    for (int a = 0; a < epi_bands; ++a) bands.push_back(epi_band_label(a));
    hdf5::write_dataset(g, "band", bands);
    hdf5::write_dataset(g, "population",
                        std::vector<double>(m.population.data(), m.population.data() + epi_bands));
    write_epidemic_series(g, e.vaccinated);
    if (e.counterfactual) {
        const hdf5::Handle c = hdf5::create_group(g, "counterfactual");
        write_epidemic_series(c, *e.counterfactual);
        hdf5::write_attribute(g, "infections_averted",
                              e.counterfactual->total_infections() -
                                  e.vaccinated.total_infections());
        hdf5::write_attribute(g, "hospitalisations_averted",
                              e.counterfactual->total_hospitalisations() -
                                  e.vaccinated.total_hospitalisations());
        hdf5::write_attribute(g, "deaths_averted",
                              e.counterfactual->total_deaths() - e.vaccinated.total_deaths());
    }
}

void write_contents(hid_t file, const Scenario& sc, const Ledger& run, const Outcomes& o,
                    const RunMetadata& meta) {
    write_root_attributes(file, run_filetype, sc.seed, meta);

    const auto& pop = sc.population;
    {
        const hdf5::Handle g = hdf5::create_group(file, "scenario");
        hdf5::write_attribute(g, "name", sc.name);
        hdf5::write_attribute(g, "description", sc.description);
        // A what-if file is stored as given, with the base scenario it extends beside it.
        const Provenance& from = sc.provenance();
        hdf5::write_attribute(g, "source_file", from.file_name);
        hdf5::write_attribute(g, "base_file", from.base_file);
        hdf5::write_dataset(g, "text", from.text);
        hdf5::write_dataset(g, "base_text", from.base_text);
        hdf5::write_dataset(g, "overrides", from.overrides);
        hdf5::write_dataset(g, "effective", from.effective);
        hdf5::write_attribute(g, "first_dose_allocation", sc.policy.allocation_label());
        hdf5::write_attribute(g, "second_dose_reserve", sc.policy.reserve_label);
        hdf5::write_attribute(g, "second_dose_reserve_share", sc.policy.second_dose_reserve);
    }
    {
        const hdf5::Handle g = hdf5::create_group(file, "calendar");
        hdf5::write_dataset(g, "date", iso_dates(sc.start, run.days()));
        std::vector<std::string> quarter, month;
        std::vector<std::int32_t> weekday;
        for (int t = 0; t < run.days(); ++t) {
            quarter.push_back(quarter_label(run.day_of(t)));
            month.push_back(month_label(run.day_of(t)));
            weekday.push_back(weekday_of(run.day_of(t)));
        }
        hdf5::write_dataset(g, "quarter", quarter);
        hdf5::write_dataset(g, "month", month);
        hdf5::write_dataset(g, "weekday", weekday);
    }
    {
        const hdf5::Handle g = hdf5::create_group(file, "bands");
        std::vector<std::string> id;
        std::vector<std::int64_t> min_age, max_age, count;
        for (const auto& b : pop.bands()) {
            id.push_back(b.id);
            min_age.push_back(b.min_age);
            max_age.push_back(b.max_age);
            count.push_back(b.count);
        }
        hdf5::write_dataset(g, "id", id);
        hdf5::write_dataset(g, "min_age", min_age);
        hdf5::write_dataset(g, "max_age", max_age);
        hdf5::write_dataset(g, "count", count);
    }
    {
        const hdf5::Handle g = hdf5::create_group(file, "groups");
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
        hdf5::write_dataset(g, "id", id);
        hdf5::write_dataset(g, "label", label);
        hdf5::write_dataset(g, "tier", tier);
        hdf5::write_dataset(g, "size", size);
        hdf5::write_dataset(g, "uptake", uptake);
        hdf5::write_dataset(g, "willing", willing);
        hdf5::write_dataset(g, "priority", priority);
        hdf5::write_dataset(g, "opens", opens);
        hdf5::write_dataset(g, "products", products);
        hdf5::write_dataset(g, "bands", band_split);
        hdf5::write_dataset(g, "plan_quarter", plan_quarter);
        hdf5::write_dataset(g, "plan_count", plan_count);
    }
    {
        const hdf5::Handle g = hdf5::create_group(file, "products");
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
        hdf5::write_dataset(g, "id", id);
        hdf5::write_dataset(g, "label", label);
        hdf5::write_dataset(g, "doses_in_series", doses);
        hdf5::write_dataset(g, "interval_days_at_start", interval);
        hdf5::write_dataset(g, "wastage", wastage);
        hdf5::write_dataset(g, "second_dose_completion", completion);
        hdf5::write_dataset(g, "supply_before_modifiers", raw_supply);
        hdf5::write_dataset(g, "supply_scale", scale);
        hdf5::write_dataset(g, "supply_shortfall", shortfall);
        hdf5::write_dataset(g, "supply_delay_days", delay);
        hdf5::write_dataset(g, "delivered_after_end", run.delivered_after_end);
    }
    {
        const hdf5::Handle g = hdf5::create_group(file, "daily");
        // One place: the ledger's [day][place][group][product][dose] is [D, G, P, K].
        hdf5::write_dataset(g, "doses", run.doses().data(),
                            {static_cast<hsize_t>(run.days()), static_cast<hsize_t>(run.groups()),
                             static_cast<hsize_t>(run.products()),
                             static_cast<hsize_t>(run.doses_per_person())});
        hdf5::write_dataset(g, "first_dose_people", o.first_dose_people_by_group);
        hdf5::write_dataset(g, "fully_vaccinated_people", o.fully_vaccinated_people_by_group);
        hdf5::write_dataset(g, "deliveries", run.deliveries);
        hdf5::write_dataset(g, "administered", run.administered);
        hdf5::write_dataset(g, "wasted", run.wasted);
        hdf5::write_dataset(g, "stock", run.stock);
        hdf5::write_dataset(g, "second_doses_overdue", run.later_doses_due);
        hdf5::write_dataset(g, "second_doses_outstanding", run.later_doses_outstanding);
        hdf5::write_dataset(g, "capacity", run.capacity);
        hdf5::write_dataset(g, "capacity_used", run.capacity_used);
        // Each target's measure over its own population, day by day (what the report plots
        // against the threshold).
        CountMatrix target_value(run.days(), static_cast<Eigen::Index>(sc.targets.size()));
        for (std::size_t t = 0; t < sc.targets.size(); ++t)
            target_value.col(static_cast<Eigen::Index>(t)) = target_series(sc, run, sc.targets[t]);
        hdf5::write_dataset(g, "target_value", target_value);
        hdf5::write_dataset(g, "binding_constraint", run.binding_constraint);
        hdf5::write_dataset(g, "binding_product", run.binding_product);
        const hdf5::Handle set(H5Dopen2(g, "binding_constraint", H5P_DEFAULT), H5Dclose,
                               "open binding_constraint");
        std::vector<std::string> codes;
        for (const ConstraintInfo& c : constraint_table) codes.emplace_back(c.label);
        hdf5::write_attribute(set, "codes", codes);
    }
    write_period_summary(file, "monthly", o.monthly);
    write_period_summary(file, "quarterly", o.quarterly);
    {
        const hdf5::Handle g = hdf5::create_group(file, "plan_check");
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
        hdf5::write_dataset(g, "group", group);
        hdf5::write_dataset(g, "quarter", quarter);
        hdf5::write_dataset(g, "planned", planned);
        hdf5::write_dataset(g, "started_in_quarter", started);
        hdf5::write_dataset(g, "met", met);
        hdf5::write_dataset(g, "quarter_in_run", complete);
    }
    {
        const hdf5::Handle g = hdf5::create_group(file, "targets");
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
        hdf5::write_dataset(g, "id", id);
        hdf5::write_dataset(g, "label", label);
        hdf5::write_dataset(g, "measure", measure);
        hdf5::write_dataset(g, "population", population);
        hdf5::write_dataset(g, "population_count", population_count);
        hdf5::write_dataset(g, "share", share);
        hdf5::write_dataset(g, "threshold", threshold);
        hdf5::write_dataset(g, "deadline", deadline);
        hdf5::write_dataset(g, "since", since);
        hdf5::write_dataset(g, "value_at_deadline", value);
        hdf5::write_dataset(g, "met", met);
        hdf5::write_dataset(g, "margin", margin);
        hdf5::write_dataset(g, "first_reached", reached);
    }
}

} // namespace

void check_output_path(const fs::path& path, bool force) {
    std::error_code ec;
    if (fs::exists(path, ec) && !force)
        throw OutputExistsError("output '" + path.string() +
                                "' exists; use --force to overwrite it");
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    if (!fs::is_directory(dir, ec))
        throw OutputExistsError("output folder '" + dir.string() + "' does not exist");
}

namespace {

// Holds SIGINT, SIGTERM and SIGHUP back while the file is written and renamed: a signal
// arriving then takes effect just after, so an interrupted program leaves either no
// output or a complete one, never a partial file or a stray temporary.
class DeferSignals {
  public:
    DeferSignals() {
        sigset_t set;
        sigemptyset(&set);
        for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, s);
        pthread_sigmask(SIG_BLOCK, &set, &previous_);
    }
    ~DeferSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
    DeferSignals(const DeferSignals&) = delete;
    DeferSignals& operator=(const DeferSignals&) = delete;

  private:
    sigset_t previous_;
};

} // namespace

void write_atomically(const fs::path& path, bool force,
                      const std::function<void(const fs::path&)>& write) {
    const DeferSignals defer;
    check_output_path(path, force);
    const fs::path temp = path.string() + ".tmp-" + std::to_string(::getpid());
    try {
        write(temp);
        std::error_code ec;
        if (fs::is_directory(path, ec)) fs::remove_all(path); // --force over an earlier export
        fs::rename(temp, path);
    } catch (...) {
        std::error_code ec;
        fs::remove_all(temp, ec);
        throw;
    }
}

void write_hdf5_atomically(const fs::path& path, bool force,
                           const std::function<void(hid_t)>& write) {
    write_atomically(path, force, [&](const fs::path& temp) {
        hdf5::Handle file = hdf5::create_file(temp);
        write(file);
        file.close();
    });
}

void write_run_file(const fs::path& path, bool force, const Scenario& sc, const Ledger& run,
                    const Outcomes& o, const RunMetadata& meta, const EpidemicOutcome* epidemic) {
    write_hdf5_atomically(path, force, [&](hid_t file) {
        write_contents(file, sc, run, o, meta);
        if (epidemic) write_epidemic(file, sc, *epidemic);
    });
}

void write_root_attributes(hid_t file, const std::string& filetype, std::uint64_t seed,
                           const RunMetadata& meta) {
    hdf5::write_attribute(file, "filetype", filetype);
    hdf5::write_attribute(file, "format_version",
                          std::vector<std::int64_t>{format_version_major, format_version_minor});
    hdf5::write_attribute(file, "program", std::string("vaxsim"));
    hdf5::write_attribute(file, "program_version", std::string(program_version));
    hdf5::write_attribute(file, "creation_time", meta.creation_time);
    hdf5::write_attribute(file, "command_line", meta.command_line);
    hdf5::write_attribute(file, "seed", static_cast<std::int64_t>(seed));
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

#include "results/sweep_file.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "results/hdf5_interface.hpp"
#include "results/version.hpp"

namespace vaxsim {
namespace {

namespace fs = std::filesystem;

std::string date_or_empty(const std::optional<DayNumber>& d) {
    return d ? format_iso_date(*d) : "";
}

void write_contents(hid_t file, const SweepSpec& spec, const Scenario& base, const SweepRuns& runs,
                    const SweepSummary& summary, const RunMetadata& meta) {
    write_root_attributes(file, sweep_filetype, spec.seed, meta);

    const MetricLayout& L = runs.layout;
    const std::int64_t R = runs.runs;
    {
        const hdf5::Handle g = hdf5::create_group(file, "sweep");
        hdf5::write_attribute(g, "name", spec.name);
        hdf5::write_attribute(g, "source_file", spec.source().file_name);
        hdf5::write_attribute(g, "base_file", spec.base_path.string());
        hdf5::write_attribute(g, "runs", R);
        hdf5::write_attribute(g, "grid_points", spec.grid_points());
        hdf5::write_attribute(g, "samples", spec.samples);
        hdf5::write_attribute(g, "replicates", spec.replicates);
        hdf5::write_attribute(g, "sampling",
                              std::string(spec.latin_hypercube ? "latin_hypercube" : "random"));
        hdf5::write_attribute(g, "start", format_iso_date(base.start));
        hdf5::write_dataset(g, "text", spec.source().text);
        hdf5::write_dataset(g, "base_text", spec.base_text());
        // The base resolved (a what-if base included): what every run started from.
        hdf5::write_dataset(g, "base_effective", base.provenance().effective);
    }
    const std::size_t n = spec.parameters.size();
    {
        const hdf5::Handle g = hdf5::create_group(file, "parameters");
        std::vector<std::string> path, kind, description;
        for (const auto& p : spec.parameters) {
            path.push_back(p.path);
            kind.push_back(p.sampled ? "sample" : "grid");
            std::string d;
            if (p.sampled)
                d = p.distribution->describe();
            else
                for (const auto& v : p.values) d += (d.empty() ? "" : ", ") + v;
            description.push_back(d);
        }
        hdf5::write_dataset(g, "path", path);
        hdf5::write_dataset(g, "kind", kind);
        hdf5::write_dataset(g, "description", description);

        // The values of each point (grid point x sample); a run's point is
        // grid_point * samples + sample. Stored per point, not per run: replicates share them.
        const std::int64_t points = spec.grid_points() * spec.samples;
        std::vector<double> number;
        std::vector<std::string> text;
        bool any_words = false;
        for (std::int64_t point = 0; point < points; ++point)
            for (const std::string& v :
                 spec.values_for(point / spec.samples, point % spec.samples)) {
                char* end = nullptr;
                const double x = std::strtod(v.c_str(), &end);
                const bool numeric = !v.empty() && end == v.c_str() + v.size();
                number.push_back(numeric ? x : std::nan(""));
                any_words |= !numeric;
                text.push_back(v);
            }
        const std::vector<hsize_t> shape{static_cast<hsize_t>(points), static_cast<hsize_t>(n)};
        hdf5::write_dataset(g, "point_value", number, shape);
        if (any_words) hdf5::write_dataset(g, "point_text", text, shape);
    }
    {
        const hdf5::Handle g = hdf5::create_group(file, "runs");
        std::vector<std::int64_t> grid_point, sample, replicate, future;
        for (std::int64_t r = 0; r < R; ++r) {
            const auto i = spec.decompose(r);
            grid_point.push_back(i.grid_point);
            sample.push_back(i.sample);
            replicate.push_back(i.replicate);
            future.push_back(i.future);
        }
        hdf5::write_dataset(g, "grid_point", grid_point);
        hdf5::write_dataset(g, "sample", sample);
        hdf5::write_dataset(g, "replicate", replicate);
        hdf5::write_dataset(g, "future", future);
        // One record per run, written as it is kept in memory (see MetricLayout).
        const auto T = static_cast<hsize_t>(L.targets);
        hdf5::write_record_table(
            g, "outcomes", runs.records.data(), static_cast<hsize_t>(R),
            {{"target_met", T},
             {"target_first_reached_day", T},
             {"target_value_at_deadline", T},
             {"target_margin", T},
             {"plan_started_in_quarter", static_cast<hsize_t>(L.plan_checks)},
             {"quarter_first_dose_people", static_cast<hsize_t>(L.quarters)},
             {"quarter_fully_vaccinated_people", static_cast<hsize_t>(L.quarters)},
             {"wasted", 1},
             {"capacity_used", 1},
             {"constraint_days", constraint_codes},
             {"epidemic_infections", L.epidemic ? 1u : 0u},
             {"epidemic_deaths", L.epidemic ? 1u : 0u},
             {"epidemic_deaths_averted", L.epidemic ? 1u : 0u}});
        std::vector<std::string> codes, quarters, plan_groups;
        for (const ConstraintInfo& c : constraint_table) codes.emplace_back(c.label);
        for (int q = 0; q < L.quarters; ++q)
            quarters.push_back(quarter_label(base.start + L.quarter_last_day[q]));
        for (const auto& grp : base.population.groups())
            if (grp.plan) plan_groups.push_back(grp.id);
        hdf5::write_dataset(g, "constraint_codes", codes);
        hdf5::write_dataset(g, "quarter_label", quarters);
        hdf5::write_dataset(g, "plan_group", plan_groups);
    }
    {
        const hdf5::Handle g = hdf5::create_group(file, "targets");
        std::vector<std::string> id, label, measure, deadline;
        std::vector<std::int64_t> threshold;
        for (const Target& t : base.targets) {
            id.push_back(t.id);
            label.push_back(t.label);
            measure.push_back(measure_label(t.measure));
            deadline.push_back(format_iso_date(t.deadline));
            threshold.push_back(t.threshold);
        }
        hdf5::write_dataset(g, "id", id);
        hdf5::write_dataset(g, "label", label);
        hdf5::write_dataset(g, "measure", measure);
        hdf5::write_dataset(g, "deadline", deadline);
        hdf5::write_dataset(g, "threshold", threshold);
    }
    // Odds per [row, target]; `rows_dim` false writes the single row as [target] arrays.
    const auto write_odds = [](hid_t g, const std::vector<std::vector<TargetOdds>>& rows,
                               bool rows_dim) {
        std::vector<double> p, lo, hi;
        std::vector<std::int64_t> met, reached, count;
        std::vector<std::string> quantiles;
        for (const auto& row : rows)
            for (const TargetOdds& o : row) {
                p.push_back(o.p_met);
                lo.push_back(o.p_low);
                hi.push_back(o.p_high);
                met.push_back(o.met);
                reached.push_back(o.reached);
                count.push_back(o.runs);
                for (const auto& q : o.first_reached_quantiles)
                    quantiles.push_back(date_or_empty(q));
            }
        const hsize_t targets = rows.empty() ? 0 : rows.front().size();
        const hsize_t levels = std::size(quantile_levels);
        std::vector<hsize_t> shape{targets}, quantile_shape{targets, levels};
        if (rows_dim) {
            shape.insert(shape.begin(), rows.size());
            quantile_shape.insert(quantile_shape.begin(), rows.size());
        }
        hdf5::write_dataset(g, "p_met", p, shape);
        hdf5::write_dataset(g, "p_met_low", lo, shape);
        hdf5::write_dataset(g, "p_met_high", hi, shape);
        hdf5::write_dataset(g, "runs", count.data(), shape);
        hdf5::write_dataset(g, "runs_met", met.data(), shape);
        hdf5::write_dataset(g, "runs_reached", reached.data(), shape);
        hdf5::write_dataset(g, "first_reached_quantile", quantiles, quantile_shape);
        hdf5::write_dataset(
            g, "quantile_level",
            std::vector<double>(std::begin(quantile_levels), std::end(quantile_levels)));
    };
    {
        const hdf5::Handle g = hdf5::create_group(file, "summary");
        write_odds(g, {summary.overall}, false);
        const hdf5::Handle by = hdf5::create_group(g, "by_grid_point");
        hdf5::write_dataset(by, "label", summary.grid_labels);
        write_odds(by, summary.by_grid, true);
    }
    {
        const hdf5::Handle g = hdf5::create_group(file, "sensitivity");
        std::vector<std::string> path, low, high;
        std::vector<double> effect;
        for (const auto& s : summary.sensitivity) {
            path.push_back(s.path);
            effect.push_back(s.effect_days);
            low.push_back(s.low_value);
            high.push_back(s.high_value);
        }
        hdf5::write_attribute(
            g, "target", summary.target_ids.empty() ? std::string() : summary.target_ids.front());
        hdf5::write_dataset(g, "parameter", path);
        hdf5::write_dataset(g, "effect_days", effect);
        hdf5::write_dataset(g, "earliest_value", low);
        hdf5::write_dataset(g, "latest_value", high);
    }
    {
        const hdf5::Handle g = hdf5::create_group(file, "daily");
        hdf5::write_dataset(g, "runs", spec.keep_daily);
        for (std::int64_t run : spec.keep_daily) {
            std::optional<Scenario> drawn;
            const Ledger result = rerun(spec, run, &drawn);
            const Outcomes outcomes = evaluate(*drawn, result);
            const hdf5::Handle r = hdf5::create_group(g, "run_" + std::to_string(run));
            hdf5::write_dataset_compressed(r, "first_dose_people",
                                           outcomes.first_dose_people_by_group);
            hdf5::write_dataset_compressed(r, "fully_vaccinated_people",
                                           outcomes.fully_vaccinated_people_by_group);
            hdf5::write_dataset_compressed(r, "deliveries", result.deliveries);
            hdf5::write_dataset_compressed(r, "administered", result.administered);
            hdf5::write_dataset_compressed(r, "stock", result.stock);
            hdf5::write_dataset_compressed(r, "second_doses_overdue", result.later_doses_due);
            hdf5::write_dataset(r, "capacity_used", result.capacity_used);
        }
    }
}

} // namespace

void write_sweep_file(const fs::path& path, bool force, const SweepSpec& spec, const Scenario& base,
                      const SweepRuns& runs, const SweepSummary& summary, const RunMetadata& meta) {
    write_hdf5_atomically(
        path, force, [&](hid_t file) { write_contents(file, spec, base, runs, summary, meta); });
}

} // namespace vaxsim

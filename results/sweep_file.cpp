#include "results/sweep_file.hpp"

#include <cmath>
#include <optional>

#include "results/hdf5_interface.hpp"
#include "sim/version.hpp"

namespace vaxsim {
namespace {

namespace fs = std::filesystem;

// One field of every run's record as an [R x n] array.
CountMatrix field(const SweepRuns& runs, int n, const std::function<std::size_t(int)>& offset) {
    CountMatrix m(runs.runs, n);
    for (std::int64_t r = 0; r < runs.runs; ++r)
        for (int i = 0; i < n; ++i) m(r, i) = runs.record(r)[offset(i)];
    return m;
}

std::string date_or_empty(const std::optional<DayNumber>& d) {
    return d ? format_iso_date(*d) : "";
}

void write_contents(hid_t file, const SweepSpec& spec, const Scenario& base, const SweepRuns& runs,
                    const SweepSummary& summary, const RunMetadata& meta) {
    hdf5::write_attribute(file, "filetype", std::string(sweep_filetype));
    hdf5::write_attribute(file, "format_version",
                          std::vector<std::int64_t>{format_version_major, format_version_minor});
    hdf5::write_attribute(file, "program", std::string("vaxsim"));
    hdf5::write_attribute(file, "program_version", std::string(program_version));
    hdf5::write_attribute(file, "creation_time", meta.creation_time);
    hdf5::write_attribute(file, "command_line", meta.command_line);
    hdf5::write_attribute(file, "seed", static_cast<std::int64_t>(spec.seed));

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
    }
    {
        const hdf5::Handle g = hdf5::create_group(file, "runs");
        std::vector<std::int64_t> grid_point, sample, replicate, future;
        std::vector<std::string> value_text;
        std::vector<double> value_number;
        value_text.reserve(static_cast<std::size_t>(R) * n);
        std::vector<std::string> values;
        std::int64_t values_point = -1;
        for (std::int64_t r = 0; r < R; ++r) {
            const auto i = spec.decompose(r);
            grid_point.push_back(i.grid_point);
            sample.push_back(i.sample);
            replicate.push_back(i.replicate);
            future.push_back(i.future);
            const std::int64_t point = i.grid_point * spec.samples + i.sample;
            if (point != values_point)
                values = spec.values_for(i.grid_point, i.sample), values_point = point;
            for (const auto& v : values) {
                value_text.push_back(v);
                char* end = nullptr;
                const double x = std::strtod(v.c_str(), &end);
                value_number.push_back(end == v.c_str() + v.size() && !v.empty() ? x
                                                                                 : std::nan(""));
            }
        }
        hdf5::write_dataset(g, "grid_point", grid_point);
        hdf5::write_dataset(g, "sample", sample);
        hdf5::write_dataset(g, "replicate", replicate);
        hdf5::write_dataset(g, "future", future);
        // [R x n] as flat row-major arrays with the right shape.
        {
            const hdf5::Handle t = hdf5::create_group(g, "parameter_values");
            for (std::size_t j = 0; j < n; ++j) {
                std::vector<std::string> text;
                std::vector<double> number;
                for (std::int64_t r = 0; r < R; ++r) {
                    text.push_back(value_text[static_cast<std::size_t>(r) * n + j]);
                    number.push_back(value_number[static_cast<std::size_t>(r) * n + j]);
                }
                // Dataset names are the parameters' indices: paths contain dots and slashes.
                hdf5::write_dataset(t, std::to_string(j), text);
                hdf5::write_dataset(t, std::to_string(j) + "_number", number);
            }
        }
        const int T = L.targets;
        hdf5::write_dataset_compressed(g, "target_met",
                                       field(runs, T, [&](int t) { return L.target(t, 0); }));
        hdf5::write_dataset_compressed(g, "target_first_reached_day",
                                       field(runs, T, [&](int t) { return L.target(t, 1); }));
        hdf5::write_dataset_compressed(g, "target_value_at_deadline",
                                       field(runs, T, [&](int t) { return L.target(t, 2); }));
        hdf5::write_dataset_compressed(g, "target_margin",
                                       field(runs, T, [&](int t) { return L.target(t, 3); }));
        hdf5::write_dataset_compressed(
            g, "plan_started_in_quarter",
            field(runs, L.plan_checks, [&](int k) { return L.plan(k); }));
        hdf5::write_dataset_compressed(
            g, "quarter_first_dose_people",
            field(runs, L.quarters, [&](int q) { return L.quarter_first(q); }));
        hdf5::write_dataset_compressed(
            g, "quarter_fully_vaccinated_people",
            field(runs, L.quarters, [&](int q) { return L.quarter_full(q); }));
        const CountMatrix wasted = field(runs, 1, [&](int) { return L.wasted(); });
        const CountMatrix capacity_used = field(runs, 1, [&](int) { return L.capacity_used(); });
        hdf5::write_dataset_compressed(g, "wasted", wasted.data(), {static_cast<hsize_t>(R)}, 4096);
        hdf5::write_dataset_compressed(g, "capacity_used", capacity_used.data(),
                                       {static_cast<hsize_t>(R)}, 4096);
        hdf5::write_dataset_compressed(g, "constraint_days",
                                       field(runs, MetricLayout::constraint_codes,
                                             [&](int c) { return L.constraint_days(c); }));
        std::vector<std::string> codes, quarters, plan_groups;
        for (int c = 0; c < MetricLayout::constraint_codes; ++c)
            codes.push_back(constraint_label(static_cast<Constraint>(c)));
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
            const RunResult result = rerun(spec, run, &drawn);
            const Outcomes outcomes = evaluate(*drawn, result);
            const hdf5::Handle r = hdf5::create_group(g, "run_" + std::to_string(run));
            hdf5::write_dataset_compressed(r, "first_dose_people",
                                           outcomes.first_dose_people_by_group);
            hdf5::write_dataset_compressed(r, "fully_vaccinated_people",
                                           outcomes.fully_vaccinated_people_by_group);
            hdf5::write_dataset_compressed(r, "deliveries", result.deliveries);
            hdf5::write_dataset_compressed(r, "administered", result.administered);
            hdf5::write_dataset_compressed(r, "stock", result.stock);
            hdf5::write_dataset_compressed(r, "second_doses_overdue", result.second_doses_due);
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

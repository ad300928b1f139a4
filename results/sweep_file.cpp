#include "results/sweep_file.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "models/constraint.hpp"
#include "results/hdf5_interface.hpp"
#include "results/version.hpp"

namespace vaxsim {
namespace {

namespace fs = std::filesystem;

std::string date_or_empty(const std::optional<DayNumber>& d) {
    return d ? format_iso_date(*d) : "";
}

bool is_number(const std::string& v) {
    char* end = nullptr;
    std::strtod(v.c_str(), &end);
    return !v.empty() && end == v.c_str() + v.size();
}

// Rows per chunk of the per-run datasets: about a megabyte of records at a time.
constexpr hsize_t chunk_rows = 4096;

// The per-run datasets, written chunk by chunk as the records arrive; the summary is
// built from the same records.
SweepSummary write_runs(hid_t g, const SweepDesign& design, const Scenario& base,
                        const SweepRecordLayout& L, const RecordSource& records) {
    const std::int64_t R = design.runs();
    const auto rows = static_cast<hsize_t>(R);
    {
        // The run's place in the sweep follows from its index.
        const char* names[] = {"grid_point", "sample", "replicate", "future"};
        std::vector<hdf5::ChunkedRows> columns;
        for (const char* name : names)
            columns.emplace_back(g, name, H5T_STD_I64LE, H5T_NATIVE_INT64,
                                 std::vector<hsize_t>{rows}, chunk_rows);
        std::vector<std::int64_t> block[4];
        for (std::int64_t first = 0; first < R; first += static_cast<std::int64_t>(chunk_rows)) {
            const std::int64_t last = std::min(R, first + static_cast<std::int64_t>(chunk_rows));
            for (auto& b : block) b.clear();
            for (std::int64_t r = first; r < last; ++r) {
                const auto i = design.decompose(r);
                block[0].push_back(i.grid_point);
                block[1].push_back(i.sample);
                block[2].push_back(i.replicate);
                block[3].push_back(i.future);
            }
            for (std::size_t c = 0; c < columns.size(); ++c)
                columns[c].write(static_cast<hsize_t>(first), static_cast<hsize_t>(last - first),
                                 block[c].data());
        }
        for (auto& c : columns) c.close();
    }
    // One record per run (see results/sweep_record.hpp), each written where its run goes.
    const hdf5::Handle type = L.hdf5_type();
    hdf5::ChunkedRows outcomes(g, "outcomes", type, type, {rows}, chunk_rows);
    SweepSummaryBuilder summary(design, base, L);
    std::vector<bool> seen(static_cast<std::size_t>(R), false);
    std::int64_t count = 0;
    const std::size_t width = L.size();
    std::vector<std::int64_t> buffer;
    std::vector<hsize_t> at;
    records([&](const std::int64_t* entries, std::size_t n) {
        buffer.clear();
        at.clear();
        for (std::size_t i = 0; i < n; ++i) {
            const std::int64_t* entry = entries + i * (width + 1);
            const std::int64_t run = entry[0];
            if (run < 0 || run >= R || seen[static_cast<std::size_t>(run)]) continue;
            seen[static_cast<std::size_t>(run)] = true;
            ++count;
            summary.add(run, entry + 1);
            at.push_back(static_cast<hsize_t>(run));
            buffer.insert(buffer.end(), entry + 1, entry + 1 + width);
        }
        outcomes.write_rows(at, buffer.data());
    });
    outcomes.close();
    if (count != R)
        throw std::runtime_error("the sweep's records hold " + std::to_string(count) + " of its " +
                                 std::to_string(R) + " runs");
    return summary.finish();
}

// /coverage: each grid point's daily quantiles across its runs, from the /runs/outcomes
// just written (results/LAYOUT.md). A grid point's runs are consecutive rows. Quantiles
// need every run's value of a day at once, so a point is taken a span of days at a time,
// as many days as fit in `quantile_budget` bytes of values (every day at once for up to
// ~6,800 runs of a 309-day scenario), its rows read in blocks: memory stays bounded
// however many runs there are, and the quantiles are exact and do not depend on the order
// runs finished in.
constexpr std::size_t quantile_budget = std::size_t{16} << 20;
constexpr std::size_t quantile_block_rows = 4096;

void write_coverage(hid_t file, hid_t runs, const SweepDesign& design,
                    const SweepRecordLayout& L) {
    namespace c = format::sweep::coverage;
    namespace o = format::sweep::outcome;
    const hdf5::Handle g = hdf5::create_group(file, c::group);
    hdf5::write_dataset(g, c::population.name, L.coverage_population());
    hdf5::write_dataset(g, c::population_label.name, L.coverage_label());
    hdf5::write_dataset(g, c::target_on_chart.name, L.target_on_chart());
    const auto days = static_cast<std::size_t>(L.days());
    const auto per_point = static_cast<std::size_t>(design.samples * design.replicates);
    const auto grid = static_cast<std::size_t>(design.grid_points());
    constexpr std::size_t V = std::size(quantile_levels);
    const std::size_t span = std::clamp<std::size_t>(
        quantile_budget / (sizeof(std::int64_t) * std::max<std::size_t>(per_point, 1)), 1,
        std::max<std::size_t>(days, 1));
    const std::vector<hsize_t> shape{grid, days, V};
    for (const auto* field : {&o::daily_first_dose_people, &o::daily_fully_vaccinated_people}) {
        std::vector<std::int64_t> quantiles(grid * days * V);
        std::vector<std::int64_t> values;
        for (std::size_t p = 0; p < grid; ++p)
            for (std::size_t d0 = 0; d0 < days; d0 += span) {
                const std::size_t width = std::min(span, days - d0);
                values.resize(per_point * width);
                for (std::size_t first = 0; first < per_point; first += quantile_block_rows) {
                    const std::size_t rows = std::min(quantile_block_rows, per_point - first);
                    const auto block = hdf5::read_record_field_rows(
                        runs, format::sweep::runs::outcomes, *field, days,
                        p * per_point + first, rows);
                    for (std::size_t r = 0; r < rows; ++r)
                        std::copy_n(block.begin() + static_cast<std::ptrdiff_t>(r * days + d0),
                                    width, values.begin() +
                                               static_cast<std::ptrdiff_t>((first + r) * width));
                }
                const auto q = daily_quantiles(values, per_point, width);
                std::copy(q.begin(), q.end(),
                          quantiles.begin() + static_cast<std::ptrdiff_t>((p * days + d0) * V));
            }
        const auto& spec = field == &o::daily_first_dose_people ? c::first_dose_people
                                                                 : c::fully_vaccinated_people;
        hdf5::write_dataset_compressed(g, spec.name, quantiles.data(), shape, 1);
    }
}

SweepSummary write_contents(hid_t file, const SweepDesign& spec, const Scenario& base,
                            const SweepRecordLayout& L, const RecordSource& records,
                            const std::vector<KeptRun>& kept, const RunMetadata& meta) {
    write_root_attributes(file, format::sweep_filetype, spec.seed, meta);

    const std::int64_t R = spec.runs();
    {
        const hdf5::Handle g = hdf5::create_group(file, "sweep");
        hdf5::write_attribute(g, "name", spec.name);
        hdf5::write_attribute(g, "source_file", spec.source_file);
        hdf5::write_attribute(g, "base_file", spec.base_file);
        hdf5::write_attribute(g, "runs", R);
        hdf5::write_attribute(g, "grid_points", spec.grid_points());
        hdf5::write_attribute(g, "samples", spec.samples);
        hdf5::write_attribute(g, "replicates", spec.replicates);
        hdf5::write_attribute(g, "sampling",
                              std::string(spec.latin_hypercube ? "latin_hypercube" : "random"));
        hdf5::write_attribute(g, "start", format_iso_date(base.start));
        hdf5::write_dataset(g, "text", spec.source_text);
        hdf5::write_dataset(g, "base_text", spec.base_text);
        // The base resolved (a what-if base included): what every run started from.
        hdf5::write_dataset(g, "base_effective", base.provenance().effective);
    }
    const std::size_t n = spec.parameters.size();
    {
        const hdf5::Handle g = hdf5::create_group(file, "parameters");
        namespace f = format::sweep::parameters;
        std::vector<std::string> path, kind, description, display;
        for (const auto& p : spec.parameters) {
            path.push_back(p.path);
            kind.push_back(p.sampled ? "sample" : "grid");
            description.push_back(p.description);
            display.push_back(p.display_name.empty() ? p.path : p.display_name);
        }
        hdf5::write_dataset(g, f::path.name, path);
        hdf5::write_dataset(g, f::kind.name, kind);
        hdf5::write_dataset(g, f::description.name, description);
        hdf5::write_dataset(g, f::display_name.name, display);

        // The values of each point (grid point x sample); a run's point is
        // grid_point * samples + sample. Stored per point, not per run: replicates share them.
        // Written a grid point at a time: a sample's values are the same at every grid point.
        const std::int64_t points = spec.points();
        const std::vector<hsize_t> shape{static_cast<hsize_t>(points), static_cast<hsize_t>(n)};
        bool any_words = false;
        for (const auto& p : spec.parameters)
            any_words |= p.sampled
                             ? !p.numeric
                             : std::any_of(p.values.begin(), p.values.end(),
                                           [](const std::string& v) { return !is_number(v); });
        hdf5::ChunkedRows number(g, "point_value", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, shape,
                                 chunk_rows);
        const hdf5::Handle string_type = hdf5::utf8_string_type();
        std::optional<hdf5::ChunkedRows> words;
        if (any_words) words.emplace(g, "point_text", string_type, string_type, shape, chunk_rows);
        // A chunk of points at a time.
        std::vector<double> block;
        std::vector<std::string> text;
        std::int64_t block_first = 0;
        for (std::int64_t point = 0; point < points; ++point) {
            const std::int64_t grid = point / spec.samples;
            const std::vector<std::string> drawn = spec.sampled_values(point % spec.samples);
            for (std::size_t j = 0; j < n; ++j) {
                const auto& p = spec.parameters[j];
                const std::string& v = p.sampled ? drawn[j] : p.values[spec.grid_value(grid, j)];
                block.push_back(is_number(v) ? std::strtod(v.c_str(), nullptr) : std::nan(""));
                if (words) text.push_back(v);
            }
            if (point + 1 < points && block.size() < chunk_rows * std::max<std::size_t>(n, 1))
                continue;
            const auto first = static_cast<hsize_t>(block_first);
            const auto count = static_cast<hsize_t>(point + 1 - block_first);
            number.write(first, count, block.data());
            if (words) {
                std::vector<const char*> pointers;
                for (const auto& t : text) pointers.push_back(t.c_str());
                words->write(first, count, pointers.data());
            }
            block.clear();
            text.clear();
            block_first = point + 1;
        }
        number.close();
        if (words) words->close();
    }
    SweepSummary summary;
    {
        const hdf5::Handle g = hdf5::create_group(file, "runs");
        summary = write_runs(g, spec, base, L, records);
        std::vector<std::string> codes, quarters, plan_groups;
        for (const ConstraintInfo& c : constraint_table) codes.emplace_back(c.label);
        for (int q = 0; q < L.quarters(); ++q)
            quarters.push_back(
                quarter_label(base.start + L.quarter_last_day()[static_cast<std::size_t>(q)]));
        for (const auto& grp : base.population.groups())
            if (grp.plan) plan_groups.push_back(grp.id);
        write_coverage(file, g, spec, L);
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
        std::vector<double> effect, noise;
        for (const auto& s : summary.sensitivity) {
            path.push_back(s.path);
            effect.push_back(s.effect_days);
            noise.push_back(s.noise_days);
            low.push_back(s.low_value);
            high.push_back(s.high_value);
        }
        hdf5::write_attribute(
            g, "target", summary.target_ids.empty() ? std::string() : summary.target_ids.front());
        hdf5::write_dataset(g, "parameter", path);
        hdf5::write_dataset(g, "effect_days", effect);
        hdf5::write_dataset(g, "earliest_value", low);
        hdf5::write_dataset(g, "latest_value", high);
        hdf5::write_dataset(g, "noise_days", noise);
    }
    {
        // A kept run's daily series under the names a run file gives them.
        namespace d = format::daily;
        const hdf5::Handle g = hdf5::create_group(file, d::group);
        hdf5::write_dataset(g, "runs", spec.keep_daily);
        for (const KeptRun& k : kept) {
            const Ledger& result = k.ledger;
            const Outcomes& outcomes = k.outcomes;
            const std::int64_t run = k.run;
            const hdf5::Handle r = hdf5::create_group(g, "run_" + std::to_string(run));
            hdf5::write_dataset_compressed(r, d::first_dose_people.name,
                                           outcomes.first_dose_people_by_group);
            hdf5::write_dataset_compressed(r, d::fully_vaccinated_people.name,
                                           outcomes.fully_vaccinated_people_by_group);
            hdf5::write_dataset_compressed(r, d::deliveries.name, result.deliveries);
            hdf5::write_dataset_compressed(r, d::administered.name, result.administered);
            hdf5::write_dataset_compressed(r, d::stock.name, result.stock);
            hdf5::write_dataset_compressed(r, d::second_doses_overdue.name, result.later_doses_due);
            hdf5::write_dataset(r, d::capacity_used.name, result.capacity_used);
        }
    }
    return summary;
}

} // namespace

SweepSummary write_sweep_file(const OutputTarget& output, const SweepDesign& design,
                              const Scenario& base, const SweepRecordLayout& layout,
                              const RecordSource& records, const std::vector<KeptRun>& kept,
                              const RunMetadata& meta) {
    SweepSummary summary;
    write_hdf5_atomically(output, [&](hid_t file) {
        summary = write_contents(file, design, base, layout, records, kept, meta);
    });
    return summary;
}

SweepSummary write_sweep_file(const fs::path& path, bool force, const SweepDesign& design,
                              const Scenario& base, const SweepRecordLayout& layout,
                              const RecordSource& records, const std::vector<KeptRun>& kept,
                              const RunMetadata& meta) {
    return write_sweep_file(OutputTarget{path, force, OutputKind::file, {}}, design, base, layout, records, kept, meta);
}

} // namespace vaxsim

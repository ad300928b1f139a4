#include "sim/sweep_summary.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "models/text.hpp"

namespace vaxsim {
namespace {

TargetOdds odds(const SweepRuns& runs, const Scenario& base, int target,
                const std::vector<std::int64_t>& which) {
    TargetOdds o;
    std::vector<std::int64_t> days;
    for (std::int64_t run : which) {
        const std::int64_t* r = runs.record(run);
        o.met += r[runs.layout.target(target, 0)];
        const std::int64_t day = r[runs.layout.target(target, 1)];
        days.push_back(day < 0 ? INT64_MAX : day);
        o.reached += day >= 0;
    }
    o.runs = static_cast<std::int64_t>(which.size());
    if (o.runs == 0) return o;
    const double n = static_cast<double>(o.runs), p = static_cast<double>(o.met) / n,
                 z = 1.959963984540054;
    const double denom = 1 + z * z / n;
    const double centre = (p + z * z / (2 * n)) / denom;
    const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom;
    o.p_met = p;
    // At 0 or all runs the interval's outer end is exactly 0 or 1; rounding must not move it.
    o.p_low = o.met == 0 ? 0.0 : std::max(0.0, centre - half);
    o.p_high = o.met == o.runs ? 1.0 : std::min(1.0, centre + half);
    std::sort(days.begin(), days.end());
    for (double level : quantile_levels) {
        // Nearest rank: the smallest day at or above the level's share of runs.
        const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(level * n))) - 1;
        const std::int64_t d = days[std::min(rank, days.size() - 1)];
        o.first_reached_quantiles.push_back(
            d == INT64_MAX ? std::nullopt
                           : std::optional<DayNumber>(base.start + static_cast<int>(d)));
    }
    return o;
}

std::string date_or_never(const std::optional<DayNumber>& d) {
    return d ? format_iso_date(*d) : "never";
}

} // namespace

SweepSummary summarise_sweep(const SweepSpec& spec, const Scenario& base, const SweepRuns& runs) {
    SweepSummary s;
    for (const Target& t : base.targets) {
        s.target_ids.push_back(t.id);
        s.target_labels.push_back(t.label);
    }
    std::vector<std::int64_t> all(static_cast<std::size_t>(runs.runs));
    for (std::int64_t r = 0; r < runs.runs; ++r) all[static_cast<std::size_t>(r)] = r;
    for (int t = 0; t < runs.layout.targets; ++t) s.overall.push_back(odds(runs, base, t, all));

    const std::int64_t per_point = spec.samples * spec.replicates;
    for (std::int64_t g = 0; g < spec.grid_points(); ++g) {
        const auto values = spec.values_for(g, 0);
        std::string label;
        for (std::size_t j = 0; j < spec.parameters.size(); ++j)
            if (!spec.parameters[j].sampled)
                label += (label.empty() ? "" : ", ") + spec.parameters[j].path + "=" + values[j];
        s.grid_labels.push_back(label.empty() ? "all runs" : label);
        std::vector<std::int64_t> which;
        for (std::int64_t r = g * per_point; r < (g + 1) * per_point; ++r) which.push_back(r);
        std::vector<TargetOdds> row;
        for (int t = 0; t < runs.layout.targets; ++t) row.push_back(odds(runs, base, t, which));
        s.by_grid.push_back(std::move(row));
    }

    // One at a time: for each parameter, runs grouped by its value (a sampled number: by
    // fifths of its range of samples); the spread of the groups' mean first-reached day of
    // the first target (a run that never reaches it counts as the day after the run).
    if (runs.layout.targets == 0) return s;
    const double never = static_cast<double>(base.days());
    std::vector<std::vector<std::string>> point_values; // [point][parameter]
    for (std::int64_t g = 0; g < spec.grid_points(); ++g)
        for (std::int64_t k = 0; k < spec.samples; ++k)
            point_values.push_back(spec.values_for(g, k));
    for (std::size_t j = 0; j < spec.parameters.size(); ++j) {
        const SweepParameter& p = spec.parameters[j];
        std::map<std::string, std::pair<double, std::int64_t>> groups; // label -> (sum, count)
        std::vector<double> numeric;
        if (p.sampled && p.distribution->is_numeric()) {
            for (const auto& v : point_values) numeric.push_back(std::stod(v[j]));
        }
        std::vector<double> edges;
        if (!numeric.empty()) {
            std::vector<double> sorted = numeric;
            std::sort(sorted.begin(), sorted.end());
            for (int q = 1; q < 5; ++q) edges.push_back(sorted[sorted.size() * q / 5]);
        }
        std::vector<std::string> bin_label(5);
        for (std::size_t point = 0; point < point_values.size(); ++point) {
            std::string key = point_values[point][j];
            if (!numeric.empty()) {
                const int bin = static_cast<int>(
                    std::upper_bound(edges.begin(), edges.end(), numeric[point]) - edges.begin());
                key = "fifth " + std::to_string(bin + 1);
            }
            for (std::int64_t k = 0; k < spec.replicates; ++k) {
                const std::int64_t day =
                    runs.record(static_cast<std::int64_t>(point) * spec.replicates +
                                k)[runs.layout.target(0, 1)];
                auto& [sum, count] = groups[key];
                sum += day < 0 ? never : static_cast<double>(day);
                ++count;
            }
        }
        if (groups.size() < 2) continue;
        Sensitivity sens;
        sens.path = p.path;
        double lo = HUGE_VAL, hi = -HUGE_VAL;
        for (const auto& [key, sc] : groups) {
            const double mean = sc.first / static_cast<double>(sc.second);
            if (mean < lo) lo = mean, sens.low_value = key;
            if (mean > hi) hi = mean, sens.high_value = key;
        }
        if (!numeric.empty()) {
            // Name the bins by their value ranges.
            std::vector<double> sorted = numeric;
            std::sort(sorted.begin(), sorted.end());
            const auto range_of = [&](const std::string& key) {
                const int bin = std::stoi(key.substr(6)) - 1;
                const double a = bin == 0 ? sorted.front() : edges[bin - 1];
                const double b = bin == 4 ? sorted.back() : edges[bin];
                char text[64];
                std::snprintf(text, sizeof text, "%.6g..%.6g", a, b);
                return std::string(text);
            };
            sens.low_value = range_of(sens.low_value);
            sens.high_value = range_of(sens.high_value);
        }
        sens.effect_days = hi - lo;
        s.sensitivity.push_back(sens);
    }
    std::stable_sort(
        s.sensitivity.begin(), s.sensitivity.end(),
        [](const Sensitivity& a, const Sensitivity& b) { return a.effect_days > b.effect_days; });
    return s;
}

std::string format_sweep_summary(const SweepSpec& spec, const Scenario& base, const SweepRuns& runs,
                                 const SweepSummary& s) {
    std::ostringstream out;
    out << "vaxsim sweep: " << spec.name << " on " << base.name << ": " << with_commas(runs.runs)
        << " runs (" << spec.grid_points() << " grid points x " << spec.samples << " samples x "
        << spec.replicates << " replicates), seed " << spec.seed << "\n";
    if (runs.resumed > 0)
        out << "(" << with_commas(runs.resumed)
            << " runs taken from the journal of an earlier, interrupted sweep)\n";
    for (std::size_t t = 0; t < s.overall.size(); ++t) {
        out << "\n"
            << s.target_labels[t] << " [" << s.target_ids[t] << "], deadline "
            << format_iso_date(base.targets[t].deadline) << "\n";
        const auto line = [&](const std::string& label, const TargetOdds& o) {
            out << "  " << label << ": P(met) " << percent(o.p_met) << " (95% CI "
                << percent(o.p_low) << "-" << percent(o.p_high) << ", " << with_commas(o.met) << "/"
                << with_commas(o.runs)
                << "); date reached 5/50/95%: " << date_or_never(o.first_reached_quantiles[0])
                << " / " << date_or_never(o.first_reached_quantiles[2]) << " / "
                << date_or_never(o.first_reached_quantiles[4]) << "\n";
        };
        if (s.by_grid.size() > 1)
            for (std::size_t g = 0; g < s.by_grid.size(); ++g)
                line(s.grid_labels[g], s.by_grid[g][t]);
        line("all runs", s.overall[t]);
    }
    if (runs.layout.epidemic) {
        out << "\nEpidemic: mean over runs (expected numbers)\n";
        const std::int64_t per_point = spec.samples * spec.replicates;
        for (std::size_t g = 0; g < s.grid_labels.size(); ++g) {
            double infections = 0, deaths = 0, averted = 0;
            for (std::int64_t r = static_cast<std::int64_t>(g) * per_point;
                 r < static_cast<std::int64_t>(g + 1) * per_point; ++r) {
                infections +=
                    static_cast<double>(runs.record(r)[runs.layout.epidemic_infections()]);
                deaths += static_cast<double>(runs.record(r)[runs.layout.epidemic_deaths()]);
                averted +=
                    static_cast<double>(runs.record(r)[runs.layout.epidemic_deaths_averted()]);
            }
            const double n = static_cast<double>(per_point);
            out << "  " << s.grid_labels[g] << ": infections "
                << with_commas(std::llround(infections / n)) << ", deaths "
                << with_commas(std::llround(deaths / n)) << ", deaths averted "
                << with_commas(std::llround(averted / n)) << "\n";
        }
    }
    if (!s.sensitivity.empty()) {
        out << "\nOne at a time: what moves the date '" << s.target_ids.front()
            << "' is reached (mean over runs; never reached counts as the day after the run)\n";
        for (const auto& sens : s.sensitivity) {
            char days[32];
            std::snprintf(days, sizeof days, "%.1f", sens.effect_days);
            out << "  " << sens.path << ": " << days << " days between " << sens.low_value
                << " (earliest) and " << sens.high_value << " (latest)\n";
        }
    }
    return out.str();
}

} // namespace vaxsim

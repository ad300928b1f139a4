// The report of a sweep: the odds of meeting each target, per grid point and per varied
// value, with their intervals, and the parameters that move them most.
#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "models/text.hpp"
#include "results/format.hpp"
#include "results/report.hpp"
#include "results/report_parts.hpp"
#include "results/sweep_reader.hpp"
#include "results/svg_chart.hpp"

namespace vaxsim {
namespace {

using report_parts::badge;
using report_parts::metadata;
using report_parts::palette;
using svg::escape;

} // namespace

std::string sweep_report(const SweepReader& reader) {
    namespace o = format::sweep::outcome;
    std::ostringstream b;
    const SweepInfo& info = reader.info();
    const std::string& name = info.name;
    const std::int64_t runs = info.runs;
    b << "<h1>" << escape(name) << "</h1>\n"
      << metadata(reader.identity()) << "<p class=\"meta\">" << with_commas(runs)
      << " runs: " << info.grid_points << " grid points × " << info.samples << " samples × "
      << info.replicates << " replicates</p>\n";

    const SweepTargets targets = reader.targets();
    const auto& t_label = targets.label;
    const auto& t_deadline = targets.deadline;
    const auto& threshold = targets.threshold;
    const std::size_t T = reader.extent("T");
    const auto grid_label = reader.grid_labels();
    const SweepOdds odds = reader.odds(format::sweep::by_grid_point);
    const auto& p = odds.p_met;
    const auto& lo = odds.p_met_low;
    const auto& hi = odds.p_met_high;
    const auto& quantiles = odds.first_reached_quantile;
    const std::size_t G = grid_label.size();

    b << "<h2>Probability of meeting each target</h2>\n";
    // A grid point's label: with one grid parameter, its value is enough.
    const auto short_label = [&](const std::string& label) {
        const auto eq = label.find('=');
        return eq != std::string::npos && label.find('=', eq + 1) == std::string::npos
                   ? label.substr(eq + 1)
                   : label;
    };
    std::vector<svg::Bar> bars;
    for (std::size_t t = 0; t < T; ++t) {
        if (G > 1) bars.push_back({t_label[t], 0, std::nullopt, std::nullopt, "", "", true});
        for (std::size_t g = 0; g < G; ++g) {
            const std::size_t k = g * T + t;
            char text[64];
            std::snprintf(text, sizeof text, "%.1f%% (%.1f–%.1f%%)", 100 * p[k], 100 * lo[k],
                          100 * hi[k]);
            bars.push_back({G > 1 ? short_label(grid_label[g]) : t_label[t], p[k], lo[k], hi[k],
                            palette[g % 7], text});
        }
    }
    b << svg::bar_chart("P(target met), with 95% intervals", bars, 1.0);
    b << "<table class=\"summary\"><tr><th>target</th><th>deadline</th><th>runs</th><th "
         "class=\"num\">P(met)</th>"
         "<th>5%</th><th>median</th><th>95%</th></tr>\n";
    for (std::size_t t = 0; t < T; ++t)
        for (std::size_t g = 0; g < G; ++g) {
            const std::size_t k = g * T + t;
            const auto q = [&](int level) {
                const std::string& s = quantiles[k * 5 + static_cast<std::size_t>(level)];
                return escape(s.empty() ? "not reached" : s);
            };
            char pct[32];
            std::snprintf(pct, sizeof pct, "%.1f%%", 100 * p[k]);
            b << "<tr><td>" << escape(t_label[t]) << "</td><td>" << escape(t_deadline[t])
              << "</td><td>" << escape(grid_label[g]) << "</td><td class=\"num\">" << pct
              << "</td><td>" << q(0) << "</td><td>" << q(2) << "</td><td>" << q(4)
              << "</td></tr>\n";
        }
    b << "</table>\n";

    // When the first target is reached: runs per week, per grid point.
    const auto first_day = reader.outcome(o::target_first_reached_day);
    const auto grid_point = reader.run_index().grid_point;
    const std::string& start = info.start;
    if (T > 0) {
        std::int64_t last = 0;
        for (std::int64_t r = 0; r < runs; ++r)
            last = std::max(last, first_day[static_cast<std::size_t>(r) * T]);
        const std::size_t weeks = static_cast<std::size_t>(last / 7) + 1;
        svg::LineChart chart("When '" + t_label[0] + "' is reached: runs per week");
        std::vector<std::pair<int, std::string>> ticks;
        const auto start_day = *parse_iso_date(start);
        for (std::size_t w = 0; w < weeks; w += std::max<std::size_t>(1, weeks / 8))
            ticks.push_back({static_cast<int>(w),
                             format_iso_date(start_day + static_cast<int>(7 * w)).substr(5)});
        chart.x_labels(ticks);
        for (std::size_t g = 0; g < G; ++g) {
            std::vector<double> counts(weeks, 0);
            for (std::int64_t r = 0; r < runs; ++r) {
                const std::int64_t d = first_day[static_cast<std::size_t>(r) * T];
                if (grid_point[static_cast<std::size_t>(r)] == static_cast<std::int64_t>(g) &&
                    d >= 0)
                    counts[static_cast<std::size_t>(d / 7)] += 1;
            }
            chart.add({grid_label[g], palette[g % 7], counts});
        }
        const auto deadline_day = *parse_iso_date(t_deadline[0]) - start_day;
        chart.vertical({deadline_day / 7.0, "deadline", "#555"});
        b << "<h2>When the main target is reached</h2>\n" << chart.render();
    }

    // Fan chart: people with a first dose at each quarter's end across runs.
    {
        const auto quarters = reader.quarter_labels();
        const std::size_t Q = quarters.size();
        const auto people = reader.outcome(o::quarter_first_dose_people);
        std::vector<std::vector<double>> at_level(5, std::vector<double>(Q));
        for (std::size_t q = 0; q < Q; ++q) {
            std::vector<double> values;
            for (std::int64_t r = 0; r < runs; ++r)
                values.push_back(static_cast<double>(people[static_cast<std::size_t>(r) * Q + q]));
            std::sort(values.begin(), values.end());
            const double levels[] = {0.05, 0.25, 0.5, 0.75, 0.95};
            for (int l = 0; l < 5; ++l) {
                const auto rank =
                    static_cast<std::size_t>(
                        std::max(1.0, std::ceil(levels[l] * static_cast<double>(values.size())))) -
                    1;
                at_level[static_cast<std::size_t>(l)][q] =
                    values.empty() ? 0 : values[std::min(rank, values.size() - 1)];
            }
        }
        svg::LineChart chart("People with at least one dose at the end of each quarter: 5–95% and "
                             "25–75% of runs, median");
        std::vector<std::pair<int, std::string>> ticks;
        for (std::size_t q = 0; q < Q; ++q) ticks.push_back({static_cast<int>(q), quarters[q]});
        chart.x_labels(ticks);
        chart.add_band({"#2471a3", 0.15, at_level[0], at_level[4]});
        chart.add_band({"#2471a3", 0.3, at_level[1], at_level[3]});
        chart.add({"median", "#1b4f72", at_level[2]});
        if (T > 0) chart.horizontal({static_cast<double>(threshold[0]), t_label[0], "#555"});
        b << "<h2>Coverage across futures</h2>\n" << chart.render();
    }

    // What matters most.
    const SweepSensitivity sensitivity = reader.sensitivity();
    const auto& s_parameter = sensitivity.parameter;
    if (!s_parameter.empty()) {
        const auto& effect = sensitivity.effect_days;
        const auto& early = sensitivity.earliest_value;
        const auto& late = sensitivity.latest_value;
        std::vector<svg::Bar> ranking;
        double max_effect = 1;
        for (std::size_t j = 0; j < s_parameter.size(); ++j) {
            char text[128];
            std::snprintf(text, sizeof text, "%.1f days", effect[j]);
            ranking.push_back(
                {s_parameter[j], effect[j], std::nullopt, std::nullopt, palette[j % 7], text});
            max_effect = std::max(max_effect, effect[j]);
        }
        b << "<h2>What moves the main target's date most</h2>\n"
          << svg::bar_chart(
                 "Spread of the mean date reached across each parameter's values (one at a time)",
                 ranking, max_effect)
          << "<table><tr><th>parameter</th><th class=\"num\">days</th><th>earliest "
             "with</th><th>latest with</th></tr>\n";
        for (std::size_t j = 0; j < s_parameter.size(); ++j) {
            char days[32];
            std::snprintf(days, sizeof days, "%.1f", effect[j]);
            b << "<tr><td>" << escape(s_parameter[j]) << "</td><td class=\"num\">" << days
              << "</td><td>" << escape(early[j]) << "</td><td>" << escape(late[j])
              << "</td></tr>\n";
        }
        b << "</table>\n";
    }
    return html_page(name, b.str());
}

} // namespace vaxsim

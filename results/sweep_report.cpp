// The report of a sweep: the odds of meeting each target, per grid point and per varied
// value, with their intervals, and the parameters that move them most.
#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <sstream>

#include "models/text.hpp"
#include "results/format.hpp"
#include "results/report.hpp"
#include "results/report_parts.hpp"
#include "results/sweep_reader.hpp"
#include "results/svg_chart.hpp"
#include "results/sweep_summary.hpp"

namespace vaxsim {
namespace {

using report_parts::badge;
using report_parts::metadata;
using svg::escape;

// One colour per policy (grid point), the same in every chart, table and legend of the
// page. Neither green nor red: those mean met and not met (the page's badges).
inline constexpr const char* policy_palette[] = {"#2471a3", "#d68910", "#7d3c98",
                                                 "#566573", "#6e2c00", "#c2185b"};
const char* policy_colour(std::size_t g) {
    return policy_palette[g % std::size(policy_palette)];
}
constexpr const char* met_colour = "#1e8449";
constexpr const char* marker_colour = "#555";

// A grid point's name for people: "second dose reserve: hold second doses" from
// "policy.second_dose_reserve=hold_second_doses": each parameter by its display name where
// the file names it more than its path ("capacity period q3 (from 2021-07-01) doses/day"),
// else by its path's last word.
std::string display_name(const std::string& label,
                         const std::map<std::string, std::string>& names) {
    std::string out, part;
    std::istringstream in(label);
    while (std::getline(in, part, ',')) {
        while (!part.empty() && part.front() == ' ') part.erase(part.begin());
        const auto eq = part.find('=');
        if (eq == std::string::npos) {
            out += (out.empty() ? "" : "; ") + part;
            continue;
        }
        std::string key = part.substr(0, eq), value = part.substr(eq + 1);
        if (const auto named = names.find(key); named != names.end() && named->second != key) {
            key = named->second;
        } else {
            if (const auto dot = key.rfind('.'); dot != std::string::npos) key = key.substr(dot + 1);
            std::replace(key.begin(), key.end(), '_', ' ');
        }
        std::replace(value.begin(), value.end(), '_', ' ');
        out += (out.empty() ? "" : "; ") + key + ": " + value;
    }
    return out;
}

std::string swatch(std::size_t g) {
    return std::string("<span class=\"swatch\" style=\"background:") + policy_colour(g) +
           "\"></span>";
}

} // namespace

std::string sweep_report(const SweepReader& reader, Language lang) {
    namespace o = format::sweep::outcome;
    const auto T_ = [lang](Label l) { return std::string(text(l, lang)); };
    std::ostringstream b;
    const SweepInfo& info = reader.info();
    const std::string& name = info.name;
    const std::int64_t runs = info.runs;
    b << "<h1>" << escape(name) << "</h1>\n"
      << metadata(reader.identity()) << "<p class=\"meta\">"
      << fill(T_(Label::w_runs_meta),
              {with_commas(runs), std::to_string(info.grid_points), std::to_string(info.samples),
               std::to_string(info.replicates)})
      << "</p>\n";
    // Each varied parameter as people read it, by its path.
    const std::map<std::string, std::string> names = reader.parameter_display_names();
    const auto parameter_name = [&](const std::string& path) {
        const auto named = names.find(path);
        return named == names.end() ? path : named->second;
    };

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

    std::vector<std::string> display;
    for (const auto& l : grid_label) display.push_back(display_name(l, names));
    if (G > 1) {
        b << "<p class=\"legend-row\">";
        for (std::size_t g = 0; g < G; ++g)
            b << "<span class=\"legend-item\">" << swatch(g) << escape(display[g]) << "</span>";
        b << "</p>\n";
    }
    b << "<h2>" << T_(Label::w_p_heading) << "</h2>\n";
    std::vector<svg::Bar> bars;
    for (std::size_t t = 0; t < T; ++t) {
        if (G > 1) bars.push_back({t_label[t], 0, std::nullopt, std::nullopt, "", "", true});
        for (std::size_t g = 0; g < G; ++g) {
            const std::size_t k = g * T + t;
            char text[64];
            std::snprintf(text, sizeof text, "%.1f%% (%.1f–%.1f%%)", 100 * p[k], 100 * lo[k],
                          100 * hi[k]);
            bars.push_back({G > 1 ? display[g] : t_label[t], p[k], lo[k], hi[k],
                            G > 1 ? policy_colour(g) : met_colour, text});
        }
    }
    b << svg::bar_chart(T_(Label::w_p_chart), bars, 1.0);
    b << "<table class=\"summary\"><tr><th>" << T_(Label::col_target) << "</th><th>"
      << T_(Label::col_deadline) << "</th><th>" << T_(Label::w_col_runs) << "</th><th "
      << "class=\"num\">" << T_(Label::w_col_p) << "</th><th>" << T_(Label::w_col_met_not)
      << "</th><th>" << T_(Label::w_col_by5) << "</th><th>" << T_(Label::w_col_median)
      << "</th><th>" << T_(Label::w_col_95) << "</th></tr>\n";
    for (std::size_t t = 0; t < T; ++t)
        for (std::size_t g = 0; g < G; ++g) {
            const std::size_t k = g * T + t;
            const auto q = [&](int level) {
                const std::string& s = quantiles[k * 5 + static_cast<std::size_t>(level)];
                return escape(s.empty() ? T_(Label::w_not_reached) : s);
            };
            char pct[64];
            std::snprintf(pct, sizeof pct, "%.1f%% (%.1f–%.1f%%)", 100 * p[k], 100 * lo[k],
                          100 * hi[k]);
            b << "<tr><td>" << escape(t_label[t]) << "</td><td>" << escape(t_deadline[t])
              << "</td><td>" << (G > 1 ? swatch(g) + escape(display[g]) : T_(Label::w_all_runs))
              << "</td><td class=\"num\">" << pct << "</td><td>"
              << badge("met", fill(T_(Label::w_n_met), {with_commas(odds.runs_met[k])})) << " "
              << badge("missed", fill(T_(Label::w_n_not_met),
                                      {with_commas(odds.runs[k] - odds.runs_met[k])}))
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
        svg::LineChart chart(fill(T_(Label::w_when_chart), {t_label[0]}));
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
            chart.add({G > 1 ? display[g] : T_(Label::w_all_runs), policy_colour(g), counts});
        }
        const auto deadline_day = *parse_iso_date(t_deadline[0]) - start_day;
        chart.vertical({deadline_day / 7.0, T_(Label::deadline), marker_colour});
        b << "<h2>" << T_(Label::w_when_heading) << "</h2>\n" << chart.render();
    }

    // Fan charts: daily coverage across runs, from the file's kept daily quantiles.
    const SweepCoverage coverage = reader.coverage();
    if (coverage.days > 0 && coverage.population > 0) {
        b << "<h2>" << T_(Label::w_fan_heading) << "</h2>\n<p>";
        const bool main_target = T > 0 && !coverage.target_on_chart.empty() &&
                                 coverage.target_on_chart[0] != 0;
        const std::string whom = escape(population_name(coverage.population_label, lang));
        b << (main_target ? fill(T_(Label::w_fan_intro_main),
                                 {escape(t_label[0]), whom, with_commas(coverage.population)})
                          : fill(T_(Label::w_fan_intro_all),
                                 {whom, with_commas(coverage.population)}))
          << "</p>\n";
        const std::size_t D = coverage.days, V = format::sweep::quantile_levels;
        const auto start_day = *parse_iso_date(start);
        std::vector<std::string> dates;
        for (std::size_t d = 0; d < D; ++d)
            dates.push_back(format_iso_date(start_day + static_cast<int>(d)));
        const double population = static_cast<double>(coverage.population);
        for (std::size_t g = 0; g < G; ++g) {
            b << "<div class=\"grid-2\">\n";
            for (const auto& [measure, title, values] :
                 {std::tuple{"first_dose", Label::w_fan_first, &coverage.first_dose_people},
                  std::tuple{"fully_vaccinated", Label::w_fan_full,
                             &coverage.fully_vaccinated_people}}) {
                std::vector<std::vector<double>> level(V, std::vector<double>(D));
                for (std::size_t d = 0; d < D; ++d)
                    for (std::size_t l = 0; l < V; ++l)
                        level[l][d] = 100.0 *
                                      static_cast<double>((*values)[(g * D + d) * V + l]) /
                                      population;
                svg::LineChart chart(T_(title) + (G > 1 ? " — " + display[g] : std::string()),
                                     560, 320);
                chart.x_labels(month_ticks(dates, lang));
                chart.add_band({policy_colour(g), 0.18, level[0], level[4]});
                chart.add_band({policy_colour(g), 0.35, level[1], level[3]});
                chart.add({T_(Label::w_median_run), policy_colour(g), level[2]});
                for (std::size_t t = 0; t < T && t < coverage.target_on_chart.size(); ++t) {
                    if (!coverage.target_on_chart[t] || targets.measure[t] != measure) continue;
                    chart.horizontal(
                        {100.0 * static_cast<double>(threshold[t]) / population,
                         t_label[t], marker_colour});
                    if (const auto deadline = parse_iso_date(t_deadline[t]))
                        chart.vertical({static_cast<double>(*deadline - start_day),
                                        fill(T_(Label::w_deadline_date), {t_deadline[t]}),
                                        marker_colour});
                }
                b << chart.render();
            }
            b << "</div>\n";
        }
    }

    // P(met) against each varied parameter's value.
    // A grid's only parameter is the policy: the chart above already shows its odds.
    auto by_parameter = odds_by_parameter(reader.parameter_odds_input());
    std::erase_if(by_parameter, [&](const ParameterOdds& po) {
        return !po.sampled && po.bin_label.size() == G;
    });
    if (!by_parameter.empty() && T > 0) {
        b << "<h2>" << T_(Label::w_by_param_heading) << "</h2>\n<p>" << T_(Label::w_by_param_intro);
        if (G > 1) b << T_(Label::w_by_param_policies);
        b << "</p>\n";
        for (const ParameterOdds& po : by_parameter) {
            std::vector<std::string> flat; // targets whose odds do not move with it
            for (std::size_t t = 0; t < T; ++t) {
                double lowest = 2, highest = -1;
                std::vector<svg::IntervalSeries> series;
                for (std::size_t k = 0; k < po.cells.size(); ++k) {
                    const std::int64_t g = po.series_grid_point[k];
                    svg::IntervalSeries sr{g < 0 ? T_(Label::w_all_runs)
                                                 : display[static_cast<std::size_t>(g)],
                                           g < 0 ? "#333" : policy_colour(static_cast<std::size_t>(g)),
                                           {}, {}, {}};
                    for (const auto& bin : po.cells[k]) {
                        const auto& c = bin[t];
                        const double nan = std::nan("");
                        sr.value.push_back(c.runs ? c.p : nan);
                        sr.low.push_back(c.runs ? c.low : nan);
                        sr.high.push_back(c.runs ? c.high : nan);
                        if (c.runs) lowest = std::min(lowest, c.p), highest = std::max(highest, c.p);
                    }
                    series.push_back(std::move(sr));
                }
                // A grid parameter with the grid's only parameter: a point per policy colour.
                if (!po.sampled && series.size() == 1 && po.bin_label.size() == G && G > 1) {
                    const svg::IntervalSeries all = series.front();
                    series.clear();
                    for (std::size_t g = 0; g < G; ++g) {
                        const double nan = std::nan("");
                        svg::IntervalSeries one{display[g], policy_colour(g),
                                                std::vector<double>(G, nan),
                                                std::vector<double>(G, nan),
                                                std::vector<double>(G, nan)};
                        one.value[g] = all.value[g];
                        one.low[g] = all.low[g];
                        one.high[g] = all.high[g];
                        series.push_back(std::move(one));
                    }
                }
                if (highest - lowest < 1e-12) {
                    char pct[32];
                    std::snprintf(pct, sizeof pct, "%.1f%%", 100 * highest);
                    flat.push_back(t_label[t] + " (" + pct + ")");
                    continue;
                }
                b << svg::interval_chart(
                    fill(T_(Label::w_p_against), {t_label[t], parameter_name(po.path)}),
                    po.bin_label, series);
            }
            if (!flat.empty()) {
                b << "<p class=\"meta\">"
                  << escape(fill(T_(Label::w_same_every_bin), {parameter_name(po.path)}));
                for (std::size_t i = 0; i < flat.size(); ++i)
                    b << (i ? "; " : "") << escape(flat[i]);
                b << ".</p>\n";
            }
        }
    }

    // What matters most.
    const SweepSensitivity sensitivity = reader.sensitivity();
    const auto& s_parameter = sensitivity.parameter;
    if (!s_parameter.empty()) {
        const auto& effect = sensitivity.effect_days;
        const auto& early = sensitivity.earliest_value;
        const auto& late = sensitivity.latest_value;
        const auto& noise = sensitivity.noise_days;
        std::vector<svg::Bar> ranking;
        double max_effect = 1;
        for (std::size_t j = 0; j < s_parameter.size(); ++j) {
            char days[32];
            std::snprintf(days, sizeof days, "%.1f", effect[j]);
            ranking.push_back({parameter_name(s_parameter[j]), effect[j], std::nullopt,
                               std::nullopt, "#909497", fill(T_(Label::w_days_value), {days})});
            max_effect = std::max(max_effect, effect[j]);
        }
        b << "<h2>" << T_(Label::w_sens_heading) << "</h2>\n"
          << svg::bar_chart(T_(Label::w_sens_chart), ranking, max_effect) << "<table><tr><th>"
          << T_(Label::w_col_parameter) << "</th><th class=\"num\">" << T_(Label::col_days)
          << "</th><th>" << T_(Label::w_col_earliest) << "</th><th>" << T_(Label::w_col_latest)
          << "</th>" << (noise.empty() ? "" : "<th class=\"num\">" + T_(Label::w_col_chance) + "</th><th></th>")
          << "</tr>\n";
        for (std::size_t j = 0; j < s_parameter.size(); ++j) {
            char days[32];
            std::snprintf(days, sizeof days, "%.1f", effect[j]);
            b << "<tr><td>" << escape(parameter_name(s_parameter[j]));
            if (parameter_name(s_parameter[j]) != s_parameter[j])
                b << " <span class=\"meta\">(" << escape(s_parameter[j]) << ")</span>";
            b << "</td><td class=\"num\">" << days
              << "</td><td>" << escape(early[j]) << "</td><td>" << escape(late[j]) << "</td>";
            // How large an effect chance alone gives (files of 1.6 on): an effect within it
            // is said to be none.
            if (!noise.empty()) {
                char chance[32];
                std::snprintf(chance, sizeof chance, "%.1f", noise[j]);
                b << "<td class=\"num\">" << (noise[j] < 0 ? "" : chance) << "</td><td class=\"meta\">"
                  << (noise[j] < 0                               ? escape(T_(Label::w_chance_untold))
                      : noise[j] > 0 && effect[j] <= noise[j]    ? escape(T_(Label::w_within_chance))
                                                                 : std::string())
                  << "</td>";
            }
            b << "</tr>\n";
        }
        b << "</table>\n";
    }
    // The epidemic's outcomes across runs, per grid point: mean and the middle 90%.
    if (reader.has_epidemic() && runs > 0) {
        // Each field read once, its runs split by grid point.
        const auto by_grid = [&](std::string_view field) {
            const auto all = reader.outcome(field);
            std::vector<std::vector<std::int64_t>> of(G);
            for (std::int64_t r = 0; r < runs; ++r)
                of[static_cast<std::size_t>(grid_point[static_cast<std::size_t>(r)])].push_back(
                    all[static_cast<std::size_t>(r)]);
            return of;
        };
        const auto infections = by_grid(o::epidemic_infections), deaths = by_grid(o::epidemic_deaths),
                   averted = by_grid(o::epidemic_deaths_averted);
        std::vector<EpidemicMeans> spread;
        for (std::size_t g = 0; g < G; ++g)
            spread.push_back({epidemic_spread(infections[g]), epidemic_spread(deaths[g]),
                              epidemic_spread(averted[g])});
        const auto range = [](const EpidemicSpread& x) {
            return with_commas(std::llround(x.mean)) + " (" + with_commas(x.quantiles[0]) + "–" +
                   with_commas(x.quantiles[4]) + ")";
        };
        std::vector<svg::Bar> bars;
        double most = 1;
        for (std::size_t g = 0; g < G; ++g) {
            const EpidemicSpread& d = spread[g].deaths;
            bars.push_back({G > 1 ? display[g] : T_(Label::w_all_runs), d.mean,
                            static_cast<double>(d.quantiles[0]), static_cast<double>(d.quantiles[4]),
                            policy_colour(g), range(d)});
            most = std::max(most, static_cast<double>(d.quantiles[4]));
        }
        b << "<h2>" << T_(Label::w_epi_heading) << "</h2>\n<p>" << T_(Label::w_epi_intro)
          << "</p>\n"
          << svg::bar_chart(T_(Label::w_epi_chart), bars, most) << "<table><tr><th>"
          << T_(Label::w_col_runs) << "</th><th class=\"num\">" << T_(Label::w_epi_infections)
          << "</th><th class=\"num\">" << T_(Label::w_epi_deaths) << "</th><th class=\"num\">"
          << T_(Label::w_epi_averted) << "</th></tr>\n";
        for (std::size_t g = 0; g < G; ++g)
            b << "<tr><td>" << (G > 1 ? swatch(g) + escape(display[g]) : T_(Label::w_all_runs))
              << "</td><td class=\"num\">" << range(spread[g].infections)
              << "</td><td class=\"num\">" << range(spread[g].deaths) << "</td><td class=\"num\">"
              << range(spread[g].deaths_averted) << "</td></tr>\n";
        b << "</table>\n";
    }
    return html_page(name, b.str(), lang);
}

} // namespace vaxsim

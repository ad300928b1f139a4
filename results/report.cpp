#include "results/report.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "models/epidemic.hpp"
#include "models/text.hpp"
#include "models/constraint.hpp"
#include "results/hdf5_interface.hpp"
#include "results/run_file.hpp"
#include "results/svg_chart.hpp"

namespace vaxsim {
namespace {

namespace fs = std::filesystem;
using hdf5::Handle;
using svg::escape;

const char* const palette[] = {"#c0392b", "#2471a3", "#229954", "#7d3c98",
                               "#b9770e", "#17a589", "#566573"};
const char* const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Matrix {
    std::vector<std::int64_t> values;
    std::vector<hsize_t> dims;
    std::int64_t at(std::size_t i, std::size_t j) const { return values[i * dims[1] + j]; }
};

Matrix read_matrix(hid_t file, const std::string& path) {
    Matrix m;
    m.values = hdf5::read_int_dataset(file, path, &m.dims);
    if (m.dims.size() == 1) m.dims.push_back(1);
    return m;
}

std::vector<std::string> read_strings(hid_t file, const std::string& path) {
    return hdf5::read_string_dataset(file, path);
}

const char* css = R"(
body { font-family: "Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo", "NanumGothic",
       system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 2em auto; max-width: 980px;
       padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
.meta { color: #666; font-size: 0.85em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; margin: 0.8em 0; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f6f7; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.slipped td { background: #fdecea; } tr.total td { font-weight: 600; background: #fafafa; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 0.85em; font-weight: 600; }
.met { background: #d4efdf; color: #1e8449; } .missed { background: #fadbd8; color: #a93226; }
.partial { background: #fcf3cf; color: #9a7d0a; }
figure.chart { margin: 1em 0; } figure.chart svg { width: 100%; height: auto; }
.chart-title { font-size: 14px; font-weight: 600; fill: #222; }
.tick, .legend, .marker-label { font-size: 11px; fill: #444; }
.grid { stroke: #eee; } .axis { stroke: #999; } .marker { stroke-width: 1.5; stroke-dasharray: 6 4; }
.whisker { stroke: #222; stroke-width: 1.5; }
.grid-2 { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.5em; }
@media (max-width: 760px) { .grid-2 { grid-template-columns: 1fr; } }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } figure, table { break-inside: avoid; } }
)";

std::string page(const std::string& title, const std::string& body) {
    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << escape(title) << "</title>\n<style>" << css << "</style>\n</head>\n<body>\n"
      << body << "</body>\n</html>\n";
    return o.str();
}

// Ticks on the first day of each month.
std::vector<std::pair<int, std::string>> month_ticks(const std::vector<std::string>& dates) {
    std::vector<std::pair<int, std::string>> ticks;
    for (std::size_t i = 0; i < dates.size(); ++i)
        if (i == 0 || dates[i].substr(8, 2) == "01") {
            const int month = std::stoi(dates[i].substr(5, 2));
            if (i > 0 || dates[i].substr(8, 2) == "01")
                ticks.push_back({static_cast<int>(i), month_names[month - 1]});
        }
    return ticks;
}

std::string badge(const std::string& cls, const std::string& text) {
    return "<span class=\"badge " + cls + "\">" + escape(text) + "</span>";
}

std::string metadata(hid_t file) {
    std::string out = "vaxsim " + hdf5::read_string_attribute(file, "program_version") + ", " +
                      hdf5::read_string_attribute(file, "creation_time") + " · seed " +
                      std::to_string(hdf5::read_int_attribute(file, "seed")) + " · " +
                      hdf5::read_string_attribute(file, "command_line");
    return "<p class=\"meta\">" + escape(out) + "</p>\n";
}

std::string run_report(hid_t file) {
    std::ostringstream b;
    const Handle scenario = hdf5::open_group(file, "scenario");
    const std::string name = hdf5::read_string_attribute(scenario, "name");
    const auto dates = read_strings(file, "calendar/date");
    const std::size_t D = dates.size();
    const auto ticks = month_ticks(dates);
    b << "<h1>" << escape(name) << "</h1>\n<p>"
      << escape(hdf5::read_string_attribute(scenario, "description")) << "</p>\n"
      << metadata(file) << "<p class=\"meta\">" << escape(dates.front()) << " to "
      << escape(dates.back()) << " · first doses "
      << escape(hdf5::read_string_attribute(scenario, "first_dose_allocation"))
      << " · second-dose reserve "
      << escape(hdf5::read_string_attribute(scenario, "second_dose_reserve")) << "</p>\n";

    // Targets: the table, then each target's curve against its threshold and deadline.
    const auto t_id = read_strings(file, "targets/id");
    const auto t_label = read_strings(file, "targets/label");
    const auto t_measure = read_strings(file, "targets/measure");
    const auto t_population = read_strings(file, "targets/population");
    const auto t_deadline = read_strings(file, "targets/deadline");
    const auto t_reached = read_strings(file, "targets/first_reached");
    const auto t_threshold = hdf5::read_int_dataset(file, "targets/threshold");
    const auto t_value = hdf5::read_int_dataset(file, "targets/value_at_deadline");
    const auto t_met = hdf5::read_int_dataset(file, "targets/met");
    const auto t_margin = hdf5::read_int_dataset(file, "targets/margin");
    b << "<h2>Targets</h2>\n<table "
         "class=\"targets\"><tr><th>target</th><th>measure</th><th>population</th>"
      << "<th class=\"num\">threshold</th><th>deadline</th><th class=\"num\">at the "
         "deadline</th><th></th>"
      << "<th class=\"num\">margin</th><th>first reached</th></tr>\n";
    for (std::size_t t = 0; t < t_id.size(); ++t)
        b << "<tr><td>" << escape(t_label[t]) << "</td><td>" << escape(t_measure[t]) << "</td><td>"
          << escape(t_population[t]) << "</td><td class=\"num\">" << with_commas(t_threshold[t])
          << "</td><td>" << escape(t_deadline[t]) << "</td><td class=\"num\">"
          << with_commas(t_value[t]) << "</td><td>"
          << (t_met[t] ? badge("met", "met") : badge("missed", "not met"))
          << "</td><td class=\"num\">" << signed_commas(t_margin[t]) << "</td><td>"
          << escape(t_reached[t].empty() ? "never" : t_reached[t]) << "</td></tr>\n";
    b << "</table>\n";
    if (hdf5::has_object(file, "daily/target_value")) {
        const Matrix series = read_matrix(file, "daily/target_value");
        b << "<div class=\"grid-2\">\n";
        for (std::size_t t = 0; t < t_id.size(); ++t) {
            svg::LineChart chart(t_label[t], 480, 260);
            chart.x_labels(ticks);
            std::vector<double> values(D);
            for (std::size_t d = 0; d < D; ++d) values[d] = static_cast<double>(series.at(d, t));
            chart.add({t_measure[t], t_met[t] ? "#1e8449" : "#a93226", values});
            chart.horizontal({static_cast<double>(t_threshold[t]),
                              "threshold " + svg::short_number(static_cast<double>(t_threshold[t])),
                              "#555"});
            const auto deadline = std::find(dates.begin(), dates.end(), t_deadline[t]);
            if (deadline != dates.end())
                chart.vertical({static_cast<double>(deadline - dates.begin()), "deadline", "#555"});
            b << chart.render();
        }
        b << "</div>\n";
    }

    // Coverage by tier.
    const auto g_id = read_strings(file, "groups/id");
    const auto g_label = read_strings(file, "groups/label");
    const auto g_tier = read_strings(file, "groups/tier");
    const Matrix first = read_matrix(file, "daily/first_dose_people");
    const Matrix full = read_matrix(file, "daily/fully_vaccinated_people");
    std::vector<std::string> tiers;
    for (const auto& t : g_tier)
        if (std::find(tiers.begin(), tiers.end(), t) == tiers.end()) tiers.push_back(t);
    {
        svg::LineChart chart("People vaccinated by tier (solid: at least one dose; dashed: fully)");
        chart.x_labels(ticks);
        for (std::size_t k = 0; k <= tiers.size(); ++k) {
            std::vector<double> a(D, 0), f(D, 0);
            for (std::size_t g = 0; g < g_id.size(); ++g)
                if (k == tiers.size() || g_tier[g] == tiers[k])
                    for (std::size_t d = 0; d < D; ++d)
                        a[d] += static_cast<double>(first.at(d, g)),
                            f[d] += static_cast<double>(full.at(d, g));
            const std::string colour = k == tiers.size() ? "#222" : palette[k % 7];
            const std::string label = k == tiers.size() ? "all groups" : "tier " + tiers[k];
            chart.add({label, colour, a});
            chart.add({label + " (full)", colour, f, true});
        }
        b << "<h2>Coverage</h2>\n" << chart.render();
    }

    // The quarterly plan, per group, with slips highlighted.
    if (hdf5::has_object(file, "plan_check/group")) {
        const auto p_group = read_strings(file, "plan_check/group");
        const auto p_quarter = read_strings(file, "plan_check/quarter");
        const auto p_planned = hdf5::read_int_dataset(file, "plan_check/planned");
        const auto p_started = hdf5::read_int_dataset(file, "plan_check/started_in_quarter");
        const auto p_met = hdf5::read_int_dataset(file, "plan_check/met");
        const auto p_complete = hdf5::read_int_dataset(file, "plan_check/quarter_in_run");
        b << "<h2>Quarterly plan</h2>\n<p>People given a first dose within the quarter, against "
             "the plan's "
             "count.</p>\n<table class=\"plan\"><tr><th>quarter</th><th>tier</th><th>group</th>"
             "<th class=\"num\">planned</th><th class=\"num\">started</th><th "
             "class=\"num\">gap</th><th></th></tr>\n";
        std::vector<std::string> quarters = p_quarter;
        std::sort(quarters.begin(), quarters.end());
        quarters.erase(std::unique(quarters.begin(), quarters.end()), quarters.end());
        for (const auto& q : quarters) {
            std::int64_t planned = 0, started = 0;
            for (const auto& tier : tiers)
                for (std::size_t k = 0; k < p_group.size(); ++k) {
                    const auto g = static_cast<std::size_t>(
                        std::find(g_id.begin(), g_id.end(), p_group[k]) - g_id.begin());
                    if (p_quarter[k] != q || g_tier[g] != tier) continue;
                    planned += p_planned[k];
                    started += p_started[k];
                    const bool slipped = p_complete[k] && !p_met[k];
                    b << "<tr" << (slipped ? " class=\"slipped\"" : "") << "><td>" << escape(q)
                      << "</td><td>" << escape(tier) << "</td><td>" << escape(g_label[g])
                      << " <span class=\"meta\">(" << escape(g_id[g])
                      << ")</span></td><td class=\"num\">" << with_commas(p_planned[k])
                      << "</td><td class=\"num\">" << with_commas(p_started[k])
                      << "</td><td class=\"num\">" << signed_commas(p_started[k] - p_planned[k])
                      << "</td><td>"
                      << (!p_complete[k] ? badge("partial", "partial")
                          : p_met[k]     ? badge("met", "met")
                                         : badge("missed", "slipped"))
                      << "</td></tr>\n";
                }
            b << "<tr class=\"total\"><td>" << escape(q)
              << "</td><td></td><td>quarter total</td><td class=\"num\">" << with_commas(planned)
              << "</td><td class=\"num\">" << with_commas(started) << "</td><td class=\"num\">"
              << signed_commas(started - planned) << "</td><td></td></tr>\n";
        }
        b << "</table>\n";
    }

    // Supply and use, per product.
    const auto products = read_strings(file, "products/id");
    const Matrix deliveries = read_matrix(file, "daily/deliveries");
    const Matrix administered = read_matrix(file, "daily/administered");
    const Matrix stock = read_matrix(file, "daily/stock");
    const Matrix overdue = read_matrix(file, "daily/second_doses_overdue");
    b << "<h2>Supply, stock and doses given</h2>\n<div class=\"grid-2\">\n";
    for (std::size_t p = 0; p < products.size(); ++p) {
        svg::LineChart chart(products[p], 480, 260);
        chart.x_labels(ticks);
        std::vector<double> delivered(D), given(D), in_stock(D), late(D);
        double sd = 0, sg = 0;
        for (std::size_t d = 0; d < D; ++d) {
            delivered[d] = sd += static_cast<double>(deliveries.at(d, p));
            given[d] = sg += static_cast<double>(administered.at(d, p));
            in_stock[d] = static_cast<double>(stock.at(d, p));
            late[d] = static_cast<double>(overdue.at(d, p));
        }
        chart.add({"delivered (cumulative)", "#2471a3", delivered});
        chart.add({"given (cumulative)", "#229954", given});
        chart.add({"in stock", "#b9770e", in_stock});
        chart.add({"2nd doses overdue", "#c0392b", late, true});
        b << chart.render();
    }
    b << "</div>\n";

    // Health impact, when the scenario ran the epidemic model.
    if (hdf5::has_object(file, "epidemic/infections")) {
        const auto daily_total = [&](const std::string& path) {
            const auto values = hdf5::read_double_dataset(file, path); // [D x 16], row-major
            std::vector<double> per_day(D, 0), cumulative(D, 0);
            for (std::size_t d = 0; d < D; ++d) {
                for (std::size_t a = 0; a < static_cast<std::size_t>(epi_bands); ++a)
                    per_day[d] += values[d * epi_bands + a];
                cumulative[d] = per_day[d] + (d > 0 ? cumulative[d - 1] : 0);
            }
            return std::make_pair(per_day, cumulative);
        };
        const bool counterfactual = hdf5::has_object(file, "epidemic/counterfactual/infections");
        b << "<h2>Health impact (epidemic model)</h2>\n<div class=\"grid-2\">\n";
        for (const auto& [what, title] :
             {std::pair<std::string, std::string>{"infections", "New infections per day"},
              {"deaths", "Deaths, cumulative"}}) {
            svg::LineChart chart(title, 480, 260);
            chart.x_labels(ticks);
            const auto with = daily_total("epidemic/" + what);
            chart.add({"this rollout", "#2471a3", what == "deaths" ? with.second : with.first});
            if (counterfactual) {
                const auto without = daily_total("epidemic/counterfactual/" + what);
                chart.add({"no vaccination", "#c0392b",
                           what == "deaths" ? without.second : without.first, true});
            }
            b << chart.render();
        }
        b << "</div>\n";
        const Handle epi = hdf5::open_group(file, "epidemic");
        b << "<table class=\"epidemic\"><tr><th></th><th class=\"num\">this rollout</th>";
        if (counterfactual)
            b << "<th class=\"num\">no vaccination</th><th class=\"num\">averted</th>";
        b << "</tr>\n";
        for (const char* what : {"infections", "hospitalisations", "deaths"}) {
            const double with = hdf5::read_double_attribute(epi, std::string("total_") + what);
            b << "<tr><td>" << what << "</td><td class=\"num\">" << with_commas(std::llround(with))
              << "</td>";
            if (counterfactual) {
                const Handle cf = hdf5::open_group(epi, "counterfactual");
                const double without =
                    hdf5::read_double_attribute(cf, std::string("total_") + what);
                b << "<td class=\"num\">" << with_commas(std::llround(without))
                  << "</td><td class=\"num\">" << with_commas(std::llround(without - with))
                  << "</td>";
            }
            b << "</tr>\n";
        }
        b << "</table>\n<p class=\"meta\">Expected numbers from the SEIR model "
             "(models/EPIDEMIC.md); severity: "
          << escape(hdf5::read_string_attribute(epi, "severity_source")) << "</p>\n";
    }

    // Capacity and what bound each day.
    {
        const auto capacity = hdf5::read_int_dataset(file, "daily/capacity");
        const auto used = hdf5::read_int_dataset(file, "daily/capacity_used");
        const auto binding = hdf5::read_int_dataset(file, "daily/binding_constraint");
        svg::LineChart chart("Doses per day: capacity and doses given; below, what bound each day");
        chart.x_labels(ticks);
        chart.add({"capacity", "#7f8c8d", std::vector<double>(capacity.begin(), capacity.end())});
        chart.add({"doses given", "#2471a3", std::vector<double>(used.begin(), used.end())});
        std::vector<std::string> cells;
        for (auto c : binding) cells.emplace_back(constraint_info(c).colour);
        std::vector<std::pair<std::string, std::string>> legend;
        for (const ConstraintInfo& c : constraint_table)
            legend.emplace_back(std::string(c.colour), std::string(c.display_name));
        chart.strip(cells, legend);
        b << "<h2>Capacity</h2>\n" << chart.render();
        std::map<std::string, int> days;
        const auto binding_product = hdf5::read_int_dataset(file, "daily/binding_product");
        for (std::size_t d = 0; d < D; ++d) {
            std::string key(constraint_info(binding[d]).display_name);
            if (binding_product[d] >= 0)
                key += " (" + products[static_cast<std::size_t>(binding_product[d])] + ")";
            ++days[key];
        }
        b << "<table class=\"binding\"><tr><th>what bound the day</th><th "
             "class=\"num\">days</th></tr>\n";
        for (const auto& [key, n] : days)
            b << "<tr><td>" << escape(key) << "</td><td class=\"num\">" << n << "</td></tr>\n";
        b << "</table>\n";
    }
    return page(name, b.str());
}

std::string sweep_report(hid_t file) {
    std::ostringstream b;
    const Handle sweep = hdf5::open_group(file, "sweep");
    const std::string name = hdf5::read_string_attribute(sweep, "name");
    const std::int64_t runs = hdf5::read_int_attribute(sweep, "runs");
    b << "<h1>" << escape(name) << "</h1>\n"
      << metadata(file) << "<p class=\"meta\">" << with_commas(runs)
      << " runs: " << hdf5::read_int_attribute(sweep, "grid_points") << " grid points × "
      << hdf5::read_int_attribute(sweep, "samples") << " samples × "
      << hdf5::read_int_attribute(sweep, "replicates") << " replicates</p>\n";

    const auto t_id = read_strings(file, "targets/id");
    const auto t_label = read_strings(file, "targets/label");
    const auto t_deadline = read_strings(file, "targets/deadline");
    const auto threshold = hdf5::read_int_dataset(file, "targets/threshold");
    const std::size_t T = t_id.size();
    const auto grid_label = read_strings(file, "summary/by_grid_point/label");
    const auto p = hdf5::read_double_dataset(file, "summary/by_grid_point/p_met");
    const auto lo = hdf5::read_double_dataset(file, "summary/by_grid_point/p_met_low");
    const auto hi = hdf5::read_double_dataset(file, "summary/by_grid_point/p_met_high");
    const auto quantiles = read_strings(file, "summary/by_grid_point/first_reached_quantile");
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
    const auto first_day =
        hdf5::read_record_field(file, "runs/outcomes", "target_first_reached_day", T);
    const auto grid_point = hdf5::read_int_dataset(file, "runs/grid_point");
    const std::string start = hdf5::read_string_attribute(sweep, "start");
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
        const auto quarters = read_strings(file, "runs/quarter_label");
        const std::size_t Q = quarters.size();
        const auto people =
            hdf5::read_record_field(file, "runs/outcomes", "quarter_first_dose_people", Q);
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
    const auto s_parameter = read_strings(file, "sensitivity/parameter");
    if (!s_parameter.empty()) {
        const auto effect = hdf5::read_double_dataset(file, "sensitivity/effect_days");
        const auto early = read_strings(file, "sensitivity/earliest_value");
        const auto late = read_strings(file, "sensitivity/latest_value");
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
    return page(name, b.str());
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    if (!out) throw std::runtime_error("could not write '" + path.string() + "' (disk full?)");
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

} // namespace

void write_report(const fs::path& results, const fs::path& html, bool force) {
    if (!hdf5::is_hdf5_file(results))
        throw std::runtime_error("'" + results.string() + "' is not an HDF5 results file");
    const Handle file = hdf5::open_file(results);
    const std::string type = hdf5::read_string_attribute(file, "filetype");
    std::string text;
    if (type == run_filetype)
        text = run_report(file);
    else if (type == sweep_filetype)
        text = sweep_report(file);
    else
        throw std::runtime_error("'" + results.string() +
                                 "' is not a vaxsim results file (filetype " + type + ")");
    write_atomically(html, force, [&](const fs::path& temp) { write_text(temp, text); });
}

std::vector<std::string> export_csv(const fs::path& results, const fs::path& dir, bool force) {
    if (!hdf5::is_hdf5_file(results))
        throw std::runtime_error("'" + results.string() + "' is not an HDF5 results file");
    const Handle file = hdf5::open_file(results);
    const std::string type = hdf5::read_string_attribute(file, "filetype");
    std::vector<std::pair<std::string, std::string>> tables; // file name, content
    const auto add = [&](const std::string& name, const std::ostringstream& content) {
        tables.push_back({name, content.str()});
    };
    if (type == run_filetype) {
        const auto dates = read_strings(file, "calendar/date");
        const auto groups = read_strings(file, "groups/id");
        const auto products = read_strings(file, "products/id");
        const std::size_t D = dates.size(), G = groups.size(), P = products.size();
        {
            const Matrix doses = read_matrix(file, "daily/doses");
            std::ostringstream o;
            o << "date,group,product,dose,doses\n";
            for (std::size_t d = 0; d < D; ++d)
                for (std::size_t g = 0; g < G; ++g)
                    for (std::size_t p = 0; p < P; ++p)
                        for (int k = 0; k < 2; ++k) {
                            const std::int64_t n = doses.values[((d * G + g) * P + p) * 2 +
                                                                static_cast<std::size_t>(k)];
                            if (n != 0)
                                o << dates[d] << "," << csv_field(groups[g]) << ","
                                  << csv_field(products[p]) << "," << k + 1 << "," << n << "\n";
                        }
            add("daily_doses.csv", o);
        }
        {
            const Matrix first = read_matrix(file, "daily/first_dose_people");
            const Matrix full = read_matrix(file, "daily/fully_vaccinated_people");
            std::ostringstream o;
            o << "date,group,first_dose_people,fully_vaccinated_people\n";
            for (std::size_t d = 0; d < D; ++d)
                for (std::size_t g = 0; g < G; ++g)
                    o << dates[d] << "," << csv_field(groups[g]) << "," << first.at(d, g) << ","
                      << full.at(d, g) << "\n";
            add("daily_coverage.csv", o);
        }
        {
            const Matrix m[] = {read_matrix(file, "daily/deliveries"),
                                read_matrix(file, "daily/administered"),
                                read_matrix(file, "daily/wasted"), read_matrix(file, "daily/stock"),
                                read_matrix(file, "daily/second_doses_overdue")};
            std::ostringstream o;
            o << "date,product,deliveries,administered,wasted,stock,second_doses_overdue\n";
            for (std::size_t d = 0; d < D; ++d)
                for (std::size_t p = 0; p < P; ++p) {
                    o << dates[d] << "," << csv_field(products[p]);
                    for (const auto& x : m) o << "," << x.at(d, p);
                    o << "\n";
                }
            add("daily_products.csv", o);
        }
        {
            const auto capacity = hdf5::read_int_dataset(file, "daily/capacity");
            const auto used = hdf5::read_int_dataset(file, "daily/capacity_used");
            const auto binding = hdf5::read_int_dataset(file, "daily/binding_constraint");
            const auto binding_product = hdf5::read_int_dataset(file, "daily/binding_product");
            const char* const names[] = {"no_one_waiting", "capacity", "supply",
                                         "second_dose_reserve", "eligibility"};
            std::ostringstream o;
            o << "date,capacity,capacity_used,binding_constraint,binding_product\n";
            for (std::size_t d = 0; d < D; ++d)
                o << dates[d] << "," << capacity[d] << "," << used[d] << ","
                  << names[std::clamp<std::int64_t>(binding[d], 0, 4)] << ","
                  << (binding_product[d] >= 0
                          ? csv_field(products[static_cast<std::size_t>(binding_product[d])])
                          : "")
                  << "\n";
            add("daily_capacity.csv", o);
        }
        for (const char* period : {"monthly", "quarterly"}) {
            const std::string g = period;
            const auto labels = read_strings(file, g + "/label");
            const Matrix first = read_matrix(file, g + "/first_doses");
            const Matrix second = read_matrix(file, g + "/second_doses");
            const Matrix people = read_matrix(file, g + "/first_dose_people");
            const Matrix full = read_matrix(file, g + "/fully_vaccinated_people");
            std::ostringstream o;
            o << "period,group,first_doses,second_doses,first_dose_people_at_end,fully_vaccinated_"
                 "people_at_end\n";
            for (std::size_t k = 0; k < labels.size(); ++k)
                for (std::size_t gi = 0; gi < G; ++gi)
                    o << labels[k] << "," << csv_field(groups[gi]) << "," << first.at(k, gi) << ","
                      << second.at(k, gi) << "," << people.at(k, gi) << "," << full.at(k, gi)
                      << "\n";
            add(g + ".csv", o);
        }
        {
            const auto labels = read_strings(file, "groups/label");
            const auto tier = read_strings(file, "groups/tier");
            const auto size = hdf5::read_int_dataset(file, "groups/size");
            const auto willing = hdf5::read_int_dataset(file, "groups/willing");
            std::ostringstream o;
            o << "group,label,tier,size,willing\n";
            for (std::size_t gi = 0; gi < G; ++gi)
                o << csv_field(groups[gi]) << "," << csv_field(labels[gi]) << ","
                  << csv_field(tier[gi]) << "," << size[gi] << "," << willing[gi] << "\n";
            add("groups.csv", o);
        }
        if (hdf5::has_object(file, "plan_check/group")) {
            const auto g = read_strings(file, "plan_check/group");
            const auto q = read_strings(file, "plan_check/quarter");
            const auto planned = hdf5::read_int_dataset(file, "plan_check/planned");
            const auto started = hdf5::read_int_dataset(file, "plan_check/started_in_quarter");
            const auto met = hdf5::read_int_dataset(file, "plan_check/met");
            std::ostringstream o;
            o << "group,quarter,planned,started_in_quarter,met\n";
            for (std::size_t k = 0; k < g.size(); ++k)
                o << csv_field(g[k]) << "," << q[k] << "," << planned[k] << "," << started[k] << ","
                  << met[k] << "\n";
            add("plan_check.csv", o);
        }
        {
            const auto id = read_strings(file, "targets/id");
            const auto label = read_strings(file, "targets/label");
            const auto deadline = read_strings(file, "targets/deadline");
            const auto reached = read_strings(file, "targets/first_reached");
            const auto threshold = hdf5::read_int_dataset(file, "targets/threshold");
            const auto value = hdf5::read_int_dataset(file, "targets/value_at_deadline");
            const auto met = hdf5::read_int_dataset(file, "targets/met");
            const auto margin = hdf5::read_int_dataset(file, "targets/margin");
            std::ostringstream o;
            o << "target,label,deadline,threshold,value_at_deadline,met,margin,first_reached\n";
            for (std::size_t t = 0; t < id.size(); ++t)
                o << csv_field(id[t]) << "," << csv_field(label[t]) << "," << deadline[t] << ","
                  << threshold[t] << "," << value[t] << "," << met[t] << "," << margin[t] << ","
                  << reached[t] << "\n";
            add("targets.csv", o);
        }
    } else if (type == sweep_filetype) {
        const auto ids = read_strings(file, "targets/id");
        const std::size_t T = ids.size();
        const auto grid = hdf5::read_int_dataset(file, "runs/grid_point");
        const auto sample = hdf5::read_int_dataset(file, "runs/sample");
        const auto replicate = hdf5::read_int_dataset(file, "runs/replicate");
        const auto met = hdf5::read_record_field(file, "runs/outcomes", "target_met", T);
        const auto day =
            hdf5::read_record_field(file, "runs/outcomes", "target_first_reached_day", T);
        const auto margin = hdf5::read_record_field(file, "runs/outcomes", "target_margin", T);
        std::ostringstream o;
        o << "run,grid_point,sample,replicate,target,met,first_reached_day,margin\n";
        for (std::size_t r = 0; r < grid.size(); ++r)
            for (std::size_t t = 0; t < T; ++t)
                o << r << "," << grid[r] << "," << sample[r] << "," << replicate[r] << ","
                  << csv_field(ids[t]) << "," << met[r * T + t] << "," << day[r * T + t] << ","
                  << margin[r * T + t] << "\n";
        add("runs.csv", o);
        const auto labels = read_strings(file, "summary/by_grid_point/label");
        const auto p = hdf5::read_double_dataset(file, "summary/by_grid_point/p_met");
        const auto lo = hdf5::read_double_dataset(file, "summary/by_grid_point/p_met_low");
        const auto hi = hdf5::read_double_dataset(file, "summary/by_grid_point/p_met_high");
        std::ostringstream s;
        s << "grid_point,label,target,p_met,p_met_low,p_met_high\n";
        for (std::size_t g = 0; g < labels.size(); ++g)
            for (std::size_t t = 0; t < T; ++t)
                s << g << "," << csv_field(labels[g]) << "," << csv_field(ids[t]) << ","
                  << p[g * T + t] << "," << lo[g * T + t] << "," << hi[g * T + t] << "\n";
        add("summary.csv", s);
    } else {
        throw std::runtime_error("'" + results.string() +
                                 "' is not a vaxsim results file (filetype " + type + ")");
    }
    // The folder appears whole or not at all.
    write_atomically(dir, force, [&](const fs::path& temp) {
        fs::create_directory(temp);
        for (const auto& [name, content] : tables) write_text(temp / name, content);
    });
    std::vector<std::string> names;
    for (const auto& t : tables) names.push_back(t.first);
    return names;
}

} // namespace vaxsim

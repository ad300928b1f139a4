#include "results/report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "models/constraint.hpp"
#include "models/text.hpp"
#include "results/format.hpp"
#include "results/hdf5_interface.hpp"
#include "results/output_file.hpp"
#include "results/run_file.hpp"
#include "results/run_reader.hpp"
#include "results/sweep_reader.hpp"
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

} // namespace

std::string html_page(const std::string& title, const std::string& body) {
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

namespace {

std::string badge(const std::string& cls, const std::string& text) {
    return "<span class=\"badge " + cls + "\">" + escape(text) + "</span>";
}

std::string metadata(const FileIdentity& id) {
    const std::string out = "vaxsim " + id.program_version + ", " + id.creation_time + " · seed " +
                            std::to_string(id.seed) + " · " + id.command_line;
    return "<p class=\"meta\">" + escape(out) + "</p>\n";
}

// New infections (or deaths) per day over all bands, and the same summed up to each day.
std::pair<std::vector<double>, std::vector<double>> daily_and_cumulative(const RealMatrix& m) {
    std::vector<double> per_day(static_cast<std::size_t>(m.rows())), cumulative(per_day.size());
    double sum = 0;
    for (Eigen::Index d = 0; d < m.rows(); ++d) {
        auto& day = per_day[static_cast<std::size_t>(d)];
        for (Eigen::Index a = 0; a < m.cols(); ++a) day += m(d, a); // in band order, as always
        cumulative[static_cast<std::size_t>(d)] = sum += day;
    }
    return {per_day, cumulative};
}

std::string run_report(const RunReader& reader) {
    std::ostringstream b;
    const ScenarioInfo scenario = reader.scenario();
    const Calendar cal = reader.calendar();
    const std::vector<std::string>& dates = cal.date;
    const std::size_t D = dates.size();
    const auto ticks = month_ticks(dates);
    const DailySeries daily = reader.daily();
    const auto at = [](std::size_t i) { return static_cast<Eigen::Index>(i); };
    b << "<h1>" << escape(scenario.name) << "</h1>\n<p>" << escape(scenario.description) << "</p>\n"
      << metadata(reader.identity()) << "<p class=\"meta\">" << escape(dates.front()) << " to "
      << escape(dates.back()) << " · first doses " << escape(scenario.first_dose_allocation)
      << " · second-dose reserve " << escape(scenario.second_dose_reserve) << "</p>\n";

    // Targets: the table, then each target's curve against its threshold and deadline.
    const TargetTable t = reader.targets();
    b << "<h2>Targets</h2>\n<table "
         "class=\"targets\"><tr><th>target</th><th>measure</th><th>population</th>"
      << "<th class=\"num\">threshold</th><th>deadline</th><th class=\"num\">at the "
         "deadline</th><th></th>"
      << "<th class=\"num\">margin</th><th>first reached</th></tr>\n";
    for (std::size_t i = 0; i < t.id.size(); ++i)
        b << "<tr><td>" << escape(t.label[i]) << "</td><td>" << escape(t.measure[i]) << "</td><td>"
          << escape(t.population[i]) << "</td><td class=\"num\">" << with_commas(t.threshold[i])
          << "</td><td>" << escape(t.deadline[i]) << "</td><td class=\"num\">"
          << with_commas(t.value_at_deadline[i]) << "</td><td>"
          << (t.met[i] ? badge("met", "met") : badge("missed", "not met"))
          << "</td><td class=\"num\">" << signed_commas(t.margin[i]) << "</td><td>"
          << escape(t.first_reached[i].empty() ? "never" : t.first_reached[i]) << "</td></tr>\n";
    b << "</table>\n";
    b << "<div class=\"grid-2\">\n";
    for (std::size_t i = 0; i < t.id.size(); ++i) {
        svg::LineChart chart(t.label[i], 480, 260);
        chart.x_labels(ticks);
        std::vector<double> values(D);
        for (std::size_t d = 0; d < D; ++d)
            values[d] = static_cast<double>(daily.target_value(at(d), at(i)));
        chart.add({t.measure[i], t.met[i] ? "#1e8449" : "#a93226", values});
        chart.horizontal({static_cast<double>(t.threshold[i]),
                          "threshold " + svg::short_number(static_cast<double>(t.threshold[i])),
                          "#555"});
        const auto deadline = std::find(dates.begin(), dates.end(), t.deadline[i]);
        if (deadline != dates.end())
            chart.vertical({static_cast<double>(deadline - dates.begin()), "deadline", "#555"});
        b << chart.render();
    }
    b << "</div>\n";

    // Coverage by tier.
    const GroupTable groups = reader.groups();
    std::vector<std::string> tiers;
    for (const auto& tier : groups.tier)
        if (std::find(tiers.begin(), tiers.end(), tier) == tiers.end()) tiers.push_back(tier);
    {
        svg::LineChart chart("People vaccinated by tier (solid: at least one dose; dashed: fully)");
        chart.x_labels(ticks);
        for (std::size_t k = 0; k <= tiers.size(); ++k) {
            std::vector<double> a(D, 0), f(D, 0);
            for (std::size_t g = 0; g < groups.id.size(); ++g)
                if (k == tiers.size() || groups.tier[g] == tiers[k])
                    for (std::size_t d = 0; d < D; ++d) {
                        a[d] += static_cast<double>(daily.first_dose_people(at(d), at(g)));
                        f[d] += static_cast<double>(daily.fully_vaccinated_people(at(d), at(g)));
                    }
            const std::string colour = k == tiers.size() ? "#222" : palette[k % 7];
            const std::string label = k == tiers.size() ? "all groups" : "tier " + tiers[k];
            chart.add({label, colour, a});
            chart.add({label + " (full)", colour, f, true});
        }
        b << "<h2>Coverage</h2>\n" << chart.render();
    }

    // Boosters and protection (항체유지기간), when the run gave boosters or protection
    // lapsed: completed a series, boosted, and up to date, all groups.
    if (daily.boosted_people.rows() == static_cast<Eigen::Index>(D) && D > 0) {
        std::vector<double> full(D), boosted(D), up(D);
        bool shown = false;
        for (std::size_t d = 0; d < D; ++d) {
            full[d] = static_cast<double>(daily.fully_vaccinated_people.row(at(d)).sum());
            boosted[d] = static_cast<double>(daily.boosted_people.row(at(d)).sum());
            up[d] = static_cast<double>(daily.up_to_date_people.row(at(d)).sum());
            shown = shown || boosted[d] > 0 || up[d] != full[d];
        }
        if (shown) {
            svg::LineChart chart("People with a completed series, boosted, and up to date "
                                 "(last dose still protecting), all groups");
            chart.x_labels(ticks);
            chart.add({"completed a series", "#222", full});
            chart.add({"boosted", "#8e44ad", boosted});
            chart.add({"up to date", "#16a085", up, true});
            b << "<h2>Boosters and protection</h2>\n"
              << chart.render() << "<p class=\"meta\">At the end: "
              << with_commas(std::llround(full[D - 1])) << " completed a series, "
              << with_commas(std::llround(boosted[D - 1])) << " boosted, "
              << with_commas(std::llround(up[D - 1])) << " up to date.</p>\n";
        }
    }

    // The quarterly plan, per group, with slips highlighted.
    const PlanCheckTable plan = reader.plan_check();
    if (!plan.group.empty()) {
        b << "<h2>Quarterly plan</h2>\n<p>People given a first dose within the quarter, against "
             "the plan's "
             "count.</p>\n<table class=\"plan\"><tr><th>quarter</th><th>tier</th><th>group</th>"
             "<th class=\"num\">planned</th><th class=\"num\">started</th><th "
             "class=\"num\">gap</th><th></th></tr>\n";
        std::vector<std::string> quarters = plan.quarter;
        std::sort(quarters.begin(), quarters.end());
        quarters.erase(std::unique(quarters.begin(), quarters.end()), quarters.end());
        for (const auto& q : quarters) {
            std::int64_t planned = 0, started = 0;
            for (const auto& tier : tiers)
                for (std::size_t k = 0; k < plan.group.size(); ++k) {
                    const std::size_t g = plan.group_index[k];
                    if (plan.quarter[k] != q || groups.tier[g] != tier) continue;
                    planned += plan.planned[k];
                    started += plan.started_in_quarter[k];
                    const bool slipped = plan.quarter_in_run[k] && !plan.met[k];
                    b << "<tr" << (slipped ? " class=\"slipped\"" : "") << "><td>" << escape(q)
                      << "</td><td>" << escape(tier) << "</td><td>" << escape(groups.label[g])
                      << " <span class=\"meta\">(" << escape(groups.id[g])
                      << ")</span></td><td class=\"num\">" << with_commas(plan.planned[k])
                      << "</td><td class=\"num\">" << with_commas(plan.started_in_quarter[k])
                      << "</td><td class=\"num\">"
                      << signed_commas(plan.started_in_quarter[k] - plan.planned[k]) << "</td><td>"
                      << (!plan.quarter_in_run[k] ? badge("partial", "partial")
                          : plan.met[k]           ? badge("met", "met")
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
    const std::vector<std::string> products = reader.products().id;
    b << "<h2>Supply, stock and doses given</h2>\n<div class=\"grid-2\">\n";
    for (std::size_t p = 0; p < products.size(); ++p) {
        svg::LineChart chart(products[p], 480, 260);
        chart.x_labels(ticks);
        std::vector<double> delivered(D), given(D), in_stock(D);
        double sd = 0, sg = 0;
        for (std::size_t d = 0; d < D; ++d) {
            delivered[d] = sd += static_cast<double>(daily.deliveries(at(d), at(p)));
            given[d] = sg += static_cast<double>(daily.administered(at(d), at(p)));
            in_stock[d] = static_cast<double>(daily.stock(at(d), at(p)));
        }
        chart.add({"delivered (cumulative)", "#2471a3", delivered});
        chart.add({"given (cumulative)", "#229954", given});
        chart.add({"in stock", "#b9770e", in_stock});
        b << chart.render();
    }
    b << "</div>\n";

    // People overdue for a later dose, on an axis of their own (a few hundred thousand
    // would be flat beside millions delivered), with each product's peak and person-days.
    {
        static constexpr std::array<const char*, 6> colours{"#c0392b", "#8e44ad", "#d35400",
                                                            "#16a085", "#2c3e50", "#7f8c8d"};
        svg::LineChart chart("People overdue for a later dose (due, not yet given)", 760, 260);
        chart.x_labels(ticks);
        // People who dropped out (a booked dose past its max_days), when any did.
        const bool drop_outs = daily.dropped_out.size() > 0 && daily.dropped_out.sum() > 0;
        b << "<h2>Overdue later doses</h2>\n<table><tr><th>product</th><th>peak</th>"
             "<th>on</th><th>person-days</th>"
          << (drop_outs ? "<th>dropped out</th>" : "") << "</tr>\n";
        for (std::size_t p = 0; p < products.size(); ++p) {
            std::vector<double> late(D);
            std::int64_t peak = 0, person_days = 0;
            std::size_t peak_at = 0;
            for (std::size_t d = 0; d < D; ++d) {
                const std::int64_t n = daily.second_doses_overdue(at(d), at(p));
                late[d] = static_cast<double>(n);
                person_days += n;
                if (n > peak) peak = n, peak_at = d;
            }
            chart.add({products[p], colours[p % colours.size()], late});
            b << "<tr><td>" << escape(products[p]) << "</td><td class=\"num\">"
              << with_commas(peak) << "</td><td>"
              << (peak > 0 ? escape(dates[peak_at]) : std::string("never"))
              << "</td><td class=\"num\">" << with_commas(person_days) << "</td>";
            if (drop_outs)
                b << "<td class=\"num\">" << with_commas(daily.dropped_out.col(at(p)).sum())
                  << "</td>";
            b << "</tr>\n";
        }
        b << "</table>\n" << chart.render();
    }

    // Health impact, when the scenario ran the epidemic model.
    if (const auto epi = reader.epidemic()) {
        const auto& cf = epi->counterfactual;
        b << "<h2>Health impact (epidemic model)</h2>\n<div class=\"grid-2\">\n";
        for (const bool deaths : {false, true}) {
            svg::LineChart chart(deaths ? "Deaths, cumulative" : "New infections per day", 480,
                                 260);
            chart.x_labels(ticks);
            const auto series = [&](const EpidemicSeries& s) {
                const auto [per_day, cumulative] =
                    daily_and_cumulative(deaths ? s.deaths : s.infections);
                return deaths ? cumulative : per_day;
            };
            chart.add({"this rollout", "#2471a3", series(epi->vaccinated)});
            if (cf) chart.add({"no vaccination", "#c0392b", series(*cf), true});
            b << chart.render();
        }
        b << "</div>\n";
        b << "<table class=\"epidemic\"><tr><th></th><th class=\"num\">this rollout</th>";
        if (cf) b << "<th class=\"num\">no vaccination</th><th class=\"num\">averted</th>";
        b << "</tr>\n";
        const auto row = [&](const char* what, double EpidemicSeries::*total) {
            const double with = epi->vaccinated.*total;
            b << "<tr><td>" << what << "</td><td class=\"num\">" << with_commas(std::llround(with))
              << "</td>";
            if (cf)
                b << "<td class=\"num\">" << with_commas(std::llround((*cf).*total))
                  << "</td><td class=\"num\">" << with_commas(std::llround((*cf).*total - with))
                  << "</td>";
            b << "</tr>\n";
        };
        row("infections", &EpidemicSeries::total_infections);
        row("hospitalisations", &EpidemicSeries::total_hospitalisations);
        row("deaths", &EpidemicSeries::total_deaths);
        b << "</table>\n<p class=\"meta\">Expected numbers from the SEIR model "
             "(models/EPIDEMIC.md); severity: "
          << escape(epi->severity_source) << "</p>\n";
    }

    // Capacity and what bound each day.
    {
        svg::LineChart chart("Doses per day: capacity and doses given; below, what bound each day");
        chart.x_labels(ticks);
        chart.add({"capacity", "#7f8c8d",
                   std::vector<double>(daily.capacity.begin(), daily.capacity.end())});
        chart.add({"doses given", "#2471a3",
                   std::vector<double>(daily.capacity_used.begin(), daily.capacity_used.end())});
        std::vector<std::string> cells;
        for (auto c : daily.binding_constraint) cells.emplace_back(constraint_info(c).colour);
        std::vector<std::pair<std::string, std::string>> legend;
        for (const ConstraintInfo& c : constraint_table)
            legend.emplace_back(std::string(c.colour), std::string(c.display_name));
        chart.strip(cells, legend);
        b << "<h2>Capacity</h2>\n" << chart.render();
        std::map<std::string, int> days;
        for (std::size_t d = 0; d < D; ++d) {
            std::string key(constraint_info(daily.binding_constraint[d]).display_name);
            if (daily.binding_product[d] >= 0)
                key += " (" + products[static_cast<std::size_t>(daily.binding_product[d])] + ")";
            ++days[key];
        }
        b << "<table class=\"binding\"><tr><th>what bound the day</th><th "
             "class=\"num\">days</th></tr>\n";
        for (const auto& [key, n] : days)
            b << "<tr><td>" << escape(key) << "</td><td class=\"num\">" << n << "</td></tr>\n";
        b << "</table>\n";
    }

    // Each kind of site's capacity and doses given, when the run has more than one.
    const SiteTable sites = reader.sites();
    if (sites.id.size() > 1 &&
        daily.site_capacity.cols() == static_cast<Eigen::Index>(sites.id.size())) {
        b << "<h2>Sites</h2>\n<div class=\"grid-2\">\n";
        for (std::size_t s = 0; s < sites.id.size(); ++s) {
            std::string title = sites.label[s];
            if (!sites.kind[s].empty()) title += " (" + sites.kind[s] + ")";
            title += ": " + sites.products[s];
            svg::LineChart chart(title, 480, 260);
            chart.x_labels(ticks);
            std::vector<double> cap(D), used(D);
            for (std::size_t d = 0; d < D; ++d) {
                cap[d] = static_cast<double>(daily.site_capacity(at(d), at(s)));
                used[d] = static_cast<double>(daily.site_capacity_used(at(d), at(s)));
            }
            chart.add({"capacity", "#7f8c8d", cap});
            chart.add({"doses given", "#2471a3", used});
            b << chart.render();
        }
        b << "</div>\n";
    }
    return html_page(scenario.name, b.str());
}

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

} // namespace

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    if (!out) throw std::runtime_error("could not write '" + path.string() + "' (disk full?)");
}

namespace {

// A whole decimal number (-5, +1.5, 2e-3): a spreadsheet reads it as the number it is.
bool plain_number(const std::string& text) {
    std::size_t i = 0, digits = 0;
    const auto skip_digits = [&] {
        std::size_t n = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++n;
        return n;
    };
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    digits += skip_digits();
    if (i < text.size() && text[i] == '.') ++i, digits += skip_digits();
    if (digits == 0) return false;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
        if (skip_digits() == 0) return false;
    }
    return i == text.size();
}

} // namespace

// A text cell (an id, a label, a name, a date as stored): a cell a spreadsheet would take
// for a formula, one beginning with =, +, -, @, a tab or a carriage return (or their
// full-width forms ＝ ＋ － ＠), gets a leading ' (OWASP's rule against CSV injection)
// unless it is a plain number; then a cell with a comma, quote or line break is quoted.
std::string csv_field(const std::string& text) {
    static constexpr std::string_view formula_starts[] = {"=", "+", "-", "@", "\t", "\r",
                                                          "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"};
    std::string cell = text;
    for (std::string_view start : formula_starts)
        if (cell.starts_with(start) && !plain_number(cell)) {
            cell.insert(0, 1, '\'');
            break;
        }
    if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
    std::string out = "\"";
    for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string report_html(hid_t file, const fs::path& results) {
    const FileIdentity id = read_identity(file, results);
    if (id.filetype == format::run_filetype) return run_report(RunReader(file, results));
    if (id.filetype == format::sweep_filetype) return sweep_report(SweepReader(file, results));
    throw FormatError(results, {"not a vaxsim results file (filetype " + id.filetype + ")"});
}

void write_report(const fs::path& results, const fs::path& html, bool force) {
    const OutputTarget output{html, force, OutputKind::file, {results}};
    check_output(output);
    if (!hdf5::is_hdf5_file(results))
        throw std::runtime_error("'" + results.string() + "' is not an HDF5 results file");
    const Handle file = hdf5::open_file(results);
    const std::string text = report_html(file, results);
    write_atomically(output, [&](const fs::path& temp) { write_text(temp, text); });
}

namespace {

using Tables = std::vector<std::pair<std::string, std::string>>; // file name, content

Tables run_tables(const RunReader& reader) {
    Tables tables;
    const auto add = [&](const std::string& name, const std::ostringstream& content) {
        tables.push_back({name, content.str()});
    };
    const auto at = [](std::size_t i) { return static_cast<Eigen::Index>(i); };
    const std::vector<std::string> dates = reader.calendar().date;
    const GroupTable groups = reader.groups();
    const std::vector<std::string> products = reader.products().id;
    const std::size_t D = dates.size(), G = groups.id.size(), P = products.size();
    {
        const DoseTable doses = reader.doses();
        std::ostringstream o;
        o << "date,group,product,dose,doses\n";
        for (std::size_t d = 0; d < D; ++d)
            for (std::size_t g = 0; g < G; ++g)
                for (std::size_t p = 0; p < P; ++p)
                    for (std::size_t k = 0; k < doses.doses; ++k)
                        if (const std::int64_t n = doses.at(d, g, p, k); n != 0)
                            o << csv_field(dates[d]) << "," << csv_field(groups.id[g]) << ","
                              << csv_field(products[p]) << "," << k + 1 << "," << n << "\n";
        add("daily_doses.csv", o);
    }
    {
        // The opening balance (run files 2.3; an older file, or a run that started from
        // nothing, has no rows): people given each dose number before the first day, and
        // per product the stock on hand and the deliveries it replaced.
        const InitialTable initial = reader.initial();
        std::ostringstream people, stock;
        people << "as_of,group,product,dose,people\n";
        stock << "as_of,product,stock,replaced_deliveries\n";
        if (!initial.as_of.empty()) {
            for (std::size_t g = 0; g < G; ++g)
                for (std::size_t p = 0; p < P; ++p)
                    for (std::size_t k = 0; k < initial.doses_per_person; ++k)
                        if (const std::int64_t n = initial.at(g, p, k); n != 0)
                            people << csv_field(initial.as_of) << "," << csv_field(groups.id[g])
                                   << "," << csv_field(products[p]) << "," << k + 1 << "," << n
                                   << "\n";
            for (std::size_t p = 0; p < P; ++p)
                stock << csv_field(initial.as_of) << "," << csv_field(products[p]) << ","
                      << initial.stock[p] << "," << initial.replaced_deliveries[p] << "\n";
        }
        add("initial_people.csv", people);
        add("initial_stock.csv", stock);
    }
    const DailySeries daily = reader.daily();
    {
        std::ostringstream o;
        // Boosted and up-to-date people came with run files 2.2: empty cells for an older
        // file, which did not record them.
        const bool boosters = daily.boosted_people.rows() == static_cast<Eigen::Index>(D);
        const auto cell = [&](const CountMatrix& m, std::size_t d, std::size_t g) {
            return boosters ? std::to_string(m(at(d), at(g))) : std::string();
        };
        o << "date,group,first_dose_people,fully_vaccinated_people,boosted_people,"
             "up_to_date_people\n";
        for (std::size_t d = 0; d < D; ++d)
            for (std::size_t g = 0; g < G; ++g)
                o << csv_field(dates[d]) << "," << csv_field(groups.id[g]) << ","
                  << daily.first_dose_people(at(d), at(g)) << ","
                  << daily.fully_vaccinated_people(at(d), at(g)) << ","
                  << cell(daily.boosted_people, d, g) << ","
                  << cell(daily.up_to_date_people, d, g) << "\n";
        add("daily_coverage.csv", o);
    }
    {
        // Movements and drop-outs came with run files 2.2; the reader gives zeros for an
        // older file, which had none.
        const CountMatrix* m[] = {&daily.deliveries,   &daily.extracted, &daily.imported,
                                  &daily.exported,     &daily.administered, &daily.wasted,
                                  &daily.stock,        &daily.second_doses_overdue,
                                  &daily.dropped_out};
        std::ostringstream o;
        o << "date,product,deliveries,extracted,imported,exported,administered,wasted,stock,"
             "second_doses_overdue,dropped_out\n";
        for (std::size_t d = 0; d < D; ++d)
            for (std::size_t p = 0; p < P; ++p) {
                o << csv_field(dates[d]) << "," << csv_field(products[p]);
                for (const CountMatrix* x : m) o << "," << (*x)(at(d), at(p));
                o << "\n";
            }
        add("daily_products.csv", o);
    }
    {
        std::ostringstream o;
        o << "date,capacity,capacity_used,binding_constraint,binding_product\n";
        for (std::size_t d = 0; d < D; ++d)
            o << csv_field(dates[d]) << "," << daily.capacity[d] << "," << daily.capacity_used[d] << ","
              << constraint_info(daily.binding_constraint[d]).label << ","
              << (daily.binding_product[d] >= 0
                      ? csv_field(products[static_cast<std::size_t>(daily.binding_product[d])])
                      : "")
              << "\n";
        add("daily_capacity.csv", o);
    }
    for (const format::PeriodDatasets* period : {&format::monthly, &format::quarterly}) {
        const PeriodTable t = reader.periods(*period);
        std::ostringstream o;
        o << "period,group,first_doses,second_doses,first_dose_people_at_end,fully_vaccinated_"
             "people_at_end\n";
        for (std::size_t k = 0; k < t.label.size(); ++k)
            for (std::size_t g = 0; g < G; ++g)
                o << csv_field(t.label[k]) << "," << csv_field(groups.id[g]) << ","
                  << t.first_doses(at(k), at(g)) << "," << t.second_doses(at(k), at(g)) << ","
                  << t.first_dose_people(at(k), at(g)) << ","
                  << t.fully_vaccinated_people(at(k), at(g)) << "\n";
        add(std::string(period->group) + ".csv", o);
    }
    {
        std::ostringstream o;
        o << "group,label,tier,size,willing\n";
        for (std::size_t g = 0; g < G; ++g)
            o << csv_field(groups.id[g]) << "," << csv_field(groups.label[g]) << ","
              << csv_field(groups.tier[g]) << "," << groups.size[g] << "," << groups.willing[g]
              << "\n";
        add("groups.csv", o);
    }
    if (const PlanCheckTable plan = reader.plan_check(); !plan.group.empty()) {
        std::ostringstream o;
        o << "group,quarter,planned,started_in_quarter,met\n";
        for (std::size_t k = 0; k < plan.group.size(); ++k)
            o << csv_field(plan.group[k]) << "," << csv_field(plan.quarter[k]) << "," << plan.planned[k] << ","
              << plan.started_in_quarter[k] << "," << plan.met[k] << "\n";
        add("plan_check.csv", o);
    }
    {
        const TargetTable t = reader.targets();
        std::ostringstream o;
        o << "target,label,deadline,threshold,value_at_deadline,met,margin,first_reached\n";
        for (std::size_t i = 0; i < t.id.size(); ++i)
            o << csv_field(t.id[i]) << "," << csv_field(t.label[i]) << "," << csv_field(t.deadline[i]) << ","
              << t.threshold[i] << "," << t.value_at_deadline[i] << "," << t.met[i] << ","
              << t.margin[i] << "," << csv_field(t.first_reached[i]) << "\n";
        add("targets.csv", o);
    }
    return tables;
}

} // namespace

std::vector<std::pair<std::string, std::string>> export_tables(hid_t file,
                                                                const fs::path& results) {
    const FileIdentity id = read_identity(file, results);
    if (id.filetype == format::run_filetype) return run_tables(RunReader(file, results));
    if (id.filetype != format::sweep_filetype)
        throw FormatError(results, {"not a vaxsim results file (filetype " + id.filetype + ")"});
    Tables tables;
    const auto add = [&](const std::string& name, const std::ostringstream& content) {
        tables.push_back({name, content.str()});
    };
    namespace f = format::sweep::outcome;
    const SweepReader reader(file, results);
    const auto ids = reader.targets().id;
    const std::size_t T = ids.size();
    const SweepRunIndex index = reader.run_index();
    const auto& grid = index.grid_point;
    const auto& sample = index.sample;
    const auto& replicate = index.replicate;
    const auto met = reader.outcome(f::target_met);
    const auto day = reader.outcome(f::target_first_reached_day);
    const auto margin = reader.outcome(f::target_margin);
    std::ostringstream o;
    o << "run,grid_point,sample,replicate,target,met,first_reached_day,margin\n";
    for (std::size_t r = 0; r < grid.size(); ++r)
        for (std::size_t t = 0; t < T; ++t)
            o << r << "," << grid[r] << "," << sample[r] << "," << replicate[r] << ","
              << csv_field(ids[t]) << "," << met[r * T + t] << "," << day[r * T + t] << ","
              << margin[r * T + t] << "\n";
    add("runs.csv", o);
    const auto labels = reader.grid_labels();
    const SweepOdds odds = reader.odds(format::sweep::by_grid_point);
    const auto& p = odds.p_met;
    const auto& lo = odds.p_met_low;
    const auto& hi = odds.p_met_high;
    std::ostringstream s;
    s << "grid_point,label,target,p_met,p_met_low,p_met_high\n";
    for (std::size_t g = 0; g < labels.size(); ++g)
        for (std::size_t t = 0; t < T; ++t)
            s << g << "," << csv_field(labels[g]) << "," << csv_field(ids[t]) << ","
              << p[g * T + t] << "," << lo[g * T + t] << "," << hi[g * T + t] << "\n";
    add("summary.csv", s);
    return tables;
}

std::vector<std::string> export_csv(const fs::path& results, const fs::path& dir, bool force) {
    const OutputTarget output{dir, force, OutputKind::export_folder, {results}};
    check_output(output);
    if (!hdf5::is_hdf5_file(results))
        throw std::runtime_error("'" + results.string() + "' is not an HDF5 results file");
    const Handle file = hdf5::open_file(results);
    const Tables tables = export_tables(file, results);
    // The folder appears whole or not at all, marked as vaxsim's (results/output_file.hpp).
    write_atomically(output, [&](const fs::path& temp) {
        fs::create_directory(temp);
        for (const auto& [name, content] : tables) write_text(temp / name, content);
    });
    std::vector<std::string> names;
    for (const auto& t : tables) names.push_back(t.first);
    return names;
}

} // namespace vaxsim

// The report of one run: targets, coverage, the quarterly plan, supply and stock, the
// binding constraints, boosters and sites, and the epidemic when there is one.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <sstream>

#include "models/constraint.hpp"
#include "models/text.hpp"
#include "results/format.hpp"
#include "results/report.hpp"
#include "results/report_parts.hpp"
#include "results/run_reader.hpp"
#include "results/slip_reasons.hpp"
#include "results/svg_chart.hpp"

namespace vaxsim {
namespace {

using report_parts::badge;
using report_parts::metadata;
using report_parts::palette;
using svg::escape;

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

// Why each slipped group slipped: when it finished, and what held it on the days of its
// quarter it was not fully served (run files 2.4 and later).
std::string slipped_groups_section(const RunReader& reader, const GroupTable& groups,
                                   const PlanCheckTable& plan, const DailySeries& daily) {
    const auto reasons = slip_reasons(reader, groups, plan, daily);
    if (reasons.empty()) return "";
    std::ostringstream b;
    b << "<h3>Why groups slipped</h3>\n<p>When each slipped group reached its plan count, and "
         "what held it on the days of its quarter it was not fully served.</p>\n<table "
         "class=\"slip-reasons\"><tr><th>quarter</th><th>group</th><th class=\"num\">started / "
         "planned</th><th>reached the plan count</th><th>held by (days)</th></tr>\n";
    for (const SlipReason& r : reasons) {
        b << "<tr><td>" << escape(r.quarter) << "</td><td>" << escape(groups.label[r.group])
          << " <span class=\"meta\">(" << escape(groups.id[r.group]) << ")</span></td><td "
          << "class=\"num\">" << with_commas(r.started) << " / " << with_commas(r.planned)
          << "</td><td>"
          << escape(!r.finished.empty()
                        ? r.finished
                        : "not in the run; last first dose " +
                              (r.final_date.empty() ? std::string("none") : r.final_date) + " (" +
                              with_commas(r.final_people) + " with a first dose, " +
                              with_commas(r.before_quarter) + " before the quarter)")
          << "</td><td>";
        for (std::size_t k = 0; k < r.held.size(); ++k) {
            const auto& [key, days] = r.held[k];
            const auto colon = key.find(':');
            const std::string code = key.substr(0, colon);
            std::string name = code;
            for (const ConstraintInfo& c : constraint_table)
                if (c.label == code) name = std::string(c.display_name);
            if (colon != std::string::npos) name += " (" + key.substr(colon + 1) + ")";
            b << (k ? ", " : "") << escape(name) << " " << days;
        }
        b << "</td></tr>\n";
    }
    b << "</table>\n";
    return b.str();
}

} // namespace

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
        b << slipped_groups_section(reader, groups, plan, daily);
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

} // namespace vaxsim

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
#include "results/labels.hpp"
#include "results/report.hpp"
#include "results/report_parts.hpp"
#include "results/run_reader.hpp"
#include "results/slip_reasons.hpp"
#include "results/solve_record.hpp"
#include "results/sweep_summary.hpp"
#include "results/svg_chart.hpp"

namespace vaxsim {
namespace {

using report_parts::badge;
using report_parts::metadata;
using report_parts::weekly_average;
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

// "bands 18-49, 50-64, 75+" with each item kept on one line (a browser would otherwise
// break "18-49" at its hyphen); escaped.
std::string unbroken_items(const std::string& text) {
    std::string out;
    std::size_t begin = 0;
    while (begin <= text.size()) {
        std::size_t end = text.find(", ", begin);
        if (end == std::string::npos) end = text.size();
        if (!out.empty()) out += ", ";
        out += "<span class=\"nowrap\">" + escape(text.substr(begin, end - begin)) + "</span>";
        begin = end + 2;
    }
    return out;
}

// Why each slipped group slipped: when it finished, and what held it on the days of its
// quarter it was not fully served (run files 2.4 and later).
std::string slipped_groups_section(const RunReader& reader, const GroupTable& groups,
                                   const PlanCheckTable& plan, const DailySeries& daily,
                                   Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    const auto reasons = slip_reasons(reader, groups, plan, daily);
    if (reasons.empty()) return "";
    std::ostringstream b;
    b << "<h3>" << T(Label::why_slipped) << "</h3>\n<p>" << escape(T(Label::why_slipped_intro))
      << "</p>\n<table class=\"slip-reasons\"><tr><th>" << T(Label::col_quarter) << "</th><th>"
      << T(Label::col_group) << "</th><th class=\"num\">" << T(Label::col_started_of_planned)
      << "</th><th>" << T(Label::col_reached_plan) << "</th><th>" << T(Label::col_held_by)
      << "</th></tr>\n";
    for (const SlipReason& r : reasons) {
        b << "<tr><td>" << escape(r.quarter) << "</td><td>" << escape(groups.label[r.group])
          << " <span class=\"meta\">(" << escape(groups.id[r.group]) << ")</span></td><td "
          << "class=\"num\">" << with_commas(r.started) << " / " << with_commas(r.planned)
          << "</td><td>"
          << escape(!r.finished.empty()
                        ? r.finished
                        : fill(T(Label::not_reached_in_run),
                               {r.final_date.empty() ? T(Label::never) : r.final_date,
                                with_commas(r.final_people), with_commas(r.before_quarter)}))
          << "</td><td>";
        for (std::size_t k = 0; k < r.held.size(); ++k) {
            const auto& [key, days] = r.held[k];
            b << (k ? ", " : "") << escape(held_name(key, lang)) << " " << days;
        }
        b << "</td></tr>\n";
    }
    b << "</table>\n";
    return b.str();
}

// What `vaxsim solve` asked and found, when the file is its record: the question, the
// answer (or that the whole range meets), under uncertainty a caution, and every value
// tried with its runs (the answer and the value one step before it marked). The rest of
// the report is the run at the answer.
std::string solve_section(const SolveRecord& r, const TargetTable& targets, Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    std::vector<std::string> named;
    for (const std::string& id : r.targets) {
        std::string label = id;
        for (std::size_t i = 0; i < targets.id.size(); ++i)
            if (targets.id[i] == id) label = targets.label[i] + " (" + id + ")";
        named.push_back(label);
    }
    const std::string what = r.display_name == r.path ? r.path : r.display_name + " (" + r.path + ")";
    std::string question = fill(T(r.direction == "latest" ? Label::rp_solve_latest : Label::rp_solve_smallest),
                                {what, joined(named, lang == Language::ko ? " 및 " : " and ")});
    if (r.futures > 0)
        question += ", " + fill(T(Label::rp_solve_futures), {percent(r.p), with_commas(r.futures)});
    std::ostringstream b;
    b << "<h2>" << T(Label::rp_solve_heading) << "</h2>\n<p>" << escape(question) << ". "
      << escape(fill(T(Label::rp_solve_range),
                     {solve_value_shown(r.range_from), solve_value_shown(r.range_to),
                      solve_value_shown(r.step) +
                          (r.kind != "date"       ? ""
                           : lang == Language::ko ? "일"
                           : r.step == "1"        ? " day"
                                                  : " days")}))
      << "</p>\n";
    if (!r.answer) return b.str(); // not written without one; an old or odd file
    const SolveEvaluation& at = r.evaluations[*r.answer];
    if (r.status == SolveStatus::met_everywhere)
        b << "<p><strong>" << escape(fill(T(Label::rp_solve_everywhere), {solve_value_shown(at.value)}))
          << "</strong></p>\n";
    else
        b << "<p class=\"answer\"><strong>" << escape(fill(T(Label::rp_solve_answer), {solve_value_shown(at.value)}))
          << "</strong></p>\n";
    if (r.futures > 0 && r.status == SolveStatus::solved)
        b << "<p>" << escape(fill(T(Label::rp_solve_caution),
                                  {with_commas(r.futures), std::to_string(r.evaluations.size()),
                                   percent(r.p)}))
          << "</p>\n";
    b << "<p class=\"meta\">" << escape(T(Label::rp_solve_bracket)) << "</p>\n<table class=\"solve\"><tr><th>"
      << T(Label::rp_solve_col_value) << "</th>";
    if (r.futures > 0) b << "<th class=\"num\">" << T(Label::w_col_runs) << "</th><th class=\"num\">" << T(Label::w_col_p) << "</th>";
    b << "<th></th></tr>\n";
    for (std::size_t i : solve_values_in_order(r)) {
        const SolveEvaluation& e = r.evaluations[i];
        const bool marked = i == *r.answer || (r.last_failing && i == *r.last_failing);
        b << "<tr><td>" << (marked ? "<strong>" : "") << escape(solve_value_shown(e.value))
          << (marked ? "</strong>" : "") << "</td>";
        if (r.futures > 0) {
            const WilsonInterval w = wilson_interval(e.met, e.runs);
            b << "<td class=\"num\">" << with_commas(e.met) << " / " << with_commas(e.runs)
              << "</td><td class=\"num\">" << percent(e.p_met())
              << " <span class=\"meta\">(" << percent(w.low) << "–" << percent(w.high) << ")</span></td>";
        }
        b << "<td>" << (e.meets ? badge("met", T(Label::rp_solve_meets)) : badge("missed", T(Label::rp_solve_fails)))
          << "</td></tr>\n";
    }
    b << "</table>\n<p class=\"meta\">"
      << escape(r.futures > 0 ? fill(T(Label::rp_solve_run_future),
                                     {solve_value_shown(at.value), std::to_string(r.future),
                                      with_commas(r.futures)})
                              : fill(T(Label::rp_solve_run_shown), {solve_value_shown(at.value)}))
      << "</p>\n";
    return b.str();
}

} // namespace

std::string run_report(const RunReader& reader, Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    std::ostringstream b;
    const ScenarioInfo scenario = reader.scenario();
    const Calendar cal = reader.calendar();
    const std::vector<std::string>& dates = cal.date;
    const std::size_t D = dates.size();
    const auto ticks = month_ticks(dates, lang);
    const DailySeries daily = reader.daily();
    const auto at = [](std::size_t i) { return static_cast<Eigen::Index>(i); };
    b << "<h1>" << escape(scenario.name) << "</h1>\n<p>" << escape(scenario.description) << "</p>\n"
      << metadata(reader.identity()) << "<p class=\"meta\">"
      << escape(fill(T(Label::from_to), {dates.front(), dates.back()})) << " · "
      << escape(fill(T(Label::first_doses_policy), {scenario.first_dose_allocation})) << " · "
      << escape(fill(T(Label::second_dose_reserve_policy), {scenario.second_dose_reserve}))
      << "</p>\n";

    // Targets: the table, then each target's curve against its threshold and deadline.
    const TargetTable t = reader.targets();
    if (const auto solved = reader.solve()) b << solve_section(*solved, t, lang);
    b << "<h2>" << T(Label::targets) << "</h2>\n<table class=\"targets\"><tr><th>"
      << T(Label::col_target) << "</th><th>" << T(Label::col_measure) << "</th><th>"
      << T(Label::col_population) << "</th><th class=\"num\">" << T(Label::col_threshold)
      << "</th><th class=\"date\">" << T(Label::col_deadline) << "</th><th class=\"num\">"
      << T(Label::col_at_deadline) << "</th><th></th><th class=\"num\">" << T(Label::col_margin)
      << "</th><th class=\"date\">" << T(Label::col_first_reached) << "</th></tr>\n";
    for (std::size_t i = 0; i < t.id.size(); ++i)
        b << "<tr><td>" << escape(t.label[i]) << "</td><td>"
          << escape(measure_name(t.measure[i], lang))
          << "</td><td>" << unbroken_items(population_name(t.population[i], lang))
          << "</td><td class=\"num\">" << with_commas(t.threshold[i]) << "</td><td class=\"date\">" << escape(t.deadline[i])
          << "</td><td class=\"num\">" << with_commas(t.value_at_deadline[i]) << "</td><td>"
          << (t.met[i] ? badge("met", T(Label::met)) : badge("missed", T(Label::not_met)))
          << "</td><td class=\"num\">" << signed_commas(t.margin[i]) << "</td><td class=\"date\">"
          << escape(t.first_reached[i].empty() ? T(Label::never) : t.first_reached[i])
          << "</td></tr>\n";
    b << "</table>\n";
    b << "<div class=\"grid-2\">\n";
    for (std::size_t i = 0; i < t.id.size(); ++i) {
        svg::LineChart chart(t.label[i], 480, 260);
        chart.x_labels(ticks);
        std::vector<double> values(D);
        for (std::size_t d = 0; d < D; ++d)
            values[d] = static_cast<double>(daily.target_value(at(d), at(i)));
        chart.y_title(measure_unit(t.measure[i], lang));
        chart.add({measure_name(t.measure[i], lang), t.met[i] ? "#1e8449" : "#a93226", values});
        chart.horizontal(
            {static_cast<double>(t.threshold[i]),
             fill(T(Label::threshold), {svg::short_number(static_cast<double>(t.threshold[i]))}),
             "#555"});
        const auto deadline = std::find(dates.begin(), dates.end(), t.deadline[i]);
        if (deadline != dates.end())
            chart.vertical(
                {static_cast<double>(deadline - dates.begin()), T(Label::deadline), "#555"});
        b << chart.render();
    }
    b << "</div>\n";

    // Places (districts), when the scenario has them.
    if (const auto places = reader.places())
        b << places_section(*places, t, reader.plan_check(), dates, ticks, lang);

    // Coverage by tier.
    const GroupTable groups = reader.groups();
    std::vector<std::string> tiers;
    for (const auto& tier : groups.tier)
        if (std::find(tiers.begin(), tiers.end(), tier) == tiers.end()) tiers.push_back(tier);
    {
        svg::LineChart chart(T(Label::coverage_by_tier_title));
        chart.x_labels(ticks);
        chart.y_title(T(Label::axis_people));
        for (std::size_t k = 0; k <= tiers.size(); ++k) {
            std::vector<double> a(D, 0), f(D, 0);
            for (std::size_t g = 0; g < groups.id.size(); ++g)
                if (k == tiers.size() || groups.tier[g] == tiers[k])
                    for (std::size_t d = 0; d < D; ++d) {
                        a[d] += static_cast<double>(daily.first_dose_people(at(d), at(g)));
                        f[d] += static_cast<double>(daily.fully_vaccinated_people(at(d), at(g)));
                    }
            const std::string colour = k == tiers.size() ? "#222" : palette[k % 7];
            const std::string label =
                k == tiers.size() ? T(Label::all_groups) : fill(T(Label::tier_n), {tiers[k]});
            chart.add({label, colour, a});
            chart.add({fill(T(Label::fully_suffix), {label}), colour, f, true});
        }
        b << "<h2>" << T(Label::coverage) << "</h2>\n" << chart.render();
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
            svg::LineChart chart(T(Label::boosters_title));
            chart.x_labels(ticks);
            chart.y_title(T(Label::axis_people));
            chart.add({T(Label::completed_series), "#222", full});
            chart.add({T(Label::boosted), "#8e44ad", boosted});
            chart.add({T(Label::up_to_date), "#16a085", up, true});
            b << "<h2>" << T(Label::boosters_and_protection) << "</h2>\n"
              << chart.render() << "<p class=\"meta\">"
              << escape(fill(T(Label::at_the_end), {with_commas(std::llround(full[D - 1])),
                                                    with_commas(std::llround(boosted[D - 1])),
                                                    with_commas(std::llround(up[D - 1]))}))
              << "</p>\n";
        }
    }

    // The quarterly plan, per group, with slips highlighted.
    const PlanCheckTable plan = reader.plan_check();
    if (!plan.group.empty()) {
        b << "<h2>" << T(Label::quarterly_plan) << "</h2>\n<p>" << escape(T(Label::plan_intro))
          << "</p>\n<table class=\"plan\"><tr><th>" << T(Label::col_quarter) << "</th><th>"
          << T(Label::col_tier) << "</th><th>" << T(Label::col_group) << "</th><th class=\"num\">"
          << T(Label::col_planned) << "</th><th class=\"num\">" << T(Label::col_started)
          << "</th><th class=\"num\">" << T(Label::col_gap) << "</th><th></th></tr>\n";
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
                      << (!plan.quarter_in_run[k] ? badge("partial", T(Label::partial))
                          : plan.met[k]           ? badge("met", T(Label::met))
                                                  : badge("missed", T(Label::slipped)))
                      << "</td></tr>\n";
                }
            b << "<tr class=\"total\"><td>" << escape(q)
              << "</td><td></td><td>" << T(Label::quarter_total) << "</td><td class=\"num\">"
              << with_commas(planned)
              << "</td><td class=\"num\">" << with_commas(started) << "</td><td class=\"num\">"
              << signed_commas(started - planned) << "</td><td></td></tr>\n";
        }
        b << "</table>\n";
        b << slipped_groups_section(reader, groups, plan, daily, lang);
    }

    // Supply and use, per product.
    const ProductTable product_table = reader.products();
    const std::vector<std::string>& products = product_table.id;
    b << "<h2>" << T(Label::supply_stock_given) << "</h2>\n<div class=\"grid-2\">\n";
    for (std::size_t p = 0; p < products.size(); ++p) {
        const std::string& label = product_table.label[p];
        svg::LineChart chart(label.empty() || label == products[p] ? products[p]
                                                                   : label + " (" + products[p] + ")",
                             480, 260);
        chart.x_labels(ticks);
        chart.y_title(T(Label::axis_doses));
        std::vector<double> delivered(D), given(D), in_stock(D);
        double sd = 0, sg = 0;
        for (std::size_t d = 0; d < D; ++d) {
            delivered[d] = sd += static_cast<double>(daily.deliveries(at(d), at(p)));
            given[d] = sg += static_cast<double>(daily.administered(at(d), at(p)));
            in_stock[d] = static_cast<double>(daily.stock(at(d), at(p)));
        }
        chart.add({T(Label::delivered_cumulative), "#2471a3", delivered});
        chart.add({T(Label::given_cumulative), "#229954", given});
        chart.add({T(Label::in_stock), "#b9770e", in_stock});
        b << chart.render();
    }
    b << "</div>\n";

    // People overdue for a later dose, on an axis of their own (a few hundred thousand
    // would be flat beside millions delivered), with each product's peak and person-days.
    {
        static constexpr std::array<const char*, 6> colours{"#c0392b", "#8e44ad", "#d35400",
                                                            "#16a085", "#2c3e50", "#7f8c8d"};
        svg::LineChart chart(T(Label::overdue_title), 760, 260);
        chart.x_labels(ticks);
        chart.y_title(T(Label::axis_people));
        // People who dropped out (a booked dose past its max_days), when any did.
        const bool drop_outs = daily.dropped_out.size() > 0 && daily.dropped_out.sum() > 0;
        b << "<h2>" << T(Label::overdue_later_doses) << "</h2>\n<table><tr><th>"
          << T(Label::col_product) << "</th><th>" << T(Label::col_peak)
          << "</th><th class=\"date\">" << T(Label::col_on) << "</th><th>"
          << T(Label::col_person_days) << "</th>"
          << (drop_outs ? "<th>" + T(Label::col_dropped_out) + "</th>" : "") << "</tr>\n";
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
              << with_commas(peak) << "</td><td class=\"date\">"
              << (peak > 0 ? escape(dates[peak_at]) : T(Label::never))
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
        b << "<h2>" << T(Label::health_impact) << "</h2>\n<div class=\"grid-2\">\n";
        for (const bool deaths : {false, true}) {
            svg::LineChart chart(
                T(deaths ? Label::deaths_cumulative : Label::new_infections_per_day), 480, 260);
            chart.x_labels(ticks);
            chart.y_title(T(deaths ? Label::axis_people : Label::axis_people_per_day));
            const auto series = [&](const EpidemicSeries& s) {
                const auto [per_day, cumulative] =
                    daily_and_cumulative(deaths ? s.deaths : s.infections);
                return deaths ? cumulative : per_day;
            };
            chart.add({T(Label::this_rollout), "#2471a3", series(epi->vaccinated)});
            if (cf) chart.add({T(Label::no_vaccination), "#c0392b", series(*cf), true});
            b << chart.render();
        }
        b << "</div>\n";
        b << "<table class=\"epidemic\"><tr><th></th><th class=\"num\">" << T(Label::this_rollout)
          << "</th>";
        if (cf)
            b << "<th class=\"num\">" << T(Label::no_vaccination) << "</th><th class=\"num\">"
              << T(Label::averted) << "</th>";
        b << "</tr>\n";
        const auto row = [&](const std::string& what, double EpidemicSeries::*total) {
            const double with = epi->vaccinated.*total;
            b << "<tr><td>" << what << "</td><td class=\"num\">" << with_commas(std::llround(with))
              << "</td>";
            if (cf)
                b << "<td class=\"num\">" << with_commas(std::llround((*cf).*total))
                  << "</td><td class=\"num\">" << with_commas(std::llround((*cf).*total - with))
                  << "</td>";
            b << "</tr>\n";
        };
        row(T(Label::infections), &EpidemicSeries::total_infections);
        row(T(Label::hospitalisations), &EpidemicSeries::total_hospitalisations);
        row(T(Label::deaths), &EpidemicSeries::total_deaths);
        b << "</table>\n<p class=\"meta\">"
          << escape(fill(T(Label::epidemic_note), {epi->severity_source})) << "</p>\n";
        if (const auto& h = epi->hospital) {
            // People in ward and ICU beds each day against the beds there are.
            b << "<h3>" << T(Label::rp_hosp_heading) << "</h3>\n<div class=\"grid-2\">\n";
            for (const bool icu : {false, true}) {
                svg::LineChart chart(T(icu ? Label::rp_icu_chart : Label::rp_ward_chart), 480, 260);
                chart.x_labels(ticks);
                chart.y_title(T(Label::axis_people));
                const auto occupancy = [&](const HospitalLoadSeries& s) {
                    return icu ? s.icu_occupancy : s.ward_occupancy;
                };
                chart.add({T(Label::this_rollout), "#2471a3", occupancy(h->vaccinated)});
                if (h->counterfactual)
                    chart.add({T(Label::no_vaccination), "#c0392b", occupancy(*h->counterfactual),
                               true});
                const std::int64_t beds = icu ? h->icu_beds : h->beds;
                chart.horizontal({static_cast<double>(beds),
                                  fill(T(Label::rp_beds_line), {with_commas(beds)}), "#555"});
                b << chart.render();
            }
            b << "</div>\n<table class=\"epidemic hospital\"><tr><th></th><th class=\"num\">"
              << T(Label::this_rollout) << "</th>";
            if (h->counterfactual) b << "<th class=\"num\">" << T(Label::no_vaccination) << "</th>";
            b << "</tr>\n";
            const auto row = [&](Label what, const auto& cell) {
                b << "<tr><td>" << T(what) << "</td><td class=\"num\">" << cell(h->vaccinated)
                  << "</td>";
                if (h->counterfactual)
                    b << "<td class=\"num\">" << cell(*h->counterfactual) << "</td>";
                b << "</tr>\n";
            };
            const auto peak = [&](bool icu) {
                return [&, icu](const HospitalLoadSeries& s) {
                    const auto [people, day] =
                        HospitalLoadSeries::peak(icu ? s.icu_occupancy : s.ward_occupancy);
                    return escape(fill(T(Label::s_on_date),
                                       {with_commas(std::llround(people)), dates[day]}));
                };
            };
            row(Label::s_hosp_peak_ward, peak(false));
            row(Label::s_hosp_peak_icu, peak(true));
            row(Label::s_hosp_over_ward,
                [](const HospitalLoadSeries& s) { return with_commas(s.days_over_beds); });
            row(Label::s_hosp_over_icu,
                [](const HospitalLoadSeries& s) { return with_commas(s.days_over_icu_beds); });
            const auto after = [](bool deaths) {
                return [deaths](const HospitalLoadSeries& s) {
                    double t = 0;
                    for (double x : deaths ? s.deaths_after_end : s.admissions_after_end) t += x;
                    return with_commas(std::llround(t));
                };
            };
            row(Label::s_hosp_adm_after_end, after(false));
            row(Label::s_hosp_deaths_after_end, after(true));
            b << "</table>\n<p class=\"meta\">"
              << escape(fill(T(Label::rp_hosp_note), {h->source})) << "</p>\n";
        }
    }

    // Capacity and what bound each day.
    {
        // Weekly levels: capacity runs lighter at weekends, and day by day the lines would
        // zigzag seven times a month; the strip below keeps each day's binding constraint.
        svg::LineChart chart(T(Label::capacity_title));
        chart.x_labels(ticks);
        chart.y_title(T(Label::axis_doses_per_day_weekly));
        const auto as_doubles = [](const auto& v) { return std::vector<double>(v.begin(), v.end()); };
        chart.add({T(Label::capacity_legend), "#7f8c8d",
                   weekly_average(as_doubles(daily.capacity), dates)});
        chart.add({T(Label::doses_given), "#2471a3",
                   weekly_average(as_doubles(daily.capacity_used), dates)});
        std::vector<std::string> cells;
        for (auto c : daily.binding_constraint) cells.emplace_back(constraint_info(c).colour);
        std::vector<std::pair<std::string, std::string>> legend;
        for (const ConstraintInfo& c : constraint_table)
            legend.emplace_back(std::string(c.colour), std::string(constraint_name(c.code, lang)));
        chart.strip(cells, legend);
        b << "<h2>" << T(Label::capacity_section) << "</h2>\n" << chart.render();
        std::map<std::string, int> days;
        for (std::size_t d = 0; d < D; ++d) {
            std::string key(
                constraint_name(constraint_info(daily.binding_constraint[d]).code, lang));
            if (daily.binding_product[d] >= 0)
                key += " (" + products[static_cast<std::size_t>(daily.binding_product[d])] + ")";
            ++days[key];
        }
        b << "<table class=\"binding\"><tr><th>" << T(Label::col_bound_by)
          << "</th><th class=\"num\">" << T(Label::col_days) << "</th></tr>\n";
        for (const auto& [key, n] : days)
            b << "<tr><td>" << escape(key) << "</td><td class=\"num\">" << n << "</td></tr>\n";
        b << "</table>\n";
    }

    // Each kind of site's capacity and doses given, when the run has more than one.
    const SiteTable sites = reader.sites();
    if (sites.id.size() > 1 &&
        daily.site_capacity.cols() == static_cast<Eigen::Index>(sites.id.size())) {
        b << "<h2>" << T(Label::sites) << "</h2>\n<div class=\"grid-2\">\n";
        for (std::size_t s = 0; s < sites.id.size(); ++s) {
            std::string title = sites.label[s];
            if (!sites.kind[s].empty()) title += " (" + sites.kind[s] + ")";
            title += ": " + sites.products[s];
            svg::LineChart chart(title, 480, 260);
            chart.x_labels(ticks);
            chart.y_title(T(Label::axis_doses_per_day_weekly));
            std::vector<double> cap(D), used(D);
            for (std::size_t d = 0; d < D; ++d) {
                cap[d] = static_cast<double>(daily.site_capacity(at(d), at(s)));
                used[d] = static_cast<double>(daily.site_capacity_used(at(d), at(s)));
            }
            chart.add({T(Label::capacity_legend), "#7f8c8d", weekly_average(cap, dates)});
            chart.add({T(Label::doses_given), "#2471a3", weekly_average(used, dates)});
            b << chart.render();
        }
        b << "</div>\n";
    }
    return html_page(scenario.name, b.str(), lang);
}

} // namespace vaxsim

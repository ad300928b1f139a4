// The HTML page of `vaxsim compare A.h5 B.h5 ... -o compare.html`: the runs overlaid on
// one day axis (from the earliest first day to the latest last day), one colour per run
// everywhere: each target's curve, coverage of everyone, the quarterly plan side by side,
// and what bound each day, one strip per run; runs with places add their spread across
// places under each target and their quarterly plan by place.
#include <algorithm>
#include <optional>
#include <sstream>

#include "models/constraint.hpp"
#include "models/date.hpp"
#include "models/text.hpp"
#include "results/compare.hpp"
#include "results/place_summary.hpp"
#include "results/report.hpp"
#include "results/report_parts.hpp"
#include "results/svg_chart.hpp"

namespace vaxsim {

std::string runs_comparison_html(const std::vector<const RunReader*>& readers,
                                 const RunsComparison& c, Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    using report_parts::badge;
    using report_parts::palette;
    using report_parts::palette_size;
    using svg::escape;
    const std::size_t R = readers.size();
    const auto colour = [&](std::size_t r) { return std::string(palette[r % palette_size]); };

    // The common day axis.
    std::vector<Calendar> calendars;
    std::vector<DayNumber> first;
    DayNumber lo = 0, hi = 0;
    for (std::size_t r = 0; r < R; ++r) {
        calendars.push_back(readers[r]->calendar());
        const DayNumber a = *parse_iso_date(calendars[r].date.front());
        const DayNumber b = a + static_cast<DayNumber>(calendars[r].date.size()) - 1;
        first.push_back(a);
        lo = r == 0 ? a : std::min(lo, a);
        hi = r == 0 ? b : std::max(hi, b);
    }
    std::vector<std::string> dates;
    for (DayNumber d = lo; d <= hi; ++d) dates.push_back(format_iso_date(d));
    const auto ticks = month_ticks(dates, lang);
    // A run's series on the common axis: its x positions, or none (one value per position)
    // when the run covers the whole axis (x positions would also mark each value with a dot).
    const auto x_of = [&](std::size_t r) {
        if (first[r] == lo && calendars[r].date.size() == static_cast<std::size_t>(hi - lo + 1))
            return std::vector<int>{};
        std::vector<int> x(calendars[r].date.size());
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = first[r] - lo + static_cast<int>(i);
        return x;
    };
    std::vector<DailySeries> daily;
    for (const RunReader* reader : readers) daily.push_back(reader->daily());
    // Runs with places: each one's quarterly plan by place (results/place_summary.hpp).
    std::vector<std::optional<std::vector<PlaceQuarter>>> place_plans(R);
    std::vector<std::size_t> place_count(R, 0);
    bool any_places = false;
    for (std::size_t r = 0; r < R; ++r)
        if (const std::optional<PlaceData> p = readers[r]->places()) {
            any_places = true;
            place_count[r] = p->places;
            place_plans[r] = place_quarters(p->places, place_plan_rows(*p, readers[r]->plan_check()));
        }

    std::ostringstream b;
    b << "<h1>" << T(Label::v_runs_compared) << "</h1>\n<table class=\"compare-runs\"><tr><th></th><th>"
      << T(Label::v_col_run) << "</th><th>" << T(Label::v_col_file) << "</th><th>"
      << T(Label::v_col_scenario) << "</th><th>" << T(Label::v_col_dates) << "</th><th>"
      << T(Label::v_col_command) << "</th></tr>\n";
    for (std::size_t r = 0; r < R; ++r) {
        const ComparedRun& run = c.runs[r];
        b << "<tr><td><span class=\"swatch\" style=\"background:" << colour(r)
          << "\"></span></td><td>"
          << escape(r == 0 ? fill(T(Label::v_base), {run.name}) : run.name) << "</td><td>"
          << escape(run.file) << "</td><td>" << escape(run.scenario) << "</td><td>"
          << escape(fill(T(Label::from_to), {run.first_day, run.last_day})) << "</td><td>"
          << escape(run.command_line) << "</td></tr>\n";
    }
    b << "</table>\n";
    for (std::size_t r = 1; r < R; ++r) {
        b << "<h2>" << escape(fill(T(Label::v_what_changed), {c.runs[r].name}))
          << "</h2>\n<ul class=\"changes\">";
        for (const auto& line : c.changes[r - 1]) b << "<li>" << escape(line) << "</li>";
        b << "</ul>\n";
    }

    // Targets: the table, then each target's curves.
    b << "<h2>" << T(Label::targets) << "</h2>\n<table class=\"targets\"><tr><th>"
      << T(Label::col_target) << "</th><th>" << T(Label::v_col_run) << "</th><th></th><th>"
      << T(Label::col_first_reached) << "</th><th class=\"num\">" << T(Label::v_vs_base)
      << "</th><th class=\"num\">" << T(Label::col_margin) << "</th><th class=\"num\">"
      << T(Label::v_vs_base) << "</th>" << (any_places ? "<th>" + T(Label::rp_places) + "</th>" : "")
      << "</tr>\n";
    for (const TargetAcrossRuns& t : c.targets)
        for (std::size_t r = 0; r < R; ++r) {
            b << "<tr><td>" << (r == 0 ? escape(t.label) + " [" + escape(t.id) + "]" : "")
              << "</td><td>" << escape(c.runs[r].name) << "</td>";
            if (!t.runs[r]) {
                b << "<td colspan=\"" << (any_places ? 6 : 5) << "\">" << T(Label::v_no_target)
                  << "</td></tr>\n";
                continue;
            }
            const ComparedTarget& x = *t.runs[r];
            const auto later = t.days_later(r);
            b << "<td>"
              << (x.met ? badge("met", T(Label::met)) : badge("missed", T(Label::not_met)))
              << "</td><td class=\"date\">"
              << escape(x.first_reached.empty() ? T(Label::never) : x.first_reached)
              << "</td><td class=\"num\">"
              << (r > 0 && later ? fill(T(Label::v_days_delta),
                                        {(*later > 0 ? "+" : "") + std::to_string(*later)})
                                 : "")
              << "</td><td class=\"num\">" << signed_commas(x.margin) << "</td><td class=\"num\">"
              << (r > 0 && t.runs[0] ? signed_commas(x.margin - t.runs[0]->margin) : "") << "</td>";
            if (any_places) {
                // As `vaxsim compare` prints it under the target.
                b << "<td class=\"across-places\">"
                  << (x.places ? escape(across_places_words(*x.places, lang)) : "") << "</td>";
            }
            b << "</tr>\n";
        }
    b << "</table>\n<div class=\"grid-2\">\n";
    for (const TargetAcrossRuns& t : c.targets) {
        svg::LineChart chart(t.label, 480, 260);
        chart.x_labels(ticks);
        std::optional<std::int64_t> threshold;
        std::string deadline;
        for (std::size_t r = 0; r < R; ++r) {
            if (!t.runs[r]) continue;
            const TargetTable targets = readers[r]->targets();
            const auto i = static_cast<Eigen::Index>(
                std::find(targets.id.begin(), targets.id.end(), t.id) - targets.id.begin());
            std::vector<double> values(calendars[r].date.size());
            for (std::size_t d = 0; d < values.size(); ++d)
                values[d] = static_cast<double>(daily[r].target_value(static_cast<Eigen::Index>(d), i));
            chart.add({c.runs[r].name, colour(r), values, false, x_of(r)});
            if (!threshold) threshold = t.runs[r]->threshold, deadline = t.runs[r]->deadline;
        }
        if (threshold)
            chart.horizontal({static_cast<double>(*threshold),
                              fill(T(Label::threshold),
                                   {svg::short_number(static_cast<double>(*threshold))}),
                              "#555"});
        if (const auto d = parse_iso_date(deadline); d && *d >= lo && *d <= hi)
            chart.vertical({static_cast<double>(*d - lo), T(Label::deadline), "#555"});
        b << chart.render();
    }
    b << "</div>\n";

    // Coverage of everyone in each run.
    {
        svg::LineChart chart(T(Label::v_coverage_chart));
        chart.x_labels(ticks);
        for (std::size_t r = 0; r < R; ++r) {
            const std::size_t D = calendars[r].date.size();
            std::vector<double> a(D), f(D);
            for (std::size_t d = 0; d < D; ++d) {
                a[d] = static_cast<double>(daily[r].first_dose_people.row(static_cast<Eigen::Index>(d)).sum());
                f[d] = static_cast<double>(
                    daily[r].fully_vaccinated_people.row(static_cast<Eigen::Index>(d)).sum());
            }
            chart.add({c.runs[r].name, colour(r), a, false, x_of(r)});
            chart.add({fill(T(Label::v_full_suffix), {c.runs[r].name}), colour(r), f, true, x_of(r)});
        }
        b << "<h2>" << T(Label::coverage) << "</h2>\n" << chart.render();
    }

    // The quarterly plan, side by side.
    if (!c.plan.empty()) {
        b << "<h2>" << T(Label::quarterly_plan)
          << "</h2>\n<table class=\"plan compare-plan\"><tr><th>" << T(Label::col_quarter)
          << "</th><th>" << T(Label::col_group) << "</th><th class=\"num\">"
          << T(Label::col_planned) << "</th>";
        for (std::size_t r = 0; r < R; ++r)
            b << "<th class=\"num\" style=\"border-top:4px solid " << colour(r) << "\">"
              << escape(c.runs[r].name) << "</th>";
        b << "</tr>\n";
        for (const PlanAcrossRuns& p : c.plan) {
            std::optional<std::int64_t> planned;
            for (const auto& x : p.runs)
                if (x) planned = x->planned;
            b << "<tr><td>" << escape(p.quarter) << "</td><td>" << escape(p.group) << " "
              << escape(p.label) << "</td><td class=\"num\">"
              << (planned ? with_commas(*planned) : "") << "</td>";
            for (std::size_t r = 0; r < R; ++r) {
                const auto& x = p.runs[r];
                if (!x) {
                    b << "<td class=\"num\">" << T(Label::v_not_in_run) << "</td>";
                    continue;
                }
                const bool slipped = x->quarter_in_run && !x->met;
                b << "<td class=\"num" << (slipped ? " slipped-cell" : "") << "\">"
                  << with_commas(x->started) << " (" << signed_commas(x->slip()) << ") "
                  << (!x->quarter_in_run ? badge("partial", T(Label::partial))
                      : x->met           ? badge("met", T(Label::met))
                                         : badge("missed", T(Label::slipped)))
                  << "</td>";
            }
            b << "</tr>\n";
        }
        b << "</table>\n";
    }

    // The quarterly plan by place: per quarter and run with places, how many places met
    // it and the places' gaps added up.
    std::vector<std::string> place_quarter_labels;
    for (const auto& quarters : place_plans)
        if (quarters)
            for (const PlaceQuarter& q : *quarters) place_quarter_labels.push_back(q.quarter);
    std::sort(place_quarter_labels.begin(), place_quarter_labels.end());
    place_quarter_labels.erase(std::unique(place_quarter_labels.begin(), place_quarter_labels.end()),
                               place_quarter_labels.end());
    if (!place_quarter_labels.empty()) {
        b << "<h2>" << T(Label::rp_plan_heading) << "</h2>\n<p>" << escape(T(Label::v_place_plan_intro))
          << "</p>\n<table class=\"compare-place-plan\"><tr><th>" << T(Label::col_quarter) << "</th>";
        for (std::size_t r = 0; r < R; ++r)
            b << "<th class=\"num\" style=\"border-top:4px solid " << colour(r) << "\">"
              << escape(c.runs[r].name) << "</th>";
        b << "</tr>\n";
        for (const std::string& label : place_quarter_labels) {
            b << "<tr><td>" << escape(label) << "</td>";
            for (std::size_t r = 0; r < R; ++r) {
                const PlaceQuarter* q = nullptr;
                if (place_plans[r])
                    for (const PlaceQuarter& x : *place_plans[r])
                        if (x.quarter == label) q = &x;
                if (!q) {
                    // No places; a file from before its places' plans were written (2.10);
                    // or a quarter this run has no plan for.
                    const Label why = !place_plans[r]          ? Label::v_no_places
                                      : place_plans[r]->empty() ? Label::v_no_place_plan
                                                                : Label::v_not_in_run;
                    b << "<td class=\"num\">" << T(why) << "</td>";
                    continue;
                }
                // A quarter the run does not finish is partial, as in the district table.
                const std::optional<std::int64_t> gap = q->gap();
                if (!gap) {
                    b << "<td class=\"num\">" << badge("partial", T(Label::partial)) << "</td>";
                    continue;
                }
                const bool all = q->met_in() == static_cast<int>(place_count[r]);
                b << "<td class=\"num" << (!all ? " slipped-cell" : "") << "\">"
                  << escape(fill(T(Label::pl_met_of), {std::to_string(q->met_in()), std::to_string(place_count[r])}))
                  << " (" << signed_commas(*gap) << ") "
                  << (all ? badge("met", T(Label::met)) : badge("missed", T(Label::slipped))) << "</td>";
            }
            b << "</tr>\n";
        }
        b << "</table>\n";
    }

    // What bound each day, one strip per run.
    {
        std::vector<svg::StripRow> rows;
        for (std::size_t r = 0; r < R; ++r) {
            svg::StripRow row{c.runs[r].name, std::vector<std::string>(dates.size())};
            for (std::size_t d = 0; d < daily[r].binding_constraint.size(); ++d)
                row.colours[static_cast<std::size_t>(first[r] - lo) + d] =
                    std::string(constraint_info(daily[r].binding_constraint[d]).colour);
            rows.push_back(std::move(row));
        }
        std::vector<std::pair<std::string, std::string>> legend;
        for (const ConstraintInfo& info : constraint_table)
            legend.emplace_back(std::string(info.colour), std::string(constraint_name(info.code, lang)));
        b << "<h2>" << T(Label::v_bound_heading) << "</h2>\n"
          << svg::strip_chart(T(Label::v_bound_chart), rows, ticks, legend);
    }

    // Waste and overdue later doses.
    b << "<h2>" << T(Label::v_waste_heading) << "</h2>\n<table><tr><th>" << T(Label::v_col_run)
      << "</th><th class=\"num\">" << T(Label::v_col_wasted) << "</th><th>"
      << T(Label::v_col_overdue) << "</th></tr>\n";
    for (std::size_t r = 0; r < R; ++r) {
        const ComparedRun& run = c.runs[r];
        b << "<tr><td>" << escape(run.name) << "</td><td class=\"num\">" << with_commas(run.wasted)
          << "</td><td>";
        for (std::size_t p = 0; p < run.products.size(); ++p)
            b << (p ? "; " : "") << escape(run.products[p]) << " " << with_commas(run.overdue_peak[p])
              << " / " << with_commas(run.overdue_person_days[p]);
        b << "</td></tr>\n";
    }
    b << "</table>\n";
    std::string names;
    for (std::size_t r = 0; r < R; ++r) names += (r ? ", " : "") + c.runs[r].name;
    return html_page(fill(T(Label::v_title), {names}), b.str(), lang);
}

} // namespace vaxsim

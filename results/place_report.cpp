// The run report's "Places" section (issue 11), when the run file has /places: a tile per
// place coloured by its coverage against a target on a date, the equity gap between places
// over time, and the places furthest behind with what held them.
//
// The tiles are drawn for the first coverage target at its deadline, so the page reads
// whole without scripts; a small inline script (its data in a <script type=
// "application/json">, nothing fetched) lets a reader choose another target and date, and
// shows the chosen target's equity chart and slowest places.
#include <algorithm>
#include <array>
#include <cstdio>
#include <sstream>

#include "models/constraint.hpp"
#include "models/text.hpp"
#include "results/labels.hpp"
#include "results/place_summary.hpp"
#include "results/report_parts.hpp"
#include "results/run_reader.hpp"
#include "results/svg_chart.hpp"

namespace vaxsim {
namespace {

using svg::escape;

// A JSON string; "<" written as \u003c so that no text can close the script element.
std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') out += '\\', out += c;
        else if (c == '<') out += "\\u003c";
        else if (u < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", u);
            out += buf;
        } else out += c;
    }
    return out + "\"";
}

// A place's value of target t on day d over its people for the target (at most all).
double share_of(const PlaceData& p, std::size_t d, std::size_t a, std::size_t t) {
    const std::int64_t of = p.target_population(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(t));
    if (of <= 0) return 0;
    const std::int64_t v = PlaceData::at(p.target_value, d, a, t, p.places, p.targets);
    return static_cast<double>(std::min(v, of)) / static_cast<double>(of);
}

bool reached(const PlaceData& p, std::size_t d, std::size_t a, std::size_t t) {
    return PlaceData::at(p.target_value, d, a, t, p.places, p.targets) >=
           p.target_threshold(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(t));
}

// The tile's colour class (the page's badge colours): met; within a tenth of the threshold
// ("partial"); further behind ("missed"). The script repeats this rule.
std::string tile_class(const PlaceData& p, std::size_t d, std::size_t a, std::size_t t) {
    if (reached(p, d, a, t)) return "met";
    const auto A = static_cast<Eigen::Index>(a), T = static_cast<Eigen::Index>(t);
    const double value = static_cast<double>(PlaceData::at(p.target_value, d, a, t, p.places, p.targets));
    return value >= 0.9 * static_cast<double>(p.target_threshold(A, T)) ? "partial" : "missed";
}

std::string place_name(const PlaceData& p, std::size_t a) {
    return p.label[a].empty() || p.label[a] == p.id[a] ? p.id[a] : p.label[a];
}

const char* script = R"(
(function () {
  var data = JSON.parse(document.getElementById("places-data").textContent);
  var box = document.getElementById("places-controls");
  var pick = document.getElementById("places-target"), day = document.getElementById("places-day");
  var shown = document.getElementById("places-day-shown"), caption = document.getElementById("places-caption");
  var tiles = document.querySelectorAll("#places-tiles .tile");
  function fill(pattern, args) { return pattern.replace(/\{(\d)\}/g, function (m, i) { return args[+i]; }); }
  function draw() {
    var t = data.targets[+pick.value], d = +day.value, met = 0;
    shown.textContent = data.dates[d];
    for (var a = 0; a < tiles.length; ++a) {
      var v = t.values[a][d], of = t.population[a], at = t.threshold[a];
      var cls = v >= at ? "met" : (v >= 0.9 * at ? "partial" : "missed");
      if (v >= at) ++met;
      tiles[a].className = "tile " + cls;
      tiles[a].querySelector(".tile-value").textContent =
          (of > 0 ? 100 * Math.min(v, of) / of : 0).toFixed(1) + "%";
      tiles[a].querySelector(".tile-status").textContent = v >= at ? data.words.met : data.words.not_met;
    }
    caption.textContent = fill(data.words.caption, [t.label, data.dates[d], met, tiles.length]);
  }
  pick.addEventListener("change", function () {
    day.value = data.targets[+pick.value].deadline;
    // The chosen target's gap chart and slowest places (below this script in the page).
    var details = document.querySelectorAll(".places-for-target");
    for (var i = 0; i < details.length; ++i) details[i].hidden = details[i].getAttribute("data-target") !== pick.value;
    draw();
  });
  day.addEventListener("input", draw);
  draw();
  box.hidden = false; // the controls show once the tiles are drawn
})();
)";

// For one coverage target t, with d its deadline's day: the equity gap between places over
// time, and the places furthest behind at d with what held each on the days up to it (a
// day nobody was left waiting, or no group was open, held nothing).
std::string target_details(const PlaceData& p, const TargetTable& targets,
                           const std::vector<std::pair<int, std::string>>& ticks, std::size_t D,
                           const std::vector<std::string>& dates, std::size_t t, std::size_t d,
                           Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    const std::size_t A = p.places;
    std::ostringstream b;
    // The equity gap over time.
    if (p.equity_range.rows() >= static_cast<Eigen::Index>(D) &&
        p.equity_range.cols() > static_cast<Eigen::Index>(t)) {
        const auto col = static_cast<Eigen::Index>(t);
        std::vector<double> range(D), gini(D);
        for (std::size_t day = 0; day < D; ++day) {
            range[day] = p.equity_range(static_cast<Eigen::Index>(day), col);
            gini[day] = p.equity_gini(static_cast<Eigen::Index>(day), col);
        }
        svg::LineChart chart(fill(T(Label::rp_equity_chart), {targets.label[t]}));
        chart.x_labels(ticks);
        chart.y_title(T(Label::rp_axis_share));
        chart.add({T(Label::rp_equity_range), "#c0392b", range});
        chart.add({T(Label::rp_equity_gini), "#2471a3", gini, true});
        chart.vertical({static_cast<double>(d), T(Label::deadline), "#555"});
        b << "<h3>" << T(Label::rp_equity_heading) << "</h3>\n" << chart.render() << "<p>"
          << escape(fill(T(Label::rp_equity_text),
                         {dates[d], fixed_decimals(100 * range[d], 1), fixed_decimals(gini[d], 3)}))
          << "</p>\n";
    }

    // The places furthest behind at the deadline.
    std::vector<double> shares;
    for (std::size_t a = 0; a < A; ++a) shares.push_back(share_of(p, d, a, t));
    const std::vector<SlowPlace> slowest =
        slowest_places(shares, 5, static_cast<int>(d), [&](int day, std::size_t a) {
            return static_cast<int>(constraint_info(p.binding_constraint[static_cast<std::size_t>(day) * A + a]).code);
        });
    const std::size_t shown = slowest.size();
    b << "<h3>" << escape(fill(T(Label::rp_slowest_heading), {targets.label[t]})) << "</h3>\n<p>"
      << escape(fill(T(Label::rp_slowest_intro), {std::to_string(shown), dates[d]}))
      << "</p>\n<table class=\"slowest-places\"><tr><th>" << T(Label::col_place)
      << "</th><th class=\"num\">" << T(Label::col_at_deadline) << "</th><th class=\"num\">"
      << T(Label::col_threshold) << "</th><th></th><th>" << T(Label::col_held_by) << "</th></tr>\n";
    for (const SlowPlace& slow : slowest) {
        const std::size_t a = slow.place;
        const auto& held = slow.held;
        const auto A_ = static_cast<Eigen::Index>(a), T_ = static_cast<Eigen::Index>(t);
        const std::int64_t of = p.target_population(A_, T_);
        const double threshold =
            of > 0 ? static_cast<double>(p.target_threshold(A_, T_)) / static_cast<double>(of) : 0;
        b << "<tr><td>" << escape(place_name(p, a)) << " <span class=\"meta\">(" << escape(p.id[a])
          << ")</span></td><td class=\"num\">" << percent(slow.share) << "</td><td class=\"num\">"
          << percent(threshold) << "</td><td>"
          << (reached(p, d, a, t) ? report_parts::badge("met", T(Label::met))
                                    : report_parts::badge("missed", T(Label::not_met)))
          << "</td><td>";
        if (held.empty()) b << escape(T(Label::rp_held_by_nothing));
        for (std::size_t i = 0; i < held.size(); ++i)
            b << (i ? ", " : "")
              << escape(std::string(constraint_name(static_cast<Constraint>(held[i].second), lang)))
              << " " << held[i].first;
        b << "</td></tr>\n";
    }
    b << "</table>\n";
    return b.str();
}

// Each place's quarterly plan (since 2.10): a row per place, a column per quarter, the
// gap of the place's total for the quarter, met when it is not short; then how many
// places met each quarter. Empty for an older file or a run without a plan.
std::string plan_table(const PlaceData& p, const PlanCheckTable& plan, Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    // A quarter the run does not finish is partial, as in the summary.
    const std::vector<PlaceQuarter> quarters = place_quarters(p.places, place_plan_rows(p, plan));
    if (quarters.empty()) return {};
    std::ostringstream b;
    b << "<h3>" << escape(T(Label::rp_plan_heading)) << "</h3>\n<p>" << escape(T(Label::rp_plan_intro))
      << "</p>\n<table class=\"place-plan\"><tr><th>" << T(Label::col_place) << "</th>";
    for (const PlaceQuarter& q : quarters) b << "<th class=\"num\">" << escape(q.quarter) << "</th>";
    b << "</tr>\n";
    for (std::size_t a = 0; a < p.places; ++a) {
        b << "<tr><td>" << escape(place_name(p, a)) << "</td>";
        for (const PlaceQuarter& q : quarters)
            b << "<td class=\"num\">" << signed_commas(q.started[a] - q.planned[a]) << " "
              << (!q.complete[a] ? report_parts::badge("partial", T(Label::partial))
                  : q.met(a)     ? report_parts::badge("met", T(Label::met))
                                 : report_parts::badge("missed", T(Label::not_met)))
              << "</td>";
        b << "</tr>\n";
    }
    b << "<tr><th>" << escape(T(Label::pl_plan_met_in)) << "</th>";
    for (const PlaceQuarter& q : quarters)
        b << "<td class=\"num\">" << escape(fill(T(Label::pl_met_of), {std::to_string(q.met_in()), std::to_string(p.places)}))
          << "</td>";
    b << "</tr>\n</table>\n";
    return b.str();
}

} // namespace

std::vector<PlacePlanRow> place_plan_rows(const PlaceData& p, const PlanCheckTable& plan) {
    const auto L = static_cast<Eigen::Index>(plan.quarter.size());
    std::vector<PlacePlanRow> rows;
    if (L == 0 || p.plan_planned.cols() != L || p.plan_planned.rows() != static_cast<Eigen::Index>(p.places))
        return rows;
    for (std::size_t a = 0; a < p.places; ++a)
        for (Eigen::Index k = 0; k < L; ++k) {
            const auto A_ = static_cast<Eigen::Index>(a);
            const auto K = static_cast<std::size_t>(k);
            rows.push_back({a, static_cast<int>(plan.group_index[K]), plan.quarter[K], p.plan_planned(A_, k),
                            p.plan_started_in_quarter(A_, k), plan.quarter_in_run[K] != 0, p.plan_met(A_, k) != 0});
        }
    return rows;
}

std::string places_section(const PlaceData& p, const TargetTable& targets, const PlanCheckTable& plan,
                           const std::vector<std::string>& dates,
                           const std::vector<std::pair<int, std::string>>& ticks, Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    const std::size_t D = std::min(p.days, dates.size()), A = p.places;
    std::ostringstream b;
    b << "<h2>" << T(Label::rp_places) << "</h2>\n<p>"
      << escape(fill(T(Label::rp_places_intro), {std::to_string(A), T(place_rule_label(place_rule_named(p.rule).value_or(PlaceRule::population))),
                                                   fill(T(p.transfer_lag_days == 1 ? Label::o_n_day : Label::o_n_days),
                                                        {std::to_string(p.transfer_lag_days)})}))
      << "</p>\n";
    if (D == 0 || A == 0) return b.str();

    // The coverage targets (a bound on overdue people is not a share of a place's people),
    // and the day of each one's deadline (the last day when it lies past the run).
    std::vector<std::size_t> coverage;
    std::vector<std::size_t> deadline(targets.id.size(), D - 1);
    for (std::size_t t = 0; t < targets.id.size() && t < p.targets; ++t) {
        const auto it = std::find(dates.begin(), dates.begin() + static_cast<std::ptrdiff_t>(D),
                                  targets.deadline[t]);
        if (it != dates.begin() + static_cast<std::ptrdiff_t>(D))
            deadline[t] = static_cast<std::size_t>(it - dates.begin());
        if (!targets.bound(t)) coverage.push_back(t);
    }
    if (coverage.empty()) {
        b << "<p class=\"meta\">" << escape(T(Label::rp_no_coverage_target)) << "</p>\n";
        return b.str();
    }

    // The tiles, drawn at the first coverage target's deadline.
    const std::size_t t0 = coverage.front(), d0 = deadline[t0];
    int met0 = 0;
    for (std::size_t a = 0; a < A; ++a) met0 += reached(p, d0, a, t0) ? 1 : 0;
    b << "<div id=\"places-controls\" class=\"place-controls\" hidden><label>"
      << T(Label::rp_choose_target) << " <select id=\"places-target\">";
    for (std::size_t k = 0; k < coverage.size(); ++k)
        b << "<option value=\"" << k << "\"" << (k == 0 ? " selected" : "") << ">"
          << escape(targets.label[coverage[k]]) << "</option>";
    b << "</select></label> <label>" << T(Label::rp_choose_date) << " <input id=\"places-day\" "
      << "type=\"range\" min=\"0\" max=\"" << D - 1 << "\" step=\"1\" value=\"" << d0
      << "\"></label> <span id=\"places-day-shown\" class=\"nowrap\">" << escape(dates[d0])
      << "</span></div>\n<p id=\"places-caption\" class=\"meta\">"
      << escape(fill(T(Label::rp_tiles_caption), {targets.label[t0], dates[d0], std::to_string(met0),
                                                   std::to_string(A)}))
      << "</p>\n<div id=\"places-tiles\" class=\"place-tiles\">\n";
    for (std::size_t a = 0; a < A; ++a) {
        const bool met = reached(p, d0, a, t0);
        b << "<div class=\"tile " << tile_class(p, d0, a, t0) << "\" data-place=\"" << escape(p.id[a])
          << "\"><div class=\"tile-name\">" << escape(place_name(p, a)) << "</div><div class=\"tile-value\">"
          << percent(share_of(p, d0, a, t0)) << "</div><div class=\"tile-status\">"
          << T(met ? Label::met : Label::not_met) << "</div></div>\n";
    }
    b << "</div>\n<p class=\"meta\">" << escape(T(Label::rp_tiles_legend)) << "</p>\n";

    // What the script needs: the dates, and per coverage target its label, deadline and,
    // per place, its people for the target, threshold and daily values (exact counts).
    b << "<script type=\"application/json\" id=\"places-data\">{\"dates\":[";
    for (std::size_t d = 0; d < D; ++d) b << (d ? "," : "") << json_string(dates[d]);
    b << "],\"words\":{\"met\":" << json_string(T(Label::met))
      << ",\"not_met\":" << json_string(T(Label::not_met))
      << ",\"caption\":" << json_string(T(Label::rp_tiles_caption)) << "},\"targets\":[";
    for (std::size_t k = 0; k < coverage.size(); ++k) {
        const std::size_t t = coverage[k];
        const auto col = static_cast<Eigen::Index>(t);
        b << (k ? "," : "") << "{\"label\":" << json_string(targets.label[t])
          << ",\"deadline\":" << deadline[t] << ",\"population\":[";
        for (std::size_t a = 0; a < A; ++a)
            b << (a ? "," : "") << p.target_population(static_cast<Eigen::Index>(a), col);
        b << "],\"threshold\":[";
        for (std::size_t a = 0; a < A; ++a)
            b << (a ? "," : "") << p.target_threshold(static_cast<Eigen::Index>(a), col);
        b << "],\"values\":[";
        for (std::size_t a = 0; a < A; ++a) {
            b << (a ? ",[" : "[");
            for (std::size_t d = 0; d < D; ++d)
                b << (d ? "," : "") << PlaceData::at(p.target_value, d, a, t, A, p.targets);
            b << "]";
        }
        b << "]}";
    }
    b << "]}</script>\n<script>" << script << "</script>\n";

    // Below the tiles, for each coverage target (the chosen one shown; the first without
    // scripts): the equity gap and the slowest places at its deadline.
    for (std::size_t k = 0; k < coverage.size(); ++k)
        b << "<div class=\"places-for-target\" data-target=\"" << k << "\"" << (k ? " hidden" : "")
          << ">\n" << target_details(p, targets, ticks, D, dates, coverage[k], deadline[coverage[k]], lang)
          << "</div>\n";
    b << plan_table(p, plan, lang);
    return b.str();
}

} // namespace vaxsim

#include "results/observed.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <set>
#include <sstream>
#include <stdexcept>

#include "models/text.hpp"
#include "results/format.hpp"
#include "results/export.hpp"
#include "results/report.hpp"
#include "results/run_reader.hpp"
#include "results/svg_chart.hpp"

namespace vaxsim {
namespace {

using svg::escape;

// The run's series for one column, over all its days.
std::vector<std::int64_t> run_series(const ObservedColumn& c, const RunNames& names,
                                     const GroupTable& groups, const DailySeries& daily,
                                     const DoseTable* doses, std::size_t days) {
    const auto in_scope = [&](std::size_t g) {
        switch (c.scope) {
        case ObservedScope::everyone:
        case ObservedScope::product:
            return true;
        case ObservedScope::group:
            return groups.id[g] == c.scope_id;
        case ObservedScope::tier:
            return groups.tier[g] == c.scope_id;
        }
        return false;
    };
    const auto known = [&](const std::vector<std::string>& ids) {
        return std::find(ids.begin(), ids.end(), c.scope_id) != ids.end();
    };
    if ((c.scope == ObservedScope::group && !known(names.groups)) ||
        (c.scope == ObservedScope::tier && !known(names.tiers)) ||
        (c.scope == ObservedScope::product && !known(names.products)))
        throw std::invalid_argument("observed column '" + c.name + "': the run has no such " +
                                    (c.scope == ObservedScope::group  ? "group"
                                     : c.scope == ObservedScope::tier ? "tier"
                                                                      : "product"));
    const ObservedMeasureInfo& info = observed_measure_info(c.measure);
    if (c.scope == ObservedScope::product && !info.by_product)
        throw std::invalid_argument("observed column '" + c.name +
                                    "': people are not counted by product");
    std::vector<std::int64_t> out(days, 0);
    // The groups counted, listed once: a file may hold a column for each of many groups.
    std::vector<std::size_t> counted;
    for (std::size_t g = 0; g < groups.id.size(); ++g)
        if (in_scope(g)) counted.push_back(g);
    const auto people = [&](const CountMatrix& m) {
        if (static_cast<std::size_t>(m.rows()) != days)
            throw std::invalid_argument("observed column '" + c.name +
                                        "': the run file does not record " +
                                        std::string(info.phrase) + " (run files 2.2 and later do)");
        for (std::size_t d = 0; d < days; ++d)
            for (std::size_t g : counted)
                out[d] += m(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(g));
    };
    switch (c.measure) {
    case ObservedMeasure::first_dose_people:
        people(daily.first_dose_people);
        break;
    case ObservedMeasure::fully_vaccinated_people:
        people(daily.fully_vaccinated_people);
        break;
    case ObservedMeasure::boosted_people:
        people(daily.boosted_people);
        break;
    case ObservedMeasure::up_to_date_people:
        people(daily.up_to_date_people);
        break;
    case ObservedMeasure::administered:
    case ObservedMeasure::administered_to_date: {
        const std::size_t product =
            c.scope == ObservedScope::product
                ? static_cast<std::size_t>(
                      std::find(names.products.begin(), names.products.end(), c.scope_id) -
                      names.products.begin())
                : 0;
        for (std::size_t d = 0; d < days; ++d)
            for (std::size_t g : counted) {
                for (std::size_t p = 0; p < doses->products; ++p) {
                    if (c.scope == ObservedScope::product && p != product) continue;
                    for (std::size_t k = 0; k < doses->doses; ++k) out[d] += doses->at(d, g, p, k);
                }
            }
        if (c.measure == ObservedMeasure::administered_to_date)
            for (std::size_t d = 1; d < days; ++d) out[d] += out[d - 1];
        break;
    }
    }
    return out;
}

std::string scope_phrase(const ObservedColumn& c) {
    switch (c.scope) {
    case ObservedScope::everyone:
        return "everyone";
    case ObservedScope::group:
        return "group " + c.scope_id;
    case ObservedScope::tier:
        return "tier " + c.scope_id;
    case ObservedScope::product:
        return "product " + c.scope_id;
    }
    return "";
}

// The target measure (models/target.cpp's measure_label) that counts the same as `m`.
std::string_view target_measure(ObservedMeasure m) {
    switch (m) {
    case ObservedMeasure::first_dose_people:
        return "first_dose";
    case ObservedMeasure::fully_vaccinated_people:
        return "fully_vaccinated";
    case ObservedMeasure::boosted_people:
        return "boosted";
    case ObservedMeasure::up_to_date_people:
        return "up_to_date";
    case ObservedMeasure::administered_to_date:
        return "doses";
    case ObservedMeasure::administered:
        return "";
    }
    return "";
}

// The targets over the same people as the column: everyone, or exactly its tier (a
// target over groups does not say which in the file, so is not matched).
std::vector<TargetReached> matching_targets(const ObservedColumn& c, const TargetTable& targets,
                                            const std::vector<std::int64_t>& run,
                                            DayNumber first_day,
                                            const std::vector<DayNumber>& dates) {
    std::vector<TargetReached> out;
    const std::string_view measure = target_measure(c.measure);
    if (measure.empty()) return out;
    std::string population;
    if (c.scope == ObservedScope::everyone) population = "everyone";
    else if (c.scope == ObservedScope::tier) population = "tiers " + c.scope_id;
    else return out;
    for (std::size_t t = 0; t < targets.id.size(); ++t) {
        // "everyone", or "everyone (denominator 51349116)" for a target with its own head count.
        const std::string& over = targets.population[t];
        if (targets.measure[t] != measure ||
            (over != population && !over.starts_with(population + " (")))
            continue;
        TargetReached r;
        r.id = targets.id[t];
        r.label = targets.label[t];
        r.share = targets.share[t];
        r.threshold = targets.threshold[t];
        r.deadline = parse_iso_date(targets.deadline[t]).value_or(0);
        for (std::size_t d = 0; d < run.size() && !r.run_reached; ++d)
            if (run[d] >= r.threshold) r.run_reached = first_day + static_cast<DayNumber>(d);
        for (std::size_t i = 0; i < dates.size() && !r.observed_reached; ++i)
            if (c.values[i] && *c.values[i] >= r.threshold) r.observed_reached = dates[i];
        out.push_back(std::move(r));
    }
    return out;
}

std::string number(double x) {
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
    return ec == std::errc() ? std::string(buf, end) : std::string();
}

// "+12.5%" for a relative difference.
std::string signed_percent(double share) {
    return (share >= 0 ? "+" : "") + percent(share);
}


std::string difference_text(const ComparedDay& day) {
    std::string out = signed_commas(day.difference());
    if (const auto r = day.relative()) out += " (" + signed_percent(*r) + ")";
    return out;
}

// How far ahead the run was, for a count to date ("" for a day's doses).
std::string ahead_text(const ColumnComparison& col, const ComparedDay& day, Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    if (!observed_measure_info(col.column.measure).cumulative) return "";
    if (!day.run_ahead_days)
        return day.observed > 0 && day.run < day.observed ? T(Label::o_not_reached) : "";
    const int n = *day.run_ahead_days;
    if (n == 0) return T(Label::o_same_day);
    const std::string days =
        fill(T(std::abs(n) == 1 ? Label::o_n_day : Label::o_n_days), {std::to_string(std::abs(n))});
    return fill(T(n > 0 ? Label::o_ahead : Label::o_behind), {days});
}

// The column's measure and whom it counts: "people with a first dose, group g".
std::string column_label(const ColumnComparison& col, Language lang) {
    if (lang == Language::en) return col.label;
    static constexpr std::pair<ObservedMeasure, Label> measures[] = {
        {ObservedMeasure::first_dose_people, Label::o_first_dose_people},
        {ObservedMeasure::fully_vaccinated_people, Label::o_fully_vaccinated_people},
        {ObservedMeasure::boosted_people, Label::o_boosted_people},
        {ObservedMeasure::up_to_date_people, Label::o_up_to_date_people},
        {ObservedMeasure::administered, Label::o_administered},
        {ObservedMeasure::administered_to_date, Label::o_administered_to_date}};
    std::string measure = col.label;
    for (const auto& [m, l] : measures)
        if (m == col.column.measure) measure = std::string(text(l, lang));
    const ObservedColumn& c = col.column;
    const Label scope = c.scope == ObservedScope::group  ? Label::o_group
                        : c.scope == ObservedScope::tier ? Label::o_tier
                        : c.scope == ObservedScope::product ? Label::o_product
                                                            : Label::o_everyone;
    return measure + ", " + fill(text(scope, lang), {c.scope_id});
}

// "target half_b (50 = 50.0% by 2021-03-31): run reached it 2021-03-10; observed ..."
std::string target_text(const TargetReached& t, Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    return fill(
        T(Label::o_target),
        {t.id, with_commas(t.threshold), t.share > 0 ? " = " + percent(t.share) : std::string(),
         format_iso_date(t.deadline),
         t.run_reached ? fill(T(Label::o_reached_it), {format_iso_date(*t.run_reached)})
                       : T(Label::o_did_not_reach),
         t.observed_reached ? fill(T(Label::o_at_or_above), {format_iso_date(*t.observed_reached)})
                            : T(Label::o_below)});
}

} // namespace

const std::vector<ObservedMeasureInfo>& observed_measures() {
    static const std::vector<ObservedMeasureInfo> all = {
        {ObservedMeasure::first_dose_people, "first_dose_people", "people with a first dose", true,
         false},
        {ObservedMeasure::fully_vaccinated_people, "fully_vaccinated_people",
         "people fully vaccinated", true, false},
        {ObservedMeasure::boosted_people, "boosted_people", "people boosted", true, false},
        {ObservedMeasure::up_to_date_people, "up_to_date_people", "people up to date", false,
         false},
        {ObservedMeasure::administered, "administered", "doses given that day", false, true},
        {ObservedMeasure::administered_to_date, "administered_to_date", "doses given to date",
         true, true},
    };
    return all;
}

const ObservedMeasureInfo& observed_measure_info(ObservedMeasure measure) {
    for (const auto& info : observed_measures())
        if (info.measure == measure) return info;
    throw std::invalid_argument("unknown observed measure");
}

RunNames run_names(const RunReader& run) {
    RunNames names;
    const GroupTable groups = run.groups();
    names.groups = groups.id;
    std::set<std::string> seen;
    for (const auto& tier : groups.tier)
        if (seen.insert(tier).second) names.tiers.push_back(tier);
    names.products = run.products().id;
    names.has_boosters = run.has(format::daily::boosted_people);
    return names;
}

std::optional<double> ComparedDay::relative() const {
    if (observed == 0) return std::nullopt;
    return static_cast<double>(difference()) / static_cast<double>(observed);
}

Comparison compare_with_observed(const RunReader& reader, const ObservedData& observed) {
    Comparison out;
    out.run_file = reader.path().string();
    out.scenario = reader.scenario().name;
    out.observed_file = observed.source;
    const Calendar calendar = reader.calendar();
    if (calendar.date.empty()) throw std::invalid_argument("the run has no days");
    out.first_day = *parse_iso_date(calendar.date.front());
    out.last_day = *parse_iso_date(calendar.date.back());
    const std::size_t D = calendar.date.size();
    out.observed_dates = observed.dates.size();
    for (DayNumber day : observed.dates)
        out.dates_outside_run += day < out.first_day || day > out.last_day;

    const RunNames names = run_names(reader);
    const GroupTable groups = reader.groups();
    const DailySeries daily = reader.daily();
    const TargetTable targets = reader.targets();
    std::optional<DoseTable> doses;
    for (const ObservedColumn& c : observed.columns) {
        if (c.values.size() != observed.dates.size())
            throw std::invalid_argument("observed column '" + c.name + "' has " +
                                        std::to_string(c.values.size()) + " values for " +
                                        std::to_string(observed.dates.size()) + " dates");
        const ObservedMeasureInfo& info = observed_measure_info(c.measure);
        if (!doses && (c.measure == ObservedMeasure::administered ||
                       c.measure == ObservedMeasure::administered_to_date))
            doses = reader.doses();
        ColumnComparison cc;
        cc.column = c;
        cc.label = std::string(info.phrase) + ", " + scope_phrase(c);
        cc.run = run_series(c, names, groups, daily, doses ? &*doses : nullptr, D);
        const bool monotone = std::is_sorted(cc.run.begin(), cc.run.end());
        double sum = 0;
        for (std::size_t i = 0; i < observed.dates.size(); ++i) {
            if (!c.values[i]) continue;
            const DayNumber date = observed.dates[i];
            if (date < out.first_day || date > out.last_day) {
                ++cc.outside_run;
                continue;
            }
            ComparedDay day;
            day.date = date;
            day.observed = *c.values[i];
            const auto d = static_cast<std::size_t>(date - out.first_day);
            day.run = cc.run[d];
            if (info.cumulative && day.observed > 0) {
                // The first day the run had the observed count (counts to date never fall,
                // which the run's check verifies; a search over the days otherwise).
                const auto reached =
                    monotone ? std::lower_bound(cc.run.begin(), cc.run.end(), day.observed)
                             : std::find_if(cc.run.begin(), cc.run.end(),
                                            [&](std::int64_t v) { return v >= day.observed; });
                if (reached != cc.run.end())
                    day.run_ahead_days =
                        static_cast<int>(d) - static_cast<int>(reached - cc.run.begin());
            }
            sum += static_cast<double>(day.difference());
            if (!cc.largest ||
                std::abs(static_cast<double>(day.difference())) >
                    std::abs(static_cast<double>(cc.largest->difference())))
                cc.largest = day;
            cc.days.push_back(day);
        }
        if (!cc.days.empty()) cc.mean_difference = sum / static_cast<double>(cc.days.size());
        // The last observed day of each quarter that ends within the run.
        for (const ComparedDay& day : cc.days) {
            const DayNumber end = last_day_of_quarter(year_of(day.date), quarter_of(day.date));
            if (end > out.last_day) continue;
            const std::string label = quarter_label(day.date);
            if (!cc.quarter_ends.empty() && cc.quarter_ends.back().first == label)
                cc.quarter_ends.back().second = day;
            else
                cc.quarter_ends.push_back({label, day});
        }
        cc.targets = matching_targets(c, targets, cc.run, out.first_day, observed.dates);
        out.columns.push_back(std::move(cc));
    }
    return out;
}

std::string format_comparison(const Comparison& c, Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    std::ostringstream out;
    out << fill(T(Label::o_head), {c.run_file, c.scenario, format_iso_date(c.first_day),
                                   format_iso_date(c.last_day),
                                   std::to_string(c.last_day - c.first_day + 1)})
        << "\n"
        << fill(T(c.observed_dates == 1 ? Label::o_observed_date_one : Label::o_observed_dates),
                {c.observed_file, std::to_string(c.observed_dates)});
    if (c.dates_outside_run > 0)
        out << fill(T(Label::o_outside_not_compared), {std::to_string(c.dates_outside_run)});
    out << "\n" << T(Label::o_difference_rule) << "\n";
    for (const ColumnComparison& col : c.columns) {
        out << "\n" << col.column.name << " (" << column_label(col, lang) << ")\n";
        if (col.days.empty()) {
            out << "  " << T(Label::o_no_day);
            if (col.outside_run > 0)
                out << fill(T(Label::o_outside_it), {std::to_string(col.outside_run)});
            out << "\n";
            continue;
        }
        out << "  "
            << fill(T(col.days.size() == 1 ? Label::o_day_compared : Label::o_days_compared),
                    {std::to_string(col.days.size())});
        if (col.outside_run > 0)
            out << fill(T(Label::o_outside_run), {std::to_string(col.outside_run)});
        out << fill(T(Label::o_mean_largest),
                    {signed_commas(static_cast<std::int64_t>(std::llround(*col.mean_difference))),
                     difference_text(*col.largest), format_iso_date(col.largest->date)})
            << "\n";
        if (!col.quarter_ends.empty()) {
            out << "  " << pad_right(T(Label::col_quarter), 9) << pad_right(T(Label::o_col_date), 12)
                << pad_left(T(Label::o_col_run), 14) << pad_left(T(Label::o_col_observed), 14)
                << "  " << T(Label::o_col_difference) << "\n";
            for (const auto& [label, day] : col.quarter_ends) {
                out << "  " << pad_right(label, 9) << pad_right(format_iso_date(day.date), 12)
                    << pad_left(with_commas(day.run), 14) << pad_left(with_commas(day.observed), 14)
                    << "  " << difference_text(day);
                if (const std::string ahead = ahead_text(col, day, lang); !ahead.empty())
                    out << ", " << ahead;
                out << "\n";
            }
        }
        for (const TargetReached& t : col.targets) out << "  " << target_text(t, lang) << "\n";
    }
    return out.str();
}

std::string comparison_csv(const Comparison& c) {
    std::ostringstream o;
    o << "date,column,measure,scope,id,run,observed,difference,relative,run_ahead_days\n";
    static const char* const scopes[] = {"everyone", "group", "tier", "product"};
    for (const ColumnComparison& col : c.columns)
        for (const ComparedDay& day : col.days) {
            const auto r = day.relative();
            o << csv_field(format_iso_date(day.date)) << "," << csv_field(col.column.name) << ","
              << observed_measure_info(col.column.measure).name << ","
              << scopes[static_cast<int>(col.column.scope)] << ","
              << csv_field(col.column.scope_id) << "," << day.run << "," << day.observed << ","
              << day.difference() << "," << (r ? number(*r) : "") << ","
              << (day.run_ahead_days ? std::to_string(*day.run_ahead_days) : "") << "\n";
        }
    return o.str();
}

std::string comparison_html(const Comparison& c, Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    std::vector<std::string> dates;
    for (DayNumber d = c.first_day; d <= c.last_day; ++d) dates.push_back(format_iso_date(d));
    const auto ticks = month_ticks(dates, lang);
    std::ostringstream b;
    const std::string title = fill(T(Label::o_page_title), {c.scenario});
    b << "<h1>" << escape(title) << "</h1>\n";
    b << "<p class=\"meta\">"
      << escape(fill(T(Label::o_page_meta),
                     {c.run_file, format_iso_date(c.first_day), format_iso_date(c.last_day),
                      c.observed_file, std::to_string(c.observed_dates)}));
    if (c.dates_outside_run > 0)
        b << escape(fill(T(Label::o_outside_comma), {std::to_string(c.dates_outside_run)}));
    b << "</p>\n<p>" << T(Label::o_page_rule) << "</p>\n";
    for (const ColumnComparison& col : c.columns) {
        b << "<h2>" << escape(col.column.name) << "</h2>\n";
        svg::LineChart chart(column_label(col, lang));
        chart.x_labels(ticks);
        svg::Series run{T(Label::o_col_run), "#2471a3", {}, false, {}};
        for (std::int64_t v : col.run) run.values.push_back(static_cast<double>(v));
        chart.add(std::move(run));
        svg::Series seen{T(Label::o_col_observed), "#c0392b", {}, true, {}};
        for (const ComparedDay& day : col.days) {
            seen.values.push_back(static_cast<double>(day.observed));
            seen.x.push_back(day.date - c.first_day);
        }
        if (!seen.values.empty()) chart.add(std::move(seen));
        for (const TargetReached& t : col.targets)
            chart.horizontal({static_cast<double>(t.threshold), t.label, "#7d3c98"});
        b << chart.render() << "\n";
        if (col.days.empty()) {
            b << "<p>" << T(Label::o_page_no_day) << "</p>\n";
            continue;
        }
        b << "<p>"
          << fill(T(col.days.size() == 1 ? Label::o_day_compared : Label::o_days_compared),
                  {std::to_string(col.days.size())});
        if (col.outside_run > 0)
            b << fill(T(Label::o_outside_run), {std::to_string(col.outside_run)});
        b << escape(fill(T(Label::o_mean_largest),
                         {signed_commas(static_cast<std::int64_t>(std::llround(*col.mean_difference))),
                          difference_text(*col.largest), format_iso_date(col.largest->date)}))
          << ".</p>\n";
        if (!col.quarter_ends.empty()) {
            b << "<table><tr><th>" << T(Label::col_quarter) << "</th><th>" << T(Label::o_col_date)
              << "</th><th class=\"num\">" << T(Label::o_col_run) << "</th><th class=\"num\">"
              << T(Label::o_col_observed) << "</th><th class=\"num\">"
              << T(Label::o_col_difference) << "</th><th></th></tr>\n";
            for (const auto& [label, day] : col.quarter_ends)
                b << "<tr><td>" << escape(label) << "</td><td>" << format_iso_date(day.date)
                  << "</td><td class=\"num\">" << with_commas(day.run) << "</td><td class=\"num\">"
                  << with_commas(day.observed) << "</td><td class=\"num\">"
                  << escape(difference_text(day)) << "</td><td>" << escape(ahead_text(col, day, lang))
                  << "</td></tr>\n";
            b << "</table>\n";
        }
        for (const TargetReached& t : col.targets)
            b << "<p>" << escape(t.label) << ": " << escape(target_text(t, lang)) << ".</p>\n";
    }
    return html_page(title, b.str(), lang);
}

} // namespace vaxsim

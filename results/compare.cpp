#include "results/compare.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>
#include <sstream>
#include <stdexcept>

#include "models/date.hpp"
#include "models/text.hpp"
#include "results/export.hpp"

namespace vaxsim {
namespace {

std::optional<int> day_difference(const std::string& later, const std::string& earlier) {
    const auto a = parse_iso_date(later), b = parse_iso_date(earlier);
    if (!a || !b) return std::nullopt;
    return *a - *b;
}

std::string signed_days(int d, Language lang) {
    return fill(text(Label::v_days_delta, lang), {(d > 0 ? "+" : "") + std::to_string(d)});
}

// The runs that lack an item, named: "only in plan, cap" or "".
template <class Cells>
std::string missing_note(const Cells& cells, const std::vector<std::string>& names,
                         Language lang) {
    std::string in;
    std::size_t present = 0;
    for (std::size_t r = 0; r < cells.size(); ++r)
        if (cells[r]) {
            in += (present++ ? ", " : "") + names[r];
        }
    return present == cells.size() ? std::string() : fill(text(Label::cr_only_in, lang), {in});
}

// The lines of a YAML text with, for each, the lines it is nested under (by indentation):
// "capacity > periods > - from: 2021-03-01 > doses_per_day: 10".
std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.find_first_not_of(' ') != std::string::npos) lines.push_back(line);
    return lines;
}

// A value of a scenario as one line of at most `columns` (models/text.hpp shown_length):
// a YAML list written one item a line is said as how many items it has, another block
// of lines as its first line; a line too long is cut at a character with "…". (A
// scenario made with extends: records its own places, 25 lines of band shares, as one
// override.)
std::string on_one_line(const std::string& value, std::size_t columns, Language lang) {
    std::string line = value.substr(0, value.find('\n'));
    if (line.size() < value.size()) {
        const std::vector<std::string> all = lines_of(value);
        const auto item = [](const std::string& l) { return l.rfind("- ", 0) == 0; };
        if (all.size() > 1 && std::all_of(all.begin(), all.end(), item))
            return fill(text(Label::ch_items, lang), {std::to_string(all.size())});
        line += " …";
    }
    if (shown_length(line) <= columns) return line;
    std::size_t i = 0, shown = 0; // bytes and columns kept
    while (i < line.size()) {
        std::size_t next = i + 1; // the character starting at i: its continuation bytes too
        while (next < line.size() && (static_cast<unsigned char>(line[next]) & 0xC0) == 0x80) ++next;
        const std::size_t width = shown_length(line.substr(i, next - i));
        if (shown + width + 1 > columns) break;
        shown += width;
        i = next;
    }
    return line.substr(0, i) + "…";
}

// An override "key=value" with its value on one line.
std::string override_on_one_line(const std::string& o, Language lang) {
    const std::size_t eq = o.find('=');
    if (eq == std::string::npos) return on_one_line(o, 100, lang);
    return o.substr(0, eq + 1) + on_one_line(o.substr(eq + 1), 60, lang);
}

std::string with_context(const std::vector<std::string>& lines, std::size_t i) {
    const auto indent = [](const std::string& l) { return l.find_first_not_of(' '); };
    std::vector<std::string> chain{lines[i].substr(indent(lines[i]))};
    std::size_t level = indent(lines[i]);
    for (std::size_t k = i; k-- > 0 && level > 0;)
        if (indent(lines[k]) < level) {
            level = indent(lines[k]);
            std::string l = lines[k].substr(level);
            if (!l.empty() && l.back() == ':') l.pop_back();
            chain.push_back(l);
        }
    std::string out;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it)
        out += (out.empty() ? "" : " > ") + *it;
    return out;
}

} // namespace

std::string across_places_words(const ComparedTarget::AcrossPlaces& p, Language lang) {
    return fill(std::string(text(Label::cr_places_line, lang)),
                {std::to_string(p.places), percent(p.lowest), percent(p.highest), fixed_decimals(p.gini, 3),
                 std::to_string(p.met)});
}

std::optional<int> TargetAcrossRuns::days_later(std::size_t run) const {
    if (!runs[0] || !runs[run] || runs[0]->first_reached.empty() || runs[run]->first_reached.empty())
        return std::nullopt;
    return day_difference(runs[run]->first_reached, runs[0]->first_reached);
}

std::vector<std::string> run_display_names(const std::vector<std::filesystem::path>& files) {
    std::vector<std::string> names;
    std::map<std::string, int> count;
    for (const auto& f : files) ++count[f.stem().string()];
    for (const auto& f : files)
        names.push_back(count[f.stem().string()] > 1 ? f.string() : f.stem().string());
    return names;
}

RunsComparison compare_runs(const std::vector<const RunReader*>& readers, Language lang) {
    if (readers.size() < 2) throw std::invalid_argument("compare_runs: give two runs or more");
    RunsComparison c;
    std::vector<std::filesystem::path> files;
    for (const RunReader* r : readers) files.push_back(r->path());
    const auto names = run_display_names(files);
    std::vector<TargetTable> targets;
    std::vector<PlanCheckTable> plans;
    std::vector<GroupTable> groups;
    std::vector<std::optional<PlaceData>> places;
    for (std::size_t i = 0; i < readers.size(); ++i) {
        const RunReader& reader = *readers[i];
        const ScenarioInfo s = reader.scenario();
        const Calendar cal = reader.calendar();
        const DailySeries daily = reader.daily();
        ComparedRun run;
        run.name = names[i];
        run.file = reader.path().string();
        run.scenario = s.name;
        run.first_day = cal.date.front();
        run.last_day = cal.date.back();
        run.command_line = reader.identity().command_line;
        run.first_dose_allocation = s.first_dose_allocation;
        run.second_dose_reserve = s.second_dose_reserve;
        run.overrides = s.overrides;
        run.effective = s.effective;
        run.administered = daily.administered.sum();
        run.wasted = daily.wasted.sum();
        run.products = reader.products().id;
        const auto& overdue = daily.second_doses_overdue;
        for (Eigen::Index p = 0; p < overdue.cols(); ++p) {
            run.overdue_peak.push_back(overdue.rows() ? overdue.col(p).maxCoeff() : 0);
            run.overdue_person_days.push_back(overdue.col(p).sum());
            run.overdue_at_end.push_back(overdue.rows() ? overdue(overdue.rows() - 1, p) : 0);
        }
        c.runs.push_back(std::move(run));
        targets.push_back(reader.targets());
        plans.push_back(reader.plan_check());
        groups.push_back(reader.groups());
        places.push_back(reader.places());
    }
    const std::size_t R = readers.size();

    // Targets by id, in the order of their first appearance (base first); each place's
    // by place and target id.
    std::map<std::string, std::size_t> target_row;
    std::map<std::pair<std::string, std::string>, std::size_t> place_target_row;
    for (std::size_t r = 0; r < R; ++r)
        for (std::size_t i = 0; i < targets[r].id.size(); ++i) {
            const auto& t = targets[r];
            auto [it, added] = target_row.emplace(t.id[i], c.targets.size());
            if (added) c.targets.push_back({t.id[i], t.label[i], std::vector<std::optional<ComparedTarget>>(R)});
            ComparedTarget& x = c.targets[it->second].runs[r].emplace(
                ComparedTarget{t.threshold[i], t.value_at_deadline[i], t.margin[i], t.met[i] != 0,
                               t.deadline[i], t.first_reached[i], std::nullopt});
            const bool bound = t.bound(i);
            if (places[r] && !bound) {
                const PlaceData& p = *places[r];
                const auto day = parse_iso_date(t.deadline[i]), first = parse_iso_date(c.runs[r].first_day);
                const std::size_t d = day && first ? static_cast<std::size_t>(*day - *first) : 0;
                ComparedTarget::AcrossPlaces a;
                a.places = p.places;
                a.lowest = 1;
                const auto ti = static_cast<Eigen::Index>(i);
                for (std::size_t l = 0; l < p.places; ++l) {
                    const auto li = static_cast<Eigen::Index>(l);
                    const std::int64_t of = p.target_population(li, ti);
                    const double share =
                        of > 0 ? static_cast<double>(std::min(PlaceData::at(p.target_value, d, l, i, p.places, p.targets), of)) /
                                     static_cast<double>(of)
                               : 0.0;
                    a.lowest = std::min(a.lowest, share);
                    a.highest = std::max(a.highest, share);
                    a.met += p.target_met(li, ti) != 0 ? 1 : 0;
                    auto [at, fresh] = place_target_row.emplace(std::pair(p.id[l], t.id[i]), c.place_targets.size());
                    if (fresh)
                        c.place_targets.push_back(
                            {p.id[l], t.id[i], std::vector<std::optional<ComparedPlaceTarget>>(R)});
                    c.place_targets[at->second].runs[r] = ComparedPlaceTarget{
                        p.target_met(li, ti) != 0, p.target_first_reached[l * p.targets + i], share};
                }
                a.gini = p.equity_gini(static_cast<Eigen::Index>(d), ti);
                x.places = a;
            }
        }
    // Plan rows by group and quarter; each place's by place, group and quarter.
    std::map<std::pair<std::string, std::string>, std::size_t> plan_row;
    std::map<std::tuple<std::string, std::string, std::string>, std::size_t> place_plan_row;
    for (std::size_t r = 0; r < R; ++r)
        for (std::size_t i = 0; i < plans[r].group.size(); ++i) {
            const auto& p = plans[r];
            auto [it, added] = plan_row.emplace(std::pair(p.group[i], p.quarter[i]), c.plan.size());
            if (added)
                c.plan.push_back({p.group[i], p.quarter[i], groups[r].label[p.group_index[i]],
                                  std::vector<std::optional<ComparedPlan>>(R)});
            c.plan[it->second].runs[r] = ComparedPlan{p.planned[i], p.started_in_quarter[i],
                                                      p.met[i] != 0, p.quarter_in_run[i] != 0};
            // Each place's part of the row (files since 2.10 hold it).
            if (!places[r] || places[r]->plan_planned.cols() != static_cast<Eigen::Index>(p.group.size()))
                continue;
            const PlaceData& pd = *places[r];
            for (std::size_t l = 0; l < pd.places; ++l) {
                const auto li = static_cast<Eigen::Index>(l), ii = static_cast<Eigen::Index>(i);
                auto [at, fresh] = place_plan_row.emplace(std::tuple(pd.id[l], p.group[i], p.quarter[i]),
                                                          c.place_plan.size());
                if (fresh)
                    c.place_plan.push_back({pd.id[l], p.group[i], p.quarter[i],
                                            std::vector<std::optional<ComparedPlan>>(R)});
                c.place_plan[at->second].runs[r] =
                    ComparedPlan{pd.plan_planned(li, ii), pd.plan_started_in_quarter(li, ii),
                                 pd.plan_met(li, ii) != 0, p.quarter_in_run[i] != 0};
            }
        }
    std::stable_sort(c.plan.begin(), c.plan.end(),
                     [](const PlanAcrossRuns& a, const PlanAcrossRuns& b) { return a.quarter < b.quarter; });
    std::stable_sort(c.place_plan.begin(), c.place_plan.end(),
                     [](const PlacePlanAcrossRuns& a, const PlacePlanAcrossRuns& b) { return a.quarter < b.quarter; });
    for (std::size_t r = 1; r < R; ++r)
        c.changes.push_back(scenario_changes(c.runs[0], c.runs[r], 12, lang));
    return c;
}

std::vector<std::string> scenario_changes(const ComparedRun& base, const ComparedRun& other,
                                          std::size_t max_lines, Language lang) {
    const auto say = [lang](Label l, std::initializer_list<std::string_view> args) {
        return fill(text(l, lang), args);
    };
    std::vector<std::string> out;
    if (base.scenario != other.scenario)
        out.push_back(say(Label::ch_scenario, {base.scenario, other.scenario}));
    if (base.first_day != other.first_day || base.last_day != other.last_day)
        out.push_back(say(Label::ch_dates,
                          {base.first_day, base.last_day, other.first_day, other.last_day}));
    if (base.first_dose_allocation != other.first_dose_allocation)
        out.push_back(say(Label::ch_first, {base.first_dose_allocation, other.first_dose_allocation}));
    if (base.second_dose_reserve != other.second_dose_reserve)
        out.push_back(say(Label::ch_reserve, {base.second_dose_reserve, other.second_dose_reserve}));
    const std::set<std::string> in_base(base.overrides.begin(), base.overrides.end()),
        in_other(other.overrides.begin(), other.overrides.end());
    for (const auto& o : other.overrides)
        if (!in_base.count(o)) out.push_back(say(Label::ch_set, {override_on_one_line(o, lang)}));
    for (const auto& o : base.overrides)
        if (!in_other.count(o)) out.push_back(say(Label::ch_not_set, {override_on_one_line(o, lang)}));
    // The scenarios as run, line by line (a longest common subsequence of lines).
    const auto a = lines_of(base.effective), b = lines_of(other.effective);
    if (a.size() * b.size() > 25'000'000) {
        if (base.effective != other.effective)
            out.push_back(say(Label::ch_too_long, {}));
        return out;
    }
    std::vector<std::vector<std::uint32_t>> lcs(a.size() + 1, std::vector<std::uint32_t>(b.size() + 1));
    for (std::size_t i = a.size(); i-- > 0;)
        for (std::size_t j = b.size(); j-- > 0;)
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::vector<std::string> diff;
    std::size_t i = 0, j = 0, total = 0;
    const auto emit = [&](std::string line) {
        ++total;
        if (diff.size() < max_lines) diff.push_back(std::move(line));
    };
    while (i < a.size() || j < b.size()) {
        if (i < a.size() && j < b.size() && a[i] == b[j]) {
            ++i, ++j;
        } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
            emit(say(Label::ch_plus, {on_one_line(with_context(b, j++), 100, lang)}));
        } else {
            emit(say(Label::ch_minus, {on_one_line(with_context(a, i++), 100, lang)}));
        }
    }
    out.insert(out.end(), diff.begin(), diff.end());
    if (total > diff.size())
        out.push_back(say(Label::ch_more, {std::to_string(total - diff.size())}));
    if (out.empty()) out.push_back(say(Label::ch_nothing, {}));
    return out;
}

std::string format_runs_comparison(const RunsComparison& c, Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    std::ostringstream out;
    const std::size_t R = c.runs.size();
    std::vector<std::string> names;
    for (const auto& r : c.runs) names.push_back(r.name);
    std::size_t name_width = 8;
    for (const auto& n : names) name_width = std::max(name_width, n.size() + 2);
    out << fill(T(Label::cr_head), {std::to_string(R), names[0]}) << "\n";
    for (std::size_t r = 0; r < R; ++r) {
        const ComparedRun& run = c.runs[r];
        out << "  " << pad_right(run.name, name_width)
            << fill(T(Label::cr_run_line), {run.file, run.scenario, run.first_day, run.last_day})
            << "\n";
    }
    for (std::size_t r = 1; r < R; ++r) {
        out << "\n" << fill(T(Label::cr_what_changed), {names[r], names[0]}) << "\n";
        for (const auto& line : c.changes[r - 1]) out << "  " << line << "\n";
    }

    if (!c.targets.empty()) out << "\n" << T(Label::cr_targets_head) << "\n";
    for (const TargetAcrossRuns& t : c.targets) {
        out << "  " << t.label << " [" << t.id << "]";
        if (const auto note = missing_note(t.runs, names, lang); !note.empty())
            out << " (" << note << ")";
        out << "\n";
        for (std::size_t r = 0; r < R; ++r) {
            out << "    " << pad_right(names[r], name_width);
            if (!t.runs[r]) {
                out << T(Label::cr_no_target) << "\n";
                continue;
            }
            const ComparedTarget& x = *t.runs[r];
            out << pad_right(T(x.met ? Label::s_met_caps : Label::s_not_met_caps), 9)
                << T(Label::cr_reached_w)
                << pad_right(x.first_reached.empty() ? T(Label::never) : x.first_reached, 11)
                << T(Label::cr_margin_w) << pad_left(signed_commas(x.margin), 12);
            if (r > 0 && t.runs[0]) {
                const auto later = t.days_later(r);
                out << fill(T(Label::cr_vs),
                            {names[0],
                             later ? signed_days(*later, lang)
                             : t.runs[0]->first_reached == x.first_reached ? T(Label::cr_same)
                                                                           : T(Label::cr_na),
                             signed_commas(x.margin - t.runs[0]->margin)});
            }
            out << "\n";
            if (x.places) out << "      " << across_places_words(*x.places, lang) << "\n";
        }
    }

    if (!c.plan.empty()) {
        out << "\n" << T(Label::cr_plan_head) << "\n";
        std::size_t group_width = 16;
        for (const auto& p : c.plan) group_width = std::max(group_width, p.group.size() + 2);
        out << pad_right(T(Label::col_quarter), 8) << pad_right(T(Label::col_group), group_width)
            << pad_left(T(Label::col_planned), 12);
        for (const auto& n : names) out << pad_left(n, std::max<std::size_t>(n.size() + 2, 20));
        out << "\n";
        for (const PlanAcrossRuns& p : c.plan) {
            std::optional<std::int64_t> planned;
            for (const auto& x : p.runs)
                if (x) planned = x->planned;
            out << pad_right(p.quarter, 8) << pad_right(p.group, group_width)
                << pad_left(planned ? with_commas(*planned) : "", 12);
            for (std::size_t r = 0; r < R; ++r) {
                std::string cell = "-";
                if (const auto& x = p.runs[r])
                    cell = signed_commas(x->slip()) + " " +
                           T(!x->quarter_in_run ? Label::partial
                             : x->met           ? Label::met
                                                : Label::s_slipped_caps);
                out << pad_left(cell, std::max<std::size_t>(names[r].size() + 2, 20));
            }
            if (const auto note = missing_note(p.runs, names, lang); !note.empty())
                out << "  (" << note << ")";
            out << "\n";
        }
    }

    out << "\n" << T(Label::cr_waste_head) << "\n";
    for (std::size_t r = 0; r < R; ++r) {
        const ComparedRun& run = c.runs[r];
        out << "  " << pad_right(names[r], name_width) << T(Label::cr_wasted_w)
            << with_commas(run.wasted);
        if (r > 0) out << " (" << signed_commas(run.wasted - c.runs[0].wasted) << ")";
        out << fill(T(Label::cr_of_used), {with_commas(run.administered + run.wasted)}) << "\n";
    }
    std::vector<std::string> products;
    for (const auto& run : c.runs)
        for (const auto& p : run.products)
            if (std::find(products.begin(), products.end(), p) == products.end()) products.push_back(p);
    for (const auto& product : products) {
        out << "  " << fill(T(Label::cr_overdue_w), {product});
        for (std::size_t r = 0; r < R; ++r) {
            const ComparedRun& run = c.runs[r];
            const auto at = std::find(run.products.begin(), run.products.end(), product);
            out << (r ? ";" : "") << " " << names[r] << " ";
            if (at == run.products.end()) {
                out << T(Label::cr_no_product);
                continue;
            }
            const auto p = static_cast<std::size_t>(at - run.products.begin());
            out << with_commas(run.overdue_peak[p]) << " / " << with_commas(run.overdue_person_days[p]);
        }
        out << "\n";
    }
    return out.str();
}

std::string runs_comparison_csv(const RunsComparison& c) {
    std::ostringstream out;
    out << "kind,id,quarter,run,file,measure,value,difference,place\n";
    const auto row = [&](const std::string& kind, const std::string& id, const std::string& quarter,
                         std::size_t r, const std::string& measure, const std::string& value,
                         const std::string& difference, const std::string& place = "") {
        out << csv_field(kind) << "," << csv_field(id) << "," << csv_field(quarter) << ","
            << csv_field(c.runs[r].name) << "," << csv_field(c.runs[r].file) << ","
            << csv_field(measure) << "," << csv_field(value) << "," << difference << ","
            << csv_field(place) << "\n";
    };
    // A share's difference from the base's, when the base has one.
    const auto share_difference = [](double x, const double* base) {
        return base ? fixed_decimals(x - *base, 6) : std::string();
    };
    for (const TargetAcrossRuns& t : c.targets)
        for (std::size_t r = 0; r < c.runs.size(); ++r) {
            if (!t.runs[r]) continue;
            const ComparedTarget& x = *t.runs[r];
            const ComparedTarget* base = t.runs[0] ? &*t.runs[0] : nullptr;
            const auto later = t.days_later(r);
            row("target", t.id, "", r, "met", x.met ? "1" : "0",
                base ? std::to_string(int(x.met) - int(base->met)) : "");
            row("target", t.id, "", r, "first_reached", x.first_reached,
                later ? std::to_string(*later) : "");
            row("target", t.id, "", r, "value_at_deadline", std::to_string(x.value_at_deadline),
                base ? std::to_string(x.value_at_deadline - base->value_at_deadline) : "");
            row("target", t.id, "", r, "margin", std::to_string(x.margin),
                base ? std::to_string(x.margin - base->margin) : "");
            if (x.places) {
                const auto* b = base && base->places ? &*base->places : nullptr;
                row("target", t.id, "", r, "places_lowest_share", fixed_decimals(x.places->lowest, 6),
                    share_difference(x.places->lowest, b ? &b->lowest : nullptr));
                row("target", t.id, "", r, "places_highest_share", fixed_decimals(x.places->highest, 6),
                    share_difference(x.places->highest, b ? &b->highest : nullptr));
                row("target", t.id, "", r, "places_gini", fixed_decimals(x.places->gini, 6),
                    share_difference(x.places->gini, b ? &b->gini : nullptr));
                row("target", t.id, "", r, "places_met", std::to_string(x.places->met),
                    b ? std::to_string(static_cast<std::int64_t>(x.places->met) -
                                       static_cast<std::int64_t>(b->met))
                      : "");
            }
        }
    for (const PlaceTargetAcrossRuns& t : c.place_targets)
        for (std::size_t r = 0; r < c.runs.size(); ++r) {
            if (!t.runs[r]) continue;
            const ComparedPlaceTarget& x = *t.runs[r];
            const ComparedPlaceTarget* base = t.runs[0] ? &*t.runs[0] : nullptr;
            const auto later = base && !base->first_reached.empty() && !x.first_reached.empty()
                                   ? day_difference(x.first_reached, base->first_reached)
                                   : std::nullopt;
            row("target", t.target, "", r, "met", x.met ? "1" : "0",
                base ? std::to_string(int(x.met) - int(base->met)) : "", t.place);
            row("target", t.target, "", r, "first_reached", x.first_reached,
                later ? std::to_string(*later) : "", t.place);
            row("target", t.target, "", r, "share_at_deadline", fixed_decimals(x.share, 6),
                share_difference(x.share, base ? &base->share : nullptr), t.place);
        }
    // A plan row of the city (place "") or of one place, in every run that has it.
    const auto plan_rows = [&](const std::string& group, const std::string& quarter,
                               const std::vector<std::optional<ComparedPlan>>& runs, const std::string& place) {
        for (std::size_t r = 0; r < c.runs.size(); ++r) {
            if (!runs[r]) continue;
            const ComparedPlan& x = *runs[r];
            const ComparedPlan* base = runs[0] ? &*runs[0] : nullptr;
            row("plan", group, quarter, r, "planned", std::to_string(x.planned), "", place);
            row("plan", group, quarter, r, "started", std::to_string(x.started),
                base ? std::to_string(x.started - base->started) : "", place);
            row("plan", group, quarter, r, "status", !x.quarter_in_run ? "partial" : x.met ? "met" : "slipped",
                "", place);
        }
    };
    for (const PlanAcrossRuns& p : c.plan) plan_rows(p.group, p.quarter, p.runs, "");
    for (const PlacePlanAcrossRuns& p : c.place_plan) plan_rows(p.group, p.quarter, p.runs, p.place);
    for (std::size_t r = 0; r < c.runs.size(); ++r) {
        const ComparedRun& run = c.runs[r];
        row("doses", "", "", r, "wasted", std::to_string(run.wasted),
            std::to_string(run.wasted - c.runs[0].wasted));
        for (std::size_t p = 0; p < run.products.size(); ++p) {
            row("overdue", run.products[p], "", r, "peak", std::to_string(run.overdue_peak[p]), "");
            row("overdue", run.products[p], "", r, "person_days",
                std::to_string(run.overdue_person_days[p]), "");
        }
    }
    return out.str();
}

// ---- sweeps ----

SweepsComparison compare_sweeps(const std::vector<const SweepReader*>& readers, Language lang) {
    if (readers.size() < 2) throw std::invalid_argument("compare_sweeps: give two sweeps or more");
    SweepsComparison c;
    std::vector<std::filesystem::path> files;
    // A SweepReader does not keep its path: the identity's command line names the sweep.
    for (const SweepReader* s : readers) files.emplace_back(s->path());
    const auto names = run_display_names(files);
    const std::size_t S = readers.size();
    const SweepRunIndex base_index = readers[0]->run_index();
    const SweepTargets base_targets = readers[0]->targets();
    const auto base_met = readers[0]->outcome(format::sweep::outcome::target_met);
    std::map<std::pair<std::string, std::string>, std::size_t> row_of;
    for (std::size_t s = 0; s < S; ++s) {
        const SweepReader& reader = *readers[s];
        ComparedSweep sweep;
        sweep.name = names[s];
        sweep.file = files[s].string();
        sweep.sweep_name = reader.info().name;
        sweep.command_line = reader.identity().command_line;
        sweep.seed = reader.identity().seed;
        sweep.runs = reader.info().runs;
        const SweepRunIndex index = reader.run_index();
        if (s > 0) {
            if (sweep.seed != c.sweeps[0].seed)
                sweep.not_paired_because =
                    fill(text(Label::cs_another_seed, lang),
                         {std::to_string(sweep.seed), std::to_string(c.sweeps[0].seed)});
            else if (index.sample != base_index.sample || index.replicate != base_index.replicate ||
                     index.future != base_index.future || index.grid_point != base_index.grid_point)
                sweep.not_paired_because = std::string(text(Label::cs_not_same_futures, lang));
            sweep.paired_with_base = sweep.not_paired_because.empty();
        }
        c.sweeps.push_back(sweep);

        const SweepTargets targets = reader.targets();
        const SweepOdds odds = reader.odds(format::sweep::by_grid_point);
        const auto labels = reader.grid_labels();
        const std::size_t T = targets.id.size();
        const auto met = reader.outcome(format::sweep::outcome::target_met);
        for (std::size_t g = 0; g < labels.size(); ++g)
            for (std::size_t t = 0; t < T; ++t) {
                auto [it, added] = row_of.emplace(std::pair(targets.id[t], labels[g]), c.rows.size());
                if (added)
                    c.rows.push_back({targets.id[t], targets.label[t], labels[g],
                                      std::vector<std::optional<SweepOddsCell>>(S),
                                      std::vector<std::optional<PairedCounts>>(S)});
                SweepTargetRow& row = c.rows[it->second];
                const std::size_t k = g * T + t;
                row.sweeps[s] = SweepOddsCell{odds.runs[k], odds.runs_met[k], odds.p_met[k],
                                              odds.p_met_low[k], odds.p_met_high[k]};
                if (s == 0 || !c.sweeps[s].paired_with_base) continue;
                // The base's target of the same id, on the same runs of this grid point.
                const auto bt = std::find(base_targets.id.begin(), base_targets.id.end(), targets.id[t]);
                if (bt == base_targets.id.end()) continue;
                const std::size_t base_t = static_cast<std::size_t>(bt - base_targets.id.begin());
                const std::size_t base_T = base_targets.id.size();
                PairedCounts pc;
                for (std::size_t r = 0; r < index.grid_point.size(); ++r) {
                    if (static_cast<std::size_t>(index.grid_point[r]) != g) continue;
                    const bool a = base_met[r * base_T + base_t] != 0, b = met[r * T + t] != 0;
                    ++pc.pairs;
                    if (a && b) ++pc.both_met;
                    else if (a) ++pc.only_base_met;
                    else if (b) ++pc.only_other_met;
                    else ++pc.neither;
                }
                row.paired[s] = pc;
            }
    }
    // By target (in order of first appearance), then grid point.
    std::map<std::string, std::size_t> target_order;
    for (const auto& row : c.rows) target_order.emplace(row.target, target_order.size());
    std::stable_sort(c.rows.begin(), c.rows.end(), [&](const SweepTargetRow& a, const SweepTargetRow& b) {
        return target_order.at(a.target) < target_order.at(b.target);
    });
    return c;
}

std::string format_sweeps_comparison(const SweepsComparison& c, Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    std::ostringstream out;
    std::vector<std::string> names;
    for (const auto& s : c.sweeps) names.push_back(s.name);
    std::size_t name_width = 8;
    for (const auto& n : names) name_width = std::max(name_width, n.size() + 2);
    out << fill(T(Label::cs_head), {std::to_string(c.sweeps.size()), names[0]}) << "\n";
    for (std::size_t s = 0; s < c.sweeps.size(); ++s) {
        const ComparedSweep& sw = c.sweeps[s];
        out << "  " << pad_right(sw.name, name_width)
            << fill(T(Label::cs_sweep_line),
                    {sw.file, sw.sweep_name, with_commas(sw.runs), std::to_string(sw.seed)});
        if (s > 0)
            out << (sw.paired_with_base
                        ? fill(T(Label::cs_paired), {names[0]})
                        : fill(T(Label::cs_not_paired), {names[0], sw.not_paired_because}));
        out << "\n";
    }
    std::string target;
    for (const SweepTargetRow& row : c.rows) {
        if (row.target != target) {
            target = row.target;
            out << "\n" << fill(T(Label::cs_target_head), {row.label, row.target}) << "\n";
        }
        out << "  " << (row.grid_label.empty() ? T(Label::cs_no_grid) : row.grid_label);
        if (const auto note = missing_note(row.sweeps, names, lang); !note.empty())
            out << " (" << note << ")";
        out << "\n";
        for (std::size_t s = 0; s < c.sweeps.size(); ++s) {
            if (!row.sweeps[s]) continue;
            const SweepOddsCell& x = *row.sweeps[s];
            out << "    " << pad_right(names[s], name_width) << percent(x.p) << " ("
                << percent(x.low) << "-" << percent(x.high) << ", " << with_commas(x.met) << "/"
                << with_commas(x.runs) << ")";
            if (row.paired[s]) {
                const PairedCounts& p = *row.paired[s];
                out << fill(T(Label::cs_paired_line),
                            {with_commas(p.pairs), names[0], names[s],
                             with_commas(p.only_base_met), with_commas(p.only_other_met),
                             with_commas(p.both_met), with_commas(p.neither)});
            }
            out << "\n";
        }
    }
    return out.str();
}

std::string sweeps_comparison_csv(const SweepsComparison& c) {
    std::ostringstream out;
    out << "target,grid_point,sweep,file,runs,runs_met,p_met,p_met_low,p_met_high,"
           "paired_runs,only_base_met,only_this_met,both_met,neither_met\n";
    for (const SweepTargetRow& row : c.rows)
        for (std::size_t s = 0; s < c.sweeps.size(); ++s) {
            if (!row.sweeps[s]) continue;
            const SweepOddsCell& x = *row.sweeps[s];
            char p[96];
            std::snprintf(p, sizeof p, "%.6f,%.6f,%.6f", x.p, x.low, x.high);
            out << csv_field(row.target) << "," << csv_field(row.grid_label) << ","
                << csv_field(c.sweeps[s].name) << "," << csv_field(c.sweeps[s].file) << ","
                << x.runs << "," << x.met << "," << p << ",";
            if (row.paired[s])
                out << row.paired[s]->pairs << "," << row.paired[s]->only_base_met << ","
                    << row.paired[s]->only_other_met << "," << row.paired[s]->both_met << ","
                    << row.paired[s]->neither;
            else
                out << ",,,,";
            out << "\n";
        }
    return out.str();
}

} // namespace vaxsim

#include "results/place_summary.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <sstream>

#include "models/constraint.hpp"
#include "models/place.hpp"
#include "models/text.hpp"

namespace vaxsim {
Label place_rule_label(PlaceRule rule) {
    switch (rule) {
    case PlaceRule::population: return Label::pl_rule_population;
    case PlaceRule::need: return Label::pl_rule_need;
    case PlaceRule::capacity: return Label::pl_rule_capacity;
    case PlaceRule::shares: return Label::pl_rule_shares;
    case PlaceRule::listed: return Label::pl_rule_listed;
    }
    return Label::pl_rule_population;
}

std::vector<SlowPlace> slowest_places(const std::vector<double>& shares, std::size_t n, int last_day,
                                      const std::function<int(int day, std::size_t place)>& code) {
    std::vector<std::size_t> order(shares.size());
    for (std::size_t a = 0; a < order.size(); ++a) order[a] = a;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return shares[a] < shares[b]; });
    std::vector<SlowPlace> out;
    for (std::size_t k = 0; k < std::min(n, order.size()); ++k) {
        SlowPlace slow{order[k], shares[order[k]], {}};
        std::array<int, constraint_codes> days{};
        for (int d = 0; d <= last_day; ++d) ++days[static_cast<std::size_t>(code(d, slow.place))];
        for (int c = 0; c < constraint_codes; ++c)
            if (days[static_cast<std::size_t>(c)] > 0 && c != static_cast<int>(Constraint::none) &&
                c != static_cast<int>(Constraint::no_group_open))
                slow.held.emplace_back(days[static_cast<std::size_t>(c)], c);
        std::stable_sort(slow.held.begin(), slow.held.end(),
                         [](const auto& x, const auto& y) { return x.first > y.first; });
        out.push_back(std::move(slow));
    }
    return out;
}

int PlaceQuarter::met_in() const {
    int n = 0;
    for (std::size_t l = 0; l < complete.size(); ++l) n += met(l) ? 1 : 0;
    return n;
}

std::vector<std::pair<int, int>> PlaceQuarter::slipped_most_first() const {
    std::vector<std::pair<int, int>> groups(slipped_groups.begin(), slipped_groups.end());
    std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return groups;
}

std::optional<std::int64_t> PlaceQuarter::gap() const {
    std::optional<std::int64_t> sum;
    for (std::size_t l = 0; l < complete.size(); ++l)
        if (complete[l]) sum = sum.value_or(0) + started[l] - planned[l];
    return sum;
}

std::vector<PlaceQuarter> place_quarters(std::size_t places, const std::vector<PlacePlanRow>& rows) {
    std::map<std::string, PlaceQuarter> quarters;
    for (const PlacePlanRow& r : rows) {
        PlaceQuarter& q = quarters[r.quarter];
        if (q.planned.empty()) {
            q.quarter = r.quarter;
            q.planned.assign(places, 0);
            q.started.assign(places, 0);
            q.complete.assign(places, 1);
        }
        q.planned[r.place] += r.planned;
        q.started[r.place] += r.started;
        q.complete[r.place] = q.complete[r.place] && r.in_run;
        if (r.in_run && !r.met) ++q.slipped_groups[r.group];
    }
    std::vector<PlaceQuarter> out;
    for (auto& [label, q] : quarters) out.push_back(std::move(q));
    return out;
}

std::vector<PlacePlanRow> place_plan_rows(const std::vector<PlaceOutcome>& places) {
    std::vector<PlacePlanRow> rows;
    for (std::size_t l = 0; l < places.size(); ++l) {
        const Population& pop = places[l].scenario->population;
        for (const PlanCheck& c : places[l].outcomes.plan)
            rows.push_back({l, c.group, pop.groups()[static_cast<std::size_t>(c.group)].plan->quarter,
                            c.planned, c.started_in_quarter, c.quarter_in_run, c.met});
    }
    return rows;
}

std::vector<double> PlaceCoverage::shares() const {
    std::vector<double> out;
    for (std::size_t l = 0; l < of.size(); ++l)
        out.push_back(of[l] > 0 ? static_cast<double>(covered[l]) / static_cast<double>(of[l]) : 0.0);
    return out;
}

PlaceCoverage place_coverage(const std::vector<PlaceOutcome>& places, std::size_t t, int day) {
    PlaceCoverage c;
    for (const PlaceOutcome& p : places) {
        const std::int64_t of = p.scenario->targets[t].population;
        c.of.push_back(of);
        c.covered.push_back(std::min(p.target_series[t](day), of));
    }
    return c;
}

std::string spread_words(const Equity& e, Language lang) {
    return fill(std::string(text(Label::pl_spread, lang)),
                {percent(e.lowest), percent(e.highest), fixed_decimals(e.ratio, 2), fixed_decimals(e.gini, 3)});
}

std::string held_words(const SlowPlace& slow, Language lang) {
    std::string why;
    for (std::size_t i = 0; i < slow.held.size(); ++i) {
        const ConstraintInfo& info = constraint_table[static_cast<std::size_t>(slow.held[i].second)];
        const std::string name = lang == Language::en ? std::string(info.label)
                                                      : std::string(constraint_name(info.code, lang));
        why += (why.empty() ? "" : ", ") +
               fill(std::string(text(Label::s_days_short, lang)), {name, std::to_string(slow.held[i].first)});
    }
    return why.empty() ? std::string(text(Label::s_served_in_full, lang)) : why;
}

namespace {

// Each place's quarterly plan, as the city's (its groups' plan counts split as their
// people are): per quarter the gap of the quarter's total, met when no group is short in
// total; then, per quarter some place slipped, the groups that slipped and in how many
// places. Empty when no group has a plan.
std::string place_plan_text(const std::vector<PlaceOutcome>& places, const std::vector<std::string>& names,
                            std::size_t width, Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    const std::size_t L = places.size();
    const std::vector<PlaceQuarter> quarters = place_quarters(L, place_plan_rows(places));
    if (quarters.empty()) return {};
    std::ostringstream out;
    out << "\n" << T(Label::pl_plan_heading) << "\n" << pad_right(T(Label::col_place), width);
    for (const PlaceQuarter& q : quarters) out << pad_left(q.quarter, 16);
    out << "\n";
    for (std::size_t l = 0; l < L; ++l) {
        out << pad_right(names[l], width);
        for (const PlaceQuarter& q : quarters) {
            const std::string gap = signed_commas(q.started[l] - q.planned[l]);
            out << pad_left(!q.complete[l] ? T(Label::partial)
                            : q.met(l)     ? gap + " " + T(Label::met)
                                           : gap,
                            16);
        }
        out << "\n";
    }
    out << pad_right(T(Label::pl_plan_met_in), width);
    for (const PlaceQuarter& q : quarters)
        out << pad_left(fill(T(Label::pl_met_of), {std::to_string(q.met_in()), std::to_string(L)}), 16);
    out << "\n";
    const Population& pop = places.front().scenario->population;
    for (const PlaceQuarter& q : quarters) {
        std::size_t short_of = 0;
        for (std::size_t l = 0; l < L; ++l) short_of += q.complete[l] && !q.met(l) ? 1 : 0;
        if (short_of == 0) continue;
        std::string list;
        for (const auto& [g, n] : q.slipped_most_first())
            list += (list.empty() ? "" : ", ") + pop.groups()[static_cast<std::size_t>(g)].id + " " + std::to_string(n);
        out << "  " << fill(T(Label::pl_plan_slipped), {q.quarter, std::to_string(short_of), std::to_string(L), list}) << "\n";
    }
    return out.str();
}

} // namespace

std::string format_place_summary(const Scenario& sc, const std::vector<PlaceOutcome>& places,
                                 Language lang) {
    if (!sc.places || places.empty()) return {};
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    const Places& where = *sc.places;
    const int L = where.size();
    const int last = sc.days() - 1;
    std::ostringstream out;
    out << fill(T(Label::pl_heading), {std::to_string(L), T(place_rule_label(where.rule())),
                                       std::to_string(where.transfer_lag_days())})
        << "\n";
    if (where.rebalance_every_days() > 0) {
        std::int64_t moved = 0;
        for (const PlaceOutcome& p : places) moved += p.ledger->moved_in.sum();
        out << fill(T(Label::pl_rebalanced), {std::to_string(where.rebalance_every_days()), with_commas(moved)})
            << "\n";
    }
    std::size_t width = 12;
    std::vector<std::string> names;
    for (int l = 0; l < L; ++l) {
        names.push_back(where.ids()[l] == where.labels()[l] ? where.ids()[l]
                                                            : where.ids()[l] + " " + where.labels()[l]);
        width = std::max(width, shown_length(names.back()) + 2);
    }
    const std::size_t targets = sc.targets.size();
    out << pad_right(T(Label::col_place), width) << pad_left(T(Label::col_people), 12)
        << pad_left(T(Label::col_first_dose), 12) << pad_left(T(Label::col_fully), 13) << "  "
        << T(Label::col_targets_met) << "\n";
    for (int l = 0; l < L; ++l) {
        const PlaceOutcome& p = places[l];
        const std::int64_t people = where.people()[l];
        const auto share = [&](const CountMatrix& m) {
            return people > 0 ? static_cast<double>(m.row(last).sum()) / static_cast<double>(people) : 0.0;
        };
        int met = 0;
        for (const TargetResult& r : p.outcomes.targets) met += r.met ? 1 : 0;
        out << pad_right(names[l], width) << pad_left(with_commas(people), 12)
            << pad_left(percent(share(p.outcomes.first_dose_people_by_group)), 12)
            << pad_left(percent(share(p.outcomes.fully_vaccinated_people_by_group)), 13) << "  "
            << fill(T(Label::pl_met_of), {std::to_string(met), std::to_string(targets)}) << "\n";
    }

    out << place_plan_text(places, names, width, lang);

    if (targets == 0) return out.str();
    out << "\n" << T(Label::pl_targets_heading) << "\n";
    // The first coverage target: the places' shares of it at its deadline, for the slowest.
    int slowest_target = -1;
    std::vector<double> slowest_shares;
    for (std::size_t t = 0; t < targets; ++t) {
        const Target& target = sc.targets[t];
        int met = 0, reached = 0, first = -1, latest = -1;
        for (int l = 0; l < L; ++l) {
            const TargetResult& r = places[l].outcomes.targets[t];
            met += r.met ? 1 : 0;
            if (!r.first_reached) continue;
            ++reached;
            if (first < 0 || *r.first_reached < *places[first].outcomes.targets[t].first_reached) first = l;
            if (latest < 0 || *r.first_reached > *places[latest].outcomes.targets[t].first_reached)
                latest = l;
        }
        const std::string id = target.id;
        // The place named for a date, and how many more reached it that day (places often
        // tie: in the Seoul districts by need all 25 reach Q1's plan on 03-18).
        const auto named = [&](int at) {
            const DayNumber day = *places[at].outcomes.targets[t].first_reached;
            int more = 0;
            for (int l = 0; l < L; ++l)
                if (l != at && places[l].outcomes.targets[t].first_reached == day) ++more;
            // In Korean the district's own name (종로구), else its id.
            const std::string& name = lang == Language::ko ? where.labels()[at] : where.ids()[at];
            return more == 0 ? name : fill(T(Label::pl_and_more), {name, std::to_string(more)});
        };
        if (is_bound(target.measure) || reached == 0) {
            if (is_bound(target.measure))
                out << "  " << fill(T(Label::pl_met_of), {std::to_string(met), std::to_string(L)})
                    << ": " << id << "\n";
            else
                out << "  " << fill(T(Label::pl_target_none), {id}) << "\n";
        } else if (reached == L && places[first].outcomes.targets[t].first_reached ==
                                       places[latest].outcomes.targets[t].first_reached) {
            out << "  "
                << fill(T(Label::pl_target_same_day),
                        {id, std::to_string(met), std::to_string(L),
                         format_iso_date(*places[first].outcomes.targets[t].first_reached)})
                << "\n";
        } else if (reached == L) {
            out << "  "
                << fill(T(Label::pl_target_line),
                        {id, std::to_string(met), std::to_string(L),
                         format_iso_date(*places[first].outcomes.targets[t].first_reached), named(first),
                         format_iso_date(*places[latest].outcomes.targets[t].first_reached),
                         named(latest)})
                << "\n";
        } else {
            out << "  "
                << fill(T(Label::pl_target_unreached),
                        {id, std::to_string(met), std::to_string(L),
                         format_iso_date(*places[first].outcomes.targets[t].first_reached),
                         named(first), std::to_string(L - reached)})
                << "\n";
        }
        if (is_bound(target.measure)) continue;
        const PlaceCoverage at = place_coverage(places, t, target.deadline - sc.start);
        if (slowest_target < 0) {
            slowest_target = static_cast<int>(t);
            slowest_shares = at.shares();
        }
        out << "  " << spread_words(equity(at.covered, at.of), lang) << "\n";
    }

    if (slowest_target < 0 || L < 2) return out.str();
    // The three places furthest behind on the first coverage target, and what held each.
    const Target& target = sc.targets[static_cast<std::size_t>(slowest_target)];
    const int day = target.deadline - sc.start;
    out << "\n" << fill(T(Label::pl_slowest_heading), {target.id}) << "\n";
    for (const SlowPlace& slow : slowest_places(slowest_shares, 3, day, [&](int d, std::size_t l) {
             return static_cast<int>(places[l].ledger->binding_constraint[static_cast<std::size_t>(d)]);
         })) {
        out << "  " << fill(T(Label::pl_slowest_line), {names[slow.place], percent(slow.share), held_words(slow, lang)})
            << "\n";
    }
    return out.str();
}

} // namespace vaxsim

#include "sim/scenario_check.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "models/text.hpp"
#include "results/labels.hpp"
#include "results/place_summary.hpp"

namespace vaxsim {
namespace {

// Days on which some product's age rule changes, plus the first day: between them the
// rules are constant, so checking these days checks the whole run.
std::vector<DayNumber> rule_days(const Scenario& sc) {
    std::set<DayNumber> days{sc.start};
    for (const auto& p : sc.products)
        for (const auto& r : p.eligibility_rules())
            if (r.from > sc.start && r.from <= sc.end) days.insert(r.from);
    return {days.begin(), days.end()};
}

std::int64_t supply_in_run(const Scenario& sc, const Product& p) {
    std::int64_t total = 0;
    for (const auto& d : p.supply().deliveries())
        if (d.day <= sc.end) total += d.doses;
    return total;
}

} // namespace

std::vector<std::string> scenario_warnings(const Scenario& sc, Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    std::vector<std::string> warnings;
    const auto& pop = sc.population;
    const auto days = rule_days(sc);
    for (const auto& g : pop.groups()) {
        if (g.willing == 0) continue;
        bool reachable = false;
        for (int p : g.products) {
            if (supply_in_run(sc, sc.products[p]) == 0) continue;
            for (int c : g.cohorts)
                for (DayNumber d : days)
                    if (std::max(d, g.opens) <= sc.end &&
                        sc.products[p].eligible(pop.bands()[pop.cohorts()[c].band],
                                                std::max(d, g.opens)))
                        reachable = true;
        }
        if (!reachable)
            warnings.push_back(fill(T(Label::k_never_first_dose), {g.id}));
        else if (g.opens > sc.end)
            warnings.push_back(fill(T(Label::k_opens_after_end), {g.id}));
    }
    // Shares given where no step allocates by them change nothing.
    {
        bool given = false, used = false;
        for (const PolicyStep& step : sc.policy.steps) {
            given = given || !step.shares.empty();
            used = used || step.allocation == Policy::shares_allocation;
        }
        if (given && !used) warnings.push_back(T(Label::k_shares_unused));
    }
    for (const auto& t : sc.targets) {
        if (t.measure == Measure::doses || is_bound(t.measure)) continue;
        std::int64_t willing = 0;
        for (int c : t.cohorts) willing += pop.cohorts()[c].willing;
        if (t.threshold > willing)
            warnings.push_back(fill(T(Label::k_target_unreachable),
                                    {t.id, with_commas(t.threshold), with_commas(willing)}));
    }
    // A plan quarter the run does not reach to its end cannot be checked: its groups show
    // as 'partial'. (A run may start within a quarter: nothing is given before it.)
    std::map<std::string, std::vector<const PriorityGroup*>> unchecked;
    for (const auto& g : pop.groups())
        if (g.plan && !(g.plan->quarter_end >= sc.start && g.plan->quarter_end <= sc.end))
            unchecked[g.plan->quarter].push_back(&g);
    for (const auto& [quarter, groups] : unchecked) {
        const QuarterPlan& q = *groups.front()->plan;
        std::string ids;
        for (const auto* g : groups) ids += (ids.empty() ? "'" : ", '") + g->id + "'";
        const bool outside = q.quarter_start > sc.end || q.quarter_end < sc.start;
        warnings.push_back(fill(
            T(Label::k_quarter_unchecked),
            {quarter, format_iso_date(q.quarter_start), format_iso_date(q.quarter_end),
             T(outside ? Label::k_outside : Label::k_partly_within), format_iso_date(sc.start),
             format_iso_date(sc.end), T(groups.size() == 1 ? Label::k_group_one : Label::k_group_many),
             ids}));
    }
    std::int64_t needed = 0, supply = 0;
    for (const auto& g : pop.groups())
        if (!g.products.empty())
            needed += g.willing * sc.products[g.products.front()].doses_in_series();
    for (const auto& p : sc.products) supply += supply_in_run(sc, p);
    if (supply < needed)
        warnings.push_back(fill(T(Label::k_supply_short), {with_commas(supply), with_commas(needed)}));
    return warnings;
}

std::string describe_scenario(const Scenario& sc, Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    std::ostringstream out;
    const auto& pop = sc.population;
    out << "  "
        << fill(T(Label::k_head), {sc.name, format_iso_date(sc.start), format_iso_date(sc.end),
                                   std::to_string(sc.days()), std::to_string(sc.seed),
                                   sc.is_stochastic() ? T(Label::k_uncertain) : std::string()})
        << "\n";
    std::int64_t adults = 0, outside = 0;
    std::size_t ordinary = 0;
    for (const auto& b : pop.bands()) {
        if (b.min_age >= 18) adults += b.count;
        if (b.outside_of >= 0)
            outside += b.count;
        else
            ++ordinary;
    }
    out << "  "
        << fill(T(Label::k_population),
                {with_commas(pop.total_people()), std::to_string(ordinary), with_commas(adults)});
    if (ordinary < pop.bands().size())
        out << fill(T(Label::k_outside_counts), {with_commas(outside)});
    out << fill(T(Label::k_groups_count), {std::to_string(pop.groups().size())}) << "\n";
    // Groups by quarter of the plan and tier, with their share of adults.
    std::map<std::string, std::vector<const PriorityGroup*>> by_quarter;
    for (const auto& g : pop.groups())
        by_quarter[g.plan ? g.plan->quarter : T(Label::k_no_plan)].push_back(&g);
    for (const auto& [quarter, groups] : by_quarter) {
        std::int64_t willing = 0;
        for (const auto* g : groups) willing += g->willing;
        out << "  "
            << fill(T(Label::k_quarter_groups),
                    {quarter, std::to_string(groups.size()), with_commas(willing),
                     percent(adults ? static_cast<double>(willing) / static_cast<double>(adults)
                                    : 0)})
            << "\n";
        // Tiers in declared order, groups in file order within each.
        std::vector<const PriorityGroup*> by_tier = groups;
        std::stable_sort(by_tier.begin(), by_tier.end(),
                         [](const PriorityGroup* a, const PriorityGroup* b) {
                             return a->tier_index < b->tier_index;
                         });
        for (const auto* g : by_tier) {
            out << "    "
                << fill(T(Label::k_group_line), {g->tier, g->id, with_commas(g->size),
                                                 percent(g->uptake), format_iso_date(g->opens)});
            for (int p : g->products) out << " " << sc.products[p].id();
            out << "  " << g->label << "\n";
        }
    }
    for (const auto& p : sc.products) {
        out << "  " << fill(T(Label::k_product), {p.id(), std::to_string(p.doses_in_series())});
        for (int k = 0; k + 1 < p.doses_in_series(); ++k) {
            const ScheduledDose d = p.next_dose(k, sc.start);
            out << T(Label::k_interval);
            if (p.doses_in_series() > 2) out << fill(T(Label::k_to_dose), {std::to_string(k + 2)});
            out << fill(T(Label::k_n_days), {std::to_string(d.due - sc.start)});
            if (d.earliest != d.due || d.latest != d.due)
                out << " (" << d.earliest - sc.start << "-" << d.latest - sc.start << ")";
            for (const Product::Change& c : p.changes())
                if (c.gap == k && (c.from > sc.start || c.basis == IntervalBasis::due_date)) {
                    out << fill(T(Label::k_change_from),
                                {std::to_string(c.days), format_iso_date(c.from)});
                    if (c.to < sc.end) out << fill(T(Label::k_change_to), {format_iso_date(c.to)});
                    if (c.basis == IntervalBasis::due_date)
                        out << T(c.move_booked ? Label::k_by_due_moved : Label::k_by_due);
                    out << ")";
                }
        }
        if (p.after_max() == AfterMax::drop_out) out << T(Label::k_drop_out);
        for (const auto& r : p.eligibility_rules()) {
            out << fill(T(Label::k_ages), {std::to_string(r.min_age)});
            if (r.max_age < AgeBand::open_end)
                out << "-" << r.max_age;
            else
                out << "+";
            if (r.from > sc.start) out << fill(T(Label::k_rule_from), {format_iso_date(r.from)});
        }
        // No age rule is in force before the first one's date, so nobody may start the
        // product before it (a later dose of a series begun is still given).
        if (!p.eligibility_rules().empty() && p.eligibility_rules().front().from > sc.start)
            out << fill(T(Label::k_no_first_before),
                        {format_iso_date(p.eligibility_rules().front().from)});
        out << fill(T(Label::k_wastage_supply),
                    {percent(p.wastage()), with_commas(supply_in_run(sc, p)),
                     p.supply().is_uncertain() ? T(Label::k_before_random) : std::string()})
            << "\n";
    }
    for (const HeterologousRule& r : sc.heterologous) {
        out << "  " << fill(T(Label::k_heterologous), {std::to_string(r.dose() + 1)});
        for (int p : r.after()) out << " " << sc.products[p].id();
        out << T(Label::k_may_be);
        for (int p : r.give()) out << " " << sc.products[p].id();
        out << fill(T(Label::k_ages), {std::to_string(r.min_age())});
        if (r.max_age() < AgeBand::open_end)
            out << "-" << r.max_age();
        else
            out << "+";
        if (r.from() > sc.start) out << fill(T(Label::k_from_comma), {format_iso_date(r.from())});
        if (r.to() < sc.end) out << fill(T(Label::k_to_comma), {format_iso_date(r.to())});
        out << T(r.when() == SwitchWhen::always ? Label::k_always : Label::k_when_out) << "\n";
    }
    for (const Site& site : sc.capacity.sites()) {
        const auto& periods = site.schedule.periods();
        out << "  " << T(Label::k_capacity);
        if (!sc.capacity.single_site()) {
            out << fill(T(Label::k_capacity_at),
                        {site.id, site.kind.empty() ? std::string() : " (" + site.kind + ")"});
            for (int p : site.products) out << " " << sc.products[p].id();
            out << ",";
        }
        out << fill(T(Label::k_capacity_from), {with_commas(periods.front().second),
                                                format_iso_date(periods.front().first)});
        for (std::size_t i = 1; i < periods.size(); ++i)
            out << fill(T(Label::k_capacity_to),
                        {with_commas(periods[i].second), format_iso_date(periods[i].first)});
        out << "\n";
    }
    if (!sc.capacity.holidays().empty())
        out << "  "
            << fill(T(Label::k_holidays), {std::to_string(sc.capacity.holidays().size()),
                                           format_iso_date(sc.capacity.holidays().front())})
            << "\n";
    for (const Swap& w : sc.swaps)
        out << "  "
            << fill(T(Label::k_swap), {format_iso_date(w.day), with_commas(w.give_doses),
                                       sc.products[w.give].id(), with_commas(w.get_doses),
                                       sc.products[w.get].id()})
            << "\n";
    if (sc.initial) {
        // Starting mid-campaign: what the run starts from.
        std::int64_t first = 0, full = 0, booked = 0;
        for (std::size_t c = 0; c < sc.initial->first.size(); ++c) {
            first += sc.initial->first[c];
            full += sc.initial->full[c];
        }
        for (const InitialCell& cell : sc.initial->cells)
            if (cell.booked) booked += cell.count;
        out << "  "
            << fill(T(Label::k_initial), {format_iso_date(sc.initial->as_of), with_commas(first),
                                          with_commas(full), with_commas(booked)});
        for (std::size_t p = 0; p < sc.products.size(); ++p)
            out << (p ? ", " : " ") << sc.products[p].id() << " "
                << with_commas(sc.initial->stock[p]);
        out << "\n";
    }
    if (sc.places) {
        // Who lives where and how deliveries reach them; each place's capacity as it starts.
        const Places& where = *sc.places;
        std::string ids;
        for (int l = 0; l < where.size() && l < 5; ++l) ids += (l ? ", " : "") + where.ids()[l];
        if (where.size() > 5) ids += ", ...";
        out << "  "
            << fill(T(Label::k_places), {std::to_string(where.size()), ids,
                                         T(place_rule_label(where.rule())),
                                         std::to_string(where.transfer_lag_days())})
            << "\n";
        if (where.rebalance_every_days() > 0)
            out << "  " << fill(T(Label::pl_rebalance_every), {std::to_string(where.rebalance_every_days())})
                << "\n";
        for (int l = 0; l < where.size(); ++l) {
            const Scenario& place = sc.place_scenarios[static_cast<std::size_t>(l)];
            std::int64_t first = 0;
            for (int t = 0; t < sc.days() && first == 0; ++t) first = place.capacity.on(sc.start + t);
            out << fill(T(Label::k_place_line),
                        {where.ids()[l] == where.labels()[l] ? where.ids()[l]
                                                             : where.ids()[l] + " " + where.labels()[l],
                         with_commas(where.people()[l]), with_commas(first)})
                << "\n";
        }
    }
    out << "  " << fill(T(Label::k_policy), {sc.policy.allocation, sc.policy.reserve_label});
    if (sc.policy.steps.size() > 1) {
        out << T(Label::k_changes_on);
        for (std::size_t i = 1; i < sc.policy.steps.size(); ++i)
            out << " " << format_iso_date(sc.policy.steps[i].from);
    }
    if (sc.policy.walk_ins) out << T(Label::k_walk_ins);
    for (std::size_t i = 1; i < sc.policy.steps.size(); ++i)
        if (sc.policy.steps[i].walk_ins != sc.policy.steps[i - 1].walk_ins)
            out << fill(T(sc.policy.steps[i].walk_ins ? Label::k_walk_ins_from
                                                      : Label::k_walk_ins_end),
                        {format_iso_date(sc.policy.steps[i].from)});
    out << "\n";
    for (const auto& t : sc.targets)
        out << "  "
            << fill(T(Label::k_target),
                    {t.id,
                     lang == Language::en ? measure_label(t.measure)
                                          : measure_name(measure_label(t.measure), lang),
                     population_name(t.population_label, lang), is_bound(t.measure) ? "<=" : ">=",
                     with_commas(t.threshold), format_iso_date(t.deadline)})
            << "\n";
    const auto warnings = scenario_warnings(sc, lang);
    for (const auto& w : warnings) out << "  " << fill(T(Label::k_warning_caps), {w}) << "\n";
    if (warnings.empty()) out << "  " << T(Label::k_no_warnings) << "\n";
    return out.str();
}

} // namespace vaxsim

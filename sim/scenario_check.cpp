#include "sim/scenario_check.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "models/text.hpp"

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

std::vector<std::string> scenario_warnings(const Scenario& sc) {
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
            warnings.push_back("group '" + g.id +
                               "' can never get a first dose: none of its products is delivered "
                               "and allowed for its ages while it is open");
        else if (g.opens > sc.end)
            warnings.push_back("group '" + g.id + "' opens after the run ends");
    }
    for (const auto& t : sc.targets) {
        if (t.measure == Measure::doses || is_bound(t.measure)) continue;
        std::int64_t willing = 0;
        for (int c : t.cohorts) willing += pop.cohorts()[c].willing;
        if (t.threshold > willing)
            warnings.push_back(
                "target '" + t.id +
                "' cannot be met even with unlimited capacity and supply: it needs " +
                with_commas(t.threshold) + " people but only " + with_commas(willing) +
                " in its population are willing");
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
        warnings.push_back("plan quarter " + quarter + " (" + format_iso_date(q.quarter_start) +
                           " to " + format_iso_date(q.quarter_end) + ") is " +
                           (outside ? "outside" : "only partly within") + " the run (" +
                           format_iso_date(sc.start) + " to " + format_iso_date(sc.end) +
                           "), so the plan of " + (groups.size() == 1 ? "group " : "groups ") +
                           ids + " cannot be checked and shows as 'partial'");
    }
    std::int64_t needed = 0, supply = 0;
    for (const auto& g : pop.groups())
        if (!g.products.empty())
            needed += g.willing * sc.products[g.products.front()].doses_in_series();
    for (const auto& p : sc.products) supply += supply_in_run(sc, p);
    if (supply < needed)
        warnings.push_back("the run's supply, " + with_commas(supply) +
                           " doses, is less than the " + with_commas(needed) +
                           " doses everyone willing needs (at their first product's series)");
    return warnings;
}

std::string describe_scenario(const Scenario& sc) {
    std::ostringstream out;
    const auto& pop = sc.population;
    out << "  " << sc.name << ": " << format_iso_date(sc.start) << " to " << format_iso_date(sc.end)
        << " (" << sc.days() << " days), seed " << sc.seed
        << (sc.is_stochastic() ? ", with uncertain inputs" : "") << "\n";
    std::int64_t adults = 0, outside = 0;
    std::size_t ordinary = 0;
    for (const auto& b : pop.bands()) {
        if (b.min_age >= 18) adults += b.count;
        if (b.outside_of >= 0)
            outside += b.count;
        else
            ++ordinary;
    }
    out << "  population " << with_commas(pop.total_people()) << " in " << ordinary
        << " age bands (" << with_commas(adults) << " aged 18+)";
    if (ordinary < pop.bands().size())
        out << ", " << with_commas(outside) << " of them outside the bands' counts";
    out << "; " << pop.groups().size() << " priority groups\n";
    // Groups by quarter of the plan and tier, with their share of adults.
    std::map<std::string, std::vector<const PriorityGroup*>> by_quarter;
    for (const auto& g : pop.groups())
        by_quarter[g.plan ? g.plan->quarter : "(no plan)"].push_back(&g);
    for (const auto& [quarter, groups] : by_quarter) {
        std::int64_t willing = 0;
        for (const auto* g : groups) willing += g->willing;
        out << "  " << quarter << ": " << groups.size() << " groups, " << with_commas(willing)
            << " willing ("
            << percent(adults ? static_cast<double>(willing) / static_cast<double>(adults) : 0)
            << " of adults)\n";
        // Tiers in declared order, groups in file order within each.
        std::vector<const PriorityGroup*> by_tier = groups;
        std::stable_sort(by_tier.begin(), by_tier.end(),
                         [](const PriorityGroup* a, const PriorityGroup* b) {
                             return a->tier_index < b->tier_index;
                         });
        for (const auto* g : by_tier) {
            out << "    " << g->tier << "  " << g->id << ": " << with_commas(g->size)
                << " people, uptake " << percent(g->uptake) << ", opens "
                << format_iso_date(g->opens) << ", products";
            for (int p : g->products) out << " " << sc.products[p].id();
            out << "  " << g->label << "\n";
        }
    }
    for (const auto& p : sc.products) {
        out << "  product " << p.id() << ": " << p.doses_in_series() << "-dose";
        for (int k = 0; k + 1 < p.doses_in_series(); ++k) {
            const ScheduledDose d = p.next_dose(k, sc.start);
            out << ", interval";
            if (p.doses_in_series() > 2) out << " to dose " << k + 2;
            out << " " << d.due - sc.start << " days";
            if (d.earliest != d.due || d.latest != d.due)
                out << " (" << d.earliest - sc.start << "-" << d.latest - sc.start << ")";
            for (const Product::Change& c : p.changes())
                if (c.gap == k && (c.from > sc.start || c.basis == IntervalBasis::due_date)) {
                    out << " (" << c.days << " from " << format_iso_date(c.from);
                    if (c.to < sc.end) out << " to " << format_iso_date(c.to);
                    if (c.basis == IntervalBasis::due_date)
                        out << (c.move_booked ? " by due date, bookings moved" : " by due date");
                    out << ")";
                }
        }
        if (p.after_max() == AfterMax::drop_out) out << ", drop-out after the max interval";
        for (const auto& r : p.eligibility_rules()) {
            out << ", ages " << r.min_age;
            if (r.max_age < AgeBand::open_end)
                out << "-" << r.max_age;
            else
                out << "+";
            if (r.from > sc.start) out << " from " << format_iso_date(r.from);
        }
        // No age rule is in force before the first one's date, so nobody may start the
        // product before it (a later dose of a series begun is still given).
        if (!p.eligibility_rules().empty() && p.eligibility_rules().front().from > sc.start)
            out << ", no first doses before " << format_iso_date(p.eligibility_rules().front().from)
                << " (its first age rule)";
        out << ", wastage " << percent(p.wastage()) << ", supply in the run "
            << with_commas(supply_in_run(sc, p)) << " doses"
            << (p.supply().is_uncertain() ? " (before random delays and shortfalls)" : "") << "\n";
    }
    for (const HeterologousRule& r : sc.heterologous) {
        out << "  heterologous: dose " << r.dose() + 1 << " after";
        for (int p : r.after()) out << " " << sc.products[p].id();
        out << " may be";
        for (int p : r.give()) out << " " << sc.products[p].id();
        out << ", ages " << r.min_age();
        if (r.max_age() < AgeBand::open_end)
            out << "-" << r.max_age();
        else
            out << "+";
        if (r.from() > sc.start) out << ", from " << format_iso_date(r.from());
        if (r.to() < sc.end) out << ", to " << format_iso_date(r.to());
        out << (r.when() == SwitchWhen::always ? ", always" : ", when the booked product is out")
            << "\n";
    }
    for (const Site& site : sc.capacity.sites()) {
        const auto& periods = site.schedule.periods();
        out << "  capacity";
        if (!sc.capacity.single_site()) {
            out << " at " << site.id << (site.kind.empty() ? "" : " (" + site.kind + ")")
                << " for";
            for (int p : site.products) out << " " << sc.products[p].id();
            out << ",";
        }
        out << " from " << with_commas(periods.front().second) << " doses/day ("
            << format_iso_date(periods.front().first) << ")";
        for (std::size_t i = 1; i < periods.size(); ++i)
            out << " to " << with_commas(periods[i].second) << " ("
                << format_iso_date(periods[i].first) << ")";
        out << "\n";
    }
    if (!sc.capacity.holidays().empty())
        out << "  " << sc.capacity.holidays().size() << " public holidays (from "
            << format_iso_date(sc.capacity.holidays().front()) << ")\n";
    for (const Swap& w : sc.swaps)
        out << "  swap " << format_iso_date(w.day) << ": " << with_commas(w.give_doses) << " "
            << sc.products[w.give].id() << " out, " << with_commas(w.get_doses) << " "
            << sc.products[w.get].id() << " in\n";
    if (sc.initial) {
        // Starting mid-campaign: what the run starts from.
        std::int64_t first = 0, full = 0, booked = 0;
        for (std::size_t c = 0; c < sc.initial->first.size(); ++c) {
            first += sc.initial->first[c];
            full += sc.initial->full[c];
        }
        for (const InitialCell& cell : sc.initial->cells)
            if (cell.booked) booked += cell.count;
        out << "  starts from the state at the end of " << format_iso_date(sc.initial->as_of)
            << ": " << with_commas(first) << " people with a first dose, " << with_commas(full)
            << " with a completed series, " << with_commas(booked)
            << " booked for a next dose; stock on hand";
        for (std::size_t p = 0; p < sc.products.size(); ++p)
            out << (p ? ", " : " ") << sc.products[p].id() << " "
                << with_commas(sc.initial->stock[p]);
        out << "\n";
    }
    out << "  policy: first doses " << sc.policy.allocation << ", second-dose reserve "
        << sc.policy.reserve_label;
    if (sc.policy.steps.size() > 1) {
        out << "; changes on";
        for (std::size_t i = 1; i < sc.policy.steps.size(); ++i)
            out << " " << format_iso_date(sc.policy.steps[i].from);
    }
    if (sc.policy.walk_ins) out << "; walk-ins for leftover doses";
    for (std::size_t i = 1; i < sc.policy.steps.size(); ++i)
        if (sc.policy.steps[i].walk_ins != sc.policy.steps[i - 1].walk_ins)
            out << "; walk-ins " << (sc.policy.steps[i].walk_ins ? "from " : "end ")
                << format_iso_date(sc.policy.steps[i].from);
    out << "\n";
    for (const auto& t : sc.targets)
        out << "  target " << t.id << ": " << measure_label(t.measure) << " of "
            << t.population_label << (is_bound(t.measure) ? " <= " : " >= ")
            << with_commas(t.threshold) << " by "
            << format_iso_date(t.deadline) << "\n";
    const auto warnings = scenario_warnings(sc);
    for (const auto& w : warnings) out << "  WARNING: " << w << "\n";
    if (warnings.empty()) out << "  no warnings\n";
    return out.str();
}

} // namespace vaxsim

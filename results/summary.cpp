#include "results/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>

#include "models/text.hpp"
#include "results/slip_reasons.hpp"

namespace vaxsim {
namespace {

std::string measure_phrase(Measure m) {
    switch (m) {
    case Measure::first_dose:
        return "people with >=1 dose";
    case Measure::fully_vaccinated:
        return "people fully vaccinated";
    case Measure::doses:
        return "doses given";
    case Measure::overdue_peak:
        return "most people overdue for a later dose on one day";
    case Measure::overdue_person_days:
        return "person-days overdue for a later dose";
    case Measure::boosted:
        return "people boosted";
    case Measure::up_to_date:
        return "people up to date";
    case Measure::dose:
        return "people given a dose number";
    }
    return "";
}

// "capacity 61 d, supply:pfizer 12 d" for the days of [a, b].
std::string binding_days(const Scenario& sc, const Ledger& run, int a, int b) {
    std::map<std::string, int> days;
    for (int t = a; t <= b; ++t) {
        std::string key(constraint_info(run.binding_constraint[t]).label);
        if (run.binding_product[t] >= 0) key += ":" + sc.products[run.binding_product[t]].id();
        ++days[key];
    }
    std::string out;
    for (const auto& [key, n] : days)
        out += (out.empty() ? "" : ", ") + key + " " + std::to_string(n) + " d";
    return out;
}

// Why each slipped group slipped: when it finished and what held it in its quarter.
std::string slipped_groups_text(const Scenario& sc, const Ledger& run, const Outcomes& o) {
    std::vector<PlanRow> plan;
    for (const PlanCheck& c : o.plan)
        plan.push_back({static_cast<std::size_t>(c.group), sc.population.groups()[c.group].plan->quarter,
                        c.planned, c.started_in_quarter, c.quarter_in_run && !c.met});
    SlipInputs in;
    for (int t = 0; t < run.days(); ++t) {
        in.dates.push_back(format_iso_date(run.day_of(t)));
        in.quarters.push_back(quarter_label(run.day_of(t)));
    }
    for (const Product& p : sc.products) in.products.push_back(p.id());
    in.first_dose_people = &o.first_dose_people_by_group;
    in.group_binding = &run.group_binding_constraint;
    in.group_product = &run.group_binding_product_index;
    const int P = run.products(), K = run.doses_per_person();
    for (int g = 0; g < run.groups(); ++g) {
        std::int64_t n = 0;
        for (int p = 0; p < P; ++p) n += run.initial_doses[(static_cast<std::size_t>(g) * P + p) * K];
        in.initial_people.push_back(n);
    }
    const auto reasons = slip_reasons(in, plan);
    if (reasons.empty()) return "";
    std::ostringstream out;
    out << "\nWhy groups slipped: when each finished, and what held it on the days of its quarter "
           "it was not fully served\n";
    for (const SlipReason& r : reasons) {
        const PriorityGroup& g = sc.population.groups()[r.group];
        out << "  " << r.quarter << " " << g.id << ": " << with_commas(r.started) << " of "
            << with_commas(r.planned) << " started in the quarter; ";
        if (!r.finished.empty())
            out << "reached " << with_commas(r.planned) << " on " << r.finished;
        else
            out << "never started " << with_commas(r.planned) << " from the quarter's start; "
                << (r.final_date.empty() ? std::string("no first dose in the run")
                                         : "its last first dose on " + r.final_date)
                << " (" << with_commas(r.final_people) << " with a first dose, "
                << with_commas(r.before_quarter) << " of them before the quarter)";
        out << "\n    held by " << held_text(r) << "\n";
    }
    return out.str();
}

} // namespace

std::string format_summary(const Scenario& sc, const Ledger& run, const Outcomes& o,
                           const EpidemicOutcome* epidemic) {
    std::ostringstream out;
    const auto& pop = sc.population;
    out << "vaxsim run: " << sc.name << " (" << format_iso_date(sc.start) << " to "
        << format_iso_date(sc.end) << ", " << sc.days() << " days)\n";
    out << "policy: " << sc.policy.allocation << ", second-dose reserve "
        << sc.policy.reserve_label << "\n";
    if (run.as_of) {
        // The opening balance: the people counted before the first day are in every
        // coverage figure below.
        const int K = run.doses_per_person(), P = run.products();
        std::int64_t with_first = 0, complete = 0;
        for (int g = 0; g < run.groups(); ++g)
            for (int p = 0; p < P; ++p) {
                const std::size_t at = (static_cast<std::size_t>(g) * P + p) * K;
                with_first += run.initial_doses[at];
                complete += run.initial_doses[at + sc.products[p].doses_in_series() - 1];
            }
        out << "started from the state at the end of " << format_iso_date(*run.as_of) << ": "
            << with_commas(with_first) << " people with a first dose, " << with_commas(complete)
            << " with a completed series (counted in the coverage below)\n  stock on hand:";
        for (int p = 0; p < P; ++p)
            out << (p ? ", " : " ") << sc.products[p].id() << " "
                << with_commas(run.initial_stock[p]);
        out << "\n";
        std::int64_t replaced = 0;
        for (std::int64_t n : run.replaced_deliveries) replaced += n;
        if (replaced > 0)
            out << "  " << with_commas(replaced)
                << " doses of deliveries dated on or before it are in that stock (or were given): "
                   "not counted again\n";
    }

    if (!o.plan.empty()) {
        out << "\nQuarterly plan: people given a first dose within the quarter, against the plan\n";
        std::size_t id_width = 16;
        for (const auto& g : pop.groups()) id_width = std::max(id_width, g.id.size() + 2);
        out << pad_right("quarter", 8) << pad_right("tier", 6) << pad_right("group", id_width)
            << pad_left("planned", 12) << pad_left("started", 12) << pad_left("gap", 12)
            << "  status\n";
        // Quarters in plan order, tiers in declared order within each.
        std::map<std::string, std::vector<const PlanCheck*>> by_quarter;
        for (const PlanCheck& c : o.plan)
            by_quarter[pop.groups()[c.group].plan->quarter].push_back(&c);
        for (auto& [quarter, checks] : by_quarter) {
            std::int64_t q_planned = 0, q_started = 0;
            bool q_complete = true;
            // Tiers in declared order, groups in file order within each: one pass, however
            // many tiers are declared.
            std::stable_sort(checks.begin(), checks.end(), [&](const PlanCheck* a, const PlanCheck* b) {
                return pop.groups()[a->group].tier_index < pop.groups()[b->group].tier_index;
            });
            for (std::size_t first = 0; first < checks.size();) {
                const int tier = pop.groups()[checks[first]->group].tier_index;
                std::size_t last = first;
                while (last < checks.size() && pop.groups()[checks[last]->group].tier_index == tier)
                    ++last;
                std::int64_t t_planned = 0, t_started = 0;
                int t_groups = 0;
                for (std::size_t k = first; k < last; ++k) {
                    const PlanCheck* c = checks[k];
                    const PriorityGroup& g = pop.groups()[c->group];
                    ++t_groups;
                    t_planned += c->planned;
                    t_started += c->started_in_quarter;
                    q_complete = q_complete && c->quarter_in_run;
                    out << pad_right(quarter, 8) << g.tier << "    " << pad_right(g.id, id_width)
                        << pad_left(with_commas(c->planned), 12)
                        << pad_left(with_commas(c->started_in_quarter), 12)
                        << pad_left(signed_commas(c->started_in_quarter - c->planned), 12) << "  "
                        << (!c->quarter_in_run ? "partial"
                            : c->met           ? "met"
                                               : "SLIPPED")
                        << "  " << g.label << "\n";
                }
                if (t_groups > 1)
                    out << pad_right(quarter, 8) << pop.tiers()[tier] << "    "
                        << pad_right("(tier total)", id_width)
                        << pad_left(with_commas(t_planned), 12)
                        << pad_left(with_commas(t_started), 12)
                        << pad_left(signed_commas(t_started - t_planned), 12) << "\n";
                q_planned += t_planned;
                q_started += t_started;
                first = last;
            }
            out << pad_right(quarter, 8) << pad_right("all", 6)
                << pad_right("(quarter total)", id_width) << pad_left(with_commas(q_planned), 12)
                << pad_left(with_commas(q_started), 12)
                << pad_left(signed_commas(q_started - q_planned), 12) << "  "
                << (!q_complete              ? "partial"
                    : q_started >= q_planned ? "met"
                                             : "SLIPPED")
                << "\n";
        }
    }

    out << slipped_groups_text(sc, run, o);

    out << "\nBy quarter: first doses, second doses, and what bound each day\n";
    const PeriodSummary& q = o.quarterly;
    for (std::size_t k = 0; k < q.labels.size(); ++k) {
        const int a = q.first_day[k] - run.start(), b = q.last_day[k] - run.start();
        out << "  " << q.labels[k] << ": first " << with_commas(q.first_doses.row(k).sum())
            << ", second " << with_commas(q.second_doses.row(k).sum())
            << (sc.boosters.empty()
                    ? std::string()
                    : ", boosters " +
                          with_commas(o.boosters_by_group.middleRows(a, b - a + 1).sum()))
            << ", wasted "
            << with_commas(q.wasted.row(k).sum()) << "; capacity used "
            << with_commas(q.capacity_used(k)) << " of " << with_commas(q.capacity(k))
            << "; bound by " << binding_days(sc, run, a, b) << "\n";
    }

    if (!sc.targets.empty()) {
        out << "\nTargets\n";
        for (std::size_t i = 0; i < sc.targets.size(); ++i) {
            const Target& t = sc.targets[i];
            const TargetResult& r = o.targets[i];
            if (is_bound(t.measure)) {
                out << "  " << t.label << " [" << t.id << "]: " << measure_phrase(t.measure)
                    << " of " << t.population_label << " by " << format_iso_date(t.deadline)
                    << (t.since ? " since " + format_iso_date(*t.since) : "") << ", at most "
                    << with_commas(r.threshold) << "\n    " << (r.met ? "MET" : "NOT MET") << ": "
                    << with_commas(r.value_at_deadline) << " at the deadline, headroom "
                    << signed_commas(r.margin) << "\n";
                continue;
            }
            out << "  " << t.label << " [" << t.id << "]: "
                << (t.measure == Measure::dose ? "people given dose " + std::to_string(t.dose)
                                               : measure_phrase(t.measure))
                << " in "
                << t.population_label << " by " << format_iso_date(t.deadline)
                << (t.since ? " since " + format_iso_date(*t.since) : "") << ", threshold "
                << with_commas(r.threshold) << "\n    " << (r.met ? "MET" : "NOT MET") << ": "
                << with_commas(r.value_at_deadline) << " at the deadline, margin "
                << signed_commas(r.margin) << ", first reached "
                << (r.first_reached ? format_iso_date(*r.first_reached) : "never") << "\n";
        }
    }

    const bool protection = std::any_of(sc.products.begin(), sc.products.end(), [](const Product& p) {
        return p.protection_days(1).has_value();
    });
    if (!sc.boosters.empty() || protection) {
        const int last = run.days() - 1;
        out << "\nBoosters and protection, at the end of " << format_iso_date(run.day_of(last))
            << "\n  fully vaccinated " << with_commas(o.fully_vaccinated_people_by_group.row(last).sum())
            << ", boosted " << with_commas(o.boosted_people_by_group.row(last).sum())
            << ", up to date " << with_commas(o.up_to_date_people_by_group.row(last).sum())
            << "\n";
        for (const BoosterCampaign& c : sc.boosters)
            out << "  campaign " << c.id << ": " << c.population_label << ", from "
                << format_iso_date(c.from) << (c.to ? " to " + format_iso_date(*c.to) : "")
                << ", "
                << (c.after_days ? std::to_string(*c.after_days) + " days after the last dose"
                                 : std::string("when protection lapses"))
                << ", uptake " << c.uptake << ", " << priority_label(c.priority) << "\n";
    }

    if (epidemic) {
        const EpidemicModel& m = *sc.epidemic;
        char head[160];
        std::snprintf(
            head, sizeof head,
            "\nEpidemic (SEIR, 16 age bands, R0 %.2f, %d RK4 step%s a day), expected numbers\n",
            m.r0, m.substeps, m.substeps == 1 ? "" : "s");
        out << head << pad_right("", 18) << pad_left("this rollout", 16);
        if (epidemic->counterfactual)
            out << pad_left("no vaccination", 16) << pad_left("averted", 16);
        out << "\n";
        const auto row = [&](const char* name, double with, std::optional<double> without) {
            out << pad_right(std::string("  ") + name, 18)
                << pad_left(with_commas(std::llround(with)), 16);
            if (without) {
                char share[32];
                std::snprintf(share, sizeof share, " (%.0f%%)",
                              *without > 0 ? 100 * (*without - with) / *without : 0.0);
                out << pad_left(with_commas(std::llround(*without)), 16)
                    << pad_left(with_commas(std::llround(*without - with)) + share, 16);
            }
            out << "\n";
        };
        const auto& v = epidemic->vaccinated;
        const auto& c = epidemic->counterfactual;
        row("infections", v.total_infections(),
            c ? std::optional(c->total_infections()) : std::nullopt);
        row("hospitalisations", v.total_hospitalisations(),
            c ? std::optional(c->total_hospitalisations()) : std::nullopt);
        row("deaths", v.total_deaths(), c ? std::optional(c->total_deaths()) : std::nullopt);
    }

    out << "\nDoses by product (whole run)\n";
    for (int p = 0; p < run.products(); ++p) {
        out << "  " << pad_right(sc.products[p].id(), 14) << " delivered "
            << pad_left(with_commas(run.deliveries.col(p).sum()), 11) << ", given "
            << pad_left(with_commas(run.administered.col(p).sum()), 11) << ", wasted "
            << pad_left(with_commas(run.wasted.col(p).sum()), 9) << ", in stock at end "
            << pad_left(with_commas(run.stock(run.days() - 1, p)), 10) << "\n";
        // Supply as it came, when there was any: extra doses from the vials, doses in by
        // returns and swaps, out by exports and swaps, and exports the stock could not make.
        const std::int64_t extra = run.extracted.col(p).sum(), in = run.imported.col(p).sum(),
                           sent = run.exported.col(p).sum(), short_by = run.exports_not_made[p];
        if (extra != 0 || in != 0 || sent != 0 || short_by != 0)
            out << "  " << pad_right("", 14) << " extracted beyond the label " << with_commas(extra)
                << ", in by returns and swaps " << with_commas(in) << ", exported "
                << with_commas(sent) << "\n";
        if (short_by != 0)
            out << "  WARNING: " << sc.products[p].id() << ": exports and swaps asked for "
                << with_commas(short_by) << " doses more than were in stock on their days; "
                << "only the stock was sent\n";
    }
    if (!sc.capacity.single_site()) {
        out << "\nDoses by site (whole run)\n";
        for (int s = 0; s < run.sites(); ++s)
            out << "  " << pad_right(sc.capacity.sites()[s].id, 14) << " capacity "
                << pad_left(with_commas(run.site_capacity.col(s).sum()), 11) << ", used "
                << pad_left(with_commas(run.site_capacity_used.col(s).sum()), 11) << "\n";
    }

    // People whose later dose is past due and not yet given: the cost of first doses
    // given from stock that later doses then lacked.
    out << "\nOverdue later doses by product: people due and not yet given\n";
    for (int p = 0; p < run.products(); ++p) {
        const OverdueResult& od = o.overdue[static_cast<std::size_t>(p)];
        out << "  " << pad_right(sc.products[p].id(), 14);
        if (!od.peak_day) {
            out << " never overdue\n";
            continue;
        }
        out << " peak " << pad_left(with_commas(od.peak), 11) << " on "
            << format_iso_date(*od.peak_day) << ", " << pad_left(with_commas(od.person_days), 13)
            << " person-days, at end " << with_commas(od.at_end);
        // People past a booked dose's max_days, who left (after_max: drop_out): no longer
        // overdue, and never coming back.
        if (const std::int64_t gone = run.dropped_out.col(p).sum(); gone > 0)
            out << ", dropped out " << with_commas(gone);
        out << "\n";
    }
    return out.str();
}

} // namespace vaxsim

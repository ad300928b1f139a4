#include "results/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>

#include "models/text.hpp"
#include "results/labels.hpp"
#include "results/slip_reasons.hpp"

namespace vaxsim {
namespace {

// What a target counts, as the summary's sentence says it.
std::string measure_phrase(const Target& t, Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    switch (t.measure) {
    case Measure::first_dose:
        return T(Label::s_mp_first_dose);
    case Measure::fully_vaccinated:
        return T(Label::s_mp_fully_vaccinated);
    case Measure::doses:
        return T(Label::s_mp_doses);
    case Measure::overdue_peak:
        return T(Label::s_mp_overdue_peak);
    case Measure::overdue_person_days:
        return T(Label::s_mp_overdue_person_days);
    case Measure::boosted:
        return T(Label::s_mp_boosted);
    case Measure::up_to_date:
        return T(Label::s_mp_up_to_date);
    case Measure::dose:
        return fill(T(Label::s_mp_dose_n), {std::to_string(t.dose)});
    }
    return "";
}

// "capacity 61 d, supply:pfizer 12 d" for the days of [a, b] (in Korean, by the
// constraints' display names).
std::string binding_days(const Scenario& sc, const Ledger& run, int a, int b, Language lang) {
    std::map<std::string, int> days;
    for (int t = a; t <= b; ++t) {
        std::string key(constraint_info(run.binding_constraint[t]).label);
        if (run.binding_product[t] >= 0) key += ":" + sc.products[run.binding_product[t]].id();
        ++days[key];
    }
    std::string out;
    for (const auto& [key, n] : days)
        out += (out.empty() ? "" : ", ") +
               fill(text(Label::s_days_short, lang),
                    {lang == Language::en ? key : held_name(key, lang), std::to_string(n)});
    return out;
}

// Why each slipped group slipped: when it finished and what held it in its quarter.
std::string slipped_groups_text(const Scenario& sc, const Ledger& run, const Outcomes& o,
                                Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    const auto reasons = slip_reasons(sc, run, o);
    if (reasons.empty()) return "";
    std::ostringstream out;
    out << "\n" << T(Label::s_why_heading) << "\n";
    for (const SlipReason& r : reasons) {
        const PriorityGroup& g = sc.population.groups()[r.group];
        out << "  " << r.quarter << " " << g.id << ": "
            << fill(T(Label::s_started_of), {with_commas(r.started), with_commas(r.planned)});
        if (!r.finished.empty())
            out << fill(T(Label::s_reached_on), {with_commas(r.planned), r.finished});
        else
            out << fill(T(Label::s_never_started),
                        {with_commas(r.planned),
                         r.final_date.empty() ? T(Label::s_no_first_dose)
                                              : fill(T(Label::s_last_first_dose), {r.final_date}),
                         with_commas(r.final_people), with_commas(r.before_quarter)});
        out << "\n    " << fill(T(Label::s_held_by), {held_text(r, lang)}) << "\n";
    }
    return out.str();
}

} // namespace

std::string format_summary(const Scenario& sc, const Ledger& run, const Outcomes& o,
                           const EpidemicOutcome* epidemic, Language lang) {
    const auto T = [lang](Label l) { return std::string(text(l, lang)); };
    std::ostringstream out;
    const auto& pop = sc.population;
    out << fill(T(Label::s_run_header), {sc.name, format_iso_date(sc.start),
                                         format_iso_date(sc.end), std::to_string(sc.days())})
        << "\n"
        << fill(T(Label::s_policy), {sc.policy.allocation, sc.policy.reserve_label}) << "\n";
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
        out << fill(T(Label::s_started_from), {format_iso_date(*run.as_of), with_commas(with_first),
                                               with_commas(complete)})
            << "\n  " << T(Label::s_stock_on_hand);
        for (int p = 0; p < P; ++p)
            out << (p ? ", " : " ") << sc.products[p].id() << " "
                << with_commas(run.initial_stock[p]);
        out << "\n";
        std::int64_t replaced = 0;
        for (std::int64_t n : run.replaced_deliveries) replaced += n;
        if (replaced > 0)
            out << "  " << fill(T(Label::s_replaced), {with_commas(replaced)}) << "\n";
    }

    if (!o.plan.empty()) {
        out << "\n" << T(Label::s_plan_heading) << "\n";
        std::size_t id_width = 16;
        for (const auto& g : pop.groups()) id_width = std::max(id_width, g.id.size() + 2);
        out << pad_right(T(Label::col_quarter), 8) << pad_right(T(Label::col_tier), 6)
            << pad_right(T(Label::col_group), id_width) << pad_left(T(Label::col_planned), 12)
            << pad_left(T(Label::col_started), 12) << pad_left(T(Label::col_gap), 12) << "  "
            << T(Label::s_col_status) << "\n";
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
                        << (!c->quarter_in_run ? T(Label::partial)
                            : c->met           ? T(Label::met)
                                               : T(Label::s_slipped_caps))
                        << "  " << g.label << "\n";
                }
                if (t_groups > 1)
                    out << pad_right(quarter, 8) << pop.tiers()[tier] << "    "
                        << pad_right(T(Label::s_tier_total), id_width)
                        << pad_left(with_commas(t_planned), 12)
                        << pad_left(with_commas(t_started), 12)
                        << pad_left(signed_commas(t_started - t_planned), 12) << "\n";
                q_planned += t_planned;
                q_started += t_started;
                first = last;
            }
            out << pad_right(quarter, 8) << pad_right(T(Label::s_all), 6)
                << pad_right(T(Label::s_quarter_total), id_width)
                << pad_left(with_commas(q_planned), 12)
                << pad_left(with_commas(q_started), 12)
                << pad_left(signed_commas(q_started - q_planned), 12) << "  "
                << (!q_complete              ? T(Label::partial)
                    : q_started >= q_planned ? T(Label::met)
                                             : T(Label::s_slipped_caps))
                << "\n";
        }
    }

    out << slipped_groups_text(sc, run, o, lang);

    out << "\n" << T(Label::s_by_quarter_heading) << "\n";
    const PeriodSummary& q = o.quarterly;
    for (std::size_t k = 0; k < q.labels.size(); ++k) {
        const int a = q.first_day[k] - run.start(), b = q.last_day[k] - run.start();
        out << "  "
            << fill(T(Label::s_quarter_line),
                    {q.labels[k], with_commas(q.first_doses.row(k).sum()),
                     with_commas(q.second_doses.row(k).sum()),
                     sc.boosters.empty()
                         ? std::string()
                         : fill(T(Label::s_boosters_part),
                                {with_commas(o.boosters_by_group.middleRows(a, b - a + 1).sum())}),
                     with_commas(q.wasted.row(k).sum()), with_commas(q.capacity_used(k)),
                     with_commas(q.capacity(k)), binding_days(sc, run, a, b, lang)})
            << "\n";
    }

    if (!sc.targets.empty()) {
        out << "\n" << T(Label::targets) << "\n";
        for (std::size_t i = 0; i < sc.targets.size(); ++i) {
            const Target& t = sc.targets[i];
            const TargetResult& r = o.targets[i];
            const std::string since =
                t.since ? fill(T(Label::s_since), {format_iso_date(*t.since)}) : std::string();
            const std::string verdict = T(r.met ? Label::s_met_caps : Label::s_not_met_caps);
            const bool bound = is_bound(t.measure);
            out << "  " << t.label << " [" << t.id << "]: "
                << fill(T(bound ? Label::s_target_bound : Label::s_target_line),
                        {measure_phrase(t, lang), population_name(t.population_label, lang),
                         format_iso_date(t.deadline), since, with_commas(r.threshold)})
                << "\n    "
                << (bound ? fill(T(Label::s_bound_result),
                                 {verdict, with_commas(r.value_at_deadline), signed_commas(r.margin)})
                          : fill(T(Label::s_target_result),
                                 {verdict, with_commas(r.value_at_deadline), signed_commas(r.margin),
                                  r.first_reached ? format_iso_date(*r.first_reached)
                                                  : T(Label::never)}))
                << "\n";
        }
    }

    const bool protection = std::any_of(sc.products.begin(), sc.products.end(), [](const Product& p) {
        return p.protection_days(1).has_value();
    });
    if (!sc.boosters.empty() || protection) {
        const int last = run.days() - 1;
        out << "\n" << fill(T(Label::s_boosters_heading), {format_iso_date(run.day_of(last))})
            << "\n  "
            << fill(T(Label::s_boosters_line),
                    {with_commas(o.fully_vaccinated_people_by_group.row(last).sum()),
                     with_commas(o.boosted_people_by_group.row(last).sum()),
                     with_commas(o.up_to_date_people_by_group.row(last).sum())})
            << "\n";
        for (const BoosterCampaign& c : sc.boosters) {
            std::ostringstream uptake;
            uptake << c.uptake;
            out << "  "
                << fill(T(Label::s_campaign),
                        {c.id, population_name(c.population_label, lang), format_iso_date(c.from),
                         c.to ? fill(T(Label::s_campaign_to), {format_iso_date(*c.to)})
                              : std::string(),
                         c.after_days
                             ? fill(T(Label::s_after_days), {std::to_string(*c.after_days)})
                             : T(Label::s_when_lapses),
                         uptake.str(), priority_label(c.priority)})
                << "\n";
        }
    }

    if (epidemic) {
        const EpidemicModel& m = *sc.epidemic;
        char r0[32];
        std::snprintf(r0, sizeof r0, "%.2f", m.r0);
        out << "\n"
            << fill(T(Label::s_epidemic_heading),
                    {r0,
                     fill(T(m.stochastic ? (m.substeps == 1 ? Label::s_chain_step_one : Label::s_chain_steps)
                                         : (m.substeps == 1 ? Label::s_rk4_step_one : Label::s_rk4_steps)),
                          {std::to_string(m.substeps)}),
                     std::to_string(m.bands()),
                     m.stochastic ? fill(T(Label::s_epi_random),
                                         {std::to_string(sc.future), std::to_string(sc.seed)})
                                  : T(Label::s_epi_expected)})
            << "\n";
        // Bands the scenario chose, by name (the five-year bands go without saying).
        if (m.bands() != five_year_bands)
            out << fill(T(Label::s_epi_bands), {joined(m.band_labels, ", ")}) << "\n";
        // What changes the epidemic over the run, beside the rollout: variants from their
        // dates (relative to the scenario's own transmission and severity) and importations.
        const auto times = [](double x) {
            char text[32];
            std::snprintf(text, sizeof text, "%.2f", x);
            return std::string(text);
        };
        for (const Variant& v : m.variants)
            out << fill(T(Label::s_epi_variant), {format_iso_date(v.from), v.label.empty() ? "-" : v.label,
                                                  times(v.transmissibility), times(v.severity)})
                << "\n";
        for (const Importation& i : m.importations)
            out << fill(T(Label::s_epi_importation), {i.per_day == std::round(i.per_day)
                                                          ? with_commas(std::llround(i.per_day))
                                                          : times(i.per_day),
                                                      format_iso_date(i.from),
                                                      format_iso_date(i.to)})
                << "\n";
        // Waning: each waning product's mean days at full protection, and immunity after
        // infection.
        std::vector<std::string> waning;
        for (std::size_t p = 0; p < sc.products.size(); ++p)
            if (const double rate = m.protection[p].waning_rate; rate > 0)
                waning.push_back(sc.products[p].id() + " " + with_commas(std::llround(1 / rate)));
        if (!waning.empty()) out << fill(T(Label::s_epi_waning), {joined(waning)}) << "\n";
        if (m.infection_waning_rate > 0)
            out << fill(T(Label::s_epi_infection_immunity),
                        {with_commas(std::llround(1 / m.infection_waning_rate))})
                << "\n";
        out << pad_right("", 18) << pad_left(T(Label::this_rollout), 16);
        if (epidemic->counterfactual)
            out << pad_left(T(Label::no_vaccination), 16) << pad_left(T(Label::averted), 16);
        out << "\n";
        const auto row = [&](Label name, double with, std::optional<double> without) {
            out << pad_right("  " + T(name), 18)
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
        row(Label::infections, v.total_infections(),
            c ? std::optional(c->total_infections()) : std::nullopt);
        row(Label::hospitalisations, v.total_hospitalisations(),
            c ? std::optional(c->total_hospitalisations()) : std::nullopt);
        row(Label::deaths, v.total_deaths(), c ? std::optional(c->total_deaths()) : std::nullopt);
        if (m.hospital && v.hospital) {
            // Peaks with their dates, days over the beds, and what falls after the last day.
            const HospitalLoad* without = c && c->hospital ? &*c->hospital : nullptr;
            out << "\n"
                << fill(T(Label::s_hosp_heading),
                        {with_commas(m.hospital->beds), with_commas(m.hospital->icu_beds)})
                << "\n"
                << pad_right("", 26) << pad_left(T(Label::this_rollout), 26);
            if (without) out << pad_left(T(Label::no_vaccination), 26);
            out << "\n";
            const auto line = [&](Label name, auto value) {
                out << pad_right("  " + T(name), 26) << pad_left(value(*v.hospital), 26);
                if (without) out << pad_left(value(*without), 26);
                out << "\n";
            };
            const auto peak = [&](OccupancyPeak HospitalLoad::*which) {
                return [&, which](const HospitalLoad& h) {
                    const OccupancyPeak& p = h.*which;
                    return fill(T(Label::s_on_date), {with_commas(std::llround(p.people)),
                                                      format_iso_date(sc.start + p.day)});
                };
            };
            const auto whole = [](auto get) {
                return [get](const HospitalLoad& h) { return with_commas(std::llround(get(h))); };
            };
            line(Label::s_hosp_peak_ward, peak(&HospitalLoad::ward_peak));
            line(Label::s_hosp_peak_icu, peak(&HospitalLoad::icu_peak));
            line(Label::s_hosp_over_ward,
                 whole([](const HospitalLoad& h) { return double(h.days_over_beds); }));
            line(Label::s_hosp_over_icu,
                 whole([](const HospitalLoad& h) { return double(h.days_over_icu_beds); }));
            const auto sum = [](const std::vector<double>& v) {
                double t = 0;
                for (double x : v) t += x;
                return t;
            };
            line(Label::s_hosp_adm_after_end,
                 whole([&](const HospitalLoad& h) { return sum(h.admissions_after_end); }));
            line(Label::s_hosp_deaths_after_end,
                 whole([&](const HospitalLoad& h) { return sum(h.deaths_after_end); }));
        }
    }

    out << "\n" << T(Label::s_doses_by_product) << "\n";
    for (int p = 0; p < run.products(); ++p) {
        out << "  " << pad_right(sc.products[p].id(), 14) << T(Label::s_delivered_w)
            << pad_left(with_commas(run.deliveries.col(p).sum()), 11) << T(Label::s_given_w)
            << pad_left(with_commas(run.administered.col(p).sum()), 11) << T(Label::s_wasted_w)
            << pad_left(with_commas(run.wasted.col(p).sum()), 9) << T(Label::s_in_stock_end_w)
            << pad_left(with_commas(run.stock(run.days() - 1, p)), 10) << "\n";
        // Supply as it came, when there was any: extra doses from the vials, doses in by
        // returns and swaps, out by exports and swaps, and exports the stock could not make.
        const std::int64_t extra = run.extracted.col(p).sum(), in = run.imported.col(p).sum(),
                           sent = run.exported.col(p).sum(), short_by = run.exports_not_made[p];
        if (extra != 0 || in != 0 || sent != 0 || short_by != 0)
            out << "  " << pad_right("", 14)
                << fill(T(Label::s_extracted_line),
                        {with_commas(extra), with_commas(in), with_commas(sent)})
                << "\n";
        if (short_by != 0)
            out << "  "
                << fill(T(Label::s_exports_warning), {sc.products[p].id(), with_commas(short_by)})
                << "\n";
        // Doses the supply sends that no stock receives in the run: told, not lost unseen.
        if (const std::int64_t late = run.delivered_after_end[p]; late != 0)
            out << "  " << pad_right("", 14)
                << fill(T(sc.places ? Label::s_after_end_places_line : Label::s_after_end_line),
                        {with_commas(late)})
                << "\n";
    }
    if (!sc.capacity.single_site()) {
        out << "\n" << T(Label::s_doses_by_site) << "\n";
        for (int s = 0; s < run.sites(); ++s)
            out << "  " << pad_right(sc.capacity.sites()[s].id, 14) << T(Label::s_capacity_w)
                << pad_left(with_commas(run.site_capacity.col(s).sum()), 11) << T(Label::s_used_w)
                << pad_left(with_commas(run.site_capacity_used.col(s).sum()), 11) << "\n";
    }

    // People whose later dose is past due and not yet given: the cost of first doses
    // given from stock that later doses then lacked.
    out << "\n" << T(Label::s_overdue_heading) << "\n";
    for (int p = 0; p < run.products(); ++p) {
        const OverdueResult& od = o.overdue[static_cast<std::size_t>(p)];
        out << "  " << pad_right(sc.products[p].id(), 14);
        if (!od.peak_day) {
            out << T(Label::s_never_overdue) << "\n";
            continue;
        }
        out << fill(T(Label::s_overdue_line),
                    {pad_left(with_commas(od.peak), 11), format_iso_date(*od.peak_day),
                     pad_left(with_commas(od.person_days), 13), with_commas(od.at_end)});
        // People past a booked dose's max_days, who left (after_max: drop_out): no longer
        // overdue, and never coming back.
        if (const std::int64_t gone = run.dropped_out.col(p).sum(); gone > 0)
            out << fill(T(Label::s_dropped_out), {with_commas(gone)});
        out << "\n";
    }
    return out.str();
}

} // namespace vaxsim

#include "results/slip_reasons.hpp"

#include <algorithm>
#include <map>

#include "models/constraint.hpp"
#include "models/date.hpp"

namespace vaxsim {

std::vector<SlipReason> slip_reasons(const SlipInputs& in, const std::vector<PlanRow>& plan) {
    std::vector<SlipReason> out;
    const std::size_t D = in.dates.size();
    if (!in.first_dose_people || !in.group_binding || !in.group_product || D == 0) return out;
    const auto G = static_cast<std::size_t>(in.first_dose_people->cols());
    if (in.group_binding->size() != D * G || in.group_product->size() != D * G) return out;
    const CountMatrix& people = *in.first_dose_people;
    for (const PlanRow& row : plan) {
        if (!row.slipped || row.group >= G) continue;
        const auto g = static_cast<Eigen::Index>(row.group);
        SlipReason r;
        r.group = row.group;
        r.quarter = row.quarter;
        r.planned = row.planned;
        r.started = row.started;
        // The quarter's days within the run.
        std::size_t first = D, last = 0;
        for (std::size_t d = 0; d < D; ++d)
            if (in.quarters[d] == row.quarter) first = std::min(first, d), last = d;
        if (first == D) continue;
        // People it had before the quarter (a quarter that begins with the run counts from
        // nothing, or from the opening balance of a run started mid-campaign, which the
        // plan check does not count as started in the quarter either).
        const std::int64_t base =
            first == 0 ? in.initial_people.empty() ? 0 : in.initial_people[row.group]
                       : people(static_cast<Eigen::Index>(first) - 1, g);
        r.before_quarter = base;
        for (std::size_t d = first; d < D; ++d)
            if (people(static_cast<Eigen::Index>(d), g) - base >= row.planned) {
                r.finished = in.dates[d];
                break;
            }
        r.final_people = people(static_cast<Eigen::Index>(D) - 1, g);
        for (std::size_t d = D; d-- > 0;)
            if (d == 0 ? people(0, g) > 0
                       : people(static_cast<Eigen::Index>(d), g) > people(static_cast<Eigen::Index>(d) - 1, g)) {
                r.final_date = in.dates[d];
                break;
            }
        std::map<std::string, int> days;
        for (std::size_t d = first; d <= last; ++d) {
            const std::size_t at = d * G + row.group;
            const auto code = static_cast<Constraint>((*in.group_binding)[at]);
            if (code == Constraint::none) continue;
            std::string key = code == Constraint::no_group_open
                                  ? std::string("not open")
                                  : std::string(constraint_info(code).label);
            const std::int32_t p = (*in.group_product)[at];
            if (p >= 0 && static_cast<std::size_t>(p) < in.products.size())
                key += ":" + in.products[static_cast<std::size_t>(p)];
            ++days[key];
        }
        r.held.assign(days.begin(), days.end());
        std::stable_sort(r.held.begin(), r.held.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        out.push_back(std::move(r));
    }
    return out;
}

std::string held_name(const std::string& key, Language language) {
    const auto colon = key.find(':');
    const std::string code = key.substr(0, colon);
    std::string name = code;
    if (code == "not open") name = std::string(constraint_name(Constraint::no_group_open, language));
    for (const ConstraintInfo& c : constraint_table)
        if (c.label == code) name = std::string(constraint_name(c.code, language));
    if (colon != std::string::npos) name += " (" + key.substr(colon + 1) + ")";
    return name;
}

std::string held_text(const SlipReason& reason, Language language) {
    std::string out;
    for (const auto& [key, n] : reason.held)
        out += (out.empty() ? "" : ", ") +
               fill(text(Label::s_days_short, language),
                    {language == Language::en ? key : held_name(key, language), std::to_string(n)});
    return out.empty() ? std::string(text(Label::s_served_in_full, language)) : out;
}

} // namespace vaxsim

namespace vaxsim {

std::vector<SlipReason> slip_reasons(const Scenario& sc, const Ledger& run, const Outcomes& o) {
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
    return slip_reasons(in, plan);
}

std::vector<SlipReason> slip_reasons(const RunReader& reader, const GroupTable& groups,
                                     const PlanCheckTable& plan_check, const DailySeries& daily) {
    if (daily.group_binding_constraint.empty()) return {};
    const Calendar cal = reader.calendar();
    const InitialTable initial = reader.initial();
    SlipInputs in;
    in.dates = cal.date;
    in.quarters = cal.quarter;
    in.products = reader.products().id;
    in.first_dose_people = &daily.first_dose_people;
    in.group_binding = &daily.group_binding_constraint;
    in.group_product = &daily.group_binding_product;
    for (std::size_t g = 0; g < groups.id.size(); ++g) {
        std::int64_t n = 0;
        for (std::size_t p = 0; p < initial.products && initial.doses_per_person > 0; ++p)
            n += initial.at(g, p, 0);
        in.initial_people.push_back(n);
    }
    std::vector<PlanRow> plan;
    for (std::size_t k = 0; k < plan_check.group.size(); ++k)
        plan.push_back({plan_check.group_index[k], plan_check.quarter[k], plan_check.planned[k],
                        plan_check.started_in_quarter[k],
                        plan_check.quarter_in_run[k] != 0 && plan_check.met[k] == 0});
    return slip_reasons(in, plan);
}

} // namespace vaxsim

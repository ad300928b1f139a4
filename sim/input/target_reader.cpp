// A target: a measure over a population, a threshold and a deadline.
#include "sim/input/section_readers.hpp"

namespace vaxsim {

TargetSpec read_target(const InputNode& node) {
    MapReader r(node, "a target");
    TargetSpec t;
    t.id = r.required("id").as_string();
    if (auto label = r.optional("label")) t.label = label->as_string();
    const InputNode measure = r.required("measure");
    const std::string m = measure.as_string();
    if (m == "first_dose")
        t.measure = Measure::first_dose;
    else if (m == "fully_vaccinated")
        t.measure = Measure::fully_vaccinated;
    else if (m == "doses")
        t.measure = Measure::doses;
    else if (m == "overdue_peak")
        t.measure = Measure::overdue_peak;
    else if (m == "overdue_person_days")
        t.measure = Measure::overdue_person_days;
    else if (m == "boosted")
        t.measure = Measure::boosted;
    else if (m == "up_to_date")
        t.measure = Measure::up_to_date;
    else if (m == "dose")
        t.measure = Measure::dose;
    else
        measure.fail("expected first_dose, fully_vaccinated, doses, overdue_peak, "
                     "overdue_person_days, boosted, up_to_date or dose, got '" + m + "'");
    if (auto d = r.optional("dose")) t.dose = d->as_integer();

    MapReader p(r.required("population"), "a target's population");
    using Kind = TargetPopulationSpec::Kind;
    const std::string kind = p.exactly_one_of({"bands", "groups", "tiers", "products", "all"});
    if (kind == "all") {
        t.population.kind = Kind::all;
        const InputNode all = p.required("all");
        if (all.yaml().Scalar() != "true") all.fail("expected 'all: true'");
    } else {
        t.population.kind = kind == "bands"      ? Kind::bands
                            : kind == "groups"   ? Kind::groups
                            : kind == "products" ? Kind::products
                                                 : Kind::tiers;
        for (const InputNode& item : p.required(kind).items())
            t.population.names.push_back(item.as_string());
    }
    p.finish();

    // A people or doses target reaches a share or a count; an overdue target is a bound.
    const std::string threshold = r.exactly_one_of({"share", "count", "at_most"});
    if (threshold == "share")
        t.share = r.required("share").as_share();
    else if (threshold == "count")
        t.count = r.required("count").as_count();
    else
        t.at_most = r.required("at_most").as_count();
    t.deadline = r.required("deadline").as_date();
    if (auto s = r.optional("since")) t.since = s->as_date();
    if (auto d = r.optional("denominator")) t.denominator = d->as_count();
    r.finish();
    return t;
}

} // namespace vaxsim

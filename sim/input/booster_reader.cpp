// A booster campaign: whom it offers a dose after their series, from when, how long after
// the last dose, of which products, how many take it, and its priority.
#include "sim/input/section_readers.hpp"

namespace vaxsim {

BoosterCampaignSpec read_booster(const InputNode& node) {
    MapReader r(node, "a booster campaign");
    BoosterCampaignSpec b;
    b.id = r.required("id").as_string();
    if (auto label = r.optional("label")) b.label = label->as_string();

    MapReader p(r.required("population"), "a campaign's population");
    using Kind = TargetPopulationSpec::Kind;
    // Asked first, so that a misspelt key is reported as such ("did you mean").
    const std::vector<std::string> kinds{"bands", "groups", "tiers", "all"};
    bool any_kind = false;
    for (const auto& k : kinds) any_kind = p.optional(k).has_value() || any_kind;
    if (!any_kind) p.finish();
    const std::string kind = p.exactly_one_of(kinds);
    if (kind == "all") {
        b.population.kind = Kind::all;
        const InputNode all = p.required("all");
        if (all.yaml().Scalar() != "true") all.fail("expected 'all: true'");
    } else {
        b.population.kind = kind == "bands" ? Kind::bands : kind == "groups" ? Kind::groups
                                                                             : Kind::tiers;
        for (const InputNode& item : p.required(kind).items())
            b.population.names.push_back(item.as_string());
    }
    p.finish();

    b.from = r.required("from").as_date();
    if (auto to = r.optional("to")) b.to = to->as_date();
    // How long after the last dose: a number of days, or when its protection lapses.
    // Neither given: a misspelt key ("after_day") is the likelier mistake, said as such.
    if (!r.optional("after_days") && !r.optional("after")) {
        for (const char* key : {"to", "products", "uptake", "priority", "doses", "label"})
            r.optional(key);
        r.finish();
    }
    if (r.exactly_one_of({"after_days", "after"}) == "after_days") {
        b.after_days = r.required("after_days").as_integer();
    } else {
        const InputNode after = r.required("after");
        if (after.as_string() != "protection_lapses")
            after.fail("expected 'protection_lapses' (or give 'after_days' instead), got '" +
                       after.as_string() + "'");
    }
    for (const InputNode& item : r.required("products").items())
        b.products.push_back(item.as_string());
    if (auto u = r.optional("uptake")) b.uptake = u->as_share();
    if (auto pr = r.optional("priority")) {
        const std::string value = pr->as_string();
        if (value == "after_first_doses")
            b.priority = BoosterPriority::after_first_doses;
        else if (value == "before_first_doses")
            b.priority = BoosterPriority::before_first_doses;
        else
            pr->fail("expected after_first_doses (the default) or before_first_doses, got '" +
                     value + "'");
    }
    if (auto d = r.optional("doses")) b.doses = d->as_integer();
    r.finish();
    return b;
}

} // namespace vaxsim

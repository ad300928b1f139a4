#include "models/target.hpp"

#include <algorithm>

#include "models/rounding.hpp"

namespace vaxsim {

std::string measure_label(Measure m) {
    switch (m) {
    case Measure::first_dose:
        return "first_dose";
    case Measure::fully_vaccinated:
        return "fully_vaccinated";
    case Measure::doses:
        return "doses";
    }
    return "?";
}

Target::Target(const InputNode& node, const Population& pop) {
    MapReader r(node, "a target");
    id = r.required("id").as_string();
    label = r.optional("label") ? r.required("label").as_string() : id;
    const InputNode measure_node = r.required("measure");
    const std::string m = measure_node.as_string();
    if (m == "first_dose")
        measure = Measure::first_dose;
    else if (m == "fully_vaccinated")
        measure = Measure::fully_vaccinated;
    else if (m == "doses")
        measure = Measure::doses;
    else
        measure_node.fail("expected first_dose, fully_vaccinated or doses, got '" + m + "'");

    const InputNode pop_node = r.required("population");
    MapReader p(pop_node, "a target's population");
    const std::string kind = p.exactly_one_of({"bands", "groups", "tiers", "all"});
    const auto add_group = [&](int g) {
        for (int c : pop.groups()[g].cohorts) cohorts.push_back(c);
        population += pop.groups()[g].size;
    };
    if (kind == "bands") {
        if (measure == Measure::doses)
            pop_node.fail(
                "a doses target counts doses by group; give groups, tiers or all, not bands");
        std::vector<int> bands;
        for (const InputNode& b : p.required("bands").items()) {
            auto index = pop.band_index(b.as_string());
            if (!index) b.fail("unknown age band '" + b.as_string() + "'");
            if (std::find(bands.begin(), bands.end(), *index) != bands.end())
                b.fail("band listed twice");
            bands.push_back(*index);
            population += pop.bands()[*index].count;
            population_label += (population_label.empty() ? "bands " : "+") + b.as_string();
        }
        for (std::size_t c = 0; c < pop.cohorts().size(); ++c)
            if (std::find(bands.begin(), bands.end(), pop.cohorts()[c].band) != bands.end())
                cohorts.push_back(static_cast<int>(c));
    } else if (kind == "groups") {
        std::vector<int> seen;
        for (const InputNode& g : p.required("groups").items()) {
            auto index = pop.group_index(g.as_string());
            if (!index) g.fail("unknown group '" + g.as_string() + "'");
            if (std::find(seen.begin(), seen.end(), *index) != seen.end())
                g.fail("group listed twice");
            seen.push_back(*index);
            add_group(*index);
        }
        population_label = std::to_string(seen.size()) + " groups";
    } else if (kind == "tiers") {
        for (const InputNode& t : p.required("tiers").items()) {
            const std::string tier = t.as_string();
            auto it = std::find(pop.tiers().begin(), pop.tiers().end(), tier);
            if (it == pop.tiers().end()) t.fail("unknown tier '" + tier + "'");
            for (std::size_t g = 0; g < pop.groups().size(); ++g)
                if (pop.groups()[g].tier == tier) add_group(static_cast<int>(g));
            population_label += (population_label.empty() ? "tiers " : "+") + tier;
        }
    } else {
        const InputNode all = p.required("all");
        if (all.yaml().Scalar() != "true") all.fail("expected 'all: true'");
        for (std::size_t c = 0; c < pop.cohorts().size(); ++c)
            cohorts.push_back(static_cast<int>(c));
        population = pop.total_people();
        population_label = "everyone";
    }
    p.finish();
    std::sort(cohorts.begin(), cohorts.end());

    const std::string threshold_kind = r.exactly_one_of({"share", "count"});
    if (threshold_kind == "share") {
        const InputNode s = r.required("share");
        share = s.as_share();
        if (measure == Measure::doses) s.fail("a doses target takes a 'count', not a share");
        threshold = share_ceiling(*share, population);
    } else {
        threshold = r.required("count").as_count();
    }
    deadline = r.required("deadline").as_date();
    if (auto s = r.optional("since")) {
        since = s->as_date();
        if (*since > deadline) s->fail("'since' is after the deadline");
    }
    r.finish();
}

} // namespace vaxsim

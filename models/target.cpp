#include "models/target.hpp"

#include <algorithm>

#include "models/error.hpp"
#include "models/names.hpp"
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
    case Measure::overdue_peak:
        return "overdue_peak";
    case Measure::overdue_person_days:
        return "overdue_person_days";
    case Measure::boosted:
        return "boosted";
    case Measure::up_to_date:
        return "up_to_date";
    case Measure::dose:
        return "dose";
    }
    return "?";
}

Target::Target(const TargetSpec& spec, const Population& pop,
               const std::vector<std::string>& product_ids)
    : id(spec.id), label(spec.label.empty() ? spec.id : spec.label), measure(spec.measure),
      deadline(spec.deadline), since(spec.since) {
    using Kind = TargetPopulationSpec::Kind;
    const Kind kind = spec.population.kind;
    const std::vector<std::string>& names = spec.population.names;
    const std::string list_path =
        std::string("population.") + (kind == Kind::bands      ? "bands"
                                      : kind == Kind::groups   ? "groups"
                                      : kind == Kind::products ? "products"
                                                               : "tiers");
    const auto item_path = [&](std::size_t i) { return list_path + "." + std::to_string(i); };
    const auto add_group = [&](int g) {
        for (int c : pop.groups()[g].cohorts) cohorts.push_back(c);
        population += pop.groups()[g].size;
    };
    if (is_bound(measure) != (kind == Kind::products) && kind != Kind::all)
        throw ModelError("population",
                         is_bound(measure)
                             ? "an overdue target counts people overdue for products; give "
                               "'products' or 'all', not " + list_path.substr(11)
                             : "'products' is the population of an overdue measure only");
    if (is_bound(measure)) {
        if (kind == Kind::all) {
            for (std::size_t p = 0; p < product_ids.size(); ++p)
                products.push_back(static_cast<int>(p));
            population_label = "all products";
        }
        for (std::size_t i = 0; i < names.size(); ++i) {
            auto it = std::find(product_ids.begin(), product_ids.end(), names[i]);
            if (it == product_ids.end())
                throw ModelError(item_path(i), "unknown product '" + names[i] + "'" +
                                                   did_you_mean(names[i], product_ids));
            const int p = static_cast<int>(it - product_ids.begin());
            if (std::find(products.begin(), products.end(), p) != products.end())
                throw ModelError(item_path(i), "product listed twice");
            products.push_back(p);
            population_label += (population_label.empty() ? "products " : "+") + names[i];
        }
        std::sort(products.begin(), products.end());
        if (spec.share || !spec.at_most)
            throw ModelError(spec.share ? "share" : "at_most",
                             "an overdue target is a bound: give 'at_most', the most allowed");
        threshold = check_count(*spec.at_most, "at_most");
        if (since && *since > deadline) throw ModelError("since", "'since' is after the deadline");
        if (spec.denominator)
            throw ModelError("denominator", "an overdue target is a bound on people overdue; it "
                                            "has no denominator");
        return;
    }
    if (measure == Measure::dose) {
        if (!spec.dose)
            throw ModelError("dose", "a dose target names the dose number it counts, e.g. "
                                     "'dose: 3'");
        if (*spec.dose < 1 || *spec.dose > 16)
            throw ModelError("dose", "a dose number is from 1 to 16, got " +
                                         std::to_string(*spec.dose));
        dose = static_cast<int>(*spec.dose);
    } else if (spec.dose) {
        throw ModelError("dose", "'dose' belongs to the dose measure ('measure: dose')");
    }
    if (measure == Measure::up_to_date && since)
        throw ModelError("since", "people up to date are counted on the day, not added up; "
                                  "'since' does not apply");
    if (spec.at_most)
        throw ModelError("at_most", "'at_most' bounds an overdue measure (overdue_peak or "
                                    "overdue_person_days); a people or doses target takes "
                                    "'share' or 'count'");
    if (kind == Kind::bands) {
        if (measure == Measure::doses)
            throw ModelError("population",
                             "a doses target counts doses by group; give groups, tiers or all, "
                             "not bands");
        std::vector<bool> in_target(pop.bands().size(), false);
        for (std::size_t i = 0; i < names.size(); ++i) {
            auto index = pop.band_index(names[i]);
            if (!index)
                throw ModelError(item_path(i), "unknown age band '" + names[i] + "'" +
                                                   did_you_mean(names[i], pop.band_ids()));
            if (in_target[*index]) throw ModelError(item_path(i), "band listed twice");
            in_target[*index] = true;
            population += pop.bands()[*index].count;
            population_label += (population_label.empty() ? "bands " : ", ") + names[i];
        }
        for (std::size_t c = 0; c < pop.cohorts().size(); ++c)
            if (in_target[pop.cohorts()[c].band]) cohorts.push_back(static_cast<int>(c));
    } else if (kind == Kind::groups) {
        std::vector<bool> seen(pop.groups().size(), false);
        for (std::size_t i = 0; i < names.size(); ++i) {
            auto index = pop.group_index(names[i]);
            if (!index)
                throw ModelError(item_path(i), "unknown group '" + names[i] + "'" +
                                                   did_you_mean(names[i], pop.group_ids()));
            if (seen[*index]) throw ModelError(item_path(i), "group listed twice");
            seen[*index] = true;
            add_group(*index);
        }
        population_label = std::to_string(names.size()) + (names.size() == 1 ? " group" : " groups");
    } else if (kind == Kind::tiers) {
        std::vector<bool> seen(pop.tiers().size(), false);
        for (std::size_t i = 0; i < names.size(); ++i) {
            const std::string& tier = names[i];
            const auto index = pop.tier_index(tier);
            if (!index)
                throw ModelError(item_path(i), "unknown tier '" + tier + "'" + did_you_mean(tier, pop.tiers()));
            // Listed twice, its groups would be counted twice.
            if (seen[*index]) throw ModelError(item_path(i), "tier listed twice");
            seen[*index] = true;
            for (int g : pop.groups_in_tier(*index)) add_group(g);
            population_label += (population_label.empty() ? "tiers " : "+") + tier;
        }
    } else {
        for (std::size_t c = 0; c < pop.cohorts().size(); ++c)
            cohorts.push_back(static_cast<int>(c));
        population = pop.total_people();
        population_label = "everyone";
    }
    std::sort(cohorts.begin(), cohorts.end());
    // Over nobody, any threshold a share gives is 0 and would read as met on day one.
    if (population == 0)
        throw ModelError("population", "the target's population (" + population_label +
                                           ") has no people, so the target would be met "
                                           "without a dose given; name bands, groups or "
                                           "tiers that have people");

    if (spec.denominator) {
        if (measure == Measure::doses)
            throw ModelError("denominator", "a doses target counts doses against its 'count'; "
                                            "a denominator (a head count) has no meaning there");
        if (*spec.denominator <= 0)
            throw ModelError("denominator", "a denominator must be a head count above zero");
        population = check_count(*spec.denominator, "denominator");
        population_label += " (denominator " + std::to_string(population) + ")";
    }
    if (spec.share) {
        share = check_share(*spec.share, "share");
        if (measure == Measure::doses)
            throw ModelError("share", "a doses target takes a 'count', not a share");
        threshold = share_ceiling(population, decimal_share(*share));
    } else {
        threshold = check_count(spec.count, "count");
        // A count of more people than the stated head count cannot be a part of it.
        if (spec.denominator && threshold > population)
            throw ModelError("denominator", "the denominator " + std::to_string(population) +
                                                " is smaller than the target's count " +
                                                std::to_string(threshold));
    }
    if (since && *since > deadline) throw ModelError("since", "'since' is after the deadline");
}

} // namespace vaxsim

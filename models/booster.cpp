#include "models/booster.hpp"

#include <algorithm>

#include "models/error.hpp"
#include "models/names.hpp"

namespace vaxsim {

std::string priority_label(BoosterPriority p) {
    return p == BoosterPriority::before_first_doses ? "before_first_doses" : "after_first_doses";
}

int primary_doses(const std::vector<Product>& products) {
    int k0 = 1;
    for (const Product& p : products) k0 = std::max(k0, p.doses_in_series());
    return k0;
}

int dose_numbers(const std::vector<Product>& products,
                 const std::vector<BoosterCampaign>& campaigns) {
    int boosters = 0;
    for (const BoosterCampaign& c : campaigns) boosters = std::max(boosters, c.doses);
    return primary_doses(products) + boosters;
}

BoosterCampaign::BoosterCampaign(const BoosterCampaignSpec& spec, const Population& pop,
                                 const std::vector<Product>& all_products)
    : id(spec.id), label(spec.label.empty() ? spec.id : spec.label), from(spec.from),
      to(spec.to), uptake(spec.uptake), priority(spec.priority) {
    if (id.empty()) throw ModelError("id", "a booster campaign needs an id");
    using Kind = TargetPopulationSpec::Kind;
    const Kind kind = spec.population.kind;
    const std::vector<std::string>& names = spec.population.names;
    const std::string list = kind == Kind::bands    ? "bands"
                             : kind == Kind::groups ? "groups"
                             : kind == Kind::tiers  ? "tiers"
                                                    : "products";
    const auto item_path = [&](std::size_t i) {
        return "population." + list + "." + std::to_string(i);
    };
    in_campaign.assign(pop.cohorts().size(), 0);
    const auto add_group = [&](int g) {
        for (int c : pop.groups()[g].cohorts) in_campaign[c] = 1;
    };
    if (kind == Kind::products)
        throw ModelError("population", "a campaign's population is groups, bands, tiers or "
                                       "'all: true', not products");
    if (kind != Kind::all && names.empty())
        throw ModelError("population." + list, "name at least one");
    if (kind == Kind::bands) {
        std::vector<char> seen(pop.bands().size(), 0);
        for (std::size_t i = 0; i < names.size(); ++i) {
            const auto b = pop.band_index(names[i]);
            if (!b)
                throw ModelError(item_path(i), "unknown age band '" + names[i] + "'" +
                                                   did_you_mean(names[i], pop.band_ids()));
            if (seen[*b]++) throw ModelError(item_path(i), "band listed twice");
            for (std::size_t c = 0; c < pop.cohorts().size(); ++c)
                if (pop.cohorts()[c].band == *b) in_campaign[c] = 1;
            population_label += (population_label.empty() ? "bands " : ", ") + names[i];
        }
    } else if (kind == Kind::groups) {
        std::vector<char> seen(pop.groups().size(), 0);
        for (std::size_t i = 0; i < names.size(); ++i) {
            const auto g = pop.group_index(names[i]);
            if (!g)
                throw ModelError(item_path(i), "unknown group '" + names[i] + "'" +
                                                   did_you_mean(names[i], pop.group_ids()));
            if (seen[*g]++) throw ModelError(item_path(i), "group listed twice");
            add_group(*g);
        }
        population_label = std::to_string(names.size()) + (names.size() == 1 ? " group" : " groups");
    } else if (kind == Kind::tiers) {
        std::vector<char> seen(pop.tiers().size(), 0);
        for (std::size_t i = 0; i < names.size(); ++i) {
            const auto t = pop.tier_index(names[i]);
            if (!t)
                throw ModelError(item_path(i), "unknown tier '" + names[i] + "'" +
                                                   did_you_mean(names[i], pop.tiers()));
            if (seen[*t]++) throw ModelError(item_path(i), "tier listed twice");
            for (int g : pop.groups_in_tier(*t)) add_group(g);
            population_label += (population_label.empty() ? "tiers " : "+") + names[i];
        }
    } else {
        std::fill(in_campaign.begin(), in_campaign.end(), 1);
        population_label = "everyone";
    }
    for (std::size_t c = 0; c < in_campaign.size(); ++c)
        if (in_campaign[c]) cohorts.push_back(static_cast<int>(c));

    if (to && *to < from) throw ModelError("to", "'to' is before 'from'");
    if (spec.after_days) {
        if (*spec.after_days < 0 || *spec.after_days > 3660)
            throw ModelError("after_days", "after_days is from 0 to 3660 days since the last "
                                           "dose, got " + std::to_string(*spec.after_days));
        after_days = static_cast<int>(*spec.after_days);
    }
    if (spec.products.empty())
        throw ModelError("products", "name at least one product the campaign gives");
    for (std::size_t i = 0; i < spec.products.size(); ++i) {
        const std::string path = "products." + std::to_string(i);
        auto it = std::find_if(all_products.begin(), all_products.end(),
                               [&](const Product& p) { return p.id() == spec.products[i]; });
        if (it == all_products.end())
            throw ModelError(path, "unknown product '" + spec.products[i] + "'" +
                                       did_you_mean(spec.products[i], product_ids(all_products)));
        const int p = static_cast<int>(it - all_products.begin());
        if (std::find(products.begin(), products.end(), p) != products.end())
            throw ModelError(path, "product listed twice");
        products.push_back(p);
    }
    if (!after_days) {
        // Offered when protection lapses: some product must have a duration, else nobody
        // would ever be offered a dose.
        const bool any = std::any_of(all_products.begin(), all_products.end(),
                                     [](const Product& p) { return p.protection_days(1).has_value(); });
        if (!any)
            throw ModelError("after", "'after: protection_lapses' needs a product with "
                                      "'protection_days'; no product has one");
    }
    uptake_share = decimal_share(check_share(spec.uptake, "uptake"));
    if (spec.doses < 1 || spec.doses > 8)
        throw ModelError("doses", "a campaign gives from 1 to 8 boosters per person, got " +
                                      std::to_string(spec.doses));
    doses = static_cast<int>(spec.doses);
}

} // namespace vaxsim

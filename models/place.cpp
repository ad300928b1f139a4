#include "models/place.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "models/error.hpp"
#include "models/names.hpp"
#include "models/population.hpp"
#include "models/rounding.hpp"
#include "models/text.hpp"
#include "models/scenario.hpp"
#include "models/target.hpp"

namespace vaxsim {
namespace {

std::int64_t share_weight(double share, const std::string& path) {
    if (!std::isfinite(share) || share < 0 || share > 1)
        throw ModelError(path, "a share must be from 0 to 1, got " + std::to_string(share));
    return std::llround(share * static_cast<double>(share_parts));
}

std::string shortest(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", x);
    return buf;
}

} // namespace

const std::vector<std::string>& place_rule_names() {
    static const std::vector<std::string> names{"population", "need", "capacity", "shares",
                                                "listed"};
    return names;
}

const char* place_rule_name(PlaceRule rule) {
    return place_rule_names()[static_cast<std::size_t>(rule)].c_str();
}

std::optional<PlaceRule> place_rule_named(const std::string& name) {
    const auto& names = place_rule_names();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<PlaceRule>(i);
    return std::nullopt;
}

std::vector<Delivery> place_delivery_totals(const PlaceSupplySpec& supply,
                                            const std::string& product) {
    std::vector<Delivery> rows;
    for (const PlaceDelivery& d : supply.deliveries)
        if (d.product == product) rows.push_back({d.day, d.doses});
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Delivery& a, const Delivery& b) { return a.day < b.day; });
    std::vector<Delivery> totals;
    for (const Delivery& d : rows) {
        if (totals.empty() || totals.back().day != d.day) totals.push_back({d.day, 0});
        totals.back().doses += d.doses;
    }
    return totals;
}

Places::Places(const std::vector<PlaceSpec>& places, const PlaceSupplySpec& supply,
               const Population& city, const std::vector<std::string>& product_ids,
               DayNumber start) {
    const auto& bands = city.bands();
    const int B = static_cast<int>(bands.size());
    const int L = static_cast<int>(places.size());
    if (L < 1) throw ModelError("places", "expected at least one place");
    if (L > 10000) throw ModelError("places", "at most 10,000 places");
    std::unordered_map<std::string, int> index;
    weights_.assign(static_cast<std::size_t>(B), std::vector<std::int64_t>(L, 0));
    std::vector<char> by_count(static_cast<std::size_t>(B), 0), by_share(static_cast<std::size_t>(B), 0);
    for (int l = 0; l < L; ++l) {
        const PlaceSpec& p = places[l];
        const std::string path = "places." + p.id;
        if (p.id.empty()) throw ModelError("places." + std::to_string(l) + ".id", "a place needs an id");
        if (!index.emplace(p.id, l).second)
            throw ModelError(path + ".id", "place id '" + p.id + "' is used twice");
        ids_.push_back(p.id);
        labels_.push_back(p.label.empty() ? p.id : p.label);
        if (!p.band_shares.empty() && !p.band_people.empty())
            throw ModelError(path, "give either 'band_shares' or 'band_people', not both");
        if (p.band_shares.empty() && p.band_people.empty())
            throw ModelError(path, "a place needs 'band_shares' (its share of each city band) "
                                   "or 'band_people' (its people in each band)");
        std::vector<std::string> band_ids;
        for (const AgeBand& b : bands) band_ids.push_back(b.id);
        const auto band_of = [&](const std::string& id, const std::string& at) {
            const auto found = city.band_index(id);
            if (!found)
                throw ModelError(at, "unknown age band '" + id + "'" +
                                         did_you_mean(id, band_ids, "; declared bands: " + joined(band_ids)));
            return *found;
        };
        for (const auto& [band, share] : p.band_shares) {
            const std::string at = path + ".band_shares." + band;
            const int b = band_of(band, at);
            weights_[b][l] = share_weight(share, at);
            by_share[b] = 1;
        }
        for (const auto& [band, people] : p.band_people) {
            const std::string at = path + ".band_people." + band;
            const int b = band_of(band, at);
            weights_[b][l] = check_count(people, at);
            by_count[b] = 1;
        }
        for (const auto& [group, day] : p.opens)
            if (!city.group_index(group))
                throw ModelError(path + ".opens." + group,
                                 "unknown group '" + group + "'" + did_you_mean(group, city.group_ids()));
        opens_.push_back(p.opens);
        capacity_.push_back(p.capacity);
    }
    for (int b = 0; b < B; ++b) {
        const AgeBand& band = bands[b];
        if (by_count[b] && by_share[b])
            throw ModelError("places", "band '" + band.id +
                                           "' is given as shares in some places and as people in "
                                           "others; give it one way in every place");
        std::int64_t sum = 0;
        int last = -1; // the last place that names the band: where the error points
        // The places that name no share or count of the band, where a short sum most often
        // comes from.
        std::vector<int> unnamed;
        for (int l = 0; l < L; ++l) {
            sum += weights_[b][l];
            bool named = false;
            for (const auto& [id, share] : places[l].band_shares) named = named || id == band.id;
            for (const auto& [id, people] : places[l].band_people) named = named || id == band.id;
            if (named)
                last = l;
            else
                unnamed.push_back(l);
        }
        const std::string at = last < 0 ? std::string("places")
                                        : "places." + ids_[last] + (by_count[b] ? ".band_people." : ".band_shares.") + band.id;
        // When the sum falls short: "; no share of it in 'a', 'b', 'c' and 2 more".
        const auto short_of = [&] {
            if (unnamed.empty()) return std::string();
            std::vector<std::string> quoted;
            for (std::size_t i = 0; i < unnamed.size() && i < 3; ++i) quoted.push_back("'" + ids_[unnamed[i]] + "'");
            return "; no " + std::string(by_count[b] ? "people" : "share") + " of it in " + joined(quoted) +
                   (unnamed.size() > 3 ? " and " + std::to_string(unnamed.size() - 3) + " more" : "");
        };
        if (by_count[b] && sum != band.count)
            throw ModelError(at, "the places' people in band '" + band.id + "' total " +
                                     with_commas(sum) + ", but the band has " +
                                     with_commas(band.count) + (sum < band.count ? short_of() : ""));
        if (by_share[b] && std::llabs(sum - share_parts) > 1000)
            throw ModelError(at, "the places' shares of band '" + band.id + "' sum to " +
                                     shortest(static_cast<double>(sum) / share_parts) +
                                     ", expected 1" + (sum < share_parts ? short_of() : ""));
        if (sum == 0 && band.count > 0)
            throw ModelError("places", "band '" + band.id + "' has " + with_commas(band.count) +
                                           " people but no place takes any of them");
    }
    // Each place's people per band: each group's cohort split by the band's weights, the
    // band's people in no group likewise.
    band_people_.assign(static_cast<std::size_t>(L), std::vector<std::int64_t>(B, 0));
    std::vector<std::int64_t> in_groups(static_cast<std::size_t>(B), 0);
    for (const Cohort& c : city.cohorts()) {
        cohort_people_.push_back(split_band(c.band, c.size));
        for (int l = 0; l < L; ++l) band_people_[l][c.band] += cohort_people_.back()[l];
        in_groups[c.band] += c.size;
    }
    for (int b = 0; b < B; ++b) {
        const auto parts = split_band(b, bands[b].count - in_groups[b]);
        for (int l = 0; l < L; ++l) band_people_[l][b] += parts[l];
    }
    people_.assign(static_cast<std::size_t>(L), 0);
    for (int l = 0; l < L; ++l)
        for (int b = 0; b < B; ++b) people_[l] += band_people_[l][b];

    rule_ = supply.rule;
    if (supply.transfer_lag_days < 0 || supply.transfer_lag_days > 60)
        throw ModelError("place_supply.transfer_lag_days",
                         "a transfer lag must be from 0 to 60 days, got " +
                             std::to_string(supply.transfer_lag_days));
    lag_ = static_cast<int>(supply.transfer_lag_days);
    if (supply.rebalance_every_days < 0 || supply.rebalance_every_days > 366)
        throw ModelError("place_supply.rebalance_every_days",
                         "rebalancing happens every 1 to 366 days (0: never), got " +
                             std::to_string(supply.rebalance_every_days));
    rebalance_ = static_cast<int>(supply.rebalance_every_days);
    if (rule_ != PlaceRule::shares && !supply.shares.empty())
        throw ModelError("place_supply.shares", std::string("shares are for rule 'shares'; the rule is '") +
                                                    place_rule_name(rule_) + "'");
    if (rule_ == PlaceRule::shares && supply.shares.empty())
        throw ModelError("place_supply.shares", "rule 'shares' needs the places' shares");
    for (std::size_t i = 0; i < supply.shares.size(); ++i) {
        const PlaceShareStepSpec& step = supply.shares[i];
        const std::string path = "place_supply.shares." + std::to_string(i);
        if (i == 0 && step.from > start)
            throw ModelError(path + ".from", "the first shares must be in force from the start, " +
                                                 format_iso_date(start) + ", or before");
        if (i > 0 && step.from <= supply.shares[i - 1].from)
            throw ModelError(path + ".from", "share changes must be in date order");
        std::vector<std::int64_t> w(static_cast<std::size_t>(L), 0);
        std::int64_t sum = 0;
        for (const auto& [id, share] : step.shares) {
            const std::string at = path + ".shares." + id;
            const auto found = index.find(id);
            if (found == index.end())
                throw ModelError(at, "unknown place '" + id + "'" +
                                         did_you_mean(id, ids_, "; places: " + joined(ids_)));
            sum += w[found->second] = share_weight(share, at);
        }
        // A place left out would get nothing, unseen (one forgotten of 25 districts
        // starved): each set names every place, 0 for one that gets none.
        std::vector<std::string> missing;
        for (const std::string& id : ids_)
            if (std::none_of(step.shares.begin(), step.shares.end(),
                             [&](const auto& named) { return named.first == id; }))
                missing.push_back(id);
        if (!missing.empty())
            throw ModelError(path + ".shares",
                             "the shares name " + std::to_string(L - static_cast<int>(missing.size())) +
                                 " of the " + std::to_string(L) + " places; missing: " + joined(missing) +
                                 " (give 0 for a place that gets none)");
        if (std::llabs(sum - share_parts) > 1000)
            throw ModelError(path + ".shares", "the shares sum to " +
                                                   shortest(static_cast<double>(sum) / share_parts) +
                                                   ", expected 1");
        shares_.emplace_back(step.from, std::move(w));
    }

    // The listed deliveries: per product, one entry per day with rows, each place's doses.
    if (rule_ == PlaceRule::listed && supply.deliveries.empty())
        throw ModelError("place_supply.csv", "rule 'listed' needs the places' deliveries (a "
                                             "'csv' file of date,place,product,doses)");
    listed_.assign(product_ids.size(), {});
    std::vector<std::vector<DayNumber>> listed_days(product_ids.size());
    for (std::size_t i = 0; i < supply.deliveries.size(); ++i) {
        const PlaceDelivery& d = supply.deliveries[i];
        const std::string path = "place_supply.deliveries." + std::to_string(i);
        const auto place = index.find(d.place);
        if (place == index.end())
            throw ModelError(path + ".place", "unknown place '" + d.place + "'" +
                                                  did_you_mean(d.place, ids_, "; places: " + joined(ids_)));
        const auto product = std::find(product_ids.begin(), product_ids.end(), d.product);
        if (product == product_ids.end())
            throw ModelError(path + ".product",
                             "unknown product '" + d.product + "'" +
                                 did_you_mean(d.product, product_ids, "; products: " + joined(product_ids)));
        check_count(d.doses, path + ".doses");
        const auto p = static_cast<std::size_t>(product - product_ids.begin());
        auto& days = listed_days[p];
        const auto at = std::lower_bound(days.begin(), days.end(), d.day);
        const auto k = at - days.begin();
        if (at == days.end() || *at != d.day) {
            days.insert(at, d.day);
            listed_[p].insert(listed_[p].begin() + k, std::vector<std::int64_t>(L, 0));
        }
        listed_[p][static_cast<std::size_t>(k)][place->second] += d.doses;
    }
}

const std::vector<std::int64_t>& Places::listed(int product, int k) const {
    return listed_.at(static_cast<std::size_t>(product)).at(static_cast<std::size_t>(k));
}

bool Places::has_listed(int product) const {
    return !listed_.at(static_cast<std::size_t>(product)).empty();
}

const std::vector<std::int64_t>& Places::shares_on(DayNumber day) const {
    const std::vector<std::int64_t>* in_force = &shares_.front().second;
    for (const auto& [from, w] : shares_) {
        if (from > day) break;
        in_force = &w;
    }
    return *in_force;
}

std::vector<std::int64_t> Places::split_band(int band, std::int64_t n) const {
    return split_proportionally(n, weights_[static_cast<std::size_t>(band)]);
}

ScenarioSpec Places::place_spec(const ScenarioSpec& city, const Population& population,
                                int place) const {
    ScenarioSpec s = city;
    s.places.clear();
    s.place_supply = {};
    s.name = city.name + " — " + labels_[place];
    const auto& bands = population.bands();
    const std::size_t ordinary = city.population.bands.size();
    for (std::size_t b = 0; b < bands.size(); ++b) {
        if (b < ordinary)
            s.population.bands[b].count = band_people_[place][b];
        else
            s.population.outside_bands[b - ordinary].count = band_people_[place][b];
    }
    const auto& groups = population.groups();
    for (std::size_t g = 0; g < groups.size(); ++g) {
        GroupSpec& gs = s.population.groups[g];
        gs.bands.clear();
        gs.rest_of_band = false;
        gs.size.reset();
        // The group's people in each place, cohort by cohort; its plan count split as they are.
        std::vector<std::int64_t> sizes(ids_.size(), 0);
        for (int c : groups[g].cohorts) {
            const std::vector<std::int64_t>& parts = cohort_people_[static_cast<std::size_t>(c)];
            gs.bands.push_back({bands[population.cohorts()[c].band].id, parts[place]});
            for (std::size_t l = 0; l < sizes.size(); ++l) sizes[l] += parts[l];
        }
        if (gs.plan && gs.plan->count)
            gs.plan->count = split_proportionally(*gs.plan->count, sizes)[place];
    }
    for (const auto& [group, day] : opens_[place])
        for (GroupSpec& gs : s.population.groups)
            if (gs.id == group) gs.opens = day;
    // Targets hold each place to the city's bar: a count becomes the same share of the
    // place's part of the target's people (its own people: a stated denominator is the
    // city's), a count of doses (not people: no share of them) is split by the target's
    // people in each place, and a bound on overdue people is split by people.
    std::vector<std::string> product_ids;
    for (const ProductSpec& p : city.products) product_ids.push_back(p.id);
    for (TargetSpec& t : s.targets) {
        if (t.at_most) {
            *t.at_most = split_proportionally(*t.at_most, people_)[place];
            continue;
        }
        if (t.share && !t.denominator) continue;
        const Target resolved(t, population, product_ids);
        if (t.measure == Measure::doses) {
            std::vector<std::int64_t> weights(people_.size(), 0);
            for (int c : resolved.cohorts)
                for (std::size_t l = 0; l < weights.size(); ++l)
                    weights[l] += cohort_people_[static_cast<std::size_t>(c)][l];
            t.count = split_proportionally(t.count, weights)[place];
            continue;
        }
        std::int64_t people = 0;
        for (int c : resolved.cohorts) people += population.cohorts()[c].size;
        t.share = people > 0 ? std::min(1.0, static_cast<double>(resolved.threshold) /
                                                 static_cast<double>(people))
                             : 0.0;
        t.denominator.reset();
    }
    for (ProductSpec& p : s.products) {
        p.supply.deliveries.clear();
        p.supply.recurring.clear();
        p.supply.schedule.clear();
        p.supply.scale_windows.clear();
        p.supply.uncertainty = {};
        p.supply.delay_days = 0;
        p.supply.shortfall = 0;
        p.supply.scale = 1;
    }
    // A place without its own capacity has a part of the city's, by people, split day by
    // day after the weekday and holiday factors (splitting the periods' rates first and
    // rounding each place's weekend on its own lost or made doses against the city's).
    if (capacity_[place])
        s.capacity = *capacity_[place];
    else
        s.capacity.share = CapacitySpec::Share{people_, place};
    return s;
}

Equity equity(const std::vector<std::int64_t>& covered, const std::vector<std::int64_t>& people) {
    Equity e;
    double lo = 2, hi = -1, total_people = 0, mean = 0;
    std::vector<double> x(covered.size(), 0);
    for (std::size_t i = 0; i < covered.size(); ++i) {
        if (people[i] <= 0) continue;
        const std::int64_t c = std::min(covered[i], people[i]);
        x[i] = static_cast<double>(c) / static_cast<double>(people[i]);
        lo = std::min(lo, x[i]);
        hi = std::max(hi, x[i]);
        total_people += static_cast<double>(people[i]);
        mean += static_cast<double>(c);
    }
    if (total_people <= 0) return e;
    mean /= total_people;
    e.lowest = lo;
    e.highest = hi;
    e.range = hi - lo;
    e.ratio = hi > 0 ? lo / hi : 1.0;
    if (mean <= 0) return e;
    double sum = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
        for (std::size_t j = 0; j < x.size(); ++j)
            sum += static_cast<double>(people[i]) * static_cast<double>(people[j]) *
                   std::fabs(x[i] - x[j]);
    e.gini = std::clamp(sum / (2 * total_people * total_people * mean), 0.0, 1.0);
    return e;
}

} // namespace vaxsim

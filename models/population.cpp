#include "models/population.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <unordered_set>

#include "models/error.hpp"
#include "models/names.hpp"
#include "models/random.hpp"
#include "models/rounding.hpp"
#include "models/text.hpp"

namespace vaxsim {
namespace {

// One group with its bands resolved, before "rest of band" sizes are known.
struct GroupDraft {
    PriorityGroup group;
    std::vector<std::pair<int, std::int64_t>> band_counts; // band index, people
    bool rest_of_band = false;
    std::optional<std::int64_t> plan_count;
};

// A share as written, e.g. 0.4 (not 0.400000).
std::string shortest(double x) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", x);
    return text;
}

// Arrival windows or a curve, checked, as cumulative shares by days since opening.
Arrival build_arrival(const ArrivalSpec& spec, const std::string& path) {
    Arrival a;
    if (spec.curve.empty()) {
        if (spec.windows < 1 || spec.windows > 10000)
            throw ModelError(path + ".windows",
                             "windows must be from 1 to 10000, got " + std::to_string(spec.windows));
        if (spec.over_days < 1 || spec.over_days > 3660)
            throw ModelError(path + ".over_days", "over_days must be from 1 to 3660, got " +
                                                      std::to_string(spec.over_days));
        a.parts = spec.windows;
        for (std::int64_t i = 0; i < spec.windows; ++i) {
            const int offset = static_cast<int>(i * spec.over_days / spec.windows);
            // Windows falling on the same day open together.
            if (!a.points.empty() && a.points.back().offset == offset)
                a.points.back().share = i + 1;
            else
                a.points.push_back({offset, i + 1});
        }
        return a;
    }
    a.parts = share_parts;
    a.linear = true;
    for (std::size_t k = 0; k < spec.curve.size(); ++k) {
        const auto& [offset, share] = spec.curve[k];
        const std::string at = path + ".curve." + std::to_string(k);
        if (offset < 0 || offset > 3660)
            throw ModelError(at, "a day since opening must be from 0 to 3660, got " +
                                     std::to_string(offset));
        check_share(share, at);
        const std::int64_t parts = std::llround(share * static_cast<double>(share_parts));
        if (k > 0 && offset <= a.points.back().offset)
            throw ModelError(at, "the curve's days must increase: day " + std::to_string(offset) +
                                     " after day " + std::to_string(a.points.back().offset));
        if (k > 0 && parts < a.points.back().share)
            throw ModelError(at, "the curve's shares must not decrease: " + shortest(share) +
                                     " after a higher share");
        a.points.push_back({static_cast<int>(offset), parts});
    }
    if (a.points.back().share != share_parts)
        throw ModelError(path + ".curve." + std::to_string(spec.curve.size() - 1),
                         "the curve must end at a cumulative share of 1 (everyone willing)");
    return a;
}

} // namespace

std::int64_t Arrival::arrived(std::int64_t willing, int offset) const {
    if (offset >= complete_after()) return willing;
    std::size_t k = points.size();
    for (std::size_t i = 0; i < points.size() && points[i].offset <= offset; ++i) k = i;
    if (k == points.size()) return 0; // before the first point
    std::int64_t share = points[k].share;
    if (linear) {
        const Point &p = points[k], &q = points[k + 1];
        share += (q.share - p.share) * (offset - p.offset) / (q.offset - p.offset);
    }
    return round_half_up(willing, Ratio{share, parts});
}

Population::Population(const PopulationSpec& spec, const std::vector<std::string>& product_ids)
    : tiers_(spec.tiers) {
    auto index = std::make_shared<Index>();
    for (std::size_t i = 0; i < tiers_.size(); ++i)
        if (!index->tiers.emplace(tiers_[i], static_cast<int>(i)).second)
            throw ModelError("population.tiers", "tier '" + tiers_[i] + "' is declared twice");
    index->groups_in_tier.resize(tiers_.size());

    std::vector<std::string> band_ids;
    for (const BandSpec& b : spec.bands) {
        const std::string path = "population.bands." + b.id;
        AgeBand band;
        band.id = b.id;
        band.min_age = static_cast<int>(
            std::min<std::int64_t>(check_count(b.min_age, path + ".min_age"), 1000));
        band.max_age = AgeBand::open_end;
        if (b.max_age) {
            const std::int64_t m = *b.max_age;
            if (m < band.min_age || m >= AgeBand::open_end)
                throw ModelError(path + ".max_age", "max_age must be at least min_age (" +
                                                        std::to_string(band.min_age) +
                                                        ") and below " +
                                                        std::to_string(AgeBand::open_end));
            band.max_age = static_cast<int>(m);
        }
        band.count = check_count(b.count, path + ".count");
        if (!index->bands.emplace(band.id, static_cast<int>(bands_.size())).second)
            throw ModelError(path + ".id", "age band '" + band.id + "' is declared twice");
        // At most one band per age can pass this, so the loop stays short.
        for (const AgeBand& other : bands_) {
            if (band.min_age <= other.max_age && other.min_age <= band.max_age)
                throw ModelError(path + ".min_age",
                                 "age band '" + band.id + "' overlaps band '" + other.id + "'");
        }
        bands_.push_back(band);
        band_ids.push_back(band.id);
    }
    if (bands_.empty()) throw ModelError("population.bands", "expected at least one age band");
    // People outside the bands' counts: a band of their own, with an ordinary band's ages.
    const std::size_t ordinary = bands_.size();
    const std::vector<std::string> ordinary_ids = band_ids; // what an outside band may name
    for (const OutsideBandSpec& o : spec.outside_bands) {
        const std::string path = "population.outside_bands." + o.id;
        const auto of = index->bands.find(o.band);
        if (of == index->bands.end() || static_cast<std::size_t>(of->second) >= ordinary)
            throw ModelError(path + ".band",
                             (of != index->bands.end() ? "'" + o.band + "' is an outside band itself"
                                                       : "unknown age band '" + o.band + "'") +
                                 did_you_mean(o.band, ordinary_ids,
                                              "; name one of population.bands, whose ages "
                                              "apply: " + joined(ordinary_ids)));
        AgeBand band = bands_[static_cast<std::size_t>(of->second)];
        band.id = o.id;
        band.count = check_count(o.count, path + ".count");
        band.outside_of = of->second;
        if (!index->bands.emplace(band.id, static_cast<int>(bands_.size())).second)
            throw ModelError(path + ".id", "age band '" + band.id + "' is declared twice");
        bands_.push_back(band);
        band_ids.push_back(band.id);
    }

    index_ = index; // band_index() from here on
    std::unordered_map<std::string, int> product_index;
    for (std::size_t p = 0; p < product_ids.size(); ++p)
        product_index.emplace(product_ids[p], static_cast<int>(p));

    std::vector<GroupDraft> drafts;
    for (const GroupSpec& gs : spec.groups) {
        const std::string path = "groups." + gs.id;
        GroupDraft d{{}, {}, gs.rest_of_band, std::nullopt};
        PriorityGroup& g = d.group;
        g.id = gs.id;
        if (!index->groups.emplace(g.id, static_cast<int>(drafts.size())).second)
            throw ModelError(path + ".id", "group id '" + g.id + "' is used twice");
        g.label = gs.label.empty() ? gs.id : gs.label;
        g.tier = gs.tier;
        const auto t = index->tiers.find(g.tier);
        if (t == index->tiers.end())
            throw ModelError(path + ".tier",
                             "unknown tier '" + g.tier + "'" +
                                 did_you_mean(g.tier, spec.tiers,
                                              "; declare '" + g.tier + "' in population.tiers"));
        g.tier_index = t->second;
        index->groups_in_tier[static_cast<std::size_t>(t->second)].push_back(
            static_cast<int>(drafts.size()));
        g.opens = gs.opens;
        if (gs.priority < 0 || gs.priority > 1000000)
            throw ModelError(path + ".priority", "priority must be a rank from 0 to 1000000");
        g.priority = static_cast<int>(gs.priority);
        if (gs.uptake_distribution) {
            g.uptake_distribution = build_within(path + ".uptake", [&] {
                return Distribution(*gs.uptake_distribution, Distribution::Range{0.0, 1.0});
            });
            if (!g.uptake_distribution->is_numeric())
                throw ModelError(path + ".uptake", "expected numbers to choose from");
            g.uptake = g.uptake_distribution->quantile(0.5).number;
        } else {
            g.uptake = check_share(gs.uptake, path + ".uptake");
        }

        if (gs.rest_of_band) {
            if (gs.bands.size() != 1)
                throw ModelError(path + ".rest_of_band", "rest_of_band needs a single 'band'");
            if (gs.size)
                throw ModelError(
                    path + ".size",
                    "a rest_of_band group takes its size from the band; remove 'size'");
        }
        std::int64_t total = 0;
        for (const BandShare& share : gs.bands) {
            const std::string at = path + ".bands." + share.band;
            auto index = band_index(share.band);
            if (!index)
                throw ModelError(at, "unknown age band '" + share.band + "'" +
                                         did_you_mean(share.band, band_ids,
                                                      "; declared bands: " + joined(band_ids)));
            const std::int64_t people = gs.rest_of_band ? 0 : check_count(share.people, at);
            d.band_counts.push_back({*index, people});
            total += people;
        }
        if (gs.size && !gs.rest_of_band) {
            check_count(*gs.size, path + ".size");
            if (*gs.size != total)
                throw ModelError(path + ".size", "size " + with_commas(*gs.size) +
                                                     " differs from the sum of its bands, " +
                                                     with_commas(total));
        }
        g.size = total;

        // A preference order of declared products, each once.
        const auto resolve_products = [&](const std::vector<std::string>& ids,
                                          const std::string& at_list) {
            std::vector<int> out;
            std::unordered_set<int> listed;
            for (std::size_t k = 0; k < ids.size(); ++k) {
                const std::string& pid = ids[k];
                const std::string at = at_list + "." + std::to_string(k);
                const auto it = product_index.find(pid);
                if (it == product_index.end())
                    throw ModelError(at, "unknown product '" + pid + "'" +
                                             did_you_mean(pid, product_ids,
                                                          "; declared products: " + joined(product_ids)));
                if (!listed.insert(it->second).second)
                    throw ModelError(at, "product '" + pid + "' is listed twice");
                out.push_back(it->second);
            }
            if (out.empty())
                throw ModelError(at_list, "a group needs at least one allowed product");
            return out;
        };
        if (!gs.product_shares.empty()) {
            const std::string at = path + ".product_shares";
            if (gs.products)
                throw ModelError(at, "give either 'products' (an order) or 'product_shares', "
                                     "not both");
            if (!gs.product_changes.empty())
                throw ModelError(at, "product_shares cannot be combined with product_changes");
            std::vector<std::string> ids;
            std::int64_t sum = 0;
            for (std::size_t k = 0; k < gs.product_shares.size(); ++k) {
                const auto& [pid, share] = gs.product_shares[k];
                ids.push_back(pid);
                check_share(share, at + "." + std::to_string(k));
                g.product_shares.push_back(std::llround(share * static_cast<double>(share_parts)));
                sum += g.product_shares.back();
            }
            g.products = resolve_products(ids, at);
            if (sum != share_parts)
                throw ModelError(at, "product shares must sum to 1, got " +
                                         shortest(static_cast<double>(sum) /
                                                  static_cast<double>(share_parts)));
        } else if (gs.products) {
            g.products = resolve_products(*gs.products, path + ".products");
        } else {
            g.products.resize(product_ids.size());
            std::iota(g.products.begin(), g.products.end(), 0);
        }
        for (std::size_t k = 0; k < gs.product_changes.size(); ++k) {
            const ProductChangeSpec& change = gs.product_changes[k];
            const std::string at = path + ".product_changes." + std::to_string(k);
            if (k > 0 && change.from <= gs.product_changes[k - 1].from)
                throw ModelError(at + ".from",
                                 "product changes must be in date order: " +
                                     format_iso_date(change.from) + " is not after " +
                                     format_iso_date(gs.product_changes[k - 1].from));
            g.product_changes.push_back(
                {change.from, resolve_products(change.products, at + ".products")});
        }
        if (gs.closes) {
            if (*gs.closes <= gs.opens)
                throw ModelError(path + ".closes", "the group closes on " +
                                                       format_iso_date(*gs.closes) +
                                                       ", not after it opens on " +
                                                       format_iso_date(gs.opens));
            g.closes = *gs.closes;
        }
        if (gs.arrival) g.arrival = build_arrival(*gs.arrival, path + ".arrival");
        double in_force = gs.uptake_distribution ? 0.0 : g.uptake;
        for (std::size_t k = 0; k < gs.uptake_changes.size(); ++k) {
            const auto& [from, uptake] = gs.uptake_changes[k];
            const std::string at = path + ".uptake_changes." + std::to_string(k);
            if (k > 0 && from <= gs.uptake_changes[k - 1].first)
                throw ModelError(at + ".from", "uptake changes must be in date order: " +
                                                   format_iso_date(from) + " is not after " +
                                                   format_iso_date(gs.uptake_changes[k - 1].first));
            check_share(uptake, at + ".uptake");
            if (uptake < in_force)
                throw ModelError(at + ".uptake",
                                 "uptake can only rise: " + shortest(uptake) +
                                     " is below the " + shortest(in_force) +
                                     " in force before " + format_iso_date(from) +
                                     " (willing people are not taken back)");
            in_force = uptake;
            g.uptake_changes.push_back({from, uptake, uptake});
        }

        if (gs.plan) {
            auto start = parse_quarter_label(gs.plan->quarter);
            if (!start)
                throw ModelError(path + ".plan.quarter",
                                 "expected a quarter such as 2021Q2, got '" + gs.plan->quarter +
                                     "'");
            QuarterPlan qp;
            qp.quarter = gs.plan->quarter;
            qp.quarter_start = *start;
            qp.quarter_end = last_day_of_quarter(year_of(*start), quarter_of(*start));
            if (gs.plan->count) d.plan_count = check_count(*gs.plan->count, path + ".plan.count");
            g.plan = qp;
        }
        drafts.push_back(std::move(d));
    }

    // Fill "rest of band" groups and check no band is over-drawn.
    std::vector<std::int64_t> drawn(bands_.size(), 0);
    std::vector<int> rest_group(bands_.size(), -1);
    for (std::size_t i = 0; i < drafts.size(); ++i) {
        const std::string path = "groups." + drafts[i].group.id;
        for (auto& [b, count] : drafts[i].band_counts) {
            if (drafts[i].rest_of_band) {
                if (rest_group[b] >= 0)
                    throw ModelError(path, "band '" + bands_[b].id +
                                               "' already has a rest_of_band group, '" +
                                               drafts[rest_group[b]].group.id + "'");
                rest_group[b] = static_cast<int>(i);
                continue;
            }
            drawn[b] += count;
            if (drawn[b] > bands_[b].count)
                throw ModelError(path, "groups drawn from band '" + bands_[b].id + "' now total " +
                                           with_commas(drawn[b]) + ", more than its " +
                                           with_commas(bands_[b].count) + " people");
        }
    }
    for (std::size_t b = 0; b < bands_.size(); ++b) {
        if (rest_group[b] < 0) continue;
        GroupDraft& d = drafts[rest_group[b]];
        d.band_counts[0].second = bands_[b].count - drawn[b];
        d.group.size = d.band_counts[0].second;
    }

    for (auto& d : drafts) {
        PriorityGroup& g = d.group;
        const int gi = static_cast<int>(groups_.size());
        for (const auto& [band, people] : d.band_counts) {
            g.cohorts.push_back(static_cast<int>(cohorts_.size()));
            cohorts_.push_back({gi, band, people, 0, {}});
        }
        assign_willing(g);
        if (g.plan) {
            g.plan->count = d.plan_count.value_or(g.willing);
            if (g.plan->count > g.size)
                throw ModelError("groups." + g.id + ".plan.count",
                                 "planned count " + with_commas(g.plan->count) +
                                     " is more than the group's " + with_commas(g.size) +
                                     " people");
        }
        groups_.push_back(std::move(g));
    }
    if (groups_.empty()) throw ModelError("groups", "expected at least one priority group");

    priority_order_.resize(groups_.size());
    std::iota(priority_order_.begin(), priority_order_.end(), 0);
    std::stable_sort(priority_order_.begin(), priority_order_.end(),
                     [&](int a, int b) { return groups_[a].priority < groups_[b].priority; });
}

void Population::assign_willing(PriorityGroup& g) {
    g.willing = round_half_up(g.size, decimal_share(g.uptake));
    std::vector<std::int64_t> sizes;
    for (int c : g.cohorts) sizes.push_back(cohorts_[c].size);
    const auto willing = split_proportionally(g.willing, sizes);
    for (std::size_t k = 0; k < g.cohorts.size(); ++k) {
        Cohort& cohort = cohorts_[g.cohorts[k]];
        cohort.willing = willing[k];
        cohort.willing_steps.clear();
        if (!g.uptake_changes.empty()) cohort.willing_steps.push_back(willing[k]);
    }
    // Each rise adds people, split over the bands by those not yet willing in each, so no
    // band's willing ever falls or exceeds its people; the group's total is exact.
    for (PriorityGroup::UptakeStep& step : g.uptake_changes) {
        step.uptake = std::max(step.written, g.uptake);
        g.uptake = step.uptake;
        const std::int64_t total = round_half_up(g.size, decimal_share(g.uptake));
        std::vector<std::int64_t> unwilling;
        for (int c : g.cohorts) unwilling.push_back(cohorts_[c].size - cohorts_[c].willing);
        const auto added = split_proportionally(total - g.willing, unwilling);
        for (std::size_t k = 0; k < g.cohorts.size(); ++k) {
            Cohort& cohort = cohorts_[g.cohorts[k]];
            cohort.willing += added[k];
            cohort.willing_steps.push_back(cohort.willing);
        }
        g.willing = total;
    }
}

bool Population::has_uncertain_uptake() const {
    return std::any_of(groups_.begin(), groups_.end(),
                       [](const PriorityGroup& g) { return g.uptake_distribution.has_value(); });
}

void Population::add_up_willing(const std::vector<const Population*>& parts) {
    for (Cohort& c : cohorts_) {
        c.willing = 0;
        std::fill(c.willing_steps.begin(), c.willing_steps.end(), 0);
    }
    for (const Population* part : parts)
        for (std::size_t k = 0; k < cohorts_.size(); ++k) {
            const Cohort& from = part->cohorts_[k];
            cohorts_[k].willing += from.willing;
            for (std::size_t i = 0; i < cohorts_[k].willing_steps.size(); ++i)
                cohorts_[k].willing_steps[i] += from.willing_steps[i];
        }
    for (PriorityGroup& g : groups_) {
        g.willing = 0;
        for (int c : g.cohorts) g.willing += cohorts_[c].willing;
    }
}

void Population::realize_uptake(std::uint64_t seed, std::uint64_t future) {
    for (PriorityGroup& g : groups_) {
        if (!g.uptake_distribution) continue;
        RandomStream stream(seed, future, "uptake/" + g.id);
        g.uptake = g.uptake_distribution->quantile(stream.uniform()).number;
        assign_willing(g);
    }
}

namespace {

std::optional<int> find_in(const std::unordered_map<std::string, int>& names,
                           const std::string& name) {
    const auto it = names.find(name);
    if (it == names.end()) return std::nullopt;
    return it->second;
}

} // namespace

std::vector<std::string> Population::band_ids() const {
    std::vector<std::string> out;
    for (const AgeBand& b : bands_) out.push_back(b.id);
    return out;
}

std::vector<std::string> Population::group_ids() const {
    std::vector<std::string> out;
    for (const PriorityGroup& g : groups_) out.push_back(g.id);
    return out;
}

std::optional<int> Population::band_index(const std::string& id) const {
    return find_in(index_->bands, id);
}

std::optional<int> Population::group_index(const std::string& id) const {
    return find_in(index_->groups, id);
}

std::optional<int> Population::tier_index(const std::string& tier) const {
    return find_in(index_->tiers, tier);
}

const std::vector<int>& Population::groups_in_tier(int tier) const {
    return index_->groups_in_tier.at(static_cast<std::size_t>(tier));
}

std::int64_t Population::total_people() const {
    std::int64_t total = 0;
    for (const auto& b : bands_) total += b.count;
    return total;
}

} // namespace vaxsim

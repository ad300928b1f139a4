#include "models/population.hpp"

#include <algorithm>
#include <map>
#include <numeric>

#include "models/random.hpp"
#include "models/rounding.hpp"
#include "models/text.hpp"

namespace vaxsim {
namespace {

// One group as written, before "rest of band" sizes are known.
struct GroupDraft {
    InputNode node;
    PriorityGroup group;
    std::vector<std::pair<int, std::int64_t>> band_counts; // band index, people
    bool rest_of_band = false;
    std::optional<InputNode> plan_count;
};

} // namespace

Population::Population(const InputNode& population, const InputNode& groups,
                       const std::vector<std::string>& product_ids) {
    MapReader pop(population, "population");
    tiers_ = pop.required("tiers").as_string_list();
    for (std::size_t i = 0; i < tiers_.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (tiers_[i] == tiers_[j])
                pop.required("tiers").fail("tier '" + tiers_[i] + "' is declared twice");

    const InputNode bands_node = pop.required("bands");
    for (const InputNode& item : bands_node.items()) {
        MapReader r(item, "an age band");
        AgeBand band;
        const InputNode id = r.required("id");
        band.id = id.as_string();
        const InputNode min_age = r.required("min_age");
        band.min_age = static_cast<int>(std::min<std::int64_t>(min_age.as_count(), 1000));
        band.max_age = AgeBand::open_end;
        if (auto max_age = r.optional("max_age")) {
            const std::int64_t m = max_age->as_count();
            if (m < band.min_age || m >= AgeBand::open_end)
                max_age->fail("max_age must be at least min_age (" + std::to_string(band.min_age) +
                              ") and below " + std::to_string(AgeBand::open_end));
            band.max_age = static_cast<int>(m);
        }
        band.count = r.required("count").as_count();
        r.finish();
        for (const AgeBand& other : bands_) {
            if (other.id == band.id) id.fail("age band '" + band.id + "' is declared twice");
            if (band.min_age <= other.max_age && other.min_age <= band.max_age)
                min_age.fail("age band '" + band.id + "' overlaps band '" + other.id + "'");
        }
        bands_.push_back(band);
    }
    if (bands_.empty()) bands_node.fail("expected at least one age band");
    pop.finish();

    const auto find_band = [&](const InputNode& node) {
        const std::string id = node.as_string();
        auto index = band_index(id);
        if (!index) {
            std::string known;
            for (const auto& b : bands_) known += (known.empty() ? "" : ", ") + b.id;
            node.fail("unknown age band '" + id + "'; declared bands: " + known);
        }
        return *index;
    };

    std::vector<GroupDraft> drafts;
    for (const InputNode& item : groups.items()) {
        MapReader r(item, "a priority group");
        GroupDraft d{item, {}, {}, false, std::nullopt};
        PriorityGroup& g = d.group;
        const InputNode id = r.required("id");
        g.id = id.as_string();
        for (const auto& other : drafts)
            if (other.group.id == g.id) id.fail("group id '" + g.id + "' is used twice");
        g.label = r.optional("label") ? r.required("label").as_string() : g.id;
        const InputNode tier = r.required("tier");
        g.tier = tier.as_string();
        auto t = std::find(tiers_.begin(), tiers_.end(), g.tier);
        if (t == tiers_.end())
            tier.fail("unknown tier '" + g.tier + "'; declare it in population.tiers");
        g.tier_index = static_cast<int>(t - tiers_.begin());
        g.opens = r.required("opens").as_date();
        const InputNode priority = r.required("priority");
        const std::int64_t rank = priority.as_integer();
        if (rank < 0 || rank > 1000000) priority.fail("priority must be a rank from 0 to 1000000");
        g.priority = static_cast<int>(rank);
        if (auto uptake = r.optional("uptake")) {
            UncertainNumber u = read_uncertain_share(*uptake);
            g.uptake = u.nominal;
            g.uptake_distribution = std::move(u.distribution);
        }

        const auto size_node = r.optional("size");
        const auto band_node = r.optional("band");
        const auto bands_node = r.optional("bands");
        const auto rest_node = r.optional("rest_of_band");
        if (band_node && bands_node) bands_node->fail("give either 'band' or 'bands', not both");
        if (!band_node && !bands_node)
            item.fail("a group needs 'band' (one age band) or 'bands' (a split)");
        if (rest_node) {
            if (rest_node->yaml().Scalar() != "true" && rest_node->yaml().Scalar() != "false")
                rest_node->fail("expected true or false");
            d.rest_of_band = rest_node->yaml().Scalar() == "true";
        }
        if (d.rest_of_band) {
            if (!band_node) rest_node->fail("rest_of_band needs a single 'band'");
            if (size_node)
                size_node->fail("a rest_of_band group takes its size from the band; remove 'size'");
            d.band_counts.push_back({find_band(*band_node), 0});
        } else if (band_node) {
            if (!size_node) item.fail("missing required key 'size' in a priority group");
            g.size = size_node->as_count();
            d.band_counts.push_back({find_band(*band_node), g.size});
        } else {
            MapReader split(*bands_node, "a split of the group across age bands");
            std::int64_t total = 0;
            for (auto it = bands_node->yaml().begin(); it != bands_node->yaml().end(); ++it) {
                const InputNode key(it->first, item.source(), bands_node->path());
                const int b = find_band(key);
                const InputNode count = split.required(key.as_string());
                d.band_counts.push_back({b, count.as_count()});
                total += d.band_counts.back().second;
            }
            split.finish();
            if (size_node) {
                g.size = size_node->as_count();
                if (g.size != total)
                    size_node->fail("size " + with_commas(g.size) +
                                    " differs from the sum of its bands, " + with_commas(total));
            }
            g.size = total;
        }

        if (auto products = r.optional("products")) {
            for (const InputNode& p : products->items()) {
                const std::string pid = p.as_string();
                auto it = std::find(product_ids.begin(), product_ids.end(), pid);
                if (it == product_ids.end()) {
                    std::string known;
                    for (const auto& k : product_ids) known += (known.empty() ? "" : ", ") + k;
                    p.fail("unknown product '" + pid + "'; declared products: " + known);
                }
                const int index = static_cast<int>(it - product_ids.begin());
                if (std::find(g.products.begin(), g.products.end(), index) != g.products.end())
                    p.fail("product '" + pid + "' is listed twice");
                g.products.push_back(index);
            }
            if (g.products.empty()) products->fail("a group needs at least one allowed product");
        } else {
            g.products.resize(product_ids.size());
            std::iota(g.products.begin(), g.products.end(), 0);
        }

        if (auto plan = r.optional("plan")) {
            MapReader pr(*plan, "a group's quarterly plan");
            const InputNode q = pr.required("quarter");
            auto start = parse_quarter_label(q.as_string());
            if (!start) q.fail("expected a quarter such as 2021Q2, got '" + q.as_string() + "'");
            QuarterPlan qp;
            qp.quarter = q.as_string();
            qp.quarter_start = *start;
            qp.quarter_end = last_day_of_quarter(year_of(*start), quarter_of(*start));
            d.plan_count = pr.optional("count");
            pr.finish();
            g.plan = qp;
        }
        r.finish();
        drafts.push_back(std::move(d));
    }

    // Fill "rest of band" groups and check no band is over-drawn.
    std::vector<std::int64_t> drawn(bands_.size(), 0);
    std::vector<int> rest_group(bands_.size(), -1);
    for (std::size_t i = 0; i < drafts.size(); ++i) {
        for (auto& [b, count] : drafts[i].band_counts) {
            if (drafts[i].rest_of_band) {
                if (rest_group[b] >= 0)
                    drafts[i].node.fail("band '" + bands_[b].id +
                                        "' already has a rest_of_band group, '" +
                                        drafts[rest_group[b]].group.id + "'");
                rest_group[b] = static_cast<int>(i);
                continue;
            }
            drawn[b] += count;
            if (drawn[b] > bands_[b].count)
                drafts[i].node.fail("groups drawn from band '" + bands_[b].id + "' now total " +
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
            cohorts_.push_back({gi, band, people, 0});
        }
        assign_willing(g);
        if (g.plan) {
            g.plan->count = d.plan_count ? d.plan_count->as_count() : g.willing;
            if (g.plan->count > g.size)
                d.plan_count->fail("planned count " + with_commas(g.plan->count) +
                                   " is more than the group's " + with_commas(g.size) + " people");
        }
        groups_.push_back(std::move(g));
    }
    if (groups_.empty()) groups.fail("expected at least one priority group");

    priority_order_.resize(groups_.size());
    std::iota(priority_order_.begin(), priority_order_.end(), 0);
    std::stable_sort(priority_order_.begin(), priority_order_.end(),
                     [&](int a, int b) { return groups_[a].priority < groups_[b].priority; });
}

void Population::assign_willing(PriorityGroup& g) {
    g.willing = round_half_up(static_cast<double>(g.size) * g.uptake);
    std::vector<std::int64_t> sizes;
    for (int c : g.cohorts) sizes.push_back(cohorts_[c].size);
    const auto willing = split_proportionally(g.willing, sizes);
    for (std::size_t k = 0; k < g.cohorts.size(); ++k) cohorts_[g.cohorts[k]].willing = willing[k];
}

bool Population::has_uncertain_uptake() const {
    return std::any_of(groups_.begin(), groups_.end(),
                       [](const PriorityGroup& g) { return g.uptake_distribution.has_value(); });
}

void Population::realize_uptake(std::uint64_t seed, std::uint64_t future) {
    for (PriorityGroup& g : groups_) {
        if (!g.uptake_distribution) continue;
        RandomStream stream(seed, future, "uptake/" + g.id);
        g.uptake = g.uptake_distribution->quantile(stream.uniform()).number;
        assign_willing(g);
    }
}

std::optional<int> Population::band_index(const std::string& id) const {
    for (std::size_t i = 0; i < bands_.size(); ++i)
        if (bands_[i].id == id) return static_cast<int>(i);
    return std::nullopt;
}

std::optional<int> Population::group_index(const std::string& id) const {
    for (std::size_t i = 0; i < groups_.size(); ++i)
        if (groups_[i].id == id) return static_cast<int>(i);
    return std::nullopt;
}

std::int64_t Population::total_people() const {
    std::int64_t total = 0;
    for (const auto& b : bands_) total += b.count;
    return total;
}

} // namespace vaxsim

#pragma once
// Who can be vaccinated: age bands with head counts, and the priority groups that
// partition them. A group whose members span several bands is kept as one cohort
// per band, because product age rules apply to bands.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/date.hpp"
#include "models/distribution.hpp"

namespace vaxsim {

struct AgeBand {
    std::string id;
    int min_age = 0;
    int max_age = 0; // inclusive; an open band ("75+") has max_age = AgeBand::open_end
    std::int64_t count = 0;
    // People outside the bands' counts (registered foreigners): a band of its own that
    // takes the ages of band `outside_of` (index) for age rules without adding to its
    // count; -1 for an ordinary band.
    int outside_of = -1;
    static constexpr int open_end = 150;
};

// The plan's count for a group in one quarter (people starting vaccination then).
struct QuarterPlan {
    DayNumber quarter_start = 0;
    DayNumber quarter_end = 0;
    std::string quarter; // "2021Q1"
    std::int64_t count = 0;
};

struct Cohort {
    int group = 0;
    int band = 0;
    std::int64_t size = 0;
    std::int64_t willing = 0; // by the end: after the group's last uptake change
    // With uptake changes: the willing from each step on (the group's uptake_changes, the
    // uptake before the first change at index 0); never decreasing, the last = willing.
    std::vector<std::int64_t> willing_steps;
};

// When a group's willing people arrive (book) after it opens: the cumulative share
// arrived by a number of days since opening. Windows are steps (window i of N opens on
// day floor(i x D / N) and brings a further 1/N); a curve is piecewise linear between its
// points, nobody before its first point and everyone from its last. People are
// round_half_up(willing x share) per cohort, so each count is exact and non-decreasing.
struct Arrival {
    struct Point {
        int offset = 0;          // days since the group opened
        std::int64_t share = 0;  // parts of `parts`
    };
    std::vector<Point> points; // offsets strictly increasing, shares non-decreasing, last = parts
    std::int64_t parts = 1;
    bool linear = false;
    // Days since opening from which everyone willing has arrived.
    int complete_after() const { return points.empty() ? 0 : points.back().offset; }
    // Of `willing` people, those arrived `offset` days after opening (offset >= 0).
    std::int64_t arrived(std::int64_t willing, int offset) const;
};

struct PriorityGroup {
    std::string id;
    std::string label; // UTF-8, may be Korean
    std::string tier;
    int tier_index = 0;
    std::int64_t size = 0;
    // The willing and their share by the end of the run: after the last uptake change.
    std::int64_t willing = 0;
    double uptake = 1.0; // for a drawn uptake: the median until realized
    // Uptake rising on dates, in date order: each change with its uptake as realized (never
    // below the uptake before it, which may be drawn). Empty: no changes.
    struct UptakeStep {
        DayNumber from = 0;
        double uptake = 0;
        double written = 0; // as given in the change
    };
    std::vector<UptakeStep> uptake_changes;
    // Shares of the group's first doses by product (parts per 10^9, in the order of
    // `products`, summing to 10^9); empty: products are taken in order of preference.
    std::vector<std::int64_t> product_shares;
    std::optional<Distribution> uptake_distribution;
    int priority = 0;
    DayNumber opens = 0;
    // The first day with no more first doses (booked later doses are still given).
    DayNumber closes = never;
    std::vector<int> products; // product indices in order of preference, from the start
    // Dated preference orders: from each date on, its list replaces the one before.
    struct ProductStep {
        DayNumber from = 0;
        std::vector<int> products;
    };
    std::vector<ProductStep> product_changes; // in date order
    std::vector<int> cohorts;  // indices into Population::cohorts
    std::optional<QuarterPlan> plan;
    // None: everyone willing arrives on the opening day.
    std::optional<Arrival> arrival;

    static constexpr DayNumber never = 2'000'000'000;
    // The preference order in force on a day.
    const std::vector<int>& products_on(DayNumber day) const {
        const std::vector<int>* in_force = &products;
        for (const ProductStep& step : product_changes) {
            if (step.from > day) break;
            in_force = &step.products;
        }
        return *in_force;
    }
    bool open_on(DayNumber day) const { return opens <= day && day < closes; }
};

struct BandSpec {
    std::string id;
    std::int64_t min_age = 0;
    std::optional<std::int64_t> max_age; // none: an open band ("75+")
    std::int64_t count = 0;
};

// People who can be vaccinated in groups but are not in the bands' counts (registered
// foreigners): `band` names the ordinary band whose ages apply to them.
struct OutsideBandSpec {
    std::string id;
    std::string band;
    std::int64_t count = 0;
};

// People of a group in one age band.
struct BandShare {
    std::string band;
    std::int64_t people = 0;
};

struct QuarterPlanSpec {
    std::string quarter;               // "2021Q2"
    std::optional<std::int64_t> count; // none: everyone willing
};

struct ProductChangeSpec {
    DayNumber from = 0;
    std::vector<std::string> products;
};

// Either `windows` (N windows over `over_days` days) or a `curve` of
// (days since opening, cumulative share) points.
struct ArrivalSpec {
    std::int64_t windows = 0;
    std::int64_t over_days = 0;
    std::vector<std::pair<std::int64_t, double>> curve;
};

struct GroupSpec {
    std::string id;
    std::string label; // empty: the id
    std::string tier;
    DayNumber opens = 0;
    std::int64_t priority = 0;
    double uptake = 1.0;
    // Uptake drawn per future; `uptake` is ignored (the distribution's median stands in).
    std::optional<DistributionSpec> uptake_distribution;
    std::vector<BandShare> bands;
    // The single band's people that no other group takes (its `people` is ignored).
    bool rest_of_band = false;
    std::optional<std::int64_t> size;                 // when given, must equal the sum over `bands`
    std::optional<std::vector<std::string>> products; // by preference; none: all, in order
    std::optional<QuarterPlanSpec> plan;
    std::optional<DayNumber> closes;
    std::vector<ProductChangeSpec> product_changes;
    std::optional<ArrivalSpec> arrival;
    std::vector<std::pair<DayNumber, double>> uptake_changes; // from, uptake
    // product: share of first doses; instead of `products`
    std::vector<std::pair<std::string, double>> product_shares;
};

// Error paths are the scenario's: "population.tiers", "population.bands.old.min_age",
// "groups.adults_18_49.uptake", "groups.g1.bands.old" (a group's people in band old).
struct PopulationSpec {
    std::vector<std::string> tiers;
    std::vector<BandSpec> bands;
    std::vector<GroupSpec> groups;
    // Paths "population.outside_bands.<id>.band"; they follow the bands, in order.
    std::vector<OutsideBandSpec> outside_bands;
};

class Population {
  public:
    Population(const PopulationSpec& spec, const std::vector<std::string>& product_ids);

    // The age bands, then the bands of people outside them (AgeBand::outside_of >= 0).
    const std::vector<AgeBand>& bands() const { return bands_; }
    const std::vector<std::string>& tiers() const { return tiers_; }
    const std::vector<PriorityGroup>& groups() const { return groups_; }
    const std::vector<Cohort>& cohorts() const { return cohorts_; }
    // Groups in the order first doses are offered: priority rank, then file order.
    const std::vector<int>& priority_order() const { return priority_order_; }

    // People of a cohort willing on a day (its uptake changes that have come).
    std::int64_t willing_on(int cohort, DayNumber day) const {
        const Cohort& c = cohorts_[cohort];
        if (c.willing_steps.empty()) return c.willing;
        const auto& steps = groups_[c.group].uptake_changes;
        std::size_t k = 0;
        while (k < steps.size() && steps[k].from <= day) ++k;
        return c.willing_steps[k];
    }

    // A city run as places: its willing become the places' added up, cohort by cohort
    // (each place rounds its own uptake of its own people, so the sum may differ from the
    // city's own rounding by a person per place and cohort; the places are what is run).
    // Every part has this population's groups and cohorts, in the same order.
    void add_up_willing(const std::vector<const Population*>& parts);

    bool has_uncertain_uptake() const;
    // Draws each uncertain uptake from the stream of (seed, future) named after its group
    // and recomputes who is willing.
    void realize_uptake(std::uint64_t seed, std::uint64_t future);

    std::optional<int> band_index(const std::string& id) const;
    std::optional<int> group_index(const std::string& id) const;
    std::optional<int> tier_index(const std::string& tier) const;
    // The ids, in file order: what "did you mean" weighs an unknown name against.
    std::vector<std::string> band_ids() const;
    std::vector<std::string> group_ids() const;
    // The groups of a tier, in file order.
    const std::vector<int>& groups_in_tier(int tier) const;
    // Everyone who can be vaccinated: the bands' counts and the people outside them.
    std::int64_t total_people() const;

  private:
    // willing = round_half_up(size x uptake), split over the group's bands by size.
    void assign_willing(PriorityGroup& group);
    std::vector<AgeBand> bands_;
    std::vector<std::string> tiers_;
    std::vector<PriorityGroup> groups_;
    std::vector<Cohort> cohorts_;
    std::vector<int> priority_order_;
    // Lookups by name, built once and shared by every copy (a sweep copies the population
    // for each run), so that a scenario with many groups or tiers validates in linear time.
    struct Index {
        std::unordered_map<std::string, int> bands, tiers, groups;
        std::vector<std::vector<int>> groups_in_tier;
    };
    std::shared_ptr<const Index> index_;
};

} // namespace vaxsim

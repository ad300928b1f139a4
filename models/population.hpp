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
    std::int64_t willing = 0;
};

struct PriorityGroup {
    std::string id;
    std::string label; // UTF-8, may be Korean
    std::string tier;
    int tier_index = 0;
    std::int64_t size = 0;
    std::int64_t willing = 0;
    double uptake = 1.0; // for a drawn uptake: the median until realized
    std::optional<Distribution> uptake_distribution;
    int priority = 0;
    DayNumber opens = 0;
    std::vector<int> products; // product indices in order of preference
    std::vector<int> cohorts;  // indices into Population::cohorts
    std::optional<QuarterPlan> plan;
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

    bool has_uncertain_uptake() const;
    // Draws each uncertain uptake from the stream of (seed, future) named after its group
    // and recomputes who is willing.
    void realize_uptake(std::uint64_t seed, std::uint64_t future);

    std::optional<int> band_index(const std::string& id) const;
    std::optional<int> group_index(const std::string& id) const;
    std::optional<int> tier_index(const std::string& tier) const;
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

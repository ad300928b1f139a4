#pragma once
// Places (Seoul's 25 자치구): where the city's people live, each place's capacity and
// opening dates, and the rule that shares the city's deliveries between places. A
// scenario without places runs as one place.
//
// Each place's people are a share of each of the city's age bands (or a count of it).
// Every group's people in a band are split over the places by those weights, largest
// remainder, so the places' people always add up to the city's exactly; a group's
// quarterly plan count is split by its people in each place. A place without a capacity
// of its own gets a part of the city's by its people: each site's doses of each day (after
// the weekday and holiday factors) split over the places, so they add up to the city's.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/capacity.hpp"
#include "models/date.hpp"
#include "models/product.hpp"

namespace vaxsim {

struct ScenarioSpec;
class Population;

// How the city's deliveries are shared between places. Each delivery is split on the
// day it reaches the city, largest remainder (ties to the place listed first), and
// reaches the places `transfer_lag_days` later.
enum class PlaceRule {
    population, // by each place's people
    need,       // by what each place still needs of that product (see Places::need below)
    capacity,   // by each place's capacity over the week the doses arrive
    shares,     // by stated shares, which may change on dates
    listed,     // as a list of each place's deliveries says (place_supply.deliveries)
};
const char* place_rule_name(PlaceRule rule);
std::optional<PlaceRule> place_rule_named(const std::string& name);
// The rule names, for messages and the reader.
const std::vector<std::string>& place_rule_names();

// Error paths: "places.<id>.band_shares.<band>", "places.<id>.capacity.periods.0.from".
struct PlaceSpec {
    std::string id;
    std::string label; // empty: the id
    // The share of each city band living here (0 to 1), or its people here; one of the
    // two, for every band the place has people of (a band not named: nobody of it here).
    std::vector<std::pair<std::string, double>> band_shares;
    std::vector<std::pair<std::string, std::int64_t>> band_people;
    std::optional<CapacitySpec> capacity; // none: the city's, split by people
    std::vector<std::pair<std::string, DayNumber>> opens; // group id -> its opening here
};

struct PlaceShareStepSpec {
    DayNumber from = 0;
    std::vector<std::pair<std::string, double>> shares; // place id -> share; sum to 1
};

// One place's delivery of one product on one day (a row of the places' delivery file).
struct PlaceDelivery {
    DayNumber day = 0;
    std::string place;
    std::string product;
    std::int64_t doses = 0;
};

// Error paths: "place_supply.rule", "place_supply.shares.1.shares.mapo",
// "place_supply.deliveries.3.place".
struct PlaceSupplySpec {
    PlaceRule rule = PlaceRule::population;
    std::vector<PlaceShareStepSpec> shares; // rule shares: in date order, the first in force from the start
    std::int64_t transfer_lag_days = 0;     // 0 to 60
    // Each place's deliveries as recorded (path "csv"). A product named here gets its
    // city deliveries from them (each day's rows added up: place_delivery_totals) and may
    // list none of its own; rule `listed` then splits every delivery of that day as the
    // rows do, any other rule shares the same totals its own way.
    std::vector<PlaceDelivery> deliveries;
    // Every so many days (0: never), unused stock moves from places that hold more than
    // the people waiting there that day could be given to places still waiting
    // (sim/engine/places.cpp).
    std::int64_t rebalance_every_days = 0;
};

// A product's city deliveries from the places' rows: one delivery per day that has rows
// for it, their doses added up, in date order. Empty when no row names the product.
std::vector<Delivery> place_delivery_totals(const PlaceSupplySpec& supply,
                                            const std::string& product);

class Places {
  public:
    // Validates the places against the city's population (bands, groups) and builds
    // nothing yet; place_spec() gives each place's scenario.
    Places(const std::vector<PlaceSpec>& places, const PlaceSupplySpec& supply,
           const Population& city, const std::vector<std::string>& product_ids, DayNumber start);

    int size() const { return static_cast<int>(ids_.size()); }
    const std::vector<std::string>& ids() const { return ids_; }
    const std::vector<std::string>& labels() const { return labels_; }
    PlaceRule rule() const { return rule_; }
    int transfer_lag_days() const { return lag_; }
    int rebalance_every_days() const { return rebalance_; }
    // Each place's people (every band), summing to the city's.
    const std::vector<std::int64_t>& people() const { return people_; }
    // [place][band]: each place's people per band (the city's bands, outside bands last).
    const std::vector<std::vector<std::int64_t>>& band_people() const { return band_people_; }
    // Rule shares: the weights in force on a day (parts per 10^9 per place).
    const std::vector<std::int64_t>& shares_on(DayNumber day) const;
    // Rule listed: each place's doses in the rows of product `product`'s `k`-th delivery
    // (its k-th day in place_delivery_totals, which is Supply::origins()'s numbering).
    const std::vector<std::int64_t>& listed(int product, int k) const;
    bool has_listed(int product) const;

    // One place's scenario: the city's with this place's people (each group's cohorts
    // split, plan counts split), capacity, and opening dates, and no deliveries (the
    // city's reach it by the rule, day by day).
    ScenarioSpec place_spec(const ScenarioSpec& city, const Population& population,
                            int place) const;

  private:
    // Splits n by the place weights of a band (largest remainder).
    std::vector<std::int64_t> split_band(int band, std::int64_t n) const;

    std::vector<std::string> ids_, labels_;
    std::vector<std::vector<std::int64_t>> weights_; // [band][place]
    std::vector<std::vector<std::int64_t>> band_people_;
    std::vector<std::vector<std::int64_t>> cohort_people_; // [city cohort][place]
    std::vector<std::int64_t> people_;
    std::vector<std::vector<std::pair<std::string, DayNumber>>> opens_;
    std::vector<std::optional<CapacitySpec>> capacity_;
    PlaceRule rule_ = PlaceRule::population;
    std::vector<std::pair<DayNumber, std::vector<std::int64_t>>> shares_;
    std::vector<std::vector<std::vector<std::int64_t>>> listed_; // [product][delivery][place]
    int lag_ = 0;
    int rebalance_ = 0;
};

// How unequal coverage is across places, from each place's value and people (places
// without people are left out; a value above the people counts as all of them): the
// lowest and highest shares, the range (highest minus lowest), the ratio (lowest over
// highest; 1 when all are equal or none has anyone covered) and the Gini index of
// coverage weighted by people (0: equal; kept within [0, 1] against rounding).
struct Equity {
    double lowest = 0, highest = 0;
    double range = 0;
    double ratio = 1;
    double gini = 0;
};
Equity equity(const std::vector<std::int64_t>& covered, const std::vector<std::int64_t>& people);

} // namespace vaxsim

#pragma once
// A scenario: everything one run needs, built from plain values. Constructing it
// validates it; invalid values throw ModelError naming the field, and nothing else happens.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/booster.hpp"
#include "models/capacity.hpp"
#include "models/epidemic.hpp"
#include "models/heterologous.hpp"
#include "models/initial_state.hpp"
#include "models/place.hpp"
#include "models/policy.hpp"
#include "models/population.hpp"
#include "models/product.hpp"
#include "models/target.hpp"

namespace vaxsim {

// Doses of one product given away in exchange for doses of another, on one day: an
// export of one and an import of the other. (A loan of one product, such as the Pfizer
// doses Korea received from Israel in July 2021 and gave back later, is a return and a
// later export of that product.) Error paths: "swaps.0.give.product", ...
struct SwapSpec {
    DayNumber date = 0;
    std::string give_product;
    std::int64_t give_doses = 0;
    std::string get_product;
    std::int64_t get_doses = 0;
};

struct Swap {
    DayNumber day = 0;
    int give = 0; // product indices
    std::int64_t give_doses = 0;
    int get = 0;
    std::int64_t get_doses = 0;
};

// Everything that defines a scenario, as values. Error paths are field paths from here:
// "products.pfizer.wastage", "groups.adults_18_49.uptake", "capacity.periods.2.from".
struct ScenarioSpec {
    std::string name;
    std::string description;
    DayNumber start = 0;
    DayNumber end = 0;
    std::uint64_t seed = 0;
    std::vector<ProductSpec> products;
    std::vector<HeterologousSpec> heterologous; // path "heterologous.N"
    PopulationSpec population; // paths "population.tiers", "population.bands", "groups"
    CapacitySpec capacity;
    PolicySpec policy;
    std::vector<TargetSpec> targets;
    std::optional<EpidemicSpec> epidemic;
    std::vector<BoosterCampaignSpec> boosters; // paths "boosters.<id>.after_days", ...
    std::vector<SwapSpec> swaps;
    // Starting mid-campaign: the state at the end of the day before `start` (path
    // "initial_state"). None: the run starts from nobody vaccinated and no stock.
    std::optional<InitialStateSpec> initial_state;
    // Places (districts) and how the city's deliveries reach them (paths "places.<id>...",
    // "place_supply.rule"). No places: the city runs as one place.
    std::vector<PlaceSpec> places;
    PlaceSupplySpec place_supply;
};

// Where a scenario came from, as stored with its results.
struct Provenance {
    std::string file_name; // the file named on the command line
    std::string text;      // its text exactly as given
    // When that file is a what-if file (it extends another): the root base scenario.
    std::string base_file;
    std::string base_text;
    std::vector<std::string> overrides; // "path=value", in the order they were applied
    std::string effective;              // the scenario text with every change applied
};

class Scenario {
  public:
    explicit Scenario(ScenarioSpec spec, Provenance provenance = {});

    std::string name;
    std::string description;
    DayNumber start = 0;
    DayNumber end = 0;
    std::uint64_t seed = 0;
    std::vector<Product> products;
    std::vector<HeterologousRule> heterologous; // mixed later doses, in the order given
    Population population;
    Capacity capacity;
    Policy policy;
    std::vector<Target> targets;
    std::optional<EpidemicModel> epidemic; // infections, hospitalisations and deaths, if asked
    std::vector<BoosterCampaign> boosters; // in file order

    // K0, the longest primary series, and K, every dose number recorded (boosters too).
    int primary_doses() const { return vaxsim::primary_doses(products); }
    int dose_numbers() const { return vaxsim::dose_numbers(products, boosters); }
    std::vector<Swap> swaps;               // in file order; each an export and an import
    // People already vaccinated, their booked doses and the stock on hand at the end of
    // the day before `start`; none: the run starts from nothing.
    std::optional<InitialState> initial;
    // With places: who lives where and the supply rule, and each place's own scenario (its
    // people, capacity and opening dates; no deliveries of its own), in the places' order.
    std::optional<Places> places;
    std::vector<Scenario> place_scenarios;

    // The future realize() drew (0 as built): a stochastic epidemic draws its events from
    // the streams of (seed, future, "epidemic" / "epidemic doses").
    std::uint64_t future = 0;

    int days() const { return end - start + 1; }
    // Does anything vary between futures (random delivery delays or shortfalls, uptake, a
    // stochastic epidemic)?
    bool is_stochastic() const;
    // Does the rollout (supply, uptake) vary between futures?
    bool rollout_is_stochastic() const;
    // This scenario with every uncertain input drawn for one future: the streams are keyed
    // by (seed, future, input name), so future k is the same in every run that asks for it.
    Scenario realize(std::uint64_t future) const;
    // The values it was built from: copy, change and build a new Scenario to vary it.
    const ScenarioSpec& spec() const { return *spec_; }
    const Provenance& provenance() const { return *provenance_; }

  private:
    void build_places(const ScenarioSpec& spec);
    void check_epidemic_boosters() const;
    // The city's willing: its places' added up (Population::add_up_willing).
    void add_up_places_willing();
    // Shared: a scenario is copied for every future of a sweep, its spec never changes.
    std::shared_ptr<const ScenarioSpec> spec_;
    std::shared_ptr<const Provenance> provenance_;
};

} // namespace vaxsim

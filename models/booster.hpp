#pragma once
// Booster campaigns and re-vaccination: who is offered a dose after their series, from
// when, how long after their last dose, of which products, how many take it, and where
// boosters stand against first doses for the day's capacity.
//
// A booster is recorded as dose number K0 + b, where K0 is the longest primary series of
// any product in the scenario and b = 1, 2, ... the person's booster count, so dose
// numbers above K0 are boosters and never mix with series doses (as Korea counted them:
// a Janssen recipient's booster is "3차", 추가접종). A person's "last dose" is the dose that
// completed their series, or their latest booster.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/date.hpp"
#include "models/population.hpp"
#include "models/product.hpp"
#include "models/rounding.hpp"
#include "models/target.hpp"

namespace vaxsim {

enum class BoosterPriority {
    after_first_doses,  // first doses of the day are given before boosters (the default)
    before_first_doses, // boosters are given before the day's first doses
};

// Error paths are relative to the campaign: "population.groups.1", "after_days", ...
struct BoosterCampaignSpec {
    std::string id;
    std::string label; // empty: the id
    // Whom it offers boosters: groups, bands, tiers or everyone (`all`); only people who
    // completed a series are ever eligible. Kind::products is not allowed.
    TargetPopulationSpec population;
    DayNumber from = 0;
    std::optional<DayNumber> to; // last day boosters are given; none: to the run's end
    // Days since the last dose; none: when the last dose's protection lapses.
    std::optional<std::int64_t> after_days;
    std::vector<std::string> products; // preference order
    double uptake = 1.0;               // share of the eligible who take it
    BoosterPriority priority = BoosterPriority::after_first_doses;
    std::int64_t doses = 1; // boosters a person may have (counting earlier ones) when offered
};

struct BoosterCampaign {
    std::string id;
    std::string label;
    std::vector<int> cohorts;      // sorted
    std::vector<char> in_campaign; // per cohort: 0 or 1
    std::string population_label;
    DayNumber from = 0;
    std::optional<DayNumber> to;
    std::optional<int> after_days; // none: when protection lapses
    std::vector<int> products;     // preference order
    double uptake = 1.0;
    Ratio uptake_share;
    BoosterPriority priority = BoosterPriority::after_first_doses;
    int doses = 1;

    BoosterCampaign(const BoosterCampaignSpec& spec, const Population& population,
                    const std::vector<Product>& products);
    bool open_on(DayNumber day) const { return from <= day && (!to || day <= *to); }
};

std::string priority_label(BoosterPriority p);

// K0: the longest primary series of any product (dose numbers above it are boosters).
int primary_doses(const std::vector<Product>& products);
// K: every dose number a run records: K0 plus the most boosters any campaign gives.
int dose_numbers(const std::vector<Product>& products,
                 const std::vector<BoosterCampaign>& campaigns);

// Days dose number `dose` (1-based) of product p protects; none: never lapses. Up to date
// on day t after a last dose on day d means t - d < days.
inline std::optional<int> protection_of(const std::vector<Product>& products, int p, int dose) {
    return products[static_cast<std::size_t>(p)].protection_days(dose);
}

} // namespace vaxsim

#pragma once
// A scenario's targets: a measure over a population, a threshold and a deadline.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/date.hpp"
#include "models/population.hpp"

namespace vaxsim {

enum class Measure {
    first_dose,       // people with at least one dose
    fully_vaccinated, // people who completed their primary series
    doses,            // doses administered (first and second)
    // Bounds (`at_most`) on people overdue for a later dose (due and not yet given) of
    // some products: the most on any one day, and the sum over days (person-days).
    overdue_peak,
    overdue_person_days,
    boosted,    // people with at least one booster (a dose after a completed series)
    up_to_date, // people whose series or booster still protects them that day
    dose        // people given dose number `dose` (above the longest series: boosters)
};

// A measure that a target bounds from above (`at_most`) rather than reaches.
constexpr bool is_bound(Measure m) {
    return m == Measure::overdue_peak || m == Measure::overdue_person_days;
}

std::string measure_label(Measure m);

// Whom a target counts: the people of some age bands, groups or tiers, or everyone; an
// overdue target counts the people overdue for some products, or for all.
struct TargetPopulationSpec {
    enum class Kind { bands, groups, tiers, products, all };
    Kind kind = Kind::all;
    std::vector<std::string> names; // band, group, tier or product ids; empty for all
};

// Error paths are relative to the target: "population.groups.1", "share", "since".
struct TargetSpec {
    std::string id;
    std::string label; // empty: the id
    Measure measure = Measure::first_dose;
    TargetPopulationSpec population;
    std::optional<double> share; // threshold as a share of the population; else `count`
    std::int64_t count = 0;
    std::optional<std::int64_t> at_most; // the bound of an overdue measure
    DayNumber deadline = 0;
    std::optional<DayNumber> since;
    std::optional<std::int64_t> dose; // the dose number of the `dose` measure (1-based)
    // The head count a share is taken of, stated by the target (e.g. the registered
    // population including foreigners outside the age bands' counts); none: the
    // population's own head count.
    std::optional<std::int64_t> denominator;
};

struct Target {
    std::string id;
    std::string label;
    Measure measure = Measure::first_dose;
    // Population: cohorts counted, and its head count (the denominator of a share: the
    // target's own `denominator` when it states one).
    std::vector<int> cohorts;
    std::vector<int> products; // an overdue measure's products
    std::int64_t population = 0;
    std::string population_label;
    std::optional<double> share; // threshold as a share of the population
    // Threshold as a count (share resolved, rounded up); for a bound, the most allowed.
    std::int64_t threshold = 0;
    DayNumber deadline = 0;
    std::optional<DayNumber> since; // count only what happened from this day on
    int dose = 0; // the `dose` measure's dose number (1-based); 0 for other measures

    // `products`: the scenario's product ids, in order.
    Target(const TargetSpec& spec, const Population& population,
           const std::vector<std::string>& products = {});
};

} // namespace vaxsim

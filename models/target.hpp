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
    doses             // doses administered (first and second)
};

std::string measure_label(Measure m);

// Whom a target counts: the people of some age bands, groups or tiers, or everyone.
struct TargetPopulationSpec {
    enum class Kind { bands, groups, tiers, all };
    Kind kind = Kind::all;
    std::vector<std::string> names; // band, group or tier ids; empty for all
};

// Error paths are relative to the target: "population.groups.1", "share", "since".
struct TargetSpec {
    std::string id;
    std::string label; // empty: the id
    Measure measure = Measure::first_dose;
    TargetPopulationSpec population;
    std::optional<double> share; // threshold as a share of the population; else `count`
    std::int64_t count = 0;
    DayNumber deadline = 0;
    std::optional<DayNumber> since;
};

struct Target {
    std::string id;
    std::string label;
    Measure measure = Measure::first_dose;
    // Population: cohorts counted, and its head count (the denominator of a share).
    std::vector<int> cohorts;
    std::int64_t population = 0;
    std::string population_label;
    std::optional<double> share; // threshold as a share of the population
    std::int64_t threshold = 0;  // threshold as a count (share resolved, rounded up)
    DayNumber deadline = 0;
    std::optional<DayNumber> since; // count only what happened from this day on

    Target(const TargetSpec& spec, const Population& population);
};

} // namespace vaxsim

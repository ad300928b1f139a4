#pragma once
// Starting mid-campaign: where a city stands at the end of a day (`as_of`) before the
// run, so a planner in August projects the rest of the year from the people already
// vaccinated, their booked doses and the stock on hand (issue 10, part 8).
//
// People are given by group, product and doses received (1 .. the product's series: the
// primary series only; boosters are not part of an initial state), with the day of their
// last dose. A group's count is split over its cohorts (its part in each age band) by
// largest remainder, weighted by the willing people each cohort has not yet been given
// (so no cohort ever holds more initial people than it has willing), entries in file
// order, those naming a `band` first. Everything is whole numbers and exact.
//
// Error paths: "initial_state.as_of", "initial_state.people.3.count",
// "initial_state.stock.pfizer".
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/date.hpp"
#include "models/population.hpp"
#include "models/product.hpp"

namespace vaxsim {

// People of one group who received `doses` doses of one product, the last on `last_dose`.
struct InitialPeopleSpec {
    std::string group;
    std::optional<std::string> band; // one of the group's bands; none: split over them all
    std::string product;
    std::int64_t doses = 1;  // doses received, 1 .. the product's series
    std::int64_t count = 0;  // people
    DayNumber last_dose = 0; // on or before as_of
    // When their next dose is booked (after as_of); none: by the product's interval rules
    // from last_dose, as the engine books a dose it gives. Only for an incomplete series.
    std::optional<DayNumber> next_due;
    // false: not booked for a next dose (people who did not come back for it, or dropped
    // out); they keep the doses they had. Only for an incomplete series, without next_due.
    bool booked = true;
};

struct InitialStateSpec {
    DayNumber as_of = 0; // the state at the end of this day; the run starts the next day
    std::vector<InitialPeopleSpec> people;
    std::vector<std::pair<std::string, std::int64_t>> stock; // doses on hand, by product id
};

// People of one cohort with `doses` doses of a product, the last on `last_dose`.
struct InitialCell {
    int entry = 0; // index into the spec's people
    int cohort = 0;
    int group = 0;
    int product = 0;
    int doses = 1;
    std::int64_t count = 0;
    DayNumber last_dose = 0;
    std::optional<DayNumber> next_due;
    bool complete = false; // doses == the product's series
    bool booked = true;    // an incomplete series booked for its next dose
};

class InitialState {
  public:
    // `start`: the run's first day (as_of + 1). Checks every entry against the population
    // and the products; throws ModelError with a path below "initial_state".
    InitialState(const InitialStateSpec& spec, const Population& population,
                 const std::vector<Product>& products, DayNumber start);

    DayNumber as_of = 0;
    std::vector<InitialCell> cells;   // entries split over cohorts, count > 0, in entry order
    std::vector<std::int64_t> stock;  // per product: doses on hand at the end of as_of
    std::vector<std::int64_t> first;  // per cohort: people with at least one dose
    std::vector<std::int64_t> full;   // per cohort: people who completed a series

    // The opening balance of the ledger: people given dose number k + 1 by the end of
    // as_of, [group][product][k] for k < K (every dose number up to the entry's doses is
    // counted under the entry's product). K is the run's dose numbers (boosters included,
    // always zero here).
    std::vector<std::int64_t> doses_by_group(int groups, int products, int K) const;
    // The same per cohort: [cohort][k] summed over products, as the engine's dose_people.
    std::vector<std::int64_t> doses_by_cohort(int cohorts, int K) const;
};

} // namespace vaxsim

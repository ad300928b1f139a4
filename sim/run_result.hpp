#pragma once
// Everything one run records, day by day (MODEL.md "Record everything").
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "models/date.hpp"

namespace vaxsim {

using CountMatrix = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using CountVector = Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1>;

// What stopped more doses being given on a day.
enum class Constraint : std::int8_t {
    none = 0,                // nobody in an open group was left waiting: demand was met
    capacity = 1,            // every dose of the day's capacity was given
    supply = 2,              // waiting people, spare capacity, but no stock of the product
    second_dose_reserve = 3, // stock was there but held back for second doses
    eligibility = 4          // waiting people, but no product they may receive that day
};
const char* constraint_label(Constraint c);

struct RunResult {
    DayNumber start = 0;
    int days = 0;
    int groups = 0;
    int products = 0;
    int cohorts = 0;

    // Doses given, [day][group][product][dose number - 1], flattened row-major.
    std::vector<std::int64_t> doses;
    std::int64_t& dose(int day, int group, int product, int dose_index) {
        return doses[((static_cast<std::size_t>(day) * groups + group) * products + product) * 2 +
                     dose_index];
    }
    std::int64_t dose(int day, int group, int product, int dose_index) const {
        return doses[((static_cast<std::size_t>(day) * groups + group) * products + product) * 2 +
                     dose_index];
    }

    // Doses given per cohort (a group's part in one age band), [day][cohort][product][dose
    // number - 1]: recorded only when the scenario has an epidemic model, which needs ages.
    std::vector<std::int64_t> cohort_doses;
    std::int64_t cohort_dose(int day, int cohort, int product, int dose_index) const {
        return cohort_doses[((static_cast<std::size_t>(day) * cohorts + cohort) * products +
                             product) *
                                2 +
                            dose_index];
    }

    // People at the end of each day, cumulative: [day x cohort].
    CountMatrix first_dose_people;
    CountMatrix fully_vaccinated_people;
    // Per product per day: [day x product].
    CountMatrix deliveries;               // doses arriving in stock that day
    CountMatrix administered;             // doses given (first + second)
    CountMatrix wasted;                   // doses lost when opened
    CountMatrix stock;                    // at the end of the day
    CountMatrix second_doses_due;         // second doses due on or before the day and not yet given
    CountMatrix second_doses_outstanding; // booked second doses not yet given, due or not
    // Per day.
    CountVector capacity;
    CountVector capacity_used;
    std::vector<std::int8_t> binding_constraint;
    std::vector<std::int32_t> binding_product; // -1 when no product is named

    // Doses delivered before the run starts enter stock on its first day; deliveries
    // dated after its end are counted here and never enter stock.
    std::vector<std::int64_t> delivered_after_end;

    DayNumber day_of(int index) const { return start + index; }
};

} // namespace vaxsim

#pragma once
// What the engine carries from one day to the next: stock per product, booked doses,
// and per cohort the people with a first dose and with a completed series.
#include <cstdint>
#include <vector>

#include "models/population.hpp"
#include "sim/engine/dose_queue.hpp"
#include "sim/engine/stock.hpp"

namespace vaxsim {

struct EngineState {
    std::vector<ProductStock> stock; // per product
    DoseQueue queue;
    std::vector<std::int64_t> first; // per cohort: people with a first dose
    std::vector<std::int64_t> full;  // per cohort: people who completed their series
    // Per group: people still waiting for a first dose, kept as doses are given because
    // the policy and the end-of-day diagnosis ask for it per group every day.
    std::vector<std::int64_t> group_waiting;
    std::vector<int> open_groups;   // open with people waiting as allocation began (scratch)
    std::int64_t capacity_today = 0; // the day's capacity
    std::int64_t capacity_left = 0;  // doses that can still be given today
    std::vector<char> out_of_stock; // per product: no more booked doses today (scratch)
    std::vector<char> no_booked_stock; // per product: its stock gave out for booked doses today (scratch)
    std::vector<std::size_t> cursor;   // per product: the booking being looked at (scratch)
    std::vector<int> choice;           // products that may serve a booking (scratch)
    std::vector<int> early_slack;      // per product: the most days a dose may come before due

    std::int64_t waiting(const Population& pop, int cohort) const {
        return pop.cohorts()[cohort].willing - first[cohort];
    }
};

} // namespace vaxsim

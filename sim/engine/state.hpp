#pragma once
// What the engine carries from one day to the next: stock per product, booked doses,
// and per cohort the people with a first dose and with a completed series.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "models/population.hpp"
#include "sim/engine/boosters.hpp"
#include "sim/engine/dose_queue.hpp"
#include "sim/engine/stock.hpp"

namespace vaxsim {

struct EngineState {
    std::vector<ProductStock> stock; // per product
    DoseQueue queue;
    std::vector<std::int64_t> first; // per cohort: people with a first dose
    std::vector<std::int64_t> full;  // per cohort: people who completed their series
    // Per cohort: willing people who have arrived (booked) so far: by the group's arrival
    // schedule from its opening day, or earlier as walk-ins. Never more than the willing.
    std::vector<std::int64_t> arrived;
    std::vector<char> arrivals_done; // per group: everyone willing has arrived (scratch)
    // Groups not all arrived yet, by opening day (ties in file order): each day visits only
    // those open so far, and a group leaves the list once everyone willing has arrived.
    std::vector<int> arrivals_pending;
    // [group][product]: first doses given so far (for groups with product shares).
    std::vector<std::int64_t> first_by_product;
    // Per cohort x dose number (K of them, boosters included): people given that dose.
    std::vector<std::int64_t> dose_people;
    BoosterBook boosters; // layers of people by last dose, campaign queues, up to date
    // Per group: people arrived and still waiting for a first dose, kept as doses are given because
    // the policy and the end-of-day diagnosis ask for it per group every day.
    std::vector<std::int64_t> group_waiting;
    std::vector<int> open_groups;   // open with people waiting as allocation began (scratch)
    std::size_t policy_step = 0;     // the policy step in force (Policy::steps)
    // [step][group]: each policy step's shares of first doses (parts per 10^9; 0: not
    // listed), for the allocation `shares` (Policy::share_weights).
    std::vector<std::vector<std::int64_t>> group_shares;
    std::int64_t capacity_today = 0; // the day's capacity, all sites
    std::int64_t capacity_left = 0;  // doses that can still be given today, all sites
    // Per site: doses it can still give today. Per product: the sites that give it, the
    // most specialised first (fewest products, then file order): a dose is drawn from the
    // first with capacity left, keeping general sites for the products only they give.
    std::vector<std::int64_t> site_left;
    std::vector<std::vector<int>> sites_of;
    bool one_site = true; // a single site gives every product: site_left[0] == capacity_left
    // Doses of product p that can still be given today (its sites' capacity left).
    std::int64_t capacity_for(int p) const {
        if (one_site) return capacity_left;
        std::int64_t n = 0;
        for (int s : sites_of[p]) n += site_left[s];
        return n;
    }
    // Takes n doses of product p from its sites' capacity (n <= capacity_for(p)); `used`
    // gets each site's part added.
    template <class Used> void draw(int p, std::int64_t n, Used&& used) {
        capacity_left -= n;
        for (int s : sites_of[p]) {
            const std::int64_t part = std::min(n, site_left[s]);
            site_left[s] -= part;
            used(s, part);
            n -= part;
            if (n == 0) return;
        }
    }
    std::vector<char> out_of_stock; // per product: no more booked doses today (scratch)
    // Doses exports and swaps ask to send away, [day * products + product]: sent after the
    // day's deliveries and returns enter stock, capped at the stock.
    std::vector<std::int64_t> exports_planned;
    std::vector<char> no_booked_stock; // per product: its stock gave out for booked doses today (scratch)
    std::vector<std::size_t> cursor;   // per product: the booking being looked at (scratch)
    std::vector<int> choice;           // products that may serve a booking (scratch)
    std::vector<int> early_slack;      // per product: the most days a dose may come before due

    // People of a cohort arrived and not yet given a first dose.
    std::int64_t waiting(int cohort) const {
        return arrived[cohort] - first[cohort];
    }
};

} // namespace vaxsim

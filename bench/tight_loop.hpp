#pragma once
// A yardstick for the engine, not a second engine: the day of MODEL.md ("One day, in
// order") for strict priority, written as tight as we know how: flat arrays reused from
// run to run, no virtual calls, no allocation after the first run, the exact integer
// rounding of models/rounding.hpp inlined. vaxsim-bench checks that it produces the
// engine's Ledger number for number, then times both; the ratio is what the engine's
// structure (policies behind an interface, the queue, the ledger) costs. Users run the
// engine; nothing outside bench/ may call this.
#include <cstdint>
#include <vector>

#include "models/rounding.hpp"
#include "models/scenario.hpp"

namespace vaxsim::bench {

// Every number of a Ledger, in the Ledger's layouts (row-major, day first; one place).
struct TightLedger {
    int days = 0, groups = 0, products = 0, doses = 1, cohorts = 0;
    std::vector<std::int64_t> dose;        // [day][group][product][dose number - 1]
    std::vector<std::int64_t> cohort_dose; // [day][cohort][product][k]; epidemic runs only
    std::vector<std::int64_t> first_people, full_people; // [day][cohort]
    // [day][product]
    std::vector<std::int64_t> delivered, administered, wasted, stock, due, outstanding;
    std::vector<std::int64_t> capacity, capacity_used; // [day]
    std::vector<std::int8_t> binding;                  // [day]
    std::vector<std::int32_t> binding_product;         // [day]
    std::vector<std::int64_t> delivered_after_end;     // [product]
};

class TightLoop {
  public:
    // Runs the scenario into ledger(). Throws std::invalid_argument for what the loop
    // does not do: any first-dose allocation but strict priority, more than 64 age bands.
    void run(const Scenario& sc);
    const TightLedger& ledger() const { return out_; }

  private:
    struct Booking {
        DayNumber due;
        int cohort;
        int dose;
        std::int64_t remaining;
    };
    // A share taken cumulatively (CumulativeShare), with the rounded total so far kept so
    // a take costs one rounding, not two.
    struct Cumulative {
        Ratio share;
        std::int64_t counted = 0, base = 0;
    };
    struct ProductState {
        // Per run, from the product.
        int series = 1;
        double wastage = 0, guess_per_first = 1; // for the first guess of a search only
        Ratio held_per_booked;
        int rule_begin = 0, rule_end = 0, interval_begin = 0, interval_end = 0;
        // Per day.
        std::uint64_t band_mask = 0; // age bands the product may serve today
        int next_rule = 0, next_interval = 0, interval = 0;
        std::int64_t stock = 0;
        Cumulative waste;
        std::int64_t outstanding = 0, due_total = 0; // booked not given; of those, due
        std::size_t head = 0, due_end = 0;           // first unserved and first not-due booking
        bool blocked = false;
    };
    // Shares are reduced to exact ratios with 128-bit gcds, which cost more than a day's
    // work; they are kept from the last run and recomputed only when a share changed.
    struct ShareMemo {
        double wastage = -1, completion = -1, reserve = -1;
        Ratio waste, completion_share, held;
    };

    std::int64_t affordable_booked(const ProductState& ps, std::int64_t limit) const;
    std::int64_t affordable_first(const ProductState& ps, int p, int cohort, std::int64_t limit) const;
    void give(int t, DayNumber day, int cohort, int p, int k, std::int64_t n);
    void book(int p, DayNumber due, int cohort, int dose, std::int64_t n);
    void record_binding(int t, DayNumber day);

    TightLedger out_;
    bool by_cohort_ = false;
    std::vector<ProductState> prod_;
    std::vector<ShareMemo> memo_;
    std::vector<Cumulative> returning_; // [product][cohort][k]: of those given dose k, who come back
    std::vector<std::vector<Booking>> queue_;
    std::vector<DayNumber> rule_from_, interval_from_;
    std::vector<std::uint64_t> rule_mask_;
    std::vector<int> interval_days_;
    std::vector<std::pair<DayNumber, std::int64_t>> periods_;
    double weekday_factor_[7] = {-1, -1, -1, -1, -1, -1, -1};
    Ratio weekday_share_[7];
    // Groups in priority order, flattened: opening day, group index, and their product
    // and cohort lists as ranges of group_products_ and group_cohorts_.
    std::vector<DayNumber> group_opens_;
    std::vector<int> group_id_, group_prod_begin_, group_coh_begin_;
    std::vector<int> group_products_, group_cohorts_;
    // Per cohort and per group.
    std::vector<int> cohort_group_, cohort_band_;
    std::vector<std::int64_t> willing_, first_, full_, group_waiting_;
};

} // namespace vaxsim::bench

#pragma once
// The daily ledger of one run: every dose given and every stock movement, day by day
// (MODEL.md "Record everything"). One type owns the shape and the indexing; the engine
// fills it, and the writer, the checker, the export and the epidemic coupling read it.
//
// Doses are recorded per dose number k = 1..K, where K is the longest series of any
// product in the scenario, and per place: one place per ledger (a run with places runs
// each place with a ledger of its own, sim/engine/places.hpp, keeps part of it once the
// place is checked and evaluated, models/place_ledger.hpp, and the city's is theirs added
// up from what each changed: add_changes).
#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "models/constraint.hpp"
#include "models/date.hpp"

namespace vaxsim {

using CountMatrix = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using CountVector = Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1>;

// The dimensions of a ledger, and the one place where a flat index is computed.
struct LedgerShape {
    DayNumber start = 0;
    int days = 0;
    int places = 1;
    int groups = 0;
    int products = 0;
    int doses = 2; // K: dose numbers recorded, 1..K
    int cohorts = 0;
    int sites = 1; // kinds of site with capacity of their own

    // Doses given: [day][place][group][product][dose number - 1], row-major.
    std::size_t dose_index(int day, int place, int group, int product, int k) const {
        return (((static_cast<std::size_t>(day) * places + place) * groups + group) * products +
                product) *
                   doses +
               k;
    }
    std::size_t dose_cells() const { return dose_index(days, 0, 0, 0, 0); }
    // Doses given per cohort: [day][cohort][product][dose number - 1].
    std::size_t cohort_dose_index(int day, int cohort, int product, int k) const {
        return ((static_cast<std::size_t>(day) * cohorts + cohort) * products + product) * doses +
               k;
    }
    std::size_t cohort_dose_cells() const { return cohort_dose_index(days, 0, 0, 0); }
    DayNumber day_of(int index) const { return start + index; }
    bool operator==(const LedgerShape&) const = default;
};

class Ledger {
  public:
    Ledger() = default;
    // `by_cohort`: also record doses per cohort (a group's part in one age band), which
    // the epidemic coupling needs.
    Ledger(const LedgerShape& shape, bool by_cohort);
    // Readies the ledger for another run of the same shape, keeping the memory (a
    // worker's ledger is reused across the runs of a sweep). Zeroing all of it would cost
    // a run several percent, and most of it is set day by day anyway, so only what a run
    // adds up before its first day is zeroed: deliveries, extracted, imported, moved in
    // and out, delivered_after_end, exports_not_made, the opening balance, and the dose
    // cells the last run made non-zero (listed as they were given). A run then starts
    // each day t with start_day(t) and sets every other number of it.
    void reuse();
    // This ledger has the memory of that shape (one moved from has none): reuse() may
    // ready it for a run of that shape.
    bool holds(const LedgerShape& shape, bool by_cohort) const {
        return shape_ == shape && has_cohort_doses() == by_cohort && shape.days > 0 &&
               doses_.size() == shape.dose_cells();
    }
    // Adds another ledger of the same shape to this one, count by count (a place's to the
    // city's): doses, people, stock movements, capacity, the opening balance and the
    // switches. What held each day and each group is not a count: it is left as it is.
    void add(const Ledger& other);
    // The names of the counts that differ from another ledger's (doses, people, stock
    // movements, capacity, the opening balance, switches; "shape" alone when the shapes
    // differ): empty when the two agree count for count. What held each day is not a count.
    std::vector<std::string> counts_differing(const Ledger& other) const;

    // A city's ledger as its places' added up, from what each place's run changed.
    // A place's ledger is mostly zeros and unchanged counts (Seoul's districts: 1% of its
    // dose cells are not zero, and 2% of its people counts change from one day to the
    // next), and adding whole ledgers cost a run with places more than a sixth of its
    // time. So a place's ledger may note its changes as it is written (note_changes, then
    // people_changed from the engine; give lists dose cells always), and the city adds only
    // those: start_sum, then add_changes for each place, then end_sum. Between start_sum
    // and end_sum this ledger's people matrices hold day-to-day changes; end_sum adds them
    // up. The result is the same, count for count, as add().
    void note_changes(bool on);
    bool notes_changes() const { return noting_; }
    // The people counts of cohort c (people given each dose, first dose, fully vaccinated,
    // boosted, up to date) may have changed on day t. Day 0 is always added whole.
    void people_changed(int t, int c) {
        if (noting_) [[unlikely]]
            note_people(t, c);
    }
    // Makes this ledger all zeros of the shape (keeping its memory when it has it), to add
    // places to; `as_of` and the shape come from `like`, the first place. Of the doses,
    // only the cells listed as not zero are zeroed.
    void start_sum(const Ledger& like);
    // Adds a place's ledger that noted its changes (throws std::logic_error if it did not).
    void add_changes(const Ledger& place);
    void end_sum();
    // Zeroes day t's counts that doses given are added to: administered, wasted and each
    // site's capacity used. (The doses, per group and per cohort, are zero already: reuse
    // zeroes the cells the last run made non-zero.)
    void start_day(int t) {
        administered.row(t).setZero();
        wasted.row(t).setZero();
        site_capacity_used.row(t).setZero();
        dropped_out.row(t).setZero();
    }

    const LedgerShape& shape() const { return shape_; }
    DayNumber start() const { return shape_.start; }
    int days() const { return shape_.days; }
    int places() const { return shape_.places; }
    int groups() const { return shape_.groups; }
    int products() const { return shape_.products; }
    int doses_per_person() const { return shape_.doses; }
    int cohorts() const { return shape_.cohorts; }
    int sites() const { return shape_.sites; }
    DayNumber day_of(int index) const { return shape_.day_of(index); }

    // Doses of number k + 1 given on a day to a group, of a product, over all places.
    std::int64_t dose(int day, int group, int product, int k) const {
        std::int64_t n = 0;
        for (int place = 0; place < shape_.places; ++place)
            n += doses_[shape_.dose_index(day, place, group, product, k)];
        return n;
    }
    // Every dose number given that day to the group, of the product.
    std::int64_t all_doses(int day, int group, int product) const {
        std::int64_t n = 0;
        for (int place = 0; place < shape_.places; ++place) {
            const std::int64_t* at = &doses_[shape_.dose_index(day, place, group, product, 0)];
            for (int k = 0; k < shape_.doses; ++k) n += at[k];
        }
        return n;
    }
    std::span<const std::int64_t> doses() const { return doses_; }
    bool has_cohort_doses() const { return !cohort_doses_.empty(); }
    std::int64_t cohort_dose(int day, int cohort, int product, int k) const {
        return cohort_doses_[shape_.cohort_dose_index(day, cohort, product, k)];
    }

    // Records n doses of number k + 1 given to a cohort of a group.
    // n is never negative, so a cell is listed once: when it stops being zero.
    void give(int day, int place, int group, int cohort, int product, int k, std::int64_t n) {
        assert(n >= 0); // a cell is listed once, when it stops being zero
        const std::size_t at = shape_.dose_index(day, place, group, product, k);
        if (doses_[at] == 0 && n != 0) [[unlikely]]
            changed_doses_.push_back(at);
        doses_[at] += n;
        if (!cohort_doses_.empty()) {
            const std::size_t cohort_at = shape_.cohort_dose_index(day, cohort, product, k);
            if (cohort_doses_[cohort_at] == 0 && n != 0) [[unlikely]]
                changed_cohort_doses_.push_back(cohort_at);
            cohort_doses_[cohort_at] += n;
        }
    }

    // Records n booked doses of number k + 1 of product `from` (the product of the dose
    // before) given instead with product `to` (a heterologous rule); give() counts the
    // doses themselves under `to`.
    void switched(int day, int cohort, int from, int to, int k, std::int64_t n) {
        if (!switches.empty()) {
            Switch& last = switches.back();
            if (last.day == day && last.cohort == cohort && last.from == from && last.to == to &&
                last.k == k) {
                last.n += n;
                return;
            }
        }
        switches.push_back({day, cohort, from, to, k, n});
    }

    // People at the end of each day, cumulative: [day x cohort].
    CountMatrix first_dose_people;
    CountMatrix fully_vaccinated_people;
    // People with at least one booster, and people up to date (a completed series or a
    // booster whose protection has not lapsed that day): [day x cohort].
    CountMatrix boosted_people;
    CountMatrix up_to_date_people;
    // People given each dose number, cumulative: [day x (cohort x K + k)], k = dose - 1.
    CountMatrix dose_people;
    // Per product per day: [day x product].
    CountMatrix deliveries;   // doses arriving in stock that day (labelled doses)
    // Supply as it came: extra doses drawn from the vials delivered that day (extracted
    // beyond the label), doses coming in by returns and swaps, and doses sent away by
    // exports and swaps. Stock conservation: delivered + extracted + imported =
    // administered + wasted + exported + stock.
    CountMatrix extracted;
    CountMatrix imported;
    CountMatrix exported;
    // Doses moved between places (rebalancing), in and out of this place's stock that day,
    // before any is given; in a city's ledger (the places added up) the two are equal each
    // day. Stock conservation counts moved_in with what comes in, moved_out with what goes.
    CountMatrix moved_in;
    CountMatrix moved_out;
    CountMatrix administered; // doses given (every dose number)
    CountMatrix wasted;       // doses lost when opened
    CountMatrix stock;        // at the end of the day
    CountMatrix later_doses_due;         // booked doses (k >= 2) due on or before the day, not given
    CountMatrix later_doses_outstanding; // booked doses (k >= 2) not yet given, due or not
    CountMatrix dropped_out;             // people whose booking passed its max_days that day (after_max: drop_out)
    // Per day: the sums over sites.
    CountVector capacity;
    CountVector capacity_used;
    // Per site per day: [day x site].
    CountMatrix site_capacity;
    CountMatrix site_capacity_used;
    std::vector<std::int8_t> binding_constraint; // a Constraint code
    std::vector<std::int32_t> binding_product;   // -1 when no product is named
    // With `capacity`: the site whose capacity stopped the day (the first site giving the
    // product named, when that product's sites were full but others had capacity left);
    // -1 when all capacity was used or for any other constraint.
    std::vector<std::int32_t> binding_site;
    // Per group per day, [day x group] row-major: what held the group at the day's end (a
    // Constraint code: no_group_open while it is not open, none / awaiting_arrivals when
    // nobody of it waits) and the product named (-1 when none).
    std::vector<std::int8_t> group_binding_constraint;
    std::vector<std::int32_t> group_binding_product_index;
    std::int8_t& group_binding(int day, int group) {
        return group_binding_constraint[static_cast<std::size_t>(day) * shape_.groups + group];
    }
    std::int8_t group_binding(int day, int group) const {
        return group_binding_constraint[static_cast<std::size_t>(day) * shape_.groups + group];
    }
    std::int32_t& group_binding_product(int day, int group) {
        return group_binding_product_index[static_cast<std::size_t>(day) * shape_.groups + group];
    }
    std::int32_t group_binding_product(int day, int group) const {
        return group_binding_product_index[static_cast<std::size_t>(day) * shape_.groups + group];
    }

    // Doses delivered before the run starts enter stock on its first day; deliveries
    // dated after its end are counted here and never enter stock.
    std::vector<std::int64_t> delivered_after_end;
    // Per product: doses an export or swap asked to send that were not in stock, so were
    // not sent (an export is capped at the stock of its day).
    std::vector<std::int64_t> exports_not_made;

    // The opening balance (a scenario's initial_state; zeros without one). Every
    // cumulative count is the opening balance plus the days' movements:
    //   people given dose k by day t = initial_doses + doses k given on days 0..t;
    //   initial_stock + delivered + extracted + imported = administered + wasted +
    //   exported + stock.
    // `as_of` is the day the state was taken (the day before the start), or none.
    std::optional<DayNumber> as_of;
    std::vector<std::int64_t> initial_doses; // [group][product][k]: people given dose k + 1
    std::vector<std::int64_t> initial_stock; // [product]: doses on hand at the end of as_of
    // [product]: doses of deliveries dated on or before as_of, which the stock on hand
    // replaces (they never enter stock, so nothing is counted twice).
    std::vector<std::int64_t> replaced_deliveries;

    // Heterologous doses in the order given: dose k + 1 given to n people of a cohort
    // with product `to`, their dose before being of product `from`.
    struct Switch {
        int day = 0, cohort = 0, from = 0, to = 0, k = 0;
        std::int64_t n = 0;
        bool operator==(const Switch&) const = default;
    };
    std::vector<Switch> switches;

  private:
    void clear_changes();
    // Makes every dose cell zero again: only the listed cells, unless a whole ledger was
    // added in since (add), and empties the lists.
    void zero_doses();
    // Adds the day x product and site series, capacity, the per-product counts, the
    // opening balance and the switches (add and add_changes both).
    void add_series(const Ledger& other);
    // Out of line: a run that does not note its changes pays only the test of noting_.
    void note_people(int t, int c);

    LedgerShape shape_;
    std::vector<std::int64_t> doses_;
    std::vector<std::int64_t> cohort_doses_;
    // The dose cells (per group, per cohort) given or added to since they were last zeroed:
    // every cell that is not zero is listed, unless `doses_unlisted_` (a whole ledger was
    // added in). A ledger is mostly zeros (the plan: 1% of its dose cells are not), so a
    // run zeroes only these before the next (reuse), and a city adds only these of each
    // place (add_changes).
    std::vector<std::size_t> changed_doses_, changed_cohort_doses_;
    bool doses_unlisted_ = false;
    // What else a place's run changed (note_changes): days on which a cohort's people
    // counts may have changed.
    bool noting_ = false;
    std::vector<std::pair<int, int>> changed_people_; // (day >= 1, cohort)
    std::vector<int> marked_; // [cohort]: the last day noted
};

} // namespace vaxsim

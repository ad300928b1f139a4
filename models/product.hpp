#pragma once
// Vaccine products: their series, interval and age rules over time, wastage,
// second-dose completion, and the supply that reaches stock.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/date.hpp"
#include "models/distribution.hpp"
#include "models/population.hpp"
#include "models/rounding.hpp"

namespace vaxsim {

struct Delivery {
    DayNumber day = 0;
    std::int64_t doses = 0;
};

// `doses` every `every_days` days from `from` to `to` (inclusive).
struct RecurringDelivery {
    DayNumber from = 0;
    DayNumber to = 0;
    std::int64_t every_days = 7;
    std::int64_t doses = 0;
    std::string id; // optional: names it in paths (products.P.supply.recurring.ID)
};

// Random modifiers of every delivery, drawn per future.
// Deliveries scheduled from `from` to `to` (inclusive, by their date as listed, before any
// delay) scaled by `scale`, on top of the supply's own scale: "30% short in Q3 only".
struct ScaleWindow {
    DayNumber from = 0;
    DayNumber to = 0;
    double scale = 1.0;
    std::string id; // optional
};

struct SupplyUncertaintySpec {
    std::optional<DistributionSpec> delay_days; // days added to each delivery
    std::optional<DistributionSpec> shortfall;  // share of each delivery that never arrives
};

// Doses per vial: the label's count, and the doses actually drawn from a vial (with
// low-dead-space syringes, 12 from a 10-dose vial). Every labelled dose delivered puts
// extracted / labelled doses in stock.
struct VialSpec {
    std::int64_t labelled_doses = 1;
    std::int64_t extracted_doses = 1;
};

// A product's deliveries and the what-if modifiers applied to them. Error paths are
// relative to the supply: "recurring.0.to", "scale", "uncertainty.shortfall", ...
struct SupplySpec {
    std::vector<Delivery> deliveries;         // dated deliveries as listed
    std::vector<RecurringDelivery> recurring; // regular deliveries over periods
    std::vector<Delivery> schedule;           // rows of a delivery file (path "csv")
    double scale = 1.0;
    std::vector<ScaleWindow> scale_windows; // dated scales, windows not overlapping
    double shortfall = 0.0;
    std::int64_t delay_days = 0;
    SupplyUncertaintySpec uncertainty;
    // Supply as it came (not touched by the what-if modifiers, which shape deliveries):
    std::optional<VialSpec> vial;     // none: a labelled dose is one dose
    std::vector<Delivery> exports;    // doses sent away, capped at the stock that day
    std::vector<Delivery> returns;    // doses coming back in (returned, lent back)
};

// A product's deliveries, after the what-if modifiers.
class Supply {
  public:
    Supply() = default;
    explicit Supply(const SupplySpec& spec);

    // Dated deliveries in date order, with scale, shortfall and delay applied. Amounts
    // are rounded cumulatively so the total is round(raw total x scale x (1 - shortfall)).
    const std::vector<Delivery>& deliveries() const { return deliveries_; }
    // For each of deliveries(), the delivery as listed it came from: its index among the
    // dated deliveries, then the recurring ones, then the file's rows.
    const std::vector<int>& origins() const { return origins_; }
    std::int64_t raw_total() const { return raw_total_; }
    // Does each delivery have a random delay or shortfall (`uncertainty:`)?
    bool is_uncertain() const { return random_delay_.has_value() || random_shortfall_.has_value(); }
    // Draws every delivery's delay and shortfall from the streams of (seed, future) named
    // after the product, and rebuilds deliveries() from them.
    void realize(std::uint64_t seed, std::uint64_t future, const std::string& product_id);
    double scale() const { return scale_; }
    int delay_days() const { return delay_days_; }
    double shortfall() const { return shortfall_; }
    // Extra doses per labelled dose delivered: (extracted - labelled) / labelled; 0/1
    // without a vial.
    Ratio extra_per_dose() const { return extra_per_dose_; }
    const std::optional<VialSpec>& vial() const { return vial_; }
    // Dated movements in date order.
    const std::vector<Delivery>& exports() const { return exports_; }
    const std::vector<Delivery>& returns() const { return returns_; }

  private:
    // Rounds cumulatively so the total is round(sum of raw x factor).
    void build(const std::vector<int>& extra_delay, const std::vector<double>& arriving_share);
    std::vector<Delivery> raw_;
    std::vector<double> window_scale_; // of each raw delivery: its scale window's, else 1
    std::vector<Delivery> deliveries_;
    std::vector<int> origins_;
    std::optional<Distribution> random_delay_;
    std::optional<Distribution> random_shortfall_;
    std::int64_t raw_total_ = 0;
    double scale_ = 1.0;
    int delay_days_ = 0;
    double shortfall_ = 0.0;
    std::optional<VialSpec> vial_;
    Ratio extra_per_dose_{0, 1};
    std::vector<Delivery> exports_;
    std::vector<Delivery> returns_;
};

// A date-dependent age rule: from `from` on, bands wholly inside [min_age, max_age] may
// receive the product's first dose.
struct EligibilityRule {
    DayNumber from = 0;
    int min_age = 0;
    int max_age = AgeBand::open_end;
};

// One gap of a series (dose k -> k + 1): the target interval a booking is made for,
// and the range around it. `min_days` is the earliest a dose may be given (the engine
// gives it early only when capacity and stock are left after first doses); `max_days` is
// the latest: after it the person drops out when the product says `after_max: drop_out`.
// min and max default to the target.
struct IntervalSpec {
    std::int64_t days = 0;
    std::optional<std::int64_t> min_days;
    std::optional<std::int64_t> max_days;
};

// What an interval change is keyed on: the date of the dose the interval starts from
// (the first dose, for a second dose), or the day the next dose would have fallen due
// without any due-date change.
enum class IntervalBasis { first_dose_date, due_date };

// From `from` to `to` (inclusive; none: until the next change of the same dose and
// basis), the interval before dose `dose` (1-based, 2 = the second dose) is `days`; its
// range is the gap's moved by as many days as the target (min at least 1), unless
// `min_days` / `max_days` are given. `move_booked` (due-date changes only): bookings made
// before `from` whose due date falls in the window are re-dated on `from`.
struct IntervalChange {
    DayNumber from = 0;
    std::int64_t days = 0;
    std::optional<DayNumber> to;
    std::int64_t dose = 2;
    IntervalBasis applies_to = IntervalBasis::first_dose_date;
    bool move_booked = false;
    std::optional<std::int64_t> min_days, max_days;
    std::string id; // optional: names it in paths
};

// What happens to a person still not given a booked dose after its max_days.
enum class AfterMax { keep_waiting, drop_out };

// One booked dose's days, from the day the dose before it was given.
struct ScheduledDose {
    DayNumber due = 0;          // the target
    DayNumber earliest = 0;     // given + min_days
    DayNumber latest = 0;       // given + max_days
    DayNumber original_due = 0; // due without any due-date change: what those changes key on
};

// An age rule as given: only the first rule may leave out `from` (in force always).
struct EligibilitySpec {
    std::optional<DayNumber> from;
    std::int64_t min_age = 0;
    std::optional<std::int64_t> max_age; // none: no upper limit
};

// A vaccine product. Error paths are relative to the product: "wastage",
// "interval_changes.1.from", "supply.scale", ...
struct ProductSpec {
    std::string id;
    std::string label; // empty: the id
    std::int64_t doses = 1; // doses in the series, 1 to max_series
    // Series of two or more doses only. `interval_days` is shorthand for a two-dose
    // series' one gap; `intervals` has one entry per gap (doses - 1).
    std::optional<std::int64_t> interval_days;
    std::vector<IntervalSpec> intervals;
    std::vector<IntervalChange> interval_changes; // per dose and basis, in date order
    std::optional<double> second_dose_completion; // of those given dose k, who come back for k + 1
    AfterMax after_max = AfterMax::keep_waiting;
    std::vector<EligibilitySpec> eligibility; // in date order; empty: every age, always
    double wastage = 0.0;
    SupplySpec supply;
    // Days a dose protects (항체유지기간), per dose number 1, 2, ...; the last entry also
    // holds for every higher dose number (boosters). Empty: protection never lapses.
    std::vector<std::int64_t> protection_days;
};

class Product {
  public:
    explicit Product(const ProductSpec& spec);

    static constexpr int max_series = 6;

    const std::string& id() const { return id_; }
    const std::string& label() const { return label_; }
    int doses_in_series() const { return doses_in_series_; }
    // Interval (days) to the second dose for a person whose first dose is on
    // `first_dose_day`, by the first-dose-date rules only.
    int interval_for_first_dose_on(DayNumber first_dose_day) const;
    // The next dose (k + 1, 0-based) of a person given dose k on `given`, booked that day:
    // the first-dose-date rules give the original due day; a due-date change in force by
    // `given` whose window holds it gives the interval instead.
    ScheduledDose next_dose(int k, DayNumber given) const;
    // Re-dates a booking of dose k + 1 (dose k given on `given`, originally due
    // `original_due`) by a due-date change: what next_dose gives once the change is in force.
    ScheduledDose moved(int change, DayNumber given, DayNumber original_due) const;
    // No dose k + 1 is ever given to a person given dose k on `given` before this many
    // days, whatever changes apply (the invariant's bound).
    int fewest_days(int k, DayNumber given) const;
    // The longest target or max interval of any gap or change (0 for a one-dose series).
    int longest_interval() const;
    int shortest_interval() const;
    // The most days any booked dose may be given before its due day (target - min_days).
    int most_early_days() const;
    AfterMax after_max() const { return after_max_; }

    // A change with its window resolved (`to` of an open change: the day before the next
    // of the same dose and basis, or never) and its range.
    struct Change {
        DayNumber from = 0;
        DayNumber to = 0;
        int gap = 0; // 0-based: dose gap + 1 is booked after dose gap
        IntervalBasis basis = IntervalBasis::first_dose_date;
        bool move_booked = false;
        int days = 0, min_days = 0, max_days = 0;
    };
    const std::vector<Change>& changes() const { return changes_; }
    // May people of `band` get a first dose of this product on `day`?
    bool eligible(const AgeBand& band, DayNumber day) const;
    double wastage() const { return wastage_; }
    double second_dose_completion() const { return completion_; }
    const Supply& supply() const { return supply_; }
    void realize_supply(std::uint64_t seed, std::uint64_t future) {
        supply_.realize(seed, future, id_);
    }
    // The second dose's first-dose-date rules as (from, days), the first "always".
    const std::vector<std::pair<DayNumber, int>>& interval_changes() const { return intervals_; }
    const std::vector<EligibilityRule>& eligibility_rules() const { return eligibility_; }
    // Days dose number `dose` (1-based) of this product protects: a person is up to date
    // on days d .. d + days - 1 after it is given on day d. None: never lapses.
    std::optional<int> protection_days(int dose) const {
        if (protection_.empty()) return std::nullopt;
        return protection_[std::min<std::size_t>(static_cast<std::size_t>(dose - 1),
                                                  protection_.size() - 1)];
    }

  private:
    std::string id_;
    std::string label_;
    int doses_in_series_ = 1;
    struct Gap {
        int days = 0, min_days = 0, max_days = 0;
    };
    // The change of gap `gap` and `basis` whose window holds `day`, or nullptr.
    void build_schedule(const ProductSpec& spec);
    const Change* change_on(int gap, IntervalBasis basis, DayNumber day) const;
    std::vector<Gap> gaps_;                            // per gap, doses - 1 of them
    std::vector<Change> changes_;                      // by gap and basis, each in date order
    std::vector<std::pair<DayNumber, int>> intervals_; // second dose by first-dose date
    AfterMax after_max_ = AfterMax::keep_waiting;
    std::vector<EligibilityRule> eligibility_;         // empty: every age, always
    double wastage_ = 0.0;
    double completion_ = 1.0;
    Supply supply_;
    std::vector<int> protection_; // days per dose number; empty: never lapses
};

// The products' ids, in file order.
std::vector<std::string> product_ids(const std::vector<Product>& products);

} // namespace vaxsim

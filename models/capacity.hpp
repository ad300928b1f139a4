#pragma once
// Daily administration capacity, by kind of site: each site has its own dated periods
// (the ramp-up of centres and clinics), weekday profile and products (centres gave mRNA,
// clinics AstraZeneca); public holidays run at a holiday factor. A scenario without
// `sites` has one site that gives every product.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/date.hpp"
#include "models/rounding.hpp"

namespace vaxsim {

struct CapacityPeriod {
    DayNumber from = 0;
    std::int64_t doses_per_day = 0;
    std::string id; // optional: names it in paths (capacity.periods.ID)
};

// One kind of site. Error paths are relative to the capacity: "sites.centres.periods.0".
struct SiteSpec {
    std::string id;
    std::string label; // empty: the id
    std::string kind;  // free text: "vaccination centre", "clinic", ...
    std::optional<std::vector<std::string>> products; // product ids; none: every product
    std::vector<CapacityPeriod> periods;               // in date order
    std::optional<std::vector<double>> weekday_factors; // none: the capacity's
    std::optional<double> holiday_factor;               // none: the capacity's
};

// Error paths are relative to the capacity: "periods.2.from", "weekday_factors.6",
// "holidays.3", "sites.clinics.products.0".
struct CapacitySpec {
    // One site giving every product (the original syntax), or `sites`; not both.
    std::vector<CapacityPeriod> periods;                // in date order
    std::optional<std::vector<double>> weekday_factors; // Monday to Sunday; none: all 1
    // Public holidays: each runs at the period's rate times the holiday factor instead of
    // its weekday's factor; without a holiday_factor a holiday runs like a Sunday.
    std::vector<DayNumber> holidays;
    std::optional<double> holiday_factor;
    // Sites; `weekday_factors` and `holiday_factor` above are their defaults.
    std::vector<SiteSpec> sites;
    // A place's part of the city's capacity (a place without its own): each site's doses
    // on a day are the city's (the periods above, shaped and rounded as the city's), split
    // over the places by `weights` (largest remainder); this place gets part `index`. So
    // the places' days add up to the city's exactly, weekends and holidays too.
    struct Share {
        std::vector<std::int64_t> weights;
        int index = 0;
        friend bool operator==(const Share&, const Share&) = default;
    };
    std::optional<Share> share;
};

// A site's daily doses: piecewise constant over dates, shaped by a weekday profile and
// the holiday factor.
class SiteSchedule {
  public:
    SiteSchedule() = default;
    // Error paths relative to the site: "periods.0.from", "weekday_factors.2".
    SiteSchedule(const std::vector<CapacityPeriod>& periods,
                 const std::optional<std::vector<double>>& weekday_factors,
                 std::optional<double> holiday_factor);
    // The period's rate times the weekday factor (the holiday factor on a holiday),
    // rounded half up; zero before the first period.
    std::int64_t on(DayNumber day, bool holiday) const;
    const std::vector<std::pair<DayNumber, std::int64_t>>& periods() const { return periods_; }
    const std::array<double, 7>& weekday_factors() const { return weekday_; }
    double holiday_factor() const { return holiday_; }
    // Every value on() can give (each period's rate, and none, on each weekday and on a
    // holiday), sorted, each once.
    std::vector<std::int64_t> values() const;
    friend bool operator==(const SiteSchedule&, const SiteSchedule&) = default;

  private:
    std::vector<std::pair<DayNumber, std::int64_t>> periods_; // (from, doses per day)
    std::array<double, 7> weekday_{1, 1, 1, 1, 1, 1, 1};      // Monday .. Sunday
    std::array<Ratio, 7> weekday_share_{};                    // the same, exact
    double holiday_ = 1;
    Ratio holiday_share_{};
};

struct Site {
    std::string id;
    std::string label;
    std::string kind;
    std::vector<int> products; // product indices it gives, in scenario order
    SiteSchedule schedule;
    friend bool operator==(const Site&, const Site&) = default;
};

class Capacity {
  public:
    Capacity() = default;
    // `products`: the scenario's product ids, in order (sites name them).
    explicit Capacity(const CapacitySpec& spec, const std::vector<std::string>& products = {});

    // Doses that can be administered on `day` at every site together.
    std::int64_t on(DayNumber day) const;
    // ... at site s.
    std::int64_t on(int site, DayNumber day) const {
        const std::int64_t whole = sites_[site].schedule.on(day, is_holiday(day));
        return share_ ? part_of(site, whole) : whole;
    }
    // A place's part of the city's (CapacitySpec::share), or none.
    const std::optional<CapacitySpec::Share>& share() const { return share_; }
    const std::vector<Site>& sites() const { return sites_; }
    // Was the capacity given as one site of every product (no `sites`)?
    bool single_site() const { return single_; }
    // The first site's periods and weekday profile (the only site without `sites`); with a
    // share (a place's part of the city's), the city's rates: on() gives the place's part.
    const std::vector<std::pair<DayNumber, std::int64_t>>& periods() const {
        return sites_.front().schedule.periods();
    }
    const std::array<double, 7>& weekday_factors() const {
        return sites_.front().schedule.weekday_factors();
    }
    const std::vector<DayNumber>& holidays() const { return holidays_; } // sorted
    bool is_holiday(DayNumber day) const;
    friend bool operator==(const Capacity&, const Capacity&) = default;

  private:
    // With a share: this place's part of the city's `whole` doses at site s that day.
    std::int64_t part_of(int site, std::int64_t whole) const;
    // Each site's values and this place's part of each (a day's split worked out once
    // for the few values a site's day can take, not on every call).
    void split_values();

    std::vector<Site> sites_;
    std::vector<DayNumber> holidays_; // sorted, distinct
    bool single_ = true;
    std::optional<CapacitySpec::Share> share_;
    std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>> parts_; // per site, by whole
};

} // namespace vaxsim

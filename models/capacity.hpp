#pragma once
// Daily administration capacity: piecewise constant over dates (the ramp-up of centres
// and clinics), optionally shaped by a weekday profile.
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "models/date.hpp"
#include "models/rounding.hpp"

namespace vaxsim {

struct CapacityPeriod {
    DayNumber from = 0;
    std::int64_t doses_per_day = 0;
};

// Error paths are relative to the capacity: "periods.2.from", "weekday_factors.6".
struct CapacitySpec {
    std::vector<CapacityPeriod> periods;                // in date order
    std::optional<std::vector<double>> weekday_factors; // Monday to Sunday; none: all 1
};

class Capacity {
  public:
    Capacity() = default;
    explicit Capacity(const CapacitySpec& spec);

    // Doses that can be administered on `day`: the period's rate times the weekday
    // factor, rounded half up. Zero before the first period.
    std::int64_t on(DayNumber day) const;
    DayNumber first_day() const { return periods_.front().first; }
    const std::vector<std::pair<DayNumber, std::int64_t>>& periods() const { return periods_; }
    const std::array<double, 7>& weekday_factors() const { return weekday_; }

  private:
    std::vector<std::pair<DayNumber, std::int64_t>> periods_; // (from, doses per day)
    std::array<double, 7> weekday_{1, 1, 1, 1, 1, 1, 1};      // Monday .. Sunday
    std::array<Ratio, 7> weekday_share_{};                    // the same, exact
};

} // namespace vaxsim

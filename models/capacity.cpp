#include "models/capacity.hpp"

#include "models/error.hpp"
#include "models/rounding.hpp"

namespace vaxsim {

Capacity::Capacity(const CapacitySpec& spec) {
    for (std::size_t i = 0; i < spec.periods.size(); ++i) {
        const CapacityPeriod& p = spec.periods[i];
        const std::string path = "periods." + std::to_string(i);
        if (!periods_.empty() && p.from <= periods_.back().first)
            throw ModelError(path + ".from", "capacity periods must be in date order");
        periods_.push_back({p.from, check_count(p.doses_per_day, path + ".doses_per_day")});
    }
    if (periods_.empty()) throw ModelError("periods", "expected at least one capacity period");
    if (const auto& factors = spec.weekday_factors) {
        if (factors->size() != 7)
            throw ModelError("weekday_factors", "expected 7 factors, Monday to Sunday, got " +
                                                    std::to_string(factors->size()));
        for (std::size_t i = 0; i < 7; ++i) {
            weekday_[i] = (*factors)[i];
            if (!(weekday_[i] >= 0.0 && weekday_[i] <= 10.0))
                throw ModelError("weekday_factors." + std::to_string(i),
                                 "a weekday factor must be from 0 to 10");
        }
    }
    for (std::size_t i = 0; i < 7; ++i) weekday_share_[i] = decimal_share(weekday_[i]);
}

std::int64_t Capacity::on(DayNumber day) const {
    std::int64_t rate = 0;
    for (const auto& [from, doses] : periods_)
        if (from <= day) rate = doses;
    return round_half_up(rate, weekday_share_[weekday_of(day)]);
}

} // namespace vaxsim

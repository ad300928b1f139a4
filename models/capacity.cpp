#include "models/capacity.hpp"

#include "models/rounding.hpp"

namespace vaxsim {

Capacity::Capacity(const InputNode& node) {
    MapReader r(node, "capacity");
    const InputNode periods = r.required("periods");
    for (const InputNode& item : periods.items()) {
        MapReader p(item, "a capacity period");
        const InputNode from = p.required("from");
        const DayNumber day = from.as_date();
        if (!periods_.empty() && day <= periods_.back().first)
            from.fail("capacity periods must be in date order");
        periods_.push_back({day, p.required("doses_per_day").as_count()});
        p.finish();
    }
    if (periods_.empty()) periods.fail("expected at least one capacity period");
    if (auto factors = r.optional("weekday_factors")) {
        const auto items = factors->items();
        if (items.size() != 7)
            factors->fail("expected 7 factors, Monday to Sunday, got " +
                          std::to_string(items.size()));
        for (std::size_t i = 0; i < 7; ++i) {
            weekday_[i] = items[i].as_number();
            if (weekday_[i] < 0.0 || weekday_[i] > 10.0)
                items[i].fail("a weekday factor must be from 0 to 10");
        }
    }
    r.finish();
}

std::int64_t Capacity::on(DayNumber day) const {
    std::int64_t rate = 0;
    for (const auto& [from, doses] : periods_)
        if (from <= day) rate = doses;
    return round_half_up(static_cast<double>(rate) * weekday_[weekday_of(day)]);
}

} // namespace vaxsim

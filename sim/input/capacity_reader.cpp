// Daily administration capacity: dated periods and a weekday profile.
#include "sim/input/section_readers.hpp"

namespace vaxsim {

CapacitySpec read_capacity(const InputNode& node) {
    MapReader r(node, "capacity");
    CapacitySpec spec;
    for (const InputNode& item : r.required("periods").items()) {
        MapReader p(item, "a capacity period");
        CapacityPeriod period;
        period.from = p.required("from").as_date();
        period.doses_per_day = p.required("doses_per_day").as_count();
        p.finish();
        spec.periods.push_back(period);
    }
    if (auto factors = r.optional("weekday_factors")) {
        std::vector<double> values;
        for (const InputNode& item : factors->items()) values.push_back(item.as_number());
        spec.weekday_factors = values;
    }
    r.finish();
    return spec;
}

} // namespace vaxsim

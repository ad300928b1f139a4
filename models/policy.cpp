#include "models/policy.hpp"

#include <cstdio>

#include "models/error.hpp"

namespace vaxsim {

Policy::Policy(const PolicySpec& spec)
    : allocation(spec.allocation),
      second_dose_reserve(check_share(spec.second_dose_reserve, "second_dose_reserve")),
      reserve_label(spec.reserve_label) {
    if (allocation.empty()) throw ModelError("first_dose_allocation", "name an allocation policy");
    if (reserve_label.empty()) {
        char share[32];
        std::snprintf(share, sizeof share, "%g", second_dose_reserve);
        reserve_label = second_dose_reserve == 1.0   ? "hold_second_doses"
                        : second_dose_reserve == 0.0 ? "none"
                                                     : share;
    }
}

} // namespace vaxsim

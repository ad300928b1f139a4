// The allocation policy, given by name.
#include <cctype>

#include "sim/engine/allocation.hpp"
#include "sim/input/section_readers.hpp"

namespace vaxsim {

PolicySpec read_policy(const InputNode& node) {
    MapReader r(node, "policy");
    PolicySpec spec;
    if (auto a = r.optional("first_dose_allocation")) {
        spec.allocation = a->as_string();
        if (!is_allocation_policy(spec.allocation))
            a->fail("expected " + allocation_policy_names() + ", got '" + spec.allocation + "'");
    }
    if (auto s = r.optional("second_dose_reserve")) {
        const std::string value = s->as_string();
        if (value == "hold_second_doses")
            spec.second_dose_reserve = 1.0;
        else if (value == "none")
            spec.second_dose_reserve = 0.0;
        else if (!value.empty() &&
                 (std::isdigit(static_cast<unsigned char>(value[0])) || value[0] == '.'))
            spec.second_dose_reserve = s->as_share();
        else
            s->fail("expected hold_second_doses, none, or a share from 0 to 1, got '" + value +
                    "'");
        spec.reserve_label = value;
    }
    r.finish();
    return spec;
}

} // namespace vaxsim

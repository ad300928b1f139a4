#include "models/policy.hpp"

namespace vaxsim {

Policy::Policy(const InputNode& node) {
    MapReader r(node, "policy");
    if (auto a = r.optional("first_dose_allocation")) {
        const std::string value = a->as_string();
        if (value == "strict_priority")
            allocation = Allocation::strict_priority;
        else if (value == "proportional")
            allocation = Allocation::proportional;
        else
            a->fail("expected strict_priority or proportional, got '" + value + "'");
    }
    if (auto s = r.optional("second_dose_reserve")) {
        const std::string value = s->as_string();
        if (value == "hold_second_doses")
            second_dose_reserve = 1.0;
        else if (value == "none")
            second_dose_reserve = 0.0;
        else if (!value.empty() &&
                 (std::isdigit(static_cast<unsigned char>(value[0])) || value[0] == '.'))
            second_dose_reserve = s->as_share();
        else
            s->fail("expected hold_second_doses, none, or a share from 0 to 1, got '" + value +
                    "'");
        reserve_label = value;
    }
    r.finish();
}

std::string Policy::allocation_label() const {
    return allocation == Allocation::strict_priority ? "strict_priority" : "proportional";
}

} // namespace vaxsim

#pragma once
// How the day's capacity and stock are shared out.
#include <string>

namespace vaxsim {

enum class Allocation {
    strict_priority, // open groups in priority order; a group is served fully before the next
    proportional     // the day's capacity split between open groups by people still waiting
};

struct PolicySpec {
    Allocation allocation = Allocation::strict_priority;
    double second_dose_reserve = 1.0;
    // How the reserve was written (hold_second_doses, none, or the share as given); empty:
    // named from the share.
    std::string reserve_label;
};

// Error paths are relative to the policy: "second_dose_reserve".
struct Policy {
    Allocation allocation = Allocation::strict_priority;
    // Share of outstanding second doses held back from first doses:
    // 1 = hold_second_doses, 0 = none, or anything between.
    double second_dose_reserve = 1.0;
    std::string reserve_label = "hold_second_doses";

    Policy() = default;
    explicit Policy(const PolicySpec& spec);
    std::string allocation_label() const;
};

} // namespace vaxsim

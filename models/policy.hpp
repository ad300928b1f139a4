#pragma once
// How the day's capacity and stock are shared out.
#include <string>

namespace vaxsim {

struct PolicySpec {
    // The first-dose allocation policy by name: one of the engine's registry
    // (sim/engine/allocation.cpp), which the scenario reader checks.
    std::string allocation = "strict_priority";
    double second_dose_reserve = 1.0;
    // How the reserve was written (hold_second_doses, none, or the share as given); empty:
    // named from the share.
    std::string reserve_label;
};

// Error paths are relative to the policy: "second_dose_reserve".
struct Policy {
    std::string allocation = "strict_priority";
    // Share of outstanding second doses held back from first doses:
    // 1 = hold_second_doses, 0 = none, or anything between.
    double second_dose_reserve = 1.0;
    std::string reserve_label = "hold_second_doses";

    Policy() = default;
    explicit Policy(const PolicySpec& spec);
};

} // namespace vaxsim

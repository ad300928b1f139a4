#pragma once
#include "sim/run_result.hpp"
#include "models/scenario.hpp"

namespace vaxsim {

// Runs the scenario one day at a time, in the order of MODEL.md: deliveries, second
// doses (oldest due first), first doses to open groups, wastage, record.
RunResult simulate(const Scenario& scenario);

} // namespace vaxsim

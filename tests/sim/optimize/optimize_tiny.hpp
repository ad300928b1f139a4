#pragma once
// The tiny scenarios of the optimize tests: a million people mixing uniformly (every
// band the same contacts), so a dose cuts transmission the same in any age band and the
// only difference between orders is whom it protects. The 65+ die 500 times as often.
#include <string>

#include "sim/optimize.hpp"
#include "tiny.hpp"

namespace vaxsim::test {

// Three groups: two of young people (250,000 each) open on 01-01 with priorities 1 and 2;
// the 150,000 old open on 02-01, priority 3. 300,000 single doses on day one, 10,000 a
// day. `supply_extra`: more keys of the product's supply (uncertainty).
inline std::string optimize_scenario(const std::string& supply_extra = "",
                                     const std::string& seed = "") {
    return "name: optimize-tiny\nstart: 2021-01-01\nend: 2021-06-30\n" + seed + R"(
population:
  tiers: [A]
  bands:
    - {id: young, min_age: 0, max_age: 64, count: 812500}
    - {id: old, min_age: 65, count: 187500}
products:
  - id: vax
    doses: 1
    supply:
      deliveries: [{date: 2021-01-01, doses: 300000}]
)" + supply_extra + R"(
capacity: {periods: [{from: 2021-01-01, doses_per_day: 10000}]}
groups:
  - {id: young_a, tier: A, band: young, size: 250000, opens: 2021-01-01, priority: 1}
  - {id: young_b, tier: A, band: young, size: 250000, opens: 2021-01-01, priority: 2}
  - {id: old, tier: A, band: old, size: 150000, opens: 2021-02-01, priority: 3}
targets:
  - {id: old_half, measure: first_dose, population: {groups: [old]}, count: 75000, deadline: 2021-06-30}
epidemic:
  populations: )" + sixteen("62500") + R"(
  contacts_csv: uniform_contacts.csv
  r0: 2
  latent_days: 3
  infectious_days: 5
  initial: {infectious: 0.001}
  severity:
    source: "test values"
    hospitalisation: )" + sixteen("0.001", "0.1", 13) + R"(
    fatality: )" + sixteen("0.0001", "0.05", 13) + R"(
  protection:
    vax: {delay_days: 14, infection: [0.5], severe: [0.9]}
  counterfactual: false
)";
}

inline Scenario load_optimize(const std::string& text, const std::vector<std::string>& overrides = {}) {
    return load_scenario_text("optimize.yaml", text, std::string(VAXSIM_SOURCE_DIR) + "/tests/data",
                              overrides);
}

// The objective of one run made directly, as `vaxsim run --set` would make it.
inline double deaths_of(const Scenario& s, std::uint64_t future = 0) {
    RunPipeline pipeline;
    return pipeline.run(s, {.future = future}).epidemic->vaccinated.total_deaths();
}

} // namespace vaxsim::test

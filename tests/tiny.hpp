#pragma once
// Helpers for hand-computed tiny scenarios: every run goes through the invariant check.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "sim/pipeline.hpp"
#include "models/scenario.hpp"
#include "sim/input/scenario_reader.hpp"

namespace vaxsim::test {

// The epidemic's sixteen five-year bands as a YAML list: `young` for the bands before
// `first_old` (0-based: 8 is 40-44, 13 is 65-69), `old` from it on.
inline std::string sixteen(const std::string& young, const std::string& old, int first_old = 8) {
    std::string out = "[";
    for (int i = 0; i < 16; ++i) out += (i ? ", " : "") + (i < first_old ? young : old);
    return out + "]";
}
inline std::string sixteen(const std::string& value) { return sixteen(value, value); }

// The rollout of the epidemic tests, up to their `epidemic:` section's first key: a million
// people in one age band, 62,500 in each five-year band; a one-dose vaccine `vax` with
// `doses` delivered on 2021-01-01, for a group of `group` people, `per_day` doses a day.
inline std::string million_people(const std::string& name, const std::string& end,
                                  long long doses, long long group, long long per_day) {
    return "name: " + name + "\nstart: 2021-01-01\nend: " + end + R"(
population:
  tiers: [A]
  bands:
    - {id: all, min_age: 0, count: 1000000}
products:
  - id: vax
    doses: 1
    supply: {deliveries: [{date: 2021-01-01, doses: )" + std::to_string(doses) + R"(}]}
capacity: {periods: [{from: 2021-01-01, doses_per_day: )" + std::to_string(per_day) + R"(}]}
groups:
  - {id: all, tier: A, band: all, size: )" + std::to_string(group) + R"(, opens: 2021-01-01, priority: 1}
epidemic:
  populations: )" + sixteen("62500") + "\n";
}

// Two bands (young 18-64, old 65+), one tier, 2021-03-01 (a Monday) onwards.
inline std::string tiny_population() {
    return R"(population:
  tiers: [A]
  bands:
    - {id: young, min_age: 18, max_age: 64, count: 1000}
    - {id: old, min_age: 65, count: 1000}
)";
}

inline Scenario load_tiny(const std::string& yaml, const std::vector<std::string>& overrides = {}) {
    return load_scenario_text("tiny.yaml", yaml, ".", overrides);
}

// The run pipeline's ledger: every run has passed the invariant check (InvariantError
// otherwise, which fails the test with the violations).
inline Ledger run_checked(const Scenario& scenario) {
    RunPipeline pipeline;
    return *pipeline.run(scenario).ledger;
}

// Doses of one kind given to a group each day (all products).
inline std::vector<std::int64_t> daily_doses(const Ledger& run, int group, int dose_index) {
    std::vector<std::int64_t> out;
    for (int t = 0; t < run.days(); ++t) {
        std::int64_t n = 0;
        for (int p = 0; p < run.products(); ++p) n += run.dose(t, group, p, dose_index);
        out.push_back(n);
    }
    return out;
}

inline std::vector<std::int64_t> column(const CountMatrix& m, int col) {
    std::vector<std::int64_t> out(m.rows());
    for (Eigen::Index t = 0; t < m.rows(); ++t) out[t] = m(t, col);
    return out;
}

inline std::vector<Constraint> constraints(const Ledger& run) {
    std::vector<Constraint> out;
    for (auto c : run.binding_constraint) out.push_back(static_cast<Constraint>(c));
    return out;
}

using Counts = std::vector<std::int64_t>;

} // namespace vaxsim::test

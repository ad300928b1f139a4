#pragma once
// Reading a distribution written as a mapping:
//   {uniform: [a, b]}                            a real number in [a, b)
//   {uniform_int: [a, b]}                        a whole number from a to b
//   {normal: {mean: m, sd: s, min: lo, max: hi}} truncated to [lo, hi] (each bound optional)
//   {choice: [v1, v2, ...], weights: [...]}      one of the values (numbers or text)
#include <optional>

#include "models/distribution.hpp"
#include "sim/input/yaml_input.hpp"

namespace vaxsim {

DistributionSpec read_distribution_spec(const InputNode& node);

// Reads and builds a distribution on its own (not within a scenario), e.g. a sweep's
// sampled parameter; an invalid one is reported at its place in the file.
Distribution read_distribution(const InputNode& node,
                               std::optional<Distribution::Range> allowed = std::nullopt);

} // namespace vaxsim

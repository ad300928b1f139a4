#pragma once
// Readers of the sections of a scenario file, each into its spec. They check what the
// text says: types (a number, a date), known and missing keys, which keys go together.
// What the values mean is checked by the model built from the spec.
#include <filesystem>
#include <vector>

#include "models/booster.hpp"
#include "models/capacity.hpp"
#include "models/epidemic.hpp"
#include "models/heterologous.hpp"
#include "models/policy.hpp"
#include "models/population.hpp"
#include "models/product.hpp"
#include "models/scenario.hpp"
#include "models/target.hpp"
#include "sim/input/yaml_input.hpp"

namespace vaxsim {

// Relative file names (a supply CSV, a contact matrix) are taken from `base_dir`, the
// scenario file's folder.
ProductSpec read_product(const InputNode& node, const std::filesystem::path& base_dir);
HeterologousSpec read_heterologous(const InputNode& node);
PopulationSpec read_population(const InputNode& population, const InputNode& groups);
CapacitySpec read_capacity(const InputNode& node);
// The groups' ids, which the allocation's shares name, come first.
PolicySpec read_policy(const InputNode& node, const std::vector<std::string>& groups);
TargetSpec read_target(const InputNode& node);
BoosterCampaignSpec read_booster(const InputNode& node);
SwapSpec read_swap(const InputNode& node);
InitialStateSpec read_initial_state(const InputNode& node);
PlaceSpec read_place(const InputNode& node);
// The places and products come first: the delivery file's rows name them.
PlaceSupplySpec read_place_supply(const InputNode& node, const std::vector<PlaceSpec>& places,
                                  const std::vector<ProductSpec>& products,
                                  const std::filesystem::path& base_dir);
// The protection is given per product, so the products come first.
EpidemicSpec read_epidemic(const InputNode& node, const std::vector<ProductSpec>& products,
                           const std::filesystem::path& base_dir);
HospitalSpec read_hospital(const InputNode& node); // the epidemic's `hospital:`

} // namespace vaxsim

#pragma once
// A scenario: everything one run needs, read strictly from YAML. Constructing it
// validates it; an invalid file throws InputFileError and nothing else happens.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/capacity.hpp"
#include "models/epidemic.hpp"
#include "models/input.hpp"
#include "models/policy.hpp"
#include "models/population.hpp"
#include "models/product.hpp"
#include "models/target.hpp"

namespace vaxsim {

class Scenario {
  public:
    Scenario(const InputNode& root, const std::filesystem::path& base_dir);

    std::string name;
    std::string description;
    DayNumber start = 0;
    DayNumber end = 0;
    std::uint64_t seed = 0;
    std::vector<Product> products;
    Population population;
    Capacity capacity;
    Policy policy;
    std::vector<Target> targets;
    std::optional<EpidemicModel> epidemic; // infections, hospitalisations and deaths, if asked

    int days() const { return end - start + 1; }
    // Does any input vary between futures (random delivery delays or shortfalls, uptake)?
    bool is_stochastic() const;
    // This scenario with every uncertain input drawn for one future: the streams are keyed
    // by (seed, future, input name), so future k is the same in every run that asks for it.
    Scenario realize(std::uint64_t future) const;
    // The text exactly as given, the --set overrides, and the tree they produced.
    const InputSource& source() const { return *source_; }
    std::string effective_yaml() const;

  private:
    Scenario(MapReader&& reader, const std::filesystem::path& base_dir);
    std::shared_ptr<const InputSource> source_;
    YAML::Node root_;
};

// Reads and validates a scenario file, applying "path=value" overrides first.
Scenario load_scenario_file(const std::filesystem::path& path,
                            const std::vector<std::string>& overrides = {});
// The same for text already in memory; relative CSV paths resolve against base_dir.
Scenario load_scenario_text(const std::string& name, const std::string& text,
                            const std::filesystem::path& base_dir,
                            const std::vector<std::string>& overrides = {});

} // namespace vaxsim

#pragma once
// Loading a scenario file: a what-if file resolved onto its base, --set overrides applied,
// the text read strictly into a ScenarioSpec and the Scenario built from it. Every error,
// the model's included, names the file, line and column (InputFileError).
#include <filesystem>
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "sim/input/yaml_input.hpp"

namespace vaxsim {

// Reads and validates a scenario file, applying "path=value" overrides first.
Scenario load_scenario_file(const std::filesystem::path& path,
                            const std::vector<std::string>& overrides = {});
// The same for text already in memory; relative CSV paths resolve against base_dir.
Scenario load_scenario_text(const std::string& name, const std::string& text,
                            const std::filesystem::path& base_dir,
                            const std::vector<std::string>& overrides = {});

} // namespace vaxsim

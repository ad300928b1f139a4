#pragma once
// `vaxsim init FILE.yaml`: a commented template scenario to start from (a city, tiers,
// groups by quarter, products, supply, capacity, targets). The text is
// scenarios/template.yaml, built into the program, so the file shipped and the file
// written are the same and the tests run it.
#include <filesystem>
#include <string>
#include <string_view>

namespace vaxsim {

std::string_view template_scenario();

// The template with its `name:` set to `name` (the file's stem) when that is a plain name
// ([A-Za-z0-9_.-], not empty); otherwise the template as it is.
std::string template_scenario_named(const std::string& name);

// Writes the template to `path` by results/output_file.hpp's rules (refused if it exists,
// unless `force` and it is a regular file; written whole or not at all).
void write_template_scenario(const std::filesystem::path& path, bool force);

} // namespace vaxsim

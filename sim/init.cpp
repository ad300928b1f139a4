#include <fstream>
#include <stdexcept>

#include "results/output_file.hpp"
#include "results/report.hpp"
#include "sim/template.hpp"

namespace vaxsim {

std::string template_scenario_named(const std::string& name) {
    std::string text(template_scenario());
    const bool plain = !name.empty() && name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                               "abcdefghijklmnopqrstuvwxyz"
                                                               "0123456789_.-") == std::string::npos;
    const std::string line = "\nname: my-city-2021\n";
    if (const auto at = text.find(line); plain && at != std::string::npos)
        text.replace(at, line.size(), "\nname: " + name + "\n");
    return text;
}

void write_template_scenario(const std::filesystem::path& path, bool force) {
    const OutputTarget output{path, force, OutputKind::file, {}};
    check_output(output);
    const std::string text = template_scenario_named(path.stem().string());
    write_atomically(output, [&](const std::filesystem::path& temp) { write_text(temp, text); });
}

} // namespace vaxsim

// `vaxsim init`: the template it writes is scenarios/template.yaml, byte for byte (so the
// file the tests run is the file a planner starts from), named after the file written,
// never over an existing file, and a scenario that runs and meets its targets.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "models/outcomes.hpp"
#include "results/output_file.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/template.hpp"

using namespace vaxsim;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct TempDir {
    fs::path path = fs::temp_directory_path() /
                    ("vaxsim-init-" + std::to_string(std::random_device{}()));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
};

} // namespace

TEST_CASE("init writes the shipped template, named after the file") {
    const fs::path shipped = fs::path(VAXSIM_SOURCE_DIR) / "scenarios/template.yaml";
    CHECK(std::string(template_scenario()) == slurp(shipped));
    const std::string named = template_scenario_named("busan-2022");
    CHECK(named.find("\nname: busan-2022\n") != std::string::npos);
    CHECK(named.find("my-city-2021") == std::string::npos);
    // A stem that is not a plain name leaves the template's own.
    CHECK(template_scenario_named("my city") == std::string(template_scenario()));
    CHECK(template_scenario_named("") == std::string(template_scenario()));

    TempDir dir;
    const fs::path file = dir.path / "busan-2022.yaml";
    write_template_scenario(file, false);
    CHECK(slurp(file) == named);
    // Never over an existing file without --force; with it, the file is replaced.
    std::ofstream(file) << "mine";
    CHECK_THROWS_AS(write_template_scenario(file, false), OutputError);
    CHECK(slurp(file) == "mine");
    write_template_scenario(file, true);
    CHECK(slurp(file) == named);
    // A folder is never replaced.
    CHECK_THROWS_AS(write_template_scenario(dir.path, true), OutputError);
    CHECK(fs::is_directory(dir.path));
}

TEST_CASE("the template runs and meets its targets") {
    TempDir dir;
    const fs::path file = dir.path / "city.yaml";
    write_template_scenario(file, false);
    const Scenario sc = load_scenario_file(file);
    CHECK(sc.name == "city");
    CHECK(sc.population.groups().size() == 4);
    CHECK(sc.products.size() == 2);
    const Outcomes o = evaluate(sc, simulate(sc));
    REQUIRE(o.targets.size() == 3);
    for (const auto& t : o.targets) CHECK(t.met);
    for (const auto& p : o.plan) CHECK(p.met);
}

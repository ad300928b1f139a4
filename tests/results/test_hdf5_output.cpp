// The results file: its layout read back, atomic writing, and no silent overwrite.
#include <fstream>

#include <catch2/catch.hpp>

#include "results/hdf5_interface.hpp"
#include "results/run_file.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/input/scenario_reader.hpp"
#include "temp_dir.hpp"

using namespace vaxsim;
namespace fs = std::filesystem;

namespace {

struct PlanRun {
    Scenario scenario =
        load_scenario_file(fs::path(VAXSIM_SOURCE_DIR) / "scenarios/seoul-2021-plan.yaml");
    Ledger run = simulate(scenario);
    Outcomes outcomes = evaluate(scenario, run);
};

} // namespace

TEST_CASE("a run file holds metadata, tables, daily series and targets", "[hdf5]") {
    const test::TempDir dir("vaxsim-h5");
    const PlanRun plan;
    const fs::path out = dir.path / "plan.h5";
    write_run_file(out, false, plan.scenario, plan.run, plan.outcomes,
                   {"vaxsim run plan.yaml", "2021-01-01T00:00:00Z"});

    const hdf5::Handle file = hdf5::open_file(out);
    CHECK(hdf5::read_string_attribute(file, "filetype") == "vaxsim-run");
    CHECK(hdf5::read_int_attribute(file, "seed") == 20210226);
    CHECK(hdf5::read_string_attribute(file, "creation_time") == "2021-01-01T00:00:00Z");

    const hdf5::Handle scenario = hdf5::open_group(file, "scenario");
    CHECK(hdf5::read_string_dataset(scenario, "text").front() == plan.scenario.provenance().text);

    const hdf5::Handle groups = hdf5::open_group(file, "groups");
    const auto labels = hdf5::read_string_dataset(groups, "label");
    CHECK(labels.front() == "요양병원 입원·입소자, 종사자 등"); // Korean round-trips
    CHECK(hdf5::read_int_dataset(groups, "size")[7] == 1527122);

    const hdf5::Handle daily = hdf5::open_group(file, "daily");
    std::vector<hsize_t> dims;
    const auto doses = hdf5::read_int_dataset(daily, "doses", &dims);
    CHECK(dims == std::vector<hsize_t>{309, 15, 4, 3}); // K: series of 2, a booster
    CHECK(std::equal(doses.begin(), doses.end(), plan.run.doses().begin(), plan.run.doses().end()));
    const auto stock = hdf5::read_int_dataset(daily, "stock", &dims);
    CHECK(dims == std::vector<hsize_t>{309, 4});
    CHECK(stock[1 * 4 + 1] == plan.run.stock(1, 1)); // row-major: [day][product]

    // The figure: up to 238,794 people overdue for a Pfizer second dose.
    const hdf5::Handle products = hdf5::open_group(file, "products");
    CHECK(hdf5::read_int_dataset(products, "overdue_peak")[1] == 238794);
    CHECK(hdf5::read_string_dataset(products, "overdue_peak_date")[1] == "2021-10-29");
    CHECK(hdf5::read_int_dataset(products, "overdue_person_days")[1] == 2845086);
    CHECK(hdf5::read_string_dataset(products, "overdue_peak_date")[3].empty()); // janssen

    const hdf5::Handle targets = hdf5::open_group(file, "targets");
    CHECK(hdf5::read_int_dataset(targets, "threshold").front() == 6080000);
    CHECK(hdf5::read_string_dataset(targets, "first_reached").front() ==
          format_iso_date(*plan.outcomes.targets[0].first_reached));
}

TEST_CASE("an existing output is kept unless forced, and no temporary is left", "[hdf5]") {
    const test::TempDir dir("vaxsim-h5");
    const PlanRun plan;
    const fs::path out = dir.path / "plan.h5";
    std::ofstream(out) << "precious";
    CHECK_THROWS_AS(write_run_file(out, false, plan.scenario, plan.run, plan.outcomes, {}),
                    OutputExistsError);
    std::ifstream in(out);
    std::string content;
    in >> content;
    CHECK(content == "precious");

    write_run_file(out, true, plan.scenario, plan.run, plan.outcomes, {});
    CHECK(hdf5::read_string_attribute(hdf5::open_file(out), "filetype") == "vaxsim-run");
    CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator{}) == 1);
}

TEST_CASE("a missing output folder fails before anything is written", "[hdf5]") {
    CHECK_THROWS_AS(check_output_path("/nonexistent-dir/out.h5", false), OutputExistsError);
}

TEST_CASE("a what-if run stores the what-if text and the base it extends", "[hdf5]") {
    const test::TempDir dir("vaxsim-h5");
    const Scenario sc = load_scenario_file(fs::path(VAXSIM_SOURCE_DIR) /
                                           "scenarios/seoul-2021-no-second-dose-holdback.yaml");
    const Ledger run = simulate(sc);
    const fs::path out = dir.path / "what-if.h5";
    write_run_file(out, false, sc, run, evaluate(sc, run), {});
    const hdf5::Handle file = hdf5::open_file(out);
    const hdf5::Handle scenario = hdf5::open_group(file, "scenario");
    CHECK_THAT(hdf5::read_string_dataset(scenario, "text").front(),
               Catch::StartsWith("# What if first doses may use all stock"));
    CHECK_THAT(hdf5::read_string_dataset(scenario, "base_text").front(),
               Catch::StartsWith("# Seoul's 2021 COVID-19 vaccination plan"));
    CHECK_THAT(hdf5::read_string_dataset(scenario, "effective").front(),
               Catch::Contains("second_dose_reserve: none"));
    CHECK(hdf5::read_string_attribute(scenario, "second_dose_reserve") == "none");
}

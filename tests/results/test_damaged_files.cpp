// Damaged results files: every reader (check, report, export) validates a sweep file and
// the values of a run file against results/format.hpp before using them, and `check`
// names each broken rule, the epidemic's conservation and the sweep's summaries.
#include <set>

#include <catch2/catch.hpp>

#include "results/check.hpp"
#include "results/format.hpp"
#include "results/hdf5_interface.hpp"
#include "results/export.hpp"
#include "results/report.hpp"
#include "results/run_file.hpp"
#include "results/run_reader.hpp"
#include "results/sweep_file.hpp"
#include "results/sweep_reader.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/pipeline.hpp"
#include "sim/sweep.hpp"
#include "sim/sweep_runner.hpp"
#include "temp_dir.hpp"

using namespace vaxsim;
namespace fs = std::filesystem;

namespace {

const fs::path source_dir = VAXSIM_SOURCE_DIR;

hdf5::Handle open_for_writing(const fs::path& path) {
    return {H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open for writing"};
}

template <class T>
void replace(const fs::path& path, const std::string& dataset, const std::vector<T>& values,
             const std::vector<hsize_t>& dims) {
    const hdf5::Handle file = open_for_writing(path);
    REQUIRE(H5Ldelete(file, dataset.c_str(), H5P_DEFAULT) >= 0);
    hdf5::write_dataset(file, dataset, values, dims);
}

template <class T> std::vector<T> read(const fs::path& path, const std::string& dataset) {
    const hdf5::Handle file = hdf5::open_file(path);
    return hdf5::read_dataset<T>(file, dataset);
}

void set_attribute(const fs::path& path, const std::string& object, const std::string& name,
                   const auto& value) {
    const hdf5::Handle file = open_for_writing(path);
    const hdf5::Handle o(H5Oopen(file, object.c_str(), H5P_DEFAULT), H5Oclose, "open");
    REQUIRE(H5Adelete(o, name.c_str()) >= 0);
    hdf5::write_attribute(o, name, value);
}

std::string problems_of(const fs::path& path) {
    const FileCheck check = check_results_file(path);
    std::string all;
    for (const auto& p : check.problems) all += p + "\n";
    return all;
}

// Neither the report nor the export reads the file: both refuse it, writing nothing.
void readers_refuse(const fs::path& path, const std::string& message) {
    const fs::path html = path.parent_path() / "report.html", csv = path.parent_path() / "csv";
    CHECK_THROWS_WITH(write_report(path, html, false), Catch::Contains(message));
    CHECK_THROWS_WITH(export_csv(path, csv, false), Catch::Contains(message));
    CHECK_FALSE(fs::exists(html));
    CHECK_FALSE(fs::exists(csv));
}

// tests/data/tiny.sweep.yaml: 2 grid points x 10 samples x 3 replicates, 2 targets.
struct SweepFile {
    test::TempDir dir{"vaxsim-damaged-sweep"};
    fs::path path = dir.path / "sweep.h5";
    SweepFile() {
        const SweepSpec spec(source_dir / "tests/data/tiny.sweep.yaml");
        const fs::path journal = dir.path / "sweep.journal";
        SweepOptions options;
        options.restart = true;
        const SweepRuns runs = execute_sweep(spec, journal, options);
        write_sweep_file(
            path, false, spec.design(), spec.base(), spec.layout(),
            [&](const RecordBatch& batch) { read_journal(spec, journal, batch); }, runs.kept, {});
    }
};

// tests/fuzz/seeds/run-epidemic.yaml: 21 days, 2 groups, 2 products, 16 epidemic bands.
struct EpidemicFile {
    test::TempDir dir{"vaxsim-damaged-epidemic"};
    fs::path path = dir.path / "run.h5";
    EpidemicFile() {
        const Scenario scenario =
            load_scenario_file(source_dir / "tests/fuzz/seeds/run-epidemic.yaml");
        RunPipeline pipeline;
        const RunOutput& out = pipeline.run(scenario);
        write_run_file(path, false, *out.scenario, *out.ledger, out.outcomes, {},
                       &*out.epidemic);
    }
};

// Rewrites /runs/outcomes without the field `drop`.
void drop_record_field(const fs::path& path, const std::string& drop) {
    const hdf5::Handle file = open_for_writing(path);
    const std::string name = "runs/outcomes";
    std::vector<char> data;
    hdf5::Handle reduced;
    {
        const hdf5::Handle set(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "open");
        const hdf5::Handle type(H5Dget_type(set), H5Tclose, "type");
        std::size_t size = 0;
        const int members = H5Tget_nmembers(type);
        for (int i = 0; i < members; ++i) {
            char* n = H5Tget_member_name(type, static_cast<unsigned>(i));
            const hdf5::Handle m(H5Tget_member_type(type, static_cast<unsigned>(i)), H5Tclose,
                                 "member");
            if (drop != n) size += H5Tget_size(m);
            H5free_memory(n);
        }
        reduced = hdf5::Handle(H5Tcreate(H5T_COMPOUND, size), H5Tclose, "compound");
        std::size_t offset = 0;
        for (int i = 0; i < members; ++i) {
            char* n = H5Tget_member_name(type, static_cast<unsigned>(i));
            const hdf5::Handle m(H5Tget_member_type(type, static_cast<unsigned>(i)), H5Tclose,
                                 "member");
            if (drop != n) {
                H5Tinsert(reduced, n, offset, m);
                offset += H5Tget_size(m);
            }
            H5free_memory(n);
        }
        const hdf5::Handle space(H5Dget_space(set), H5Sclose, "space");
        data.resize(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)) * size);
        REQUIRE(H5Dread(set, reduced, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) >= 0);
    }
    REQUIRE(H5Ldelete(file, name.c_str(), H5P_DEFAULT) >= 0);
    const hsize_t rows = data.size() / H5Tget_size(reduced);
    const hdf5::Handle space(H5Screate_simple(1, &rows, nullptr), H5Sclose, "space");
    const hdf5::Handle set(
        H5Dcreate2(file, name.c_str(), reduced, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        H5Dclose, "create");
    REQUIRE(H5Dwrite(set, reduced, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) >= 0);
}

} // namespace

TEST_CASE("a sweep file holds exactly the datasets of the sweep table", "[damaged]") {
    const SweepFile sweep;
    const hdf5::Handle file = hdf5::open_file(sweep.path);
    std::set<std::string> written;
    H5Ovisit(
        file, H5_INDEX_NAME, H5_ITER_NATIVE,
        [](hid_t, const char* name, const H5O_info_t* info, void* out) -> herr_t {
            const std::string path = name;
            // Kept runs' series are those of a run file, under format::daily's names.
            if (info->type == H5O_TYPE_DATASET && path.rfind("daily/run_", 0) != 0)
                static_cast<std::set<std::string>*>(out)->insert(path);
            return 0;
        },
        &written);
    std::set<std::string> table{"runs/outcomes"};
    // Its grid values are words, so the optional /parameters/point_text is there too.
    for (const format::DatasetSpec* spec : format::sweep::datasets) table.insert(spec->path());
    CHECK(written == table);
}

TEST_CASE("an intact sweep file passes check and reads back", "[damaged]") {
    const SweepFile sweep;
    const FileCheck check = check_results_file(sweep.path);
    INFO(format_file_check(sweep.path, check));
    CHECK(check.ok());
    const SweepReader reader(sweep.path);
    CHECK(reader.extent("R") == 60);
    CHECK(reader.extent("T") == 2);
    CHECK(reader.outcome(format::sweep::outcome::target_met).size() == 120);
    CHECK(reader.width(format::sweep::outcome::epidemic_deaths) == 0);
}

TEST_CASE("a sweep file with a dataset emptied, reshaped, retyped or deleted is refused",
          "[damaged]") {
    const SweepFile sweep;
    SECTION("an emptied run index (the report crashed on it)") {
        replace(sweep.path, "runs/grid_point", std::vector<std::int64_t>{}, {0});
        const std::string message = "/runs/grid_point is [0], expected [R] with R = 60";
        CHECK_THAT(problems_of(sweep.path), Catch::Contains(message));
        readers_refuse(sweep.path, message);
    }
    SECTION("a summary of another shape") {
        replace(sweep.path, "summary/by_grid_point/p_met", std::vector<double>{0.5}, {1});
        const std::string message = "/summary/by_grid_point/p_met is [1], expected [G, T]";
        CHECK_THAT(problems_of(sweep.path), Catch::Contains(message));
        readers_refuse(sweep.path, message);
    }
    SECTION("numbers of another type") {
        replace(sweep.path, "targets/threshold", std::vector<double>{1, 2}, {2});
        const std::string message = "/targets/threshold holds float64, expected int64";
        CHECK_THAT(problems_of(sweep.path), Catch::Contains(message));
        readers_refuse(sweep.path, message);
    }
    SECTION("a required dataset deleted") {
        {
            const hdf5::Handle file = open_for_writing(sweep.path);
            REQUIRE(H5Ldelete(file, "targets/label", H5P_DEFAULT) >= 0);
        }
        CHECK_THAT(problems_of(sweep.path), Catch::Contains("missing dataset /targets/label"));
        readers_refuse(sweep.path, "missing dataset /targets/label");
    }
    SECTION("a field of the records dropped") {
        drop_record_field(sweep.path, "target_first_reached_day");
        const std::string message = "missing /runs/outcomes field 'target_first_reached_day'";
        CHECK_THAT(problems_of(sweep.path), Catch::Contains(message));
        readers_refuse(sweep.path, message);
    }
    SECTION("the overdue fields, as wide as the products, dropped") {
        // A sweep file has no table of products: overdue_peak's width is theirs.
        drop_record_field(sweep.path, "overdue_peak");
        const std::string message = "missing /runs/outcomes field 'overdue_peak'";
        CHECK_THAT(problems_of(sweep.path), Catch::Contains(message));
        readers_refuse(sweep.path, message);
    }
    SECTION("fewer runs than the design says") {
        set_attribute(sweep.path, "sweep", "runs", std::int64_t{61});
        const std::string message =
            "attribute 'runs' of /sweep is 61, not grid_points x samples x replicates = 2 x 10 x 3";
        CHECK_THAT(problems_of(sweep.path), Catch::Contains(message));
        readers_refuse(sweep.path, message);
    }
}

TEST_CASE("a sweep file's daily coverage quantiles are checked against its runs", "[damaged]") {
    const SweepFile sweep;
    SECTION("a quantile changed") {
        auto q = read<std::int64_t>(sweep.path, "coverage/first_dose_people");
        REQUIRE(q.size() == 2 * 61 * 5);
        const std::size_t at = (1 * 61 + 30) * 5 + 2; // point 1, day 30, the median
        const std::int64_t was = q[at];
        q[at] += 1;
        replace(sweep.path, "coverage/first_dose_people", q, {2, 61, 5});
        CHECK_THAT(problems_of(sweep.path),
                   Catch::Contains("/coverage disagrees with the runs' daily coverage: 1 failures, "
                                   "e.g. /coverage/first_dose_people [1, 30, 2] = " +
                                   std::to_string(was + 1) + ", the runs give " +
                                   std::to_string(was)));
    }
    SECTION("a quantile dataset deleted") {
        {
            const hdf5::Handle file = open_for_writing(sweep.path);
            REQUIRE(H5Ldelete(file, "coverage/fully_vaccinated_people", H5P_DEFAULT) >= 0);
        }
        const std::string message = "missing dataset /coverage/fully_vaccinated_people";
        CHECK_THAT(problems_of(sweep.path), Catch::Contains(message));
        readers_refuse(sweep.path, message);
    }
    SECTION("quantiles over another number of days") {
        replace(sweep.path, "coverage/first_dose_people", std::vector<std::int64_t>(2 * 60 * 5, 0),
                {2, 60, 5});
        const std::string message =
            "/coverage/fully_vaccinated_people is [2, 61, 5], expected [G, D, V] with D = 60";
        CHECK_THAT(problems_of(sweep.path), Catch::Contains(message));
        readers_refuse(sweep.path, message);
    }
    SECTION("a negative count") {
        auto q = read<std::int64_t>(sweep.path, "coverage/fully_vaccinated_people");
        q[7] = -1;
        replace(sweep.path, "coverage/fully_vaccinated_people", q, {2, 61, 5});
        const std::string message =
            "/coverage/fully_vaccinated_people: 1 value breaks its rule";
        CHECK_THAT(problems_of(sweep.path), Catch::Contains(message));
        readers_refuse(sweep.path, message);
    }
    SECTION("a file of 1.3, before daily coverage, is still read") {
        drop_record_field(sweep.path, "daily_first_dose_people");
        drop_record_field(sweep.path, "daily_fully_vaccinated_people");
        {
            const hdf5::Handle file = open_for_writing(sweep.path);
            REQUIRE(H5Ldelete(file, "coverage", H5P_DEFAULT) >= 0);
        }
        set_attribute(sweep.path, ".", "format_version", std::vector<std::int64_t>{1, 3});
        const FileCheck check = check_results_file(sweep.path);
        INFO(format_file_check(sweep.path, check));
        CHECK(check.ok());
        const SweepReader reader(sweep.path);
        CHECK(reader.coverage().days == 0);
        CHECK(reader.width(format::sweep::outcome::daily_first_dose_people) == 0);
        const fs::path html = sweep.path.parent_path() / "old.html";
        write_report(sweep.path, html, false);
        CHECK(fs::file_size(html) > 10000);
        export_csv(sweep.path, sweep.path.parent_path() / "csv", false);
        CHECK_FALSE(fs::exists(sweep.path.parent_path() / "csv" / "coverage_quantiles.csv"));
        CHECK(fs::exists(sweep.path.parent_path() / "csv" / "p_met_by_parameter.csv"));
    }
    SECTION("a file of 1.3 with the fields of 1.4") {
        {
            const hdf5::Handle file = open_for_writing(sweep.path);
            REQUIRE(H5Ldelete(file, "coverage", H5P_DEFAULT) >= 0);
        }
        set_attribute(sweep.path, ".", "format_version", std::vector<std::int64_t>{1, 3});
        const std::string message =
            "/runs/outcomes field 'daily_first_dose_people' in a file of format 1.3";
        CHECK_THAT(problems_of(sweep.path), Catch::Contains(message));
        readers_refuse(sweep.path, message);
    }
}

TEST_CASE("a sweep file of another major version is refused; a newer minor is read",
          "[damaged]") {
    const SweepFile sweep;
    const auto set_version = [&](std::int64_t major, std::int64_t minor) {
        set_attribute(sweep.path, ".", "format_version", std::vector<std::int64_t>{major, minor});
    };
    SECTION("0.9") {
        set_version(0, 9);
        const std::string message = "format 0.9 is not one this vaxsim reads (1.x)";
        CHECK_THAT(problems_of(sweep.path), Catch::Contains(message));
        readers_refuse(sweep.path, message);
    }
    SECTION("2.0") {
        set_version(2, 0);
        const std::string message = "format 2.0 is not one this vaxsim reads (1.x)";
        CHECK_THAT(problems_of(sweep.path), Catch::Contains(message));
        readers_refuse(sweep.path, message);
    }
    SECTION("1.99") {
        set_version(1, 99);
        CHECK(check_results_file(sweep.path).ok());
    }
}

TEST_CASE("check names nonsense values in a sweep file; the readers refuse them",
          "[damaged]") {
    const SweepFile sweep;
    SECTION("a run on a grid point that does not exist") {
        auto grid = read<std::int64_t>(sweep.path, "runs/grid_point");
        grid[4] = 7;
        replace(sweep.path, "runs/grid_point", grid, {60});
        const std::string message =
            "/runs/grid_point: 1 value breaks its rule (an index below G = 2), e.g. [4] = 7";
        CHECK_THAT(problems_of(sweep.path), Catch::Contains(message));
        readers_refuse(sweep.path, message);
    }
    SECTION("a run whose place disagrees with its index") {
        auto sample = read<std::int64_t>(sweep.path, "runs/sample");
        sample[0] = 3;
        replace(sweep.path, "runs/sample", sample, {60});
        CHECK_THAT(problems_of(sweep.path),
                   Catch::Contains("a run's place in the sweep disagrees with its index: 1 "
                                   "failures, e.g. run 0: grid point 0, sample 3, replicate 0"));
    }
    SECTION("a summary that disagrees with the runs") {
        auto met = read<std::int64_t>(sweep.path, "summary/runs_met");
        met[1] += 1;
        replace(sweep.path, "summary/runs_met", met, {2});
        CHECK_THAT(problems_of(sweep.path),
                   Catch::Contains("/summary disagrees with the runs: 1 failures, e.g. "
                                   "/summary/p_met [1]"));
    }
    SECTION("a probability above 1") {
        replace(sweep.path, "summary/p_met", std::vector<double>{0.5, 1.5}, {2});
        const std::string message = "/summary/p_met: 1 value breaks its rule (a share from 0 "
                                    "to 1), e.g. [1] = 1.5";
        CHECK_THAT(problems_of(sweep.path), Catch::Contains(message));
    }
}

TEST_CASE("check names values out of their rule in a run file; the readers refuse them",
          "[damaged]") {
    const EpidemicFile run;
    SECTION("a count too large to add up (was a signed overflow in check)") {
        auto deliveries = read<std::int64_t>(run.path, "daily/deliveries");
        deliveries[3] = std::int64_t{1} << 62;
        replace(run.path, "daily/deliveries", deliveries, {21, 2});
        const std::string message = "/daily/deliveries: 1 value breaks its rule (a whole number "
                                    "from 0 to 2^53), e.g. [1, 1] = 4611686018427387904";
        CHECK_THAT(problems_of(run.path), Catch::Contains(message));
        readers_refuse(run.path, message);
    }
    SECTION("a date outside the run") {
        replace(run.path, "targets/first_reached",
                std::vector<std::string>{"2021-04-01", "2030-01-01"}, {2});
        const std::string message = "/targets/first_reached: 1 value breaks its rule (a date of "
                                    "the run, or empty), e.g. [1] = '2030-01-01'";
        CHECK_THAT(problems_of(run.path), Catch::Contains(message));
        readers_refuse(run.path, message);
    }
    SECTION("an uptake above 1") {
        replace(run.path, "groups/uptake", std::vector<double>{1, 1.7}, {2});
        CHECK_THAT(problems_of(run.path),
                   Catch::Contains("/groups/uptake: 1 value breaks its rule (a share from 0 to "
                                   "1), e.g. [1] = 1.7"));
    }
    SECTION("NaN infections") {
        auto infections = read<double>(run.path, "epidemic/infections");
        infections[16 * 2 + 5] = std::nan("");
        replace(run.path, "epidemic/infections", infections, {21, 16});
        const std::string message = "/epidemic/infections: 1 value breaks its rule (a finite "
                                    "number from 0 to 2^53), e.g. [2, 5] = nan";
        CHECK_THAT(problems_of(run.path), Catch::Contains(message));
        // The export has no epidemic table; the report draws it.
        CHECK_THROWS_WITH(write_report(run.path, run.dir.path / "r.html", false),
                          Catch::Contains(message));
    }
    SECTION("a plan verdict that disagrees with its numbers") {
        const auto met = read<std::int64_t>(run.path, "plan_check/met");
        REQUIRE(met.size() == 1);
        replace(run.path, "plan_check/met", std::vector<std::int64_t>{1 - met[0]}, {1});
        CHECK_THAT(problems_of(run.path),
                   Catch::Contains("a quarterly plan's verdict disagrees with its numbers"));
    }
}

TEST_CASE("check verifies the epidemic's conservation", "[damaged]") {
    const EpidemicFile run;
    REQUIRE(check_results_file(run.path).ok());
    SECTION("more infections in a band than its people") {
        auto infections = read<double>(run.path, "epidemic/infections");
        infections[16 * 3 + 15] = 321; // band 75+ has 320 people
        replace(run.path, "epidemic/infections", infections, {21, 16});
        CHECK_THAT(problems_of(run.path),
                   Catch::Contains("epidemic: cumulative infections in a band exceed its "
                                   "population: 1 failures, e.g. band 75+ by 2021-03-28"));
    }
    SECTION("more deaths than infections on a day") {
        auto deaths = read<double>(run.path, "epidemic/counterfactual/deaths");
        deaths[16 * 4] = 50;
        replace(run.path, "epidemic/counterfactual/deaths", deaths, {21, 16});
        CHECK_THAT(problems_of(run.path),
                   Catch::Contains("epidemic without vaccination: hospitalisations or deaths "
                                   "above the infections of their band and day: 1 failures, e.g. "
                                   "band 0-4 on 2021-03-29"));
    }
    SECTION("a total that is not its series' sum") {
        set_attribute(run.path, "epidemic", "total_deaths", 1e6);
        CHECK_THAT(problems_of(run.path),
                   Catch::Contains("epidemic: a total attribute is not the sum of its series: 1 "
                                   "failures, e.g. total_deaths = 1000000.000000"));
    }
    SECTION("a band that does not hold its people on a day (since 2.6)") {
        auto people = read<double>(run.path, "epidemic/people");
        CHECK(people[16 * 5 + 2] == Approx(90).epsilon(1e-12));
        people[16 * 5 + 2] = 91; // band 10-14 on 2021-03-30
        replace(run.path, "epidemic/people", people, {21, 16});
        CHECK_THAT(problems_of(run.path),
                   Catch::Contains("epidemic: a band does not hold its people, or a compartment "
                                   "is negative: 1 failures, e.g. band 10-14 on 2021-03-30"));
    }
    SECTION("a negative compartment (since 2.6)") {
        set_attribute(run.path, "epidemic/counterfactual", "smallest_compartment", -1.0);
        CHECK_THAT(problems_of(run.path),
                   Catch::Contains("epidemic without vaccination: a band does not hold its "
                                   "people, or a compartment is negative: 1 failures, e.g. "
                                   "smallest_compartment = -1.000000"));
    }
    SECTION("doses that vanished between the rollout and the epidemic (since 2.6)") {
        // Products vax (2 doses) and one (1 dose); K = 2. Dose 1 of vax: what the rollout
        // gave moved people or protects after the end; one fewer moved is a lost dose.
        const auto given = read<double>(run.path, "epidemic/doses_given");
        const auto after_end = read<double>(run.path, "epidemic/doses_after_end");
        auto moved = read<double>(run.path, "epidemic/doses_moved");
        REQUIRE(given.size() == 4);
        CHECK(given[0] > 0);
        CHECK(given[3] == 0); // above the one-dose product's series
        CHECK(moved[0] + after_end[0] == Approx(given[0]).epsilon(1e-9));
        moved[0] -= 1;
        replace(run.path, "epidemic/doses_moved", moved, {2, 2});
        CHECK_THAT(problems_of(run.path),
                   Catch::Contains("epidemic: doses given in the rollout are not the people "
                                   "moved into the epidemic and the doses protecting after the "
                                   "end: 1 failures, e.g. vax dose 1"));
    }
    SECTION("a 2.5 file, without them, is checked for what it has") {
        {
            const hdf5::Handle file = open_for_writing(run.path);
            for (const char* name : {"epidemic/people", "epidemic/counterfactual/people",
                                     "epidemic/doses_given", "epidemic/doses_moved",
                                     "epidemic/doses_after_end"})
                REQUIRE(H5Ldelete(file, name, H5P_DEFAULT) >= 0);
        }
        CHECK_THAT(problems_of(run.path), Catch::Contains("missing dataset /epidemic/people"));
        set_attribute(run.path, ".", "format_version", std::vector<std::int64_t>{2, 5});
        CHECK(problems_of(run.path).empty());
    }
}

TEST_CASE("a run file of an older minor version is read without what later minors added",
          "[damaged]") {
    // 2.1 added /products/overdue_*: a 2.0 file lacks them and is still read; a 2.1 file
    // that lacks them is damaged.
    const EpidemicFile run;
    {
        const hdf5::Handle file = open_for_writing(run.path);
        for (const char* name : {"products/overdue_peak", "products/overdue_peak_date",
                                 "products/overdue_person_days"})
            REQUIRE(H5Ldelete(file, name, H5P_DEFAULT) >= 0);
    }
    SECTION("as a 2.1 file it is refused") {
        CHECK_THAT(problems_of(run.path), Catch::Contains("missing dataset /products/overdue_peak"));
        readers_refuse(run.path, "/products/overdue_peak");
    }
    SECTION("as a 2.0 file it is read") {
        set_attribute(run.path, ".", "format_version", std::vector<std::int64_t>{2, 0});
        CHECK(problems_of(run.path).empty());
        const fs::path html = run.path.parent_path() / "report.html";
        CHECK_NOTHROW(write_report(run.path, html, false));
        CHECK(fs::exists(html));
    }
}

TEST_CASE("a 2.1 run file, without the booster series of 2.2, is still read", "[damaged]") {
    // 2.2 added /daily/boosted_people and /daily/up_to_date_people.
    const EpidemicFile run;
    {
        const hdf5::Handle file = open_for_writing(run.path);
        for (const char* name : {"daily/boosted_people", "daily/up_to_date_people"})
            REQUIRE(H5Ldelete(file, name, H5P_DEFAULT) >= 0);
    }
    SECTION("as a 2.2 file it is refused") {
        CHECK_THAT(problems_of(run.path), Catch::Contains("missing dataset /daily/boosted_people"));
        readers_refuse(run.path, "/daily/boosted_people");
    }
    SECTION("as a 2.1 file it is read, the series empty") {
        set_attribute(run.path, ".", "format_version", std::vector<std::int64_t>{2, 1});
        CHECK(problems_of(run.path).empty());
        const DailySeries daily = RunReader(run.path).daily();
        CHECK(daily.boosted_people.size() == 0);
        CHECK(daily.first_dose_people.size() > 0);
        const fs::path html = run.path.parent_path() / "report.html";
        CHECK_NOTHROW(write_report(run.path, html, false));
    }
}

TEST_CASE("a 2.1 run file is read as having no supply movements and one site", "[damaged]") {
    // 2.2 added the supply movements and the sites: a 2.1 file lacks them and is read with
    // zero movements and one site holding the day's capacity; a 2.2 file lacking them is
    // damaged.
    const EpidemicFile run;
    {
        const hdf5::Handle file = open_for_writing(run.path);
        for (const char* name : {"daily/extracted", "daily/imported", "daily/exported",
                                 "products/exports_not_made", "sites/id", "sites/label",
                                 "sites/kind", "sites/products", "daily/site_capacity",
                                 "daily/site_capacity_used", "daily/binding_site"})
            REQUIRE(H5Ldelete(file, name, H5P_DEFAULT) >= 0);
    }
    SECTION("as a 2.2 file it is refused") {
        CHECK_THAT(problems_of(run.path), Catch::Contains("missing dataset /daily/extracted"));
    }
    SECTION("as a 2.1 file it is read") {
        set_attribute(run.path, ".", "format_version", std::vector<std::int64_t>{2, 1});
        CHECK(problems_of(run.path).empty());
        const RunReader reader(run.path);
        const DailySeries daily = reader.daily();
        CHECK(daily.extracted.isZero());
        CHECK(daily.exported.rows() == daily.stock.rows());
        REQUIRE(daily.site_capacity.cols() == 1);
        CHECK(daily.site_capacity(3, 0) == daily.capacity[3]);
        CHECK(reader.sites().id == std::vector<std::string>{"all"});
    }
}

TEST_CASE("check says whether the typed reader the report and export use accepts the layout",
          "[damaged]") {
    const EpidemicFile run;
    CHECK(check_results_file(run.path).layout_readable);
    replace(run.path, "daily/deliveries", std::vector<std::int64_t>{-1, 2}, {1, 2});
    const FileCheck shaped = check_results_file(run.path);
    CHECK_FALSE(shaped.layout_readable);
    CHECK_FALSE(shaped.ok());
}

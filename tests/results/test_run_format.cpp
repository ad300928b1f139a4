// The run-file format: one table (results/format.hpp) that the writer, the reader and
// `vaxsim check` share; the typed write_dataset; and damaged files refused clearly.
#include <algorithm>
#include <set>

#include <catch2/catch.hpp>

#include "results/check.hpp"
#include "results/format.hpp"
#include "results/hdf5_interface.hpp"
#include "results/export.hpp"
#include "results/report.hpp"
#include "results/run_file.hpp"
#include "results/run_reader.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/input/scenario_reader.hpp"
#include "temp_dir.hpp"

using namespace vaxsim;
namespace fs = std::filesystem;

namespace {

// The Seoul plan, written to a run file in a fresh folder.
struct PlanFile {
    test::TempDir dir{"vaxsim-format"};
    Scenario scenario =
        load_scenario_file(fs::path(VAXSIM_SOURCE_DIR) / "scenarios/seoul-2021-plan.yaml");
    Ledger run = simulate(scenario);
    fs::path path = dir.path / "plan.h5";
    PlanFile() { write_run_file(path, false, scenario, run, evaluate(scenario, run), {}); }
};

hdf5::Handle open_for_writing(const fs::path& path) {
    return {H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open for writing"};
}

// Replaces a dataset of the file with `values` in the shape `dims`.
template <class T>
void replace(const fs::path& path, const format::DatasetSpec& spec, const std::vector<T>& values,
             const std::vector<hsize_t>& dims) {
    const hdf5::Handle file = open_for_writing(path);
    REQUIRE(H5Ldelete(file, spec.path().c_str(), H5P_DEFAULT) >= 0);
    hdf5::write_dataset(file, spec.path(), values, dims);
}

void set_version(const fs::path& path, std::int64_t major, std::int64_t minor) {
    const hdf5::Handle file = open_for_writing(path);
    REQUIRE(H5Adelete(file, std::string(format::root::format_version).c_str()) >= 0);
    hdf5::write_attribute(file, format::root::format_version,
                          std::vector<std::int64_t>{major, minor});
}

std::string problems_of(const fs::path& path) {
    const FileCheck check = check_results_file(path);
    std::string all;
    for (const auto& p : check.problems) all += p + "\n";
    return all;
}

std::set<std::string> datasets_in(hid_t file) {
    std::set<std::string> names;
    H5Ovisit(
        file, H5_INDEX_NAME, H5_ITER_NATIVE,
        [](hid_t, const char* name, const H5O_info_t* info, void* out) -> herr_t {
            if (info->type == H5O_TYPE_DATASET)
                static_cast<std::set<std::string>*>(out)->insert(name);
            return 0;
        },
        &names);
    return names;
}

} // namespace

TEST_CASE("a run file holds exactly the datasets of the format table", "[format]") {
    const PlanFile plan;
    const hdf5::Handle file = hdf5::open_file(plan.path);
    std::set<std::string> table;
    for (const format::DatasetSpec* spec : format::run_datasets)
        if (spec->presence == format::Presence::always) table.insert(spec->path());
    CHECK(datasets_in(file) == table);
}

TEST_CASE("the reader returns what was written, with its dimensions", "[format]") {
    const PlanFile plan;
    const RunReader reader(plan.path);
    CHECK(reader.identity().version_text() == "2.10");
    CHECK(reader.identity().filetype == "vaxsim-run");
    CHECK(reader.extent("D") == 309);
    CHECK(reader.extent("G") == 15);
    CHECK(reader.extent("P") == 4);
    CHECK(reader.extent("K") == 3); // two-dose series and one booster
    const DoseTable doses = reader.doses();
    CHECK(std::equal(doses.values.begin(), doses.values.end(), plan.run.doses().begin(),
                     plan.run.doses().end()));
    const DailySeries daily = reader.daily();
    CHECK(daily.stock == plan.run.stock);
    CHECK(daily.capacity_used ==
          std::vector<std::int64_t>(plan.run.capacity_used.begin(), plan.run.capacity_used.end()));
    CHECK(daily.binding_constraint == plan.run.binding_constraint);
    CHECK(reader.calendar().date.front() == "2021-02-26");
    CHECK(reader.groups().size[7] == 1527122);
    CHECK_FALSE(reader.epidemic());
}

TEST_CASE("daily series are chunked along days and compressed; tables are not", "[format]") {
    const PlanFile plan;
    const hdf5::Handle file = hdf5::open_file(plan.path);
    const auto layout = [&](const format::DatasetSpec& spec) {
        const hdf5::Handle set(H5Dopen2(file, spec.path().c_str(), H5P_DEFAULT), H5Dclose, "open");
        const hdf5::Handle plist(H5Dget_create_plist(set), H5Pclose, "plist");
        return H5Pget_layout(plist);
    };
    for (const format::DatasetSpec* spec : format::run_datasets) {
        if (spec->presence != format::Presence::always) continue;
        INFO(spec->path());
        CHECK((layout(*spec) == H5D_CHUNKED) == spec->daily());
    }
    const hdf5::Handle set(H5Dopen2(file, format::daily::doses.path().c_str(), H5P_DEFAULT),
                           H5Dclose, "open");
    const hdf5::Handle plist(H5Dget_create_plist(set), H5Pclose, "plist");
    hsize_t chunk[4];
    REQUIRE(H5Pget_chunk(plist, 4, chunk) == 4);
    CHECK(chunk[1] == 15);
    CHECK(chunk[2] == 4);
    CHECK(chunk[3] == 3); // two-dose series and one booster
    if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) CHECK(H5Pall_filters_avail(plist) > 0);
    CHECK(H5Pget_nfilters(plist) == (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0 ? 2 : 0));
}

TEST_CASE("a dataset deleted is reported by check and refused by the reader", "[format]") {
    const PlanFile plan;
    {
        const hdf5::Handle file = open_for_writing(plan.path);
        REQUIRE(H5Ldelete(file, format::daily::stock.path().c_str(), H5P_DEFAULT) >= 0);
        REQUIRE(H5Ldelete(file, format::targets::margin.path().c_str(), H5P_DEFAULT) >= 0);
    }
    const std::string problems = problems_of(plan.path);
    CHECK_THAT(problems, Catch::Contains("missing dataset /daily/stock"));
    CHECK_THAT(problems, Catch::Contains("missing dataset /targets/margin"));
    CHECK_THROWS_WITH(RunReader(plan.path), Catch::Contains("missing dataset /daily/stock"));
    CHECK_THROWS_AS(write_report(plan.path, plan.dir.path / "r.html", false), FormatError);
    CHECK_THROWS_AS(export_csv(plan.path, plan.dir.path / "csv", false), FormatError);
    CHECK_FALSE(fs::exists(plan.dir.path / "r.html"));
}

TEST_CASE("a reshaped, emptied or retyped dataset is named with what was expected", "[format]") {
    const PlanFile plan;
    SECTION("a column too many") {
        replace(plan.path, format::daily::stock, std::vector<std::int64_t>(309 * 5), {309, 5});
        CHECK_THAT(problems_of(plan.path),
                   Catch::Contains("/daily/stock is [309, 5], expected [D, P] with P = 4 "
                                   "(as in the other datasets)"));
    }
    SECTION("doses with the dose numbers dropped") {
        replace(plan.path, format::daily::doses, std::vector<std::int64_t>(309 * 15 * 4),
                {309, 15, 4});
        CHECK_THAT(problems_of(plan.path),
                   Catch::Contains("/daily/doses is [309, 15, 4], expected [D, G, P, K]"));
    }
    SECTION("doses with fewer dose numbers than the longest series") {
        replace(plan.path, format::daily::doses, std::vector<std::int64_t>(309 * 15 * 4 * 1),
                {309, 15, 4, 1});
        // The opening balance has the same K (2.3).
        replace(plan.path, format::initial::doses, std::vector<std::int64_t>(15 * 4 * 1),
                {15, 4, 1});
        CHECK_THAT(problems_of(plan.path),
                   Catch::Contains("/daily/doses has 1 dose numbers, but the longest series"));
    }
    SECTION("a 2.1 file with a dose number beyond the longest series (boosters came in 2.2)") {
        set_version(plan.path, 2, 1);
        CHECK_THAT(problems_of(plan.path),
                   Catch::Contains("/daily/doses has 3 dose numbers, but the longest series"));
    }
    SECTION("an emptied calendar") {
        replace(plan.path, format::calendar::date, std::vector<std::string>{}, {0});
        CHECK_THAT(problems_of(plan.path),
                   Catch::Contains("/calendar/date is [0], expected [D] with D = 309"));
    }
    SECTION("every series emptied with the calendar") {
        // Consistent shapes, but no day at all: nothing to index.
        for (const format::DatasetSpec* spec : format::run_datasets)
            if (spec->presence == format::Presence::always && spec->shape.rank == 1 &&
                spec->shape.symbols[0] == "D") {
                if (spec->type == format::Element::string)
                    replace(plan.path, *spec, std::vector<std::string>{}, {0});
                else if (spec->type == format::Element::int8)
                    replace(plan.path, *spec, std::vector<std::int8_t>{}, {0});
                else if (spec->type == format::Element::int32)
                    replace(plan.path, *spec, std::vector<std::int32_t>{}, {0});
                else
                    replace(plan.path, *spec, std::vector<std::int64_t>{}, {0});
            }
        for (const format::DatasetSpec* spec : format::run_datasets)
            if (spec->presence == format::Presence::always && spec->shape.rank > 1 &&
                spec->shape.symbols[0] == "D") {
                std::vector<hsize_t> dims{0};
                for (std::size_t i = 1; i < spec->shape.rank; ++i)
                    dims.push_back(spec->shape.symbols[i] == "T"   ? 6
                                   : spec->shape.symbols[i] == "G" ? 15
                                   : spec->shape.symbols[i] == "P" ? 4
                                   : spec->shape.symbols[i] == "S" ? 1
                                                                   : 3);
                if (spec->type == format::Element::int8)
                    replace(plan.path, *spec, std::vector<std::int8_t>{}, dims);
                else if (spec->type == format::Element::int32)
                    replace(plan.path, *spec, std::vector<std::int32_t>{}, dims);
                else
                    replace(plan.path, *spec, std::vector<std::int64_t>{}, dims);
            }
        CHECK_THAT(problems_of(plan.path), Catch::Contains("/calendar/date is empty"));
        CHECK_THROWS_AS(write_report(plan.path, plan.dir.path / "r.html", false), FormatError);
    }
    SECTION("numbers where strings belong") {
        replace(plan.path, format::groups::id, std::vector<double>(15), {15});
        CHECK_THAT(problems_of(plan.path),
                   Catch::Contains("/groups/id holds float64, expected string"));
    }
    SECTION("a product index out of range") {
        replace(plan.path, format::daily::binding_product, std::vector<std::int32_t>(309, 9),
                {309});
        CHECK_THAT(problems_of(plan.path), Catch::Contains("/daily/binding_product: 309 values break its rule (-1 or an "
                                   "index below P = 4), e.g. [0] = 9, [1] = 9, [2] = 9"));
        CHECK_THROWS_AS(write_report(plan.path, plan.dir.path / "r.html", false), FormatError);
    }
}

TEST_CASE("another major format version is refused, naming both versions", "[format]") {
    const PlanFile plan;
    SECTION("an older major") {
        set_version(plan.path, 1, 99);
        CHECK_THAT(problems_of(plan.path),
                   Catch::Contains("format 1.99 is not one this vaxsim reads (2.x)"));
        CHECK_THROWS_WITH(RunReader(plan.path), Catch::Contains("written by an older vaxsim"));
    }
    SECTION("a newer major") {
        set_version(plan.path, 3, 0);
        CHECK_THAT(problems_of(plan.path),
                   Catch::Contains("format 3.0 is not one this vaxsim reads (2.x)"));
        CHECK_THROWS_AS(export_csv(plan.path, plan.dir.path / "csv", false), FormatError);
    }
    SECTION("a newer minor is read: it only adds") {
        set_version(plan.path, 2, 7);
        CHECK(check_results_file(plan.path).ok());
    }
}

TEST_CASE("check finds nonsense values in a well-formed file", "[format]") {
    const PlanFile plan;
    SECTION("negative stock") {
        std::vector<std::int64_t> stock(plan.run.stock.data(),
                                        plan.run.stock.data() + plan.run.stock.size());
        stock[100 * 4 + 1] = -5;
        replace(plan.path, format::daily::stock, stock, {309, 4});
        const std::string problems = problems_of(plan.path);
        CHECK_THAT(problems, Catch::Contains("/daily/stock: 1 value breaks its rule (a whole "
                                             "number from 0 to 2^53), e.g. [100, 1] = -5"));
        CHECK_THROWS_AS(write_report(plan.path, plan.dir.path / "r.html", false), FormatError);
    }
    SECTION("more people covered than willing") {
        std::vector<std::int64_t> willing(15, 1);
        replace(plan.path, format::groups::willing, willing, {15});
        CHECK_THAT(problems_of(plan.path), Catch::Contains("coverage out of order"));
    }
    SECTION("a target called missed that was met") {
        replace(plan.path, format::targets::met, std::vector<std::int64_t>(6, 0), {6});
        CHECK_THAT(problems_of(plan.path),
                   Catch::Contains("a target's verdict disagrees with its numbers"));
    }
    SECTION("more doses given than capacity") {
        replace(plan.path, format::daily::capacity, std::vector<std::int64_t>(309, 0), {309});
        CHECK_THAT(problems_of(plan.path), Catch::Contains("capacity exceeded"));
    }
}

TEST_CASE("write_dataset writes each element type in the shape of its value", "[format][hdf5]") {
    const test::TempDir dir("vaxsim-write-dataset");
    const fs::path path = dir.path / "types.h5";
    {
        const hdf5::Handle file = hdf5::create_file(path);
        hdf5::write_dataset(file, "scalar", std::int64_t{7});
        hdf5::write_dataset(file, "text", std::string("요양병원"));
        hdf5::write_dataset(file, "bytes", std::vector<std::int8_t>{-1, 2});
        hdf5::write_dataset(file, "ints", std::vector<std::int32_t>{1, 2, 3});
        const std::vector<double> reals{0.5, 1.5, 2.5, 3.5, 4.5, 5.5};
        hdf5::write_dataset(file, "span", std::span<const double>(reals).first(2));
        hdf5::write_dataset(file, "reshaped", reals, {2, 3});
        CountMatrix m(2, 3);
        m << 1, 2, 3, 4, 5, 6;
        hdf5::write_dataset(file, "matrix", m);
        hdf5::write_dataset(file, "vector", CountVector(m.row(1).transpose()));
        hdf5::write_dataset(file, "chunked", m, hdf5::Storage::chunked(1, 1));
        hdf5::write_dataset_compressed(file, "compressed", m);
        hdf5::write_attribute(file, "labels", std::vector<std::string>{"a", "b"});
        CHECK_THROWS_AS(hdf5::write_dataset(file, "wrong", reals, {4, 2}), hdf5::Error);
    }
    const hdf5::Handle file = hdf5::open_file(path);
    std::vector<hsize_t> dims;
    CHECK(hdf5::read_dataset<std::int64_t>(file, "scalar", &dims) == std::vector<std::int64_t>{7});
    CHECK(dims.empty());
    CHECK(hdf5::read_dataset<std::string>(file, "text").front() == "요양병원");
    CHECK(hdf5::read_dataset<std::int8_t>(file, "bytes") == std::vector<std::int8_t>{-1, 2});
    CHECK(hdf5::read_dataset<std::int32_t>(file, "ints").size() == 3);
    CHECK(hdf5::read_dataset<double>(file, "span") == std::vector<double>{0.5, 1.5});
    CHECK(hdf5::read_dataset<double>(file, "reshaped", &dims).size() == 6);
    CHECK(dims == std::vector<hsize_t>{2, 3});
    for (const char* name : {"matrix", "chunked", "compressed"}) {
        CHECK(hdf5::read_dataset<std::int64_t>(file, name, &dims) ==
              std::vector<std::int64_t>{1, 2, 3, 4, 5, 6});
        CHECK(dims == std::vector<hsize_t>{2, 3});
    }
    CHECK(hdf5::read_dataset<std::int64_t>(file, "vector") == std::vector<std::int64_t>{4, 5, 6});
    CHECK(hdf5::read_attribute<std::string>(file, "labels") == std::vector<std::string>{"a", "b"});
    const auto info = hdf5::dataset_info(file, "text");
    REQUIRE(info);
    CHECK(info->variable_string);
    CHECK_FALSE(hdf5::dataset_info(file, "no/such"));
}

TEST_CASE("a 2.2 run file, before /initial, reads as a run that started from nothing",
          "[format][initial_state]") {
    const PlanFile plan;
    {
        const hdf5::Handle file = open_for_writing(plan.path);
        REQUIRE(H5Ldelete(file, "initial", H5P_DEFAULT) >= 0);
    }
    SECTION("claiming 2.3 without it is a missing dataset") {
        CHECK_THAT(problems_of(plan.path), Catch::Contains("missing dataset /initial/as_of"));
    }
    SECTION("as 2.2 it reads, checks and exports") {
        set_version(plan.path, 2, 2);
        CHECK(problems_of(plan.path).empty());
        const RunReader reader(plan.path);
        const InitialTable initial = reader.initial();
        CHECK(initial.as_of.empty());
        CHECK(initial.doses.size() == 15 * 4 * 3);
        CHECK(std::all_of(initial.doses.begin(), initial.doses.end(), [](auto n) { return n == 0; }));
        CHECK(initial.stock == std::vector<std::int64_t>(4, 0));
        CHECK_NOTHROW(export_csv(plan.path, plan.dir.path / "csv", false));
    }
}

TEST_CASE("the opening balance round-trips and check holds the file to it",
          "[format][initial_state]") {
    test::TempDir dir{"vaxsim-initial"};
    const Scenario sc = load_scenario_file(fs::path(VAXSIM_SOURCE_DIR) /
                                           "scenarios/seoul-2021-from-august.yaml");
    const Ledger run = simulate(sc);
    const fs::path path = dir.path / "august.h5";
    write_run_file(path, false, sc, run, evaluate(sc, run), {});
    const InitialTable initial = RunReader(path).initial(); // closed again: replace() writes
    CHECK(initial.as_of == "2021-07-31");
    CHECK(initial.doses == run.initial_doses);
    CHECK(initial.stock == run.initial_stock);
    CHECK(initial.replaced_deliveries == run.replaced_deliveries);
    CHECK(problems_of(path).empty());
    SECTION("an opening balance out of order is a problem") {
        std::vector<std::int64_t> doses = initial.doses;
        doses[1] = doses[0] + 1; // group 0, product 0: more second doses than first
        replace(path, format::initial::doses, doses,
                {initial.groups, initial.products, initial.doses_per_person});
        CHECK_THAT(problems_of(path),
                   Catch::Contains("the opening balance (/initial) is out of order"));
    }
    SECTION("first doses in the opening balance that the daily people do not hold") {
        std::vector<std::int64_t> doses = initial.doses;
        doses[0] += 1;
        replace(path, format::initial::doses, doses,
                {initial.groups, initial.products, initial.doses_per_person});
        CHECK_THAT(problems_of(path), Catch::Contains("people with a first dose do not match"));
    }
    SECTION("stock on hand the days do not account for") {
        std::vector<std::int64_t> stock = initial.stock;
        stock[1] += 1;
        replace(path, format::initial::stock, stock, {initial.products});
        CHECK_THAT(problems_of(path), Catch::Contains("on hand + delivered + extracted"));
    }
    SECTION("an as_of that is not the day before the first") {
        replace(path, format::initial::as_of, std::vector<std::string>{"2021-07-30"}, {});
        CHECK_THAT(problems_of(path), Catch::Contains("is not the day before the first"));
    }
}

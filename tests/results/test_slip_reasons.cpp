// Why a group slipped (results/slip_reasons.hpp): tests/data/compare-tiny.yaml, by
// construction supply-bound from 03-06 to 03-10 and capacity-bound on every other day of
// March; g2 (second in priority) starts 220 of its 300 in Q1 and reaches 300 on 04-04.
#include <catch2/catch.hpp>

#include "models/constraint.hpp"
#include "results/check.hpp"
#include "results/hdf5_interface.hpp"
#include "results/run_file.hpp"
#include "results/run_reader.hpp"
#include "results/slip_reasons.hpp"
#include "results/summary.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/pipeline.hpp"
#include "temp_dir.hpp"

using namespace vaxsim;
namespace fs = std::filesystem;

namespace {

const fs::path source_dir = VAXSIM_SOURCE_DIR;

std::string codes(const Ledger& run, int g, int from, int to) {
    std::string s;
    for (int t = from; t <= to; ++t)
        s += std::string(constraint_info(run.group_binding(t, g)).label) +
             (run.group_binding_product(t, g) >= 0 ? ":vax" : "") + (t < to ? " " : "");
    return s;
}

} // namespace

TEST_CASE("what held each group each day: supply, then capacity, then nobody waiting",
          "[slip]") {
    const Scenario scenario = load_scenario_file(source_dir / "tests/data/compare-tiny.yaml");
    RunPipeline pipeline;
    const RunOutput& out = pipeline.run(scenario);
    const Ledger& run = *out.ledger;
    // Days 0-4 (03-01..03-05): all 20 given; 5-9: no stock; from 10 (03-11): capacity.
    CHECK(codes(run, 0, 3, 6) == "capacity capacity supply:vax supply:vax");
    CHECK(codes(run, 0, 9, 10) == "supply:vax capacity");
    // g1 reaches 300 on 03-20 (day 19): nobody of it waits from then on.
    CHECK(codes(run, 0, 18, 20) == "capacity no_one_waiting no_one_waiting");
    CHECK(codes(run, 1, 19, 20) == "capacity capacity");
    // g2 reaches 300 on 04-04 (day 34).
    CHECK(codes(run, 1, 33, 35) == "capacity no_one_waiting no_one_waiting");

    const std::string summary = format_summary(*out.scenario, run, out.outcomes);
    CHECK_THAT(summary, Catch::Contains(
                            "  2021Q1 g2: 220 of 300 started in the quarter; reached 300 on 2021-04-04\n"
                            "    held by capacity 26 d, supply:vax 5 d\n"));
    CHECK_THAT(summary, !Catch::Contains("2021Q1 g1: ")); // g1 met its plan
}

TEST_CASE("why a group slipped, read back from the run file", "[slip]") {
    test::TempDir dir{"vaxsim-slip"};
    const fs::path file = dir.path / "run.h5";
    {
        const Scenario scenario = load_scenario_file(source_dir / "tests/data/compare-tiny.yaml");
        RunPipeline pipeline;
        const RunOutput& out = pipeline.run(scenario);
        write_run_file(file, false, *out.scenario, *out.ledger, out.outcomes, {});
    }
    const RunReader reader(file);
    const GroupTable groups = reader.groups();
    const auto reasons = slip_reasons(reader, groups, reader.plan_check(), reader.daily());
    REQUIRE(reasons.size() == 1);
    const SlipReason& r = reasons[0];
    CHECK(groups.id[r.group] == "g2");
    CHECK(r.quarter == "2021Q1");
    CHECK(r.planned == 300);
    CHECK(r.started == 220);
    CHECK(r.finished == "2021-04-04");
    CHECK(r.final_people == 300);
    CHECK(r.final_date == "2021-04-04");
    REQUIRE(r.held.size() == 2);
    CHECK(r.held[0] == std::pair<std::string, int>{"capacity", 26});
    CHECK(r.held[1] == std::pair<std::string, int>{"supply:vax", 5});
    CHECK(held_text(r) == "capacity 26 d, supply:vax 5 d");

    // With 25 doses a day g2 meets its plan: nothing slipped, nothing to explain.
    const fs::path faster = dir.path / "faster.h5";
    {
        const Scenario scenario = load_scenario_file(source_dir / "tests/data/compare-tiny.yaml",
                                                     {"capacity.periods.0.doses_per_day=25"});
        RunPipeline pipeline;
        const RunOutput& out = pipeline.run(scenario);
        write_run_file(faster, false, *out.scenario, *out.ledger, out.outcomes, {});
    }
    const RunReader fast(faster);
    CHECK(slip_reasons(fast, fast.groups(), fast.plan_check(), fast.daily()).empty());
}

TEST_CASE("a 2.3 run file, without what held each group, is read; a 2.4 file without it is not",
          "[slip][damaged]") {
    test::TempDir dir{"vaxsim-slip-old"};
    const fs::path file = dir.path / "run.h5";
    {
        const Scenario scenario = load_scenario_file(source_dir / "tests/data/compare-tiny.yaml");
        RunPipeline pipeline;
        const RunOutput& out = pipeline.run(scenario);
        write_run_file(file, false, *out.scenario, *out.ledger, out.outcomes, {});
    }
    {
        const hdf5::Handle h(H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open");
        for (const char* name : {"daily/group_binding_constraint", "daily/group_binding_product"})
            REQUIRE(H5Ldelete(h, name, H5P_DEFAULT) >= 0);
    }
    const auto problems = [&] {
        std::string all;
        for (const auto& p : check_results_file(file).problems) all += p + "\n";
        return all;
    };
    CHECK_THAT(problems(), Catch::Contains("missing dataset /daily/group_binding_constraint"));
    CHECK_THROWS_AS(RunReader(file), FormatError);
    {
        const hdf5::Handle h(H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open");
        const hdf5::Handle root(H5Oopen(h, ".", H5P_DEFAULT), H5Oclose, "open");
        REQUIRE(H5Adelete(root, "format_version") >= 0);
        hdf5::write_attribute(root, "format_version", std::vector<std::int64_t>{2, 3});
    }
    CHECK(problems().empty());
    const RunReader reader(file);
    const DailySeries daily = reader.daily();
    CHECK(daily.group_binding_constraint.empty());
    CHECK(slip_reasons(reader, reader.groups(), reader.plan_check(), daily).empty());
}

TEST_CASE("check finds what held a group inconsistent", "[slip][damaged]") {
    test::TempDir dir{"vaxsim-slip-check"};
    const fs::path file = dir.path / "run.h5";
    {
        const Scenario scenario = load_scenario_file(source_dir / "tests/data/compare-tiny.yaml");
        RunPipeline pipeline;
        const RunOutput& out = pipeline.run(scenario);
        write_run_file(file, false, *out.scenario, *out.ledger, out.outcomes, {});
    }
    const auto problems = [&] {
        std::string all;
        for (const auto& p : check_results_file(file).problems) all += p + "\n";
        return all;
    };
    CHECK(problems().empty());
    {
        const hdf5::Handle h(H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open");
        auto product = hdf5::read_dataset<std::int32_t>(h, "daily/group_binding_product");
        REQUIRE(product[5 * 2 + 1] == 0); // g2 on 03-06: supply of vax
        product[5 * 2 + 1] = -1;
        REQUIRE(H5Ldelete(h, "daily/group_binding_product", H5P_DEFAULT) >= 0);
        hdf5::write_dataset(h, "daily/group_binding_product", product,
                            std::vector<hsize_t>{41, 2});
    }
    CHECK_THAT(problems(), Catch::Contains("what held a group (/daily/group_binding_*) is "
                                           "inconsistent: 1 failures, e.g. 2021-03-06 group g2: "
                                           "supply names no product"));
}

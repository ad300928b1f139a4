// The record of `vaxsim optimize`: the paired interval by hand, what is printed, and the
// /optimize group read back as written.
#include <filesystem>

#include <catch2/catch.hpp>

#include "results/hdf5_interface.hpp"
#include "results/optimize_record.hpp"
#include "temp_dir.hpp"

using namespace vaxsim;

namespace {

OptimizeRecord five_futures() {
    OptimizeRecord r;
    r.search = "order";
    r.varied = {"young", "old"};
    r.objective = "deaths";
    r.unit = "deaths";
    r.risk = "mean";
    r.futures = 5;
    r.method = "exhaustive";
    r.exhaustive = true;
    r.evaluations = 2;
    r.runs = 10;
    r.results.push_back({"plan", {}, "young, old", 10, {10, 10, 10, 10, 10}});
    r.results.push_back({"optimum",
                         {"groups.old.opens=2021-01-01", "groups.old.priority=1"},
                         "old, young", 7, {5, 6, 7, 8, 9}});
    return r;
}

} // namespace

TEST_CASE("optimize record: the 90% interval of the paired difference", "[optimize]") {
    // Differences -5, -4, -3, -2, -1: the 5% quantile lies 0.2 of the way from the first
    // to the second (-4.8), the 95% 0.8 of the way from the fourth to the fifth (-1.2).
    const auto [lo, hi] = paired_interval({10, 10, 10, 10, 10}, {5, 6, 7, 8, 9});
    CHECK(lo == Approx(-4.8));
    CHECK(hi == Approx(-1.2));
    CHECK_THROWS(paired_interval({1, 2}, {1}));
}

TEST_CASE("optimize record: what is printed", "[optimize]") {
    const std::string text = format_optimize(five_futures());
    CHECK_THAT(text, Catch::Contains("mean over 5 futures (the same futures for every candidate)"));
    CHECK_THAT(text, Catch::Contains("search: exhaustive, every order (2)"));
    CHECK_THAT(text, Catch::Contains("-3.0 (-30.0%); 90% of futures -4.8 to -1.2"));
    CHECK_THAT(text, Catch::Contains("Optimum order (first slot first): old, young"));
    CHECK_THAT(text, Catch::Contains("--set groups.old.opens=2021-01-01 --set groups.old.priority=1"));
}

TEST_CASE("optimize record: /optimize read back as written", "[optimize]") {
    const test::TempDir dir("vaxsim-optimize-record");
    const auto path = dir.path / "record.h5";
    OptimizeRecord r = five_futures();
    r.refused = 3;
    {
        const hdf5::Handle file = hdf5::create_file(path);
        write_optimize_record(file, r);
    }
    const auto back = read_optimize_record(path);
    REQUIRE(back);
    CHECK(back->refused == 3);
    CHECK(back->search == "order");
    CHECK(back->varied == r.varied);
    CHECK(back->exhaustive);
    CHECK(back->runs == 10);
    REQUIRE(back->results.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        CHECK(back->results[i].name == r.results[i].name);
        CHECK(back->results[i].settings == r.results[i].settings);
        CHECK(back->results[i].order == r.results[i].order);
        CHECK(back->results[i].value == r.results[i].value);
        CHECK(back->results[i].per_future == r.results[i].per_future);
    }
}

// optimize under uncertainty: every candidate runs the same futures (common random
// numbers), the risk measure over them, and the same record at any thread count.
#include "optimize_tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

// Each future short by a uniform 0-60% of the 300,000 doses.
std::string uncertain() {
    return optimize_scenario("      uncertainty: {shortfall: {uniform: [0, 0.6]}}\n", "seed: 11\n");
}

OptimizeRequest request(int threads, OptimizeRisk risk = OptimizeRisk::mean) {
    OptimizeRequest r;
    r.order = {"old", "young_a", "young_b"};
    r.futures = 20;
    r.risk = risk;
    r.threads = threads;
    return r;
}

} // namespace

TEST_CASE("optimize under uncertainty: the same record at any thread count", "[optimize]") {
    const Scenario base = load_optimize(uncertain());
    const OptimizeRecord one = optimize(base, request(1));
    const OptimizeRecord three = optimize(base, request(3));
    REQUIRE(one.results.size() == three.results.size());
    for (std::size_t i = 0; i < one.results.size(); ++i) {
        CHECK(one.results[i].settings == three.results[i].settings);
        CHECK(one.results[i].value == three.results[i].value); // bit for bit
        CHECK(one.results[i].per_future == three.results[i].per_future);
    }
    CHECK(one.runs == 6 * 20);
}

TEST_CASE("optimize under uncertainty: each future is the run made directly", "[optimize]") {
    const Scenario base = load_optimize(uncertain());
    const OptimizeRecord r = optimize(base, request(2));
    const Scenario best = load_optimize(uncertain(), r.results[1].settings);
    double sum = 0;
    for (std::uint64_t f = 0; f < 20; ++f) {
        CHECK(r.results[0].per_future[f] == deaths_of(base, f));
        CHECK(r.results[1].per_future[f] == deaths_of(best, f));
        sum += r.results[1].per_future[f];
    }
    CHECK(r.results[1].value == sum / 20);
    // The futures differ (the shortfall is drawn), yet on each the old first does better.
    CHECK(r.results[0].per_future[0] != r.results[0].per_future[1]);
    for (std::size_t f = 0; f < 20; ++f) CHECK(r.results[1].per_future[f] < r.results[0].per_future[f]);
    const auto [lo, hi] = paired_interval(r.results[0].per_future, r.results[1].per_future);
    CHECK(lo <= hi);
    CHECK(hi < 0);
}

TEST_CASE("optimize under uncertainty: worst-decile is the mean of the worst tenth", "[optimize]") {
    const Scenario base = load_optimize(uncertain());
    const OptimizeRecord r = optimize(base, request(2, OptimizeRisk::worst_decile));
    CHECK(r.risk == "worst-decile");
    for (const auto& x : r.results) {
        auto v = x.per_future;
        std::sort(v.begin(), v.end(), std::greater<>());
        CHECK(x.value == (v[0] + v[1]) / 2); // 20 futures: the worst 2
    }
}

TEST_CASE("optimize under uncertainty: a compared scenario runs the same futures", "[optimize]") {
    const Scenario base = load_optimize(uncertain());
    // The scenario itself, compared: the same run in every future, a difference of exactly 0.
    const Scenario same = load_optimize(uncertain());
    OptimizeRequest r = request(2);
    r.compare = {{"same.yaml", &same}};
    const OptimizeRecord rec = optimize(base, r);
    REQUIRE(rec.results.size() == 3);
    CHECK(rec.results[2].per_future == rec.results[0].per_future);
    const auto [lo, hi] = paired_interval(rec.results[0].per_future, rec.results[2].per_future);
    CHECK(lo == 0);
    CHECK(hi == 0);
    // Another seed draws other futures: nothing to pair, refused before any run.
    const Scenario other = load_optimize(uncertain(), {"seed=99"});
    r.compare = {{"other.yaml", &other}};
    CHECK_THROWS_WITH(optimize(base, r), Catch::Contains("has seed 99, the scenario 11"));
    // Rows must be told apart.
    r.compare = {{"same.yaml", &same}, {"same.yaml", &same}};
    CHECK_THROWS_WITH(optimize(base, r), Catch::Contains("two files called same.yaml"));
    r.compare = {{"plan", &same}};
    CHECK_THROWS_WITH(optimize(base, r), Catch::Contains("that name is taken"));
}

// optimize --shares: the groups' shares of first doses per period, searched so every
// candidate's shares are >= 0 and sum to 1 per period; the hand-worked optimum of
// tests/data/optimize-shares.yaml found, and the --set overrides printed make its run.
#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>

#include "optimize_tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

std::string shares_file() {
    std::ifstream in(std::string(VAXSIM_SOURCE_DIR) + "/tests/data/optimize-shares.yaml");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

OptimizeRequest shares_request(std::vector<std::string> periods = {"2021-01-05"}) {
    OptimizeRequest r;
    r.shares = {"g1", "g2"};
    r.periods = std::move(periods);
    r.objective = "time-to-target:g1_900";
    return r;
}

// Each period's shares add up to 1 (to the 1/10,000 they are written in).
void check_sum_to_one(const std::vector<double>& shares, std::size_t groups) {
    REQUIRE(shares.size() % groups == 0);
    for (std::size_t q = 0; q < shares.size() / groups; ++q) {
        double sum = 0;
        for (std::size_t g = 0; g < groups; ++g) {
            CHECK(shares[q * groups + g] >= 0);
            sum += shares[q * groups + g];
        }
        CHECK(std::llround(sum * 10000) == 10000);
    }
}

} // namespace

TEST_CASE("optimize --shares finds the hand-worked optimum: every dose to g1", "[optimize][shares]") {
    const Scenario base = load_optimize(shares_file());
    const OptimizeRecord r = optimize(base, shares_request());
    CHECK(r.search == "shares");
    CHECK(r.method == "Sbplx");
    CHECK(r.varied == std::vector<std::string>{"g1", "g2"});
    CHECK(r.periods == std::vector<std::string>{"2021-01-01", "2021-01-05"});
    REQUIRE(r.results.size() == 3);
    CHECK(r.results[0].name == "plan");
    CHECK(r.results[0].value == 18); // g2 first, then g1's 900 by day 18
    CHECK(r.results[2].name == "start");
    CHECK(r.results[2].value == 17); // 50 a day to g1
    CHECK(r.results[1].value == 8);  // 100 a day to g1
    CHECK(r.start_shares == std::vector<double>{0.5, 0.5, 0.5, 0.5});
    // A share of 0.995 or more already gives g1 all 100 doses; the search keeps the first
    // it found, so the optimum's g1 share is at least that in both periods.
    CHECK(r.optimum_shares[0] >= 0.995);
    CHECK(r.optimum_shares[2] >= 0.995);
    check_sum_to_one(r.optimum_shares, 2);
    check_sum_to_one(r.start_shares, 2);

    // The optimum's --set overrides, applied to the file's text, make its run.
    const Scenario at = load_optimize(shares_file(), r.results[1].settings);
    CHECK(at.policy.allocation == "shares");
    REQUIRE(at.policy.steps.size() == 2);
    CHECK(at.policy.steps[1].from == base.start + 4);
    RunPipeline pipeline;
    CHECK(run_objective(shares_request(), pipeline.run(at, {})) == r.results[1].value);
}

TEST_CASE("optimize --shares over three groups and two periods: shares sum to 1, never worse "
          "than the start", "[optimize][shares]") {
    const Scenario base = load_optimize(optimize_scenario());
    OptimizeRequest req;
    req.shares = {"young_a", "young_b", "old"};
    req.periods = {"2021-02-01"};
    req.budget = 25;
    req.threads = 2;
    const OptimizeRecord r = optimize(base, req);
    CHECK(r.evaluations <= 26); // the plan and the budget's candidates
    REQUIRE(r.results.size() == 3);
    CHECK(r.results[1].value <= r.results[2].value);
    check_sum_to_one(r.optimum_shares, 3);
    check_sum_to_one(r.start_shares, 3);
    // The start: each group's share of the 650,000 people, 250:250:150.
    CHECK(r.start_shares == std::vector<double>{0.3846, 0.3846, 0.2308, 0.3846, 0.3846, 0.2308});
    // Its objective is the run --set makes.
    const Scenario at = load_optimize(optimize_scenario(), r.results[1].settings);
    CHECK(deaths_of(at) == r.results[1].value);
}

TEST_CASE("optimize --shares refuses what it cannot search", "[optimize][shares]") {
    const Scenario base = load_optimize(shares_file());
    auto one = shares_request();
    one.shares = {"g1"};
    CHECK_THROWS_WITH(optimize(base, one), Catch::Contains("at least two"));
    auto unknown = shares_request();
    unknown.shares = {"g1", "g3"};
    CHECK_THROWS_WITH(optimize(base, unknown), Catch::Contains("--shares g3: no such group"));
    CHECK_THROWS_WITH(optimize(base, shares_request({"2021-01-05", "2021-01-05"})),
                      Catch::Contains("after the one before"));
    CHECK_THROWS_WITH(optimize(base, shares_request({"2021-03-01"})),
                      Catch::Contains("by the run's end"));
    CHECK_THROWS_WITH(optimize(base, shares_request({"Jan 5"})), Catch::Contains("YYYY-MM-DD"));
    OptimizeRequest periods_alone;
    periods_alone.periods = {"2021-01-05"};
    periods_alone.order = {"g1", "g2"};
    periods_alone.objective = "time-to-target:g1_900";
    CHECK_THROWS_WITH(optimize(base, periods_alone), Catch::Contains("--periods applies with --shares"));
    // Later periods are written as policy changes: a scenario with its own is refused.
    const Scenario changed = load_optimize(
        shares_file() + "policy: {changes: [{from: 2021-01-10, walk_ins: true}]}\n");
    CHECK_THROWS_WITH(optimize(changed, shares_request()), Catch::Contains("dated policy changes"));
}

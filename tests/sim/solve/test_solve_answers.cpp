// vaxsim solve on tiny scenarios whose answers are worked out by hand: the answer meets
// the target, the value one step before misses it (both checked by running the scenario
// with --set PATH=VALUE, as a planner would), and the direction is found from the range.
#include "sim/cli.hpp"
#include "sim/solve.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

// One dose, 1,000 willing young people, no weekday profile, from Monday 2021-03-01.
// The target: 700 people with a first dose by 2021-03-10 (the run's tenth day).
std::string scenario(const std::string& supply, const std::string& capacity,
                     const std::string& opens = "2021-03-01") {
    return "name: solve\nstart: 2021-03-01\nend: 2021-03-20\n" + tiny_population() +
           "products:\n  - {id: vax, doses: 1, supply: " + supply + "}\n" +
           "capacity: {periods: [{from: 2021-03-01, doses_per_day: " + capacity + "}]}\n" +
           "groups:\n  - {id: g, tier: A, band: young, size: 1000, opens: " + opens +
           ", priority: 1}\n" +
           "targets:\n  - {id: seven_hundred, measure: first_dose, population: {groups: [g]}, "
           "count: 700, deadline: 2021-03-10}\n";
}

bool met_with(const std::string& yaml, const std::string& path, const std::string& value) {
    const Scenario s = load_tiny(yaml, {path + "=" + value});
    RunPipeline pipeline;
    return pipeline.run(s).outcomes.targets.at(0).met;
}

SolveRequest request(const std::string& path, const std::string& from, const std::string& to,
                     const std::string& step = "") {
    SolveRequest r;
    r.path = path;
    r.from = from;
    r.to = to;
    r.step = step;
    r.targets = {"seven_hundred"};
    return r;
}

const std::string plenty = "{deliveries: [{date: 2021-03-01, doses: 5000}]}";

std::string answer(const SolveRecord& r) {
    REQUIRE(r.answer);
    return r.evaluations[*r.answer].value;
}
std::string failing(const SolveRecord& r) {
    REQUIRE(r.last_failing);
    return r.evaluations[*r.last_failing].value;
}

} // namespace

TEST_CASE("solve: the smallest daily capacity is 70 a day (10 days x 70 = 700)", "[solve]") {
    const std::string yaml = scenario(plenty, "10");
    const std::string path = "capacity.periods.0.doses_per_day";
    const SolveRecord r = solve(load_tiny(yaml), request(path, "10", "200"));
    CHECK(r.status == SolveStatus::solved);
    CHECK(r.direction == "smallest");
    CHECK_FALSE(r.direction_stated);
    CHECK(answer(r) == "70");
    CHECK(failing(r) == "69");
    CHECK(met_with(yaml, path, "70"));
    CHECK_FALSE(met_with(yaml, path, "69"));
    // Bisection: the ends, five probes, then a handful of steps, not the 191 values.
    CHECK(r.evaluations.size() <= 7 + 6);
}

TEST_CASE("solve: a coarser step gives the first grid value that meets", "[solve]") {
    const SolveRecord r = solve(load_tiny(scenario(plenty, "10")),
                                request("capacity.periods.0.doses_per_day", "10", "200", "25"));
    // Grid 10, 35, 60, 85, ...: 60 x 10 = 600 misses, 85 x 10 = 850 meets.
    CHECK(answer(r) == "85");
    CHECK(failing(r) == "60");
    CHECK(r.step == "25");
}

TEST_CASE("solve: the latest delay is 3 days (700 doses at 100 a day take 7 days)", "[solve]") {
    // Delivered on 03-01 + d, given 100 a day from then: the 700th on 03-07 + d <= 03-10.
    const std::string yaml = scenario("{deliveries: [{date: 2021-03-01, doses: 700}]}", "100");
    const std::string path = "products.vax.supply.delay_days";
    const SolveRecord r = solve(load_tiny(yaml), request(path, "0", "15"));
    CHECK(r.status == SolveStatus::solved);
    CHECK(r.direction == "latest");
    CHECK(answer(r) == "3");
    CHECK(failing(r) == "4");
    CHECK(met_with(yaml, path, "3"));
    CHECK_FALSE(met_with(yaml, path, "4"));
}

TEST_CASE("solve: the latest open date of a group is 2021-03-04", "[solve]") {
    const std::string yaml = scenario(plenty, "100");
    const std::string path = "groups.g.opens";
    const SolveRecord r = solve(load_tiny(yaml), request(path, "2021-03-01", "2021-03-20"));
    CHECK(r.kind == "date");
    CHECK(r.direction == "latest");
    CHECK(answer(r) == "2021-03-04");
    CHECK(failing(r) == "2021-03-05");
    CHECK(met_with(yaml, path, "2021-03-04"));
    CHECK_FALSE(met_with(yaml, path, "2021-03-05"));
}

TEST_CASE("solve: the smallest supply scale is 0.70 of 1000 doses", "[solve]") {
    const std::string yaml = scenario("{deliveries: [{date: 2021-03-01, doses: 1000}]}", "100");
    const std::string path = "products.vax.supply.scale";
    const SolveRecord r = solve(load_tiny(yaml), request(path, "0.10", "1.50"));
    CHECK(r.step == "0.01");
    CHECK(answer(r) == "0.70");
    CHECK(failing(r) == "0.69");
    CHECK(met_with(yaml, path, "0.70"));
    CHECK_FALSE(met_with(yaml, path, "0.69"));
}

TEST_CASE("solve: met at the lower end and --smallest says the range does not bracket it",
          "[solve]") {
    auto r = request("capacity.periods.0.doses_per_day", "80", "200");
    CHECK_THROWS_AS(solve(load_tiny(scenario(plenty, "10")), r), UsageError); // which end?
    r.direction = SolveDirection::smallest;
    const SolveRecord s = solve(load_tiny(scenario(plenty, "10")), r);
    CHECK(s.status == SolveStatus::met_everywhere);
    CHECK(answer(s) == "80");
    CHECK_FALSE(s.last_failing);
}

TEST_CASE("solve: a direction the ends contradict is named, not called not monotone",
          "[solve]") {
    // Capacity meets at the upper end (70 a day is the answer): --latest asks the other
    // question. An opening date meets at the lower end: --smallest does.
    auto r = request("capacity.periods.0.doses_per_day", "10", "200");
    r.direction = SolveDirection::latest;
    CHECK_THROWS_WITH(solve(load_tiny(scenario(plenty, "10")), r),
                      Catch::Contains("met at 200 (the upper end of the range) and not at 10: "
                                      "did you mean --smallest?"));
    r = request("groups.g.opens", "2021-03-01", "2021-03-20");
    r.direction = SolveDirection::smallest;
    CHECK_THROWS_WITH(solve(load_tiny(scenario(plenty, "100")), r),
                      Catch::Contains("did you mean --latest?"));
}

TEST_CASE("solve: a deterministic answer carries no caution about futures", "[solve]") {
    const SolveRecord r = solve(load_tiny(scenario(plenty, "10")),
                                request("capacity.periods.0.doses_per_day", "10", "200"));
    REQUIRE(r.status == SolveStatus::solved);
    CHECK(format_solve(r).find("Caution") == std::string::npos);
}

TEST_CASE("solve: not met anywhere in the range", "[solve]") {
    const SolveRecord r = solve(load_tiny(scenario(plenty, "10")),
                                request("capacity.periods.0.doses_per_day", "10", "60"));
    CHECK(r.status == SolveStatus::met_nowhere);
    CHECK_FALSE(r.answer);
    CHECK(r.evaluations.size() == 7);
}

TEST_CASE("solve: bad requests are refused before any run", "[solve]") {
    const Scenario base = load_tiny(scenario(plenty, "10"));
    const auto refused = [&](SolveRequest r, const std::string& words) {
        CHECK_THROWS_WITH(solve(base, r), Catch::Contains(words));
    };
    refused(request("capacity.periods.5.doses_per_day", "10", "20"), "no element");
    refused(request("policy.first_dose_allocation", "10", "20"), "numbers and dates");
    refused(request("capacity.periods.0.doses_per_day", "20", "10"), "below its second");
    refused(request("capacity.periods.0.doses_per_day", "-10", "20"), "refuses it");
    refused(request("capacity.periods.0.doses_per_day", "10", "20", "0.5"), "whole number");
    refused(request("groups.g.opens", "2021-03-01", "20"), "YYYY-MM-DD");
    auto r = request("capacity.periods.0.doses_per_day", "10", "20");
    r.targets = {"nine_hundred"};
    refused(r, "the scenario's targets: seven_hundred");
    r.targets = {"seven_hundrd"};
    refused(r, "no such target; did you mean 'seven_hundred'?");
    r = request("capacity.periods.0.doses_per_day", "10", "20");
    r.futures = 10;
    refused(r, "no uncertain inputs");
}

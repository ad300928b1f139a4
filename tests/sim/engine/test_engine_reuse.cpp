// One engine runs the scenarios of a sweep one after another, keeping its ledger and the
// days' capacity between runs; each run must still be the run a fresh engine makes.
#include <filesystem>

#include "sim/engine/simulation.hpp"
#include "sim/input/scenario_reader.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

const std::string scenario =
    "name: reuse\nstart: 2021-03-01\nend: 2021-03-20\n" + tiny_population() + R"(
products:
  - id: vax
    doses: 2
    interval_days: 4
    wastage: 0.1
    supply: {deliveries: [{date: 2021-03-01, doses: 300}, {date: 2021-03-08, doses: 200}]}
capacity:
  periods: [{from: 2021-03-01, doses_per_day: 20}, {from: 2021-03-10, doses_per_day: 30}]
groups:
  - {id: g1, tier: A, band: old, size: 60, opens: 2021-03-01, priority: 1}
  - {id: g2, tier: A, band: young, size: 90, opens: 2021-03-03, priority: 2}
)";

void check_same(const Ledger& a, const Ledger& b) {
    // Every count (doses per group and per cohort, people, stock, capacity, ...), then
    // what held each day.
    CHECK(a.counts_differing(b) == std::vector<std::string>{});
    CHECK(a.binding_constraint == b.binding_constraint);
    CHECK(a.binding_product == b.binding_product);
    CHECK(a.group_binding_constraint == b.group_binding_constraint);
}

} // namespace

TEST_CASE("a reused engine runs each scenario as a fresh one does", "[engine]") {
    // Same shape each time, so the ledger's memory is reused; capacity, its weekday
    // profile and supply change between runs, and the first scenario comes back last.
    const std::vector<Scenario> runs{
        load_tiny(scenario),
        load_tiny(scenario, {"capacity.periods.1.doses_per_day=10"}),
        load_tiny(std::string(scenario).replace(
            scenario.find("capacity:\n"), 10,
            "capacity:\n  weekday_factors: [1, 1, 1, 1, 1, 0.5, 0]\n")),
        load_tiny(scenario, {"products.vax.supply.deliveries.1.doses=20"}),
        load_tiny(scenario),
    };
    Engine engine;
    for (const Scenario& sc : runs) check_same(engine.run(sc), simulate(sc));
    CHECK(runs[0].capacity.on(runs[0].start + 12) == 30);
    CHECK(runs[1].capacity.on(runs[1].start + 12) == 10);
    CHECK(runs[2].capacity.on(runs[2].start + 6) == 0); // a Sunday
}

TEST_CASE("a reused engine keeps the days' capacity of its latest runs, and forgets the oldest",
          "[engine]") {
    // Places run in turn on one engine, each with its own capacity: the engine keeps the
    // capacity plans of its latest runs. More capacities than it keeps, then the first
    // again (no longer kept: worked out anew), then one still kept.
    std::vector<Scenario> runs;
    for (int n = 1; n <= 70; ++n)
        runs.push_back(load_tiny(scenario, {"capacity.periods.1.doses_per_day=" + std::to_string(n)}));
    Engine engine;
    for (const Scenario& sc : runs) engine.run(sc);
    for (const std::size_t i : {std::size_t{0}, std::size_t{69}, std::size_t{40}, std::size_t{0}}) {
        CAPTURE(i);
        check_same(engine.run(runs[i]), simulate(runs[i]));
        CHECK(engine.ledger().capacity(15) == static_cast<std::int64_t>(i + 1));
    }
}

TEST_CASE("a reused engine's doses per cohort, and a run after its ledger was taken, are a "
          "fresh engine's",
          "[engine]") {
    // The epidemic scenario's ledger also counts doses per cohort; a run zeroes only the
    // dose cells the run before made non-zero, so a smaller run after a larger must leave
    // none of the larger's doses behind.
    const auto file = std::filesystem::path(VAXSIM_SOURCE_DIR) / "scenarios/seoul-2021-epidemic.yaml";
    const std::vector<Scenario> runs{load_scenario_file(file),
                                     load_scenario_file(file, {"products.pfizer.supply.scale=0.3"}),
                                     load_scenario_file(file, {"groups.adults_18_49.opens=2021-09-01"})};
    Engine engine;
    for (const Scenario& sc : runs) {
        const Ledger& reused = engine.run(sc);
        REQUIRE(reused.has_cohort_doses());
        check_same(reused, simulate(sc));
    }
    const Ledger taken = engine.take();
    check_same(taken, simulate(runs.back()));
    check_same(engine.run(runs[1]), simulate(runs[1]));
}

// One engine runs the scenarios of a sweep one after another, keeping its ledger and the
// days' capacity between runs; each run must still be the run a fresh engine makes.
#include "sim/engine/simulation.hpp"
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
    CHECK(std::vector<std::int64_t>(a.doses().begin(), a.doses().end()) ==
          std::vector<std::int64_t>(b.doses().begin(), b.doses().end()));
    CHECK(a.first_dose_people == b.first_dose_people);
    CHECK(a.fully_vaccinated_people == b.fully_vaccinated_people);
    for (const auto& [x, y] : {std::pair{&a.deliveries, &b.deliveries},
                               {&a.administered, &b.administered},
                               {&a.wasted, &b.wasted},
                               {&a.stock, &b.stock},
                               {&a.later_doses_due, &b.later_doses_due},
                               {&a.later_doses_outstanding, &b.later_doses_outstanding}})
        CHECK(*x == *y);
    CHECK(a.capacity == b.capacity);
    CHECK(a.capacity_used == b.capacity_used);
    CHECK(a.binding_constraint == b.binding_constraint);
    CHECK(a.binding_product == b.binding_product);
    CHECK(a.delivered_after_end == b.delivered_after_end);
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

// The SEIR model: the classic final size, convergence as the step shrinks, people
// conserved, and vaccination averting deaths.
#include <cmath>

#include "models/epidemic_run.hpp"
#include "results/sweep_record.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

const std::string data_dir = std::string(VAXSIM_SOURCE_DIR) + "/tests/data";

// One vaccine, two groups; the epidemic section is varied by the tests.
std::string scenario(const std::string& epidemic, const std::string& end = "2022-12-31",
                     const std::string& supply = "0") {
    return "name: epi\nstart: 2021-01-01\nend: " + end + "\n" + R"(
population:
  tiers: [A]
  bands:
    - {id: young, min_age: 0, max_age: 64, count: 812500}
    - {id: old, min_age: 65, count: 187500}
products:
  - id: vax
    doses: 2
    interval_days: 21
    supply: {deliveries: [{date: 2021-01-01, doses: )" +
           supply + R"(}]}
capacity: {periods: [{from: 2021-01-01, doses_per_day: 20000}]}
groups:
  - {id: old, tier: A, band: old, size: 150000, opens: 2021-01-01, priority: 1}
  - {id: young, tier: A, band: young, size: 500000, opens: 2021-01-01, priority: 2}
epidemic:
  populations: )" +
           sixteen("62500") + R"(
  latent_days: 3
  infectious_days: 5
  severity:
    source: "test values"
    hospitalisation: )" +
           sixteen("0.02") + R"(
    fatality: )" +
           sixteen("0.005") + R"(
  protection:
    vax: {delay_days: 14, infection: [0.5, 0.8], severe: [0.8, 0.95]}
)" + epidemic;
}

Scenario load(const std::string& text) {
    return load_scenario_text("epi.yaml", text, data_dir);
}

} // namespace

TEST_CASE("with homogeneous mixing the attack rate meets the SIR final-size relation",
          "[epidemic]") {
    // Uniform contacts and equal bands make one well-mixed population, whose final size z
    // solves z = 1 - exp(-R0 z) (SEIR shares SIR's): 0.796812 for R0 = 2.
    const Scenario sc = load(scenario(
        "  contacts_csv: uniform_contacts.csv\n  r0: 2\n  initial: {infectious: 0.000001}\n"
        "  substeps: 4\n"));
    const EpidemicResult r = simulate_epidemic(sc, nullptr);
    const double attack = r.total_infections() / 1e6;
    double z = 0.5;
    for (int i = 0; i < 200; ++i) z = 1 - std::exp(-2 * z);
    CHECK(z == Approx(0.796812).epsilon(1e-5));
    CHECK(attack == Approx(z).margin(2e-4));
    // Expected outcomes follow the ratios: 2% hospitalised, 0.5% die.
    CHECK(r.total_deaths() == Approx(0.005 * r.total_infections()).epsilon(1e-9));
}

TEST_CASE("the daily RK4 solution converges as the step shrinks", "[epidemic]") {
    const auto total = [&](int substeps) {
        const Scenario sc = load(scenario(
            "  contacts_csv: KOR_contacts.csv\n  r0: 2.5\n  initial: {infectious: 0.0001}\n"
            "  substeps: " +
                std::to_string(substeps) + "\n",
            "2021-12-31"));
        return simulate_epidemic(sc, nullptr).total_infections();
    };
    const double reference = total(64);
    double previous_error = HUGE_VAL;
    for (int substeps : {1, 2, 4, 8}) {
        const double error = std::fabs(total(substeps) - reference) / reference;
        INFO("substeps " << substeps << ": relative error " << error);
        CHECK(error < previous_error / 8); // fourth order: about 16x per halving
        previous_error = error;
    }
    CHECK(previous_error < 1e-7);
}

TEST_CASE("vaccination conserves people and averts infections and deaths", "[epidemic]") {
    const Scenario sc = load(
        scenario("  contacts_csv: KOR_contacts.csv\n  r0: 2.5\n  initial: {infectious: 0.0001}\n",
                 "2021-12-31", "1600000"));
    const Ledger run = run_checked(sc);
    const EpidemicResult with = simulate_epidemic(sc, &run);
    const EpidemicResult without = simulate_epidemic(sc, nullptr);
    for (int t = 0; t < run.days(); t += 30)
        for (int a = 0; a < sc.epidemic->bands(); ++a)
            CHECK(with.population_check(t, a) == Approx(62500).epsilon(1e-9));
    CHECK(with.smallest_compartment > -1e-6); // no compartment, R included, ever goes negative
    CHECK(without.smallest_compartment > -1e-6);
    CHECK(with.total_infections() < 0.8 * without.total_infections());
    CHECK(with.total_deaths() < 0.7 * without.total_deaths());
    // No vaccine delivered: the same epidemic as the counterfactual, to the last digit.
    const Scenario none = load(
        scenario("  contacts_csv: KOR_contacts.csv\n  r0: 2.5\n  initial: {infectious: 0.0001}\n",
                 "2021-12-31", "0"));
    const Ledger idle = run_checked(none);
    CHECK(simulate_epidemic(none, &idle).total_deaths() == without.total_deaths());
}

TEST_CASE("epidemic input errors point at the file", "[epidemic]") {
    CHECK_THROWS_WITH(load(scenario("  contacts_csv: uniform_contacts.csv\n  r0: -1\n")),
                      Catch::Contains("epi.yaml") && Catch::Contains("r0 must be above 0"));
    std::string weak = scenario("  contacts_csv: uniform_contacts.csv\n  r0: 2\n");
    weak.replace(weak.find("severe: [0.8, 0.95]"), 19, "severe: [0.3, 0.95]");
    CHECK_THROWS_WITH(load(weak), Catch::Contains("at least that against infection"));
}

TEST_CASE("sweeps record infections, deaths and deaths averted against the counterfactual",
          "[epidemic]") {
    const Scenario sc = load(
        scenario("  contacts_csv: KOR_contacts.csv\n  r0: 2.5\n  initial: {infectious: 0.0001}\n",
                 "2021-12-31", "1600000"));
    const SweepRecordLayout layout(sc);
    REQUIRE(layout.epidemic());
    const Ledger run = run_checked(sc);
    const double without = simulate_epidemic(sc, nullptr).total_deaths();
    std::vector<std::int64_t> m(layout.size());
    fill_record(layout, sc, run, evaluate(sc, run, false), {},
                EpidemicOutcome{simulate_epidemic(sc, &run), std::nullopt}, without, m.data());
    const EpidemicResult with = simulate_epidemic(sc, &run);
    using F = RecordField;
    CHECK(m[layout.offset(F::epidemic_infections)] == std::llround(with.total_infections()));
    CHECK(m[layout.offset(F::epidemic_deaths)] == std::llround(with.total_deaths()));
    CHECK(m[layout.offset(F::epidemic_deaths_averted)] ==
          std::llround(without - with.total_deaths()));
    CHECK(m[layout.offset(F::epidemic_deaths_averted)] > 0);
}

TEST_CASE("the shipped rollout orders trade infections against deaths", "[epidemic]") {
    const auto outcome = [](const char* file) {
        const Scenario sc =
            load_scenario_file(std::string(VAXSIM_SOURCE_DIR) + "/scenarios/" + file);
        const Ledger run = simulate(sc);
        return simulate_epidemic(sc, &run);
    };
    const EpidemicResult plan = outcome("seoul-2021-epidemic.yaml");
    const EpidemicResult workers = outcome("seoul-2021-epidemic-workers-first.yaml");
    // Vaccinating the working ages first cuts transmission but leaves the old exposed longer.
    CHECK(workers.total_infections() < plan.total_infections());
    CHECK(workers.total_deaths() > plan.total_deaths());
}

// The stochastic mode (models/chain_binomial.hpp): whole people, reproducible draws, the
// final size and the chance of a minor outbreak a branching process predicts, and
// vaccination moving whole people. A million people in sixteen equal bands with uniform
// contacts, so every band is alike and the model is one homogeneous population.
#include <cmath>
#include <set>

#include "models/epidemic_run.hpp"
#include "models/invariants.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

const std::string data_dir = std::string(VAXSIM_SOURCE_DIR) + "/tests/data";

std::string scenario(const std::string& epidemic, long long doses = 0,
                     const std::string& end = "2021-12-31") {
    return million_people("epi-stochastic", end, doses, doses, 1000000) +
           R"(  contacts_csv: uniform_contacts.csv
  latent_days: 3
  infectious_days: 5
  stochastic: true
  counterfactual: true
  severity:
    source: "test values"
    hospitalisation: )" +
           sixteen("0.02") + R"(
    fatality: )" +
           sixteen("0.005") + R"(
  protection:
    vax: {delay_days: 0, infection: [0.6], severe: [0.9]}
)" + epidemic;
}

Scenario load(const std::string& yaml) {
    return load_scenario_text("epi-stochastic.yaml", yaml, data_dir);
}

bool whole(double x) {
    return x == std::floor(x);
}

} // namespace

TEST_CASE("a stochastic epidemic counts whole people and keeps every band's people", "[epidemic][stochastic]") {
    const Scenario sc =
        load(scenario("  r0: 2\n  substeps: 4\n  initial: {infectious: 0.0002, immune: 0.1}\n",
                      300000, "2021-06-30"));
    const Ledger rollout = run_checked(sc);
    const EpidemicOutcome out = *run_epidemic(sc, rollout);
    for (const EpidemicResult* r : {&out.vaccinated, &*out.counterfactual}) {
        CHECK(check_epidemic_invariants(sc, *r).empty());
        for (Eigen::Index t = 0; t < r->infections.rows(); ++t)
            for (Eigen::Index a = 0; a < r->infections.cols(); ++a) {
                REQUIRE(whole(r->infections(t, a)));
                REQUIRE(whole(r->hospitalisations(t, a)));
                REQUIRE(whole(r->deaths(t, a)));
                // 62,500 a band, exactly, every day.
                REQUIRE(r->population_check(t, a) == 62500);
            }
        CHECK(r->smallest_compartment >= 0);
        // 12.5 infectious a band at the start: 13 (to the nearest), with the first day's.
        CHECK(r->infections(0, 0) >= 13);
    }
    // 300,000 doses on the first day, all protecting at once: whole people, within one a
    // band of the expected (300,000 / 16 = 18,750 a band: none rounded).
    CHECK(out.vaccinated.doses[0][0].given == 300000);
    CHECK(out.vaccinated.doses[0][0].moved == 300000);
    CHECK(out.vaccinated.total_deaths() < out.counterfactual->total_deaths());
}

TEST_CASE("a future's draws are the same every time, and another future's differ", "[epidemic][stochastic]") {
    const Scenario base =
        load(scenario("  r0: 1.4\n  substeps: 2\n  initial: {infectious: 0.00005}\n", 200000));
    const Ledger rollout = run_checked(base);
    const EpidemicResult a = simulate_epidemic(base.realize(3), &rollout);
    const EpidemicResult b = simulate_epidemic(base.realize(3), &rollout);
    const EpidemicResult c = simulate_epidemic(base.realize(4), &rollout);
    CHECK(a.infections == b.infections);
    CHECK(a.deaths == b.deaths);
    CHECK(a.infections != c.infections);
    // As built, a scenario is future 0.
    CHECK(simulate_epidemic(base, &rollout).infections == simulate_epidemic(base.realize(0), &rollout).infections);
}

TEST_CASE("with and without vaccination the stochastic epidemic is the same until the first dose protects",
          "[epidemic][stochastic]") {
    // The doses arrive on 2021-03-01 (day 59) and protect from that day.
    std::string yaml = scenario("  r0: 1.3\n  substeps: 2\n  initial: {infectious: 0.0001}\n", 400000);
    const std::string delivery = "date: 2021-01-01, doses: 400000";
    yaml.replace(yaml.find(delivery), delivery.size(), "date: 2021-03-01, doses: 400000");
    const Scenario sc = load(yaml).realize(7);
    const Ledger rollout = run_checked(sc);
    const EpidemicOutcome out = *run_epidemic(sc, rollout);
    const auto& with = out.vaccinated.infections;
    const auto& without = out.counterfactual->infections;
    CHECK(with.topRows(59) == without.topRows(59));
    CHECK(with.bottomRows(with.rows() - 59) != without.bottomRows(without.rows() - 59));
}

TEST_CASE("the stochastic final size is the deterministic one: the chain binomial keeps R0", "[epidemic][stochastic]") {
    // R0 = 2, nobody immune: the final size z solves z = 1 - exp(-2 z), z = 0.796812.
    // With leaving probabilities 1 - exp(-rate h) in place of rate * h, a day's step
    // would make R0 2.2 (z = 0.8466).
    double z = 0.8;
    for (int i = 0; i < 200; ++i) z = 1 - std::exp(-2 * z);
    for (const char* steps : {"1", "4"}) {
        const Scenario sc = load(scenario(std::string("  r0: 2\n  substeps: ") + steps +
                                          "\n  initial: {infectious: 0.0005}\n"));
        const EpidemicResult r = simulate_epidemic(sc, nullptr);
        INFO("substeps " << steps);
        // Final size among the initially susceptible (the 500 infectious counted on day 0).
        CHECK((r.total_infections() - 500) / (1e6 - 500) == Approx(z).margin(0.004));
    }
}

TEST_CASE("one imported case a day on average starts an outbreak as a branching process says",
          "[epidemic][stochastic]") {
    // Nobody infectious at the start; on one day, importations of mean 1 (a Poisson number,
    // each binomial draw of the million tiny). Each case's offspring: over a geometric
    // number of substeps T (leaving with p = gamma h), a Poisson number of R0 gamma h a
    // substep; its generating function G(s) = p z / (1 - (1 - p) z), z = exp(R0 gamma h
    // (s - 1)). The chance that an imported case's line dies out is the least root q of
    // q = G(q), and of no outbreak with a Poisson(1) number of cases exp(-(1 - q)).
    const double r0 = 1.5, p = 0.2 / 4; // gamma = 1/5 a day, four substeps
    double q = 0;
    for (int i = 0; i < 100000; ++i) {
        const double zq = std::exp(r0 * p * (q - 1));
        q = p * zq / (1 - (1 - p) * zq);
    }
    CHECK(q == Approx(1 / r0).margin(0.02)); // near the continuous model's 1/R0
    const double expected = std::exp(-(1 - q));
    const Scenario base = load(scenario(
        "  r0: 1.5\n  substeps: 4\n  importations: [{from: 2021-01-02, to: 2021-01-02, per_day: 1}]\n",
        0, "2021-12-31"));
    const int futures = 400;
    int minor = 0;
    for (int f = 0; f < futures; ++f) {
        const EpidemicResult r = simulate_epidemic(base.realize(static_cast<std::uint64_t>(f)), nullptr);
        // A major outbreak infects about 58% of the million; a minor one a handful.
        const double total = r.total_infections();
        REQUIRE((total < 1000 || total > 400000));
        minor += total < 1000 ? 1 : 0;
    }
    // Binomial standard error sqrt(0.72 * 0.28 / 400) = 0.022: within four of them.
    CHECK(static_cast<double>(minor) / futures == Approx(expected).margin(0.09));
}

TEST_CASE("the stochastic mode asks for substeps no longer than the shortest stay", "[epidemic][stochastic]") {
    std::string yaml = scenario("  r0: 2\n  substeps: 1\n");
    yaml.replace(yaml.find("latent_days: 3"), 14, "latent_days: 0.5");
    REQUIRE_THROWS_WITH(load(yaml), Catch::Contains("give substeps of at least 2"));
}

TEST_CASE("the Runge-Kutta stability limit does not bind the chain binomial", "[epidemic][stochastic]") {
    // R0 25 with one-day stays: RK4 needs 15 steps a day here; the chain binomial, whose
    // infection probability 1 - exp(-lambda h) is at most 1, one.
    std::string yaml = scenario("  r0: 25\n  substeps: 1\n  initial: {infectious: 0.0001}\n");
    yaml.replace(yaml.find("latent_days: 3"), 14, "latent_days: 1");
    yaml.replace(yaml.find("infectious_days: 5"), 18, "infectious_days: 1");
    const Scenario sc = load(yaml);
    CHECK(check_epidemic_invariants(sc, simulate_epidemic(sc, nullptr)).empty());
    yaml.replace(yaml.find("stochastic: true"), 16, "stochastic: false");
    REQUIRE_THROWS_WITH(load(yaml), Catch::Contains("Runge-Kutta step of 1/1 day is unstable"));
}

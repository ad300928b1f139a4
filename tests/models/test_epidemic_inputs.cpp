// Prior immunity by age, variants and importations: the final size with immune people,
// a variant's transmissibility standing in for R0 and its severity doubling outcomes from
// its date, and people exposed from outside counted with their outcomes.
#include <cmath>

#include "models/epidemic_run.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

const std::string data_dir = std::string(VAXSIM_SOURCE_DIR) + "/tests/data";

// No vaccine; 62,500 people in each band, uniform contacts; fatality 0.5% (1% at 40+).
std::string scenario(const std::string& epidemic, const std::string& initial = "{infectious: 0.000001}") {
    return million_people("epi-inputs", "2022-12-31", 0, 500000, 20000) + R"(  contacts_csv: uniform_contacts.csv
  latent_days: 3
  infectious_days: 5
  initial: )" + initial + R"(
  substeps: 4
  severity:
    source: "test values"
    hospitalisation: )" +
           sixteen("0.02", "0.04") + R"(
    fatality: )" +
           sixteen("0.005", "0.01") + R"(
  protection:
    vax: {delay_days: 14, infection: [0.5], severe: [0.8]}
)" + epidemic;
}

EpidemicResult run(const std::string& epidemic,
                   const std::string& initial = "{infectious: 0.000001}") {
    return simulate_epidemic(load_scenario_text("epi-inputs.yaml", scenario(epidemic, initial), data_dir),
                             nullptr);
}

double final_size(double r0) {
    double z = 0.5;
    for (int i = 0; i < 500; ++i) z = 1 - std::exp(-r0 * z);
    return z;
}

} // namespace

TEST_CASE("prior immunity by age: the immune take no part", "[epidemic]") {
    // Half of 0-39 immune: 75% of everyone susceptible, all mixing alike, so z = 1 -
    // exp(-R0 * 0.75 z) among the susceptible (0.583...): 0-39 lose 0.5 z of their people,
    // 40+ z.
    double z = 0.5;
    for (int i = 0; i < 500; ++i) z = 1 - std::exp(-2 * 0.75 * z);
    CHECK(z == Approx(0.582812).epsilon(1e-5));
    const EpidemicResult r = run("  r0: 2\n", "{infectious: 0.000001, immune: " +
                                                  sixteen("0.5", "0") + "}");
    CHECK(r.infections.col(0).sum() / 62500 == Approx(0.5 * z).margin(2e-4));
    CHECK(r.infections.col(15).sum() / 62500 == Approx(z).margin(2e-4));
    // One number is every band's share, to the last digit.
    CHECK(run("  r0: 2\n", "{infectious: 0.000001, immune: 0.3}").total_infections() ==
          run("  r0: 2\n", "{infectious: 0.000001, immune: " + sixteen("0.3", "0.3") + "}")
              .total_infections());
}

TEST_CASE("a variant multiplies beta and the outcome ratios from its date", "[epidemic]") {
    // From the first day, transmissibility 1.25 with R0 1.6 is an epidemic of R0 2.
    const EpidemicResult r = run("  r0: 1.6\n  variants: [{from: 2021-01-01, transmissibility: "
                                 "1.25, label: Alpha}]\n");
    CHECK(r.total_infections() / 1e6 == Approx(final_size(2)).margin(2e-4));
    CHECK(final_size(1.6) < final_size(2) - 0.1); // which the plain R0 1.6 is far from
    // Severity 2 from 1 June: each day's deaths are that day's infections times the
    // fatality ratio, doubled from then on.
    const EpidemicResult s =
        run("  r0: 2\n  variants: [{from: 2021-06-01, severity: 2, label: Delta}]\n");
    const EpidemicResult plain = run("  r0: 2\n");
    CHECK(s.total_infections() == plain.total_infections());
    for (int t : {10, 100, 150, 151, 200}) {
        INFO("day " << t);
        const double factor = t >= 151 ? 2 : 1; // 2021-06-01 is day 151
        CHECK(s.deaths(t, 0) == Approx(factor * 0.005 * s.infections(t, 0)).epsilon(1e-12));
        CHECK(s.hospitalisations(t, 15) ==
              Approx(factor * 0.04 * s.infections(t, 15)).epsilon(1e-12));
    }
    // In all: the plain epidemic's deaths, with those from 1 June counted twice.
    const double from_june = plain.deaths.bottomRows(plain.deaths.rows() - 151).sum();
    CHECK(from_june > 100);
    CHECK(s.total_deaths() == Approx(plain.total_deaths() + from_june).epsilon(1e-12));
}

TEST_CASE("importations expose people from outside, by population, with their outcomes",
          "[epidemic]") {
    // No transmission (contacts scaled to nothing), no one infected at the start: a force
    // of infection of 100 / 1,000,000 a day for 10 days is all the infections. Each day
    // exposes 1e-4 of those still susceptible: 1e6 * (1 - (1 - 1e-4)^10) = 999.55012 in
    // all, 6.25 in each band on the first day; hospitalised: half at 2%, half at 4% (3%),
    // deaths 0.75%.
    const EpidemicResult r = run("  r0: 2\n  contact_scaling: [{from: 2021-01-01, factor: 0}]\n"
                                 "  importations: [{from: 2021-02-01, to: 2021-02-10, per_day: 100}]\n",
                                 "{}");
    const double all = 1e6 * (1 - std::pow(1 - 1e-4, 10));
    CHECK(all == Approx(999.5501199790025).epsilon(1e-12));
    CHECK(r.total_infections() == Approx(all).epsilon(1e-12));
    CHECK(r.infections(31, 3) == Approx(6.25).epsilon(1e-12)); // 2021-02-01, each band
    CHECK(r.infections(30, 3) == 0);
    CHECK(r.infections(41, 3) == 0); // 2021-02-11: over
    CHECK(r.total_hospitalisations() == Approx(0.03 * all).epsilon(1e-12));
    CHECK(r.total_deaths() == Approx(0.0075 * all).epsilon(1e-12));
    CHECK(r.smallest_compartment > -1e-6);
    // A band that cannot be infected (susceptibility 0) is exposed to none of them: the
    // eight bands from 40 take 8 * 62,500 * (1 - (1 - 1e-4)^10).
    const EpidemicResult half = run("  r0: 2\n  contact_scaling: [{from: 2021-01-01, factor: 0}]\n"
                                    "  susceptibility: " + sixteen("0", "1") + "\n"
                                    "  importations: [{from: 2021-02-01, to: 2021-02-10, per_day: 100}]\n",
                                    "{}");
    CHECK(half.infections.leftCols(8).sum() == 0);
    CHECK(half.total_infections() == Approx(all / 2).epsilon(1e-12));
    // With transmission they seed the epidemic: the SIR final size.
    const EpidemicResult seeded = run(
        "  r0: 2\n  importations: [{from: 2021-01-01, to: 2021-01-01, per_day: 1}]\n", "{}");
    CHECK(seeded.total_infections() / 1e6 == Approx(final_size(2)).margin(2e-4));
}

TEST_CASE("immunity, variants and importations are checked where they are written",
          "[epidemic]") {
    const auto load = [](const std::string& e, const std::string& initial = "{}") {
        return load_scenario_text("epi-inputs.yaml", scenario("  r0: 2\n" + e, initial), data_dir);
    };
    CHECK_THROWS_WITH(load("", "{immune: [0.5, 0.5]}"), Catch::Contains("expected 16 values"));
    CHECK_THROWS_WITH(load("", "{infectious: 0.1, immune: " + sixteen("0", "0.95") + "}"),
                      Catch::Contains("the shares add up to more than 1"));
    CHECK_THROWS_WITH(load("  variants: [{from: 2021-03-01}, {from: 2021-02-01}]\n"),
                      Catch::Contains("epi-inputs.yaml") &&
                          Catch::Contains("variants must be in date order"));
    CHECK_THROWS_WITH(load("  variants: [{from: 2021-03-01, severity: 30}]\n"),
                      Catch::Contains("keep every hospitalisation and fatality ratio at most 1"));
    CHECK_THROWS_WITH(load("  variants: [{from: 2021-03-01, spread: 2}]\n"),
                      Catch::Contains("spread"));
    CHECK_THROWS_WITH(
        load("  importations: [{from: 2021-03-01, to: 2021-02-01, per_day: 5}]\n"),
        Catch::Contains("to must not be before from"));    // RK4 at 4 steps a day: contacts 10 times (factor 10) and a variant 10 times as
    // transmissible make the force of infection at its ceiling R0 * gamma * 100 = 40 a day,
    // 10 a step, beyond RK4's stability (2.78): refused, asking for 16 steps.
    CHECK_THROWS_WITH(load("  contact_scaling: [{from: 2021-06-01, factor: 10}]\n"
                           "  variants: [{from: 2021-03-01, transmissibility: 10}]\n"),
                      Catch::Contains("unstable") && Catch::Contains("at least 16"));
    CHECK_NOTHROW(load("  variants: [{from: 2021-03-01, transmissibility: 10}]\n"));
}

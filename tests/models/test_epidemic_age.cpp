// Age-specific susceptibility and clinical fraction: beta from the next-generation
// matrix, the final size of a heterogeneous epidemic, defaults that change nothing.
#include <cmath>

#include "models/epidemic_run.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

const std::string data_dir = std::string(VAXSIM_SOURCE_DIR) + "/tests/data";

// No vaccine: 62,500 people in each band, uniform contacts (1 a day with each band).
std::string scenario(const std::string& epidemic) {
    return million_people("epi-age", "2022-12-31", 0, 500000, 20000) + R"(  contacts_csv: uniform_contacts.csv
  r0: 2
  latent_days: 3
  infectious_days: 5
  initial: {infectious: 0.000001}
  substeps: 4
  severity:
    source: "test values"
    hospitalisation: )" +
           sixteen("0.02", "0.02") + R"(
    fatality: )" +
           sixteen("0.005", "0.005") + R"(
  protection:
    vax: {delay_days: 14, infection: [0.5], severe: [0.8]}
)" + epidemic;
}

Scenario load(const std::string& text) {
    return load_scenario_text("epi-age.yaml", text, data_dir);
}

} // namespace

TEST_CASE("beta is fixed by the next-generation matrix with susceptibility and "
          "infectiousness", "[epidemic]") {
    // u = 0.5 (0-39), 1 (40+); clinical 0.4, 0.8 with subclinical cases half as
    // infectious: w = 0.4 + 0.5 * 0.6 = 0.7 and 0.8 + 0.5 * 0.2 = 0.9. Uniform contacts
    // and equal bands make the matrix rank one, radius c * sum_b u_b w_b
    // = 8 * 0.35 + 8 * 0.9 = 10, so beta = R0 gamma / 10 = 2 * 0.2 / 10 = 0.04.
    const Scenario sc = load(scenario("  susceptibility: " + sixteen("0.5", "1") +
                                      "\n  clinical_fraction: " + sixteen("0.4", "0.8") +
                                      "\n  subclinical_infectiousness: 0.5\n"));
    CHECK(sc.epidemic->beta == Approx(0.04).epsilon(1e-12));
    CHECK(sc.epidemic->infectiousness(0) == Approx(0.7).epsilon(1e-15));
    CHECK(sc.epidemic->infectiousness(15) == Approx(0.9).epsilon(1e-15));

    // Final size with proportionate mixing: z_a = 1 - exp(-u_a theta), theta = R0 *
    // sum_b w_b z_b / sum_b u_b w_b = 1.6 (0.7 z_young + 0.9 z_old): theta = 1.92008,
    // z_young = 0.617122, z_old = 0.853405.
    double theta = 1, z_young = 0, z_old = 0;
    for (int i = 0; i < 500; ++i) {
        z_young = 1 - std::exp(-0.5 * theta);
        z_old = 1 - std::exp(-theta);
        theta = 1.6 * (0.7 * z_young + 0.9 * z_old);
    }
    CHECK(z_young == Approx(0.617122).epsilon(1e-5));
    CHECK(z_old == Approx(0.853405).epsilon(1e-5));
    const EpidemicResult r = simulate_epidemic(sc, nullptr);
    for (int a = 0; a < 16; ++a) {
        INFO("band " << a);
        CHECK(r.infections.col(a).sum() / 62500 == Approx(a < 8 ? z_young : z_old).margin(2e-4));
    }
}

TEST_CASE("the same susceptibility everywhere changes nothing: beta makes up for it",
          "[epidemic]") {
    // Halving everyone's susceptibility halves the radius and doubles beta: the same
    // epidemic, to rounding. All ones, and clinical fraction 1 whatever the subclinical
    // infectiousness, is today's model to the last digit.
    const double plain = simulate_epidemic(load(scenario("")), nullptr).total_infections();
    const Scenario half = load(scenario("  susceptibility: " + sixteen("0.5", "0.5") + "\n"));
    CHECK(half.epidemic->beta == Approx(2 * load(scenario("")).epidemic->beta).epsilon(1e-12));
    CHECK(simulate_epidemic(half, nullptr).total_infections() == Approx(plain).epsilon(1e-12));
    const Scenario ones = load(scenario("  susceptibility: " + sixteen("1", "1") +
                                        "\n  clinical_fraction: " + sixteen("1", "1") +
                                        "\n  subclinical_infectiousness: 0.25\n"));
    CHECK(simulate_epidemic(ones, nullptr).total_infections() == plain);
}

TEST_CASE("susceptibility and clinical fraction are checked where they are written",
          "[epidemic]") {
    CHECK_THROWS_WITH(load(scenario("  clinical_fraction: " + sixteen("0.4", "0.8") + "\n")),
                      Catch::Contains("epi-age.yaml") &&
                          Catch::Contains("expected subclinical_infectiousness"));
    CHECK_THROWS_WITH(load(scenario("  subclinical_infectiousness: 0.5\n")),
                      Catch::Contains("expected clinical_fraction"));
    CHECK_THROWS_WITH(load(scenario("  susceptibility: [1, 1]\n")),
                      Catch::Contains("expected 16 values"));
    CHECK_THROWS_WITH(load(scenario("  susceptibility: " + sixteen("1", "-1") + "\n")),
                      Catch::Contains("a relative susceptibility must be from 0 to 10"));
    CHECK_THROWS_WITH(load(scenario("  susceptibility: " + sixteen("0", "0") + "\n")),
                      Catch::Contains("no one can infect anyone"));
    // Nobody infectious: every infection subclinical, and subclinical cases not infectious.
    // The error names what made it so, not the contacts.
    CHECK_THROWS_WITH(load(scenario("  clinical_fraction: " + sixteen("0") +
                                    "\n  subclinical_infectiousness: 0\n")),
                      Catch::Contains("clinical_fraction") &&
                          Catch::Contains("no one can infect anyone"));
}

// The epidemic on coarser age bands than the contact data's five-year bands (`bands:`):
// the same epidemic where the aggregation is exact, the final size on the coarse bands,
// per-band inputs given either way, and the shipped Seoul scenario on decades.
#include <cmath>

#include "models/epidemic_run.hpp"
#include "sim/input/scenario_reader.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

const std::string data_dir = std::string(VAXSIM_SOURCE_DIR) + "/tests/data";
const std::string decades = "[0-9, 10-19, 20-29, 30-39, 40-49, 50-59, 60-69, 70+]";

// A million people, 62,500 in each five-year band, uniform contacts (1 a day with each
// five-year band); 400,000 doses of a leaky one-dose vaccine, given from the start.
std::string scenario(const std::string& epidemic) {
    return million_people("epi-coarse", "2022-12-31", 400000, 400000, 20000) +
           R"(  contacts_csv: uniform_contacts.csv
  r0: 2
  latent_days: 3
  infectious_days: 5
  initial: {infectious: 0.000001}
  substeps: 4
  protection:
    vax: {delay_days: 14, infection: [0.5], severe: [0.8]}
)" + epidemic;
}

// Severity rising with age, different within the decade 40-49 (0.02 at 40-44, 0.04 from 45).
std::string severity() {
    return "  severity:\n    source: \"test values\"\n    hospitalisation: " +
           sixteen("0.02", "0.04", 9) + "\n    fatality: " + sixteen("0.005", "0.01", 9) + "\n";
}

Scenario load(const std::string& text) { return load_scenario_text("epi-coarse.yaml", text, data_dir); }

} // namespace

TEST_CASE("on decade bands a well-mixed population has the five-year bands' epidemic",
          "[epidemic]") {
    // Uniform contacts and equal bands: every person meets everyone alike, so joining
    // bands changes nothing (C' = 2 with each decade, 2 five-year bands of 1 each), the
    // attack rate is the same in every band, and the population-weighted mean ratios
    // give the same outcomes. The rollout's one band spreads its doses by people either way.
    const Scenario five = load(scenario(severity()));
    const Scenario ten = load(scenario("  bands: " + decades + "\n" + severity()));
    REQUIRE(ten.epidemic->bands() == 8);
    CHECK(ten.epidemic->contacts(0, 7) == 2);
    CHECK(ten.epidemic->population(7) == 125000);
    CHECK(ten.epidemic->hospitalisation(4) == Approx(0.03).epsilon(1e-15));
    CHECK(ten.epidemic->beta == Approx(five.epidemic->beta).epsilon(1e-14));
    const Ledger run_five = run_checked(five), run_ten = run_checked(ten);
    const EpidemicResult a = simulate_epidemic(five, &run_five), b = simulate_epidemic(ten, &run_ten);
    REQUIRE(b.infections.cols() == 8);
    CHECK(a.total_infections() > 400000); // an epidemic, not a handful of cases
    CHECK(b.total_infections() == Approx(a.total_infections()).epsilon(1e-10));
    CHECK(b.total_hospitalisations() == Approx(a.total_hospitalisations()).epsilon(1e-10));
    CHECK(b.total_deaths() == Approx(a.total_deaths()).epsilon(1e-10));
    for (int d = 0; d < 8; ++d) {
        INFO("decade " << d);
        CHECK(b.infections.col(d).sum() ==
              Approx(a.infections.col(2 * d).sum() + a.infections.col(2 * d + 1).sum()).epsilon(1e-10));
    }
    for (const auto& doses : b.doses[0]) CHECK(doses.moved + doses.after_end == Approx(doses.given));
}

TEST_CASE("the final size holds on decade bands, with susceptibility per decade",
          "[epidemic]") {
    // u = 0.5 (0-39), 1 (40+), given per decade; w = 1. Decades of equal people and C' = 2:
    // rank one, radius 2 * (4 * 0.5 + 4 * 1) = 12, beta = R0 gamma / 12 = 2 * 0.2 / 12.
    // Final sizes z_I = 1 - exp(-u_I theta), theta = R0 sum_J z_J / sum_J u_J
    // = 2 (4 z_young + 4 z_old) / 6.
    const Scenario sc = load(
        million_people("epi-coarse", "2022-12-31", 0, 500000, 20000) + R"(  bands: )" + decades +
        R"(
  contacts_csv: uniform_contacts.csv
  r0: 2
  latent_days: 3
  infectious_days: 5
  initial: {infectious: 0.000001}
  substeps: 4
  susceptibility: [0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1]
  severity:
    source: "test values"
    hospitalisation: [0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01]
    fatality: [0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001]
  protection:
    vax: {delay_days: 14, infection: [0.5], severe: [0.8]}
)");
    CHECK(sc.epidemic->beta == Approx(0.4 / 12).epsilon(1e-12));
    double theta = 1, z_young = 0, z_old = 0;
    for (int i = 0; i < 500; ++i) {
        z_young = 1 - std::exp(-0.5 * theta);
        z_old = 1 - std::exp(-theta);
        theta = 2 * (4 * z_young + 4 * z_old) / 6;
    }
    const EpidemicResult r = simulate_epidemic(sc, nullptr);
    REQUIRE(r.infections.cols() == 8);
    for (int d = 0; d < 8; ++d) {
        INFO("decade " << d);
        CHECK(r.infections.col(d).sum() / 125000 == Approx(d < 4 ? z_young : z_old).margin(2e-4));
    }
    CHECK(z_old > z_young + 0.1); // the two sizes differ: the check tells the bands apart
}

TEST_CASE("per-band inputs: sixteen five-year values averaged over a band's people, or one "
          "per band", "[epidemic]") {
    // 0.5 to 40-44, 1 from 45: the decade 40-49 holds 62,500 of each, mean 0.75.
    const Scenario five_year = load(scenario("  bands: " + decades + "\n  susceptibility: " +
                                             sixteen("0.5", "1", 9) + "\n" + severity()));
    CHECK(five_year.epidemic->susceptibility(3) == 0.5);
    CHECK(five_year.epidemic->susceptibility(4) == 0.75);
    CHECK(five_year.epidemic->susceptibility(5) == 1);
    const Scenario per_band = load(scenario("  bands: " + decades +
                                            "\n  susceptibility: [0.5, 0.5, 0.5, 0.5, 0.75, 1, 1, 1]\n" +
                                            severity()));
    CHECK(per_band.epidemic->susceptibility == five_year.epidemic->susceptibility);
    CHECK(per_band.epidemic->beta == five_year.epidemic->beta);
    // Another count names both that are allowed, at the list.
    CHECK_THROWS_WITH(load(scenario("  bands: " + decades + "\n  susceptibility: [1, 1, 1]\n" +
                                    severity())),
                      Catch::Contains("expected 16 values (bands 0-4 ... 75+) or 8 (bands 0-9 ... "
                                      "70+), got 3"));
    // The populations weight the aggregation: five-year values only.
    std::string text = scenario("  bands: " + decades + "\n" + severity());
    const std::string populations = sixteen("62500");
    text.replace(text.find(populations), populations.size(), "[125000, 125000, 125000, 125000, "
                                                             "125000, 125000, 125000, 125000]");
    CHECK_THROWS_WITH(load(text), Catch::Contains("expected 16 values (bands 0-4 ... 75+): the "
                                                  "five-year bands' people weight the contacts' "
                                                  "aggregation to the epidemic's bands, got 8"));
}

TEST_CASE("the Seoul epidemic runs on decade bands, every dose landing in a stratum",
          "[epidemic]") {
    const std::string file = std::string(VAXSIM_SOURCE_DIR) + "/scenarios/seoul-2021-epidemic.yaml";
    const Scenario sc = load_scenario_file(file, {"epidemic.bands=" + decades});
    REQUIRE(sc.epidemic->bands() == 8);
    CHECK(sc.epidemic->band_labels.back() == "70+");
    CHECK(sc.epidemic->population(0) == 340382 + 340382);
    CHECK(sc.epidemic->population(7) == 470000 + 628331); // 70-74 and 75+
    CHECK(sc.epidemic->population.sum() == 9911103);
    RunPipeline pipeline; // checks the epidemic's invariants: people and doses conserved
    const RunOutput& out = pipeline.run(sc);
    REQUIRE(out.epidemic);
    const EpidemicResult& r = out.epidemic->vaccinated;
    CHECK(r.deaths.cols() == 8);
    for (const auto& product : r.doses)
        for (const auto& d : product) {
            CHECK(d.moved + d.after_end == Approx(d.given).epsilon(1e-9));
            CHECK(d.given >= 0);
        }
    CHECK(r.doses[1][0].given > 1e6); // pfizer's first doses: millions moved
    CHECK(out.epidemic->counterfactual->total_deaths() > r.total_deaths());
}

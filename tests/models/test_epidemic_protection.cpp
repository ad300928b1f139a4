// Efficacy type and scope: leaky against all-or-nothing, efficacy against onward
// transmission, efficacy by age. Checked against the final size of a homogeneously mixed
// epidemic where 40% of everyone is vaccinated before it starts.
#include <cmath>
#include <vector>

#include "models/epidemic_run.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

const std::string data_dir = std::string(VAXSIM_SOURCE_DIR) + "/tests/data";

// 1,000,000 people, 62,500 in each band; 400,000 of them (40% of every band) get a
// one-dose vaccine on the first day, protected that day (delay 0); uniform contacts, R0 2.
std::string scenario(const std::string& protection) {
    return million_people("epi-protection", "2022-12-31", 400000, 400000, 1000000) + R"(  contacts_csv: uniform_contacts.csv
  r0: 2
  latent_days: 3
  infectious_days: 5
  initial: {infectious: 0.000001}
  substeps: 4
  counterfactual: false
  severity:
    source: "test values"
    hospitalisation: )" +
           sixteen("0.02", "0.02") + R"(
    fatality: )" +
           sixteen("0.005", "0.005") + R"(
  protection:
    vax: {delay_days: 0, infection: [0.6], severe: [0.9])" +
           protection + "}\n";
}

// People of one kind: their share of everyone, relative susceptibility, relative
// infectiousness, and relative risk of hospitalisation given infection.
struct Kind {
    double share, susceptibility, infectiousness, severity;
};

// The final size of a homogeneously mixed epidemic: z_j = 1 - exp(-u_j theta),
// theta = R0 sum_j n_j w_j z_j. Returns {infected, hospitalised} shares of everyone.
std::pair<double, double> final_size(const std::vector<Kind>& kinds) {
    double theta = 1;
    std::vector<double> z(kinds.size());
    for (int i = 0; i < 2000; ++i) {
        double next = 0;
        for (std::size_t j = 0; j < kinds.size(); ++j) {
            z[j] = 1 - std::exp(-kinds[j].susceptibility * theta);
            next += 2 * kinds[j].share * kinds[j].infectiousness * z[j];
        }
        theta = next;
    }
    double infected = 0, hospitalised = 0;
    for (std::size_t j = 0; j < kinds.size(); ++j) {
        infected += kinds[j].share * z[j];
        hospitalised += 0.02 * kinds[j].share * z[j] * kinds[j].severity;
    }
    return {infected, hospitalised};
}

EpidemicResult run(const std::string& protection) {
    const Scenario sc = load_scenario_text("epi-protection.yaml", scenario(protection), data_dir);
    const Ledger rollout = run_checked(sc);
    REQUIRE(rollout.dose(0, 0, 0, 0) == 400000); // everyone vaccinated on the first day
    const EpidemicResult r = simulate_epidemic(sc, &rollout);
    CHECK(r.smallest_compartment > -1e-6);
    CHECK(r.doses[0][0].moved == Approx(400000).epsilon(1e-12));
    return r;
}

void check_final_size(const EpidemicResult& r, const std::vector<Kind>& kinds) {
    const auto [infected, hospitalised] = final_size(kinds);
    CHECK(r.total_infections() / 1e6 == Approx(infected).margin(2e-4));
    CHECK(r.total_hospitalisations() / 1e6 == Approx(hospitalised).margin(2e-4 * 0.02));
}

} // namespace

TEST_CASE("a leaky vaccine cuts every vaccinated person's risk", "[epidemic]") {
    // 60% unvaccinated; 40% at 0.4 of the risk, and given infection at (1 - 0.9) / (1 - 0.6)
    // = 0.25 of the risk of hospitalisation. Attack rate 0.530951 (0.796812 unvaccinated).
    const EpidemicResult r = run("");
    CHECK(final_size({{0.6, 1, 1, 1}, {0.4, 0.4, 1, 0.25}}).first ==
          Approx(0.530951).epsilon(1e-5));
    check_final_size(r, {{0.6, 1, 1, 1}, {0.4, 0.4, 1, 0.25}});
    // Written out, the defaults are the same model to the last digit.
    const EpidemicResult same =
        run(", type: leaky, transmission: [0], by_age: " + sixteen("1", "1"));
    CHECK(same.total_infections() == r.total_infections());
    CHECK(same.total_deaths() == r.total_deaths());
}

TEST_CASE("an all-or-nothing vaccine makes 60% of the vaccinated immune and leaves the rest "
          "unprotected", "[epidemic]") {
    // 0.4 * 0.6 = 24% of everyone immune; the other 76% fully susceptible: attack rate
    // 0.452625, lower than the leaky vaccine's 0.530951 with the same efficacy. Those
    // infected after vaccination keep the overall severe efficacy: 0.25 the risk.
    CHECK(final_size({{0.6, 1, 1, 1}, {0.16, 1, 1, 0.25}, {0.24, 0, 1, 0}}).first ==
          Approx(0.452625).epsilon(1e-5));
    check_final_size(run(", type: all_or_nothing"),
                     {{0.6, 1, 1, 1}, {0.16, 1, 1, 0.25}, {0.24, 0, 1, 0}});
}

TEST_CASE("efficacy against transmission makes infected vaccinated people less infectious",
          "[epidemic]") {
    // Infected vaccinated people half as infectious: attack rate 0.402349.
    CHECK(final_size({{0.6, 1, 1, 1}, {0.4, 0.4, 0.5, 0.25}}).first ==
          Approx(0.402349).epsilon(1e-5));
    check_final_size(run(", transmission: [0.5]"), {{0.6, 1, 1, 1}, {0.4, 0.4, 0.5, 0.25}});
}

TEST_CASE("efficacy by age scales every efficacy in a band", "[epidemic]") {
    // Half the efficacy at 40+: infection 0.3 (susceptibility 0.7), severe 0.45, so given
    // infection (1 - 0.45) / (1 - 0.3) = 11/14 of the risk. Attack rate 0.621412.
    const std::vector<Kind> kinds = {
        {0.3, 1, 1, 1}, {0.2, 0.4, 1, 0.25}, {0.3, 1, 1, 1}, {0.2, 0.7, 1, 0.55 / 0.7}};
    CHECK(final_size(kinds).first == Approx(0.621412).epsilon(1e-5));
    const EpidemicResult r = run(", by_age: " + sixteen("1", "0.5"));
    check_final_size(r, kinds);
    // The young and the old vaccinated separately: z = 1 - exp(-u theta) band by band.
    CHECK(r.infections.col(0).sum() < r.infections.col(15).sum());
}

TEST_CASE("efficacy type, transmission and age multipliers are checked", "[epidemic]") {
    const auto load = [](const std::string& p) {
        return load_scenario_text("epi-protection.yaml", scenario(p), data_dir);
    };
    CHECK_THROWS_WITH(load(", type: partial"),
                      Catch::Contains("epi-protection.yaml") &&
                          Catch::Contains("expected leaky or all_or_nothing, got 'partial'"));
    CHECK_THROWS_WITH(load(", transmission: [0.5, 0.5]"),
                      Catch::Contains("expected one efficacy per dose of the series (1)"));
    CHECK_THROWS_WITH(load(", by_age: " + sixteen("1", "2")),
                      Catch::Contains("protection.vax.by_age.8") &&
                          Catch::Contains("is above 1"));
    CHECK_THROWS_WITH(load(", by_age: [1, 1]"), Catch::Contains("expected 16 values"));
}

TEST_CASE("vaccination averts infections from outside too", "[epidemic]") {
    // No transmission; from 01-05, 100 a day for 10 days come from outside (a force of
    // infection of 1e-4 a day). The 600,000 unvaccinated are exposed at 1e-4 a day, the
    // 400,000 vaccinated on day one (leaky 0.6) at 0.4e-4; all-or-nothing 0.6 leaves
    // 160,000 of them fully susceptible, at 1e-4.
    const std::string outside = "  contact_scaling: [{from: 2021-01-01, factor: 0}]\n"
                                "  importations: [{from: 2021-01-05, to: 2021-01-14, per_day: 100}]\n";
    const auto imported = [&](const std::string& protection) {
        const Scenario sc = load_scenario_text("epi-protection.yaml", scenario(protection) + outside, data_dir);
        const Ledger rollout = run_checked(sc);
        const EpidemicResult r = simulate_epidemic(sc, &rollout);
        return r.infections.bottomRows(r.infections.rows() - 1).sum(); // day 0: the seed
    };
    // (Of each band, 1e-6 was infected at the start: the seed, out of reach.)
    const auto over_ten_days = [](double people, double rate) {
        return people * (1 - 1e-6) * (1 - std::pow(1 - rate, 10));
    };
    CHECK(imported("") ==
          Approx(over_ten_days(600000, 1e-4) + over_ten_days(400000, 0.4e-4)).epsilon(1e-9));
    CHECK(imported(", type: all_or_nothing") ==
          Approx(over_ten_days(760000, 1e-4)).epsilon(1e-9));
}

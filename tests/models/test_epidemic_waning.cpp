// Waning: vaccine protection waning to its waned efficacy (leaky and all-or-nothing),
// immunity after infection waning (the SEIRS endemic state), and boosters restoring
// protection. Hand-computed: a million people, 400,000 vaccinated on the first day, and
// infection only from outside (R0 near 0), so a day's infections are the importations
// times each stratum's susceptibility.
#include <cmath>

#include "models/epidemic_run.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

const std::string data_dir = std::string(VAXSIM_SOURCE_DIR) + "/tests/data";

// 10 people a day exposed from outside on day 100 (2021-04-11) only; nobody infectious
// before, and R0 1e-6, so the day's infections are 1e-5 of the susceptible, each weighted
// by its stratum's susceptibility.
std::string scenario(const std::string& protection, const std::string& after = "",
                     long long doses = 400000) {
    return million_people("epi-waning", "2021-06-30", doses, 400000, 1000000) +
           R"(  contacts_csv: uniform_contacts.csv
  r0: 0.000001
  latent_days: 3
  infectious_days: 5
  substeps: 4
  counterfactual: false
  importations: [{from: 2021-04-11, to: 2021-04-11, per_day: 10}]
  severity:
    source: "test values"
    hospitalisation: )" +
           sixteen("0.02") + R"(
    fatality: )" +
           sixteen("0.005") + R"(
  protection:
    vax: {delay_days: 0, )" +
           protection + "}\n" + after;
}

struct Day100 {
    EpidemicResult result;
    double infections, hospitalisations;
};

Day100 run(const std::string& yaml) {
    const Scenario sc = load_scenario_text("epi-waning.yaml", yaml, data_dir);
    const Ledger rollout = run_checked(sc);
    REQUIRE(rollout.dose(0, 0, 0, 0) == 400000);
    EpidemicResult r = simulate_epidemic(sc, &rollout);
    CHECK(r.smallest_compartment > -1e-6);
    for (int t = 0; t < r.population_check.rows(); ++t)
        REQUIRE(r.population_check.row(t).sum() == Approx(1e6).epsilon(1e-12));
    const double infections = r.infections.row(100).sum();
    const double hospitalisations = r.hospitalisations.row(100).sum();
    return {std::move(r), infections, hospitalisations};
}

const double fresh = std::exp(-2.0); // protected for 100 days at a mean of 50: e^-2 unwaned

// A booster campaign offering `vax` to everyone 50 days after their dose (all on day 50).
std::string boost_all(const std::string& uptake = "1") {
    return "boosters:\n  - {id: again, population: {all: true}, from: 2021-01-01, after_days: 50, "
           "uptake: " + uptake + ", products: [vax]}\n";
}

} // namespace

TEST_CASE("leaky protection wanes to its waned efficacy at the stated rate", "[epidemic]") {
    const Day100 d = run(scenario("infection: [0.6], severe: [0.9], "
                                  "waning: {mean_days: 50, infection: [0.2], severe: [0.5]}"));
    // 600,000 unvaccinated; of the 400,000, e^-2 still at 0.6 and the rest at 0.2.
    const double f = 400000 * fresh, w = 400000 * (1 - fresh);
    CHECK(d.infections == Approx(1e-5 * (600000 + 0.4 * f + 0.8 * w)).epsilon(1e-6));
    // Severity given infection: (1 - 0.9) / (1 - 0.6) fresh, (1 - 0.5) / (1 - 0.2) waned.
    CHECK(d.hospitalisations ==
          Approx(0.02 * 1e-5 * (600000 + 0.4 * f * 0.25 + 0.8 * w * 0.625)).epsilon(1e-6));
    CHECK(d.result.doses[0][0].moved == Approx(400000).epsilon(1e-12));

    // Without waning the same run keeps everyone at 0.6.
    const Day100 kept = run(scenario("infection: [0.6], severe: [0.9]"));
    CHECK(kept.infections == Approx(1e-5 * (600000 + 0.4 * 400000)).epsilon(1e-6));
}

TEST_CASE("all-or-nothing protection wanes: part of the immune become susceptible",
          "[epidemic]") {
    const Day100 d = run(scenario("type: all_or_nothing, infection: [0.6], severe: [0.9], "
                                  "waning: {mean_days: 50, infection: [0.3], severe: [0.5]}"));
    // 240,000 made immune on the first day; as they wane, half of them (0.3 / 0.6) stay
    // immune. The never-immune 160,000 wane too, still susceptible.
    const double immune = 240000 * (fresh + 0.5 * (1 - fresh));
    const double s_fresh = 160000 * fresh, s_waned = 400000 - immune - s_fresh;
    CHECK(d.infections == Approx(1e-5 * (600000 + s_fresh + s_waned)).epsilon(1e-6));
    // Severity given infection: (1 - 0.9) / (1 - 0.6) fresh, (1 - 0.5) / (1 - 0.3) waned.
    CHECK(d.hospitalisations ==
          Approx(0.02 * 1e-5 * (600000 + s_fresh * 0.25 + s_waned * 0.5 / 0.7)).epsilon(1e-6));
}

TEST_CASE("a booster moves the vaccinated, waned or not, to the booster's protection",
          "[epidemic]") {
    // Boosters for everyone 50 days after their dose: all 400,000 on day 50, protected at
    // once (delay 0), then waning from 0.8 to 0.4 with the same mean of 50 days.
    const Day100 d = run(scenario("infection: [0.6], severe: [0.9], booster: {infection: 0.8, "
                                  "severe: 0.95}, waning: {mean_days: 50, infection: [0.2], "
                                  "severe: [0.5], booster: {infection: 0.4, severe: 0.7}}",
                                  boost_all(), 800000));
    REQUIRE(d.result.doses[0].size() == 2);
    const EpidemicDoses& booster = d.result.doses[0][1]; // dose number 2: the first booster
    CHECK(booster.given == 400000);
    CHECK(booster.moved == Approx(400000).epsilon(1e-12));
    CHECK(booster.after_end == 0);
    // On day 100 the boosted have been so for 50 days: e^-1 of them at 0.8, the rest 0.4.
    const double b_fresh = 400000 * std::exp(-1.0), b_waned = 400000 - b_fresh;
    CHECK(d.infections == Approx(1e-5 * (600000 + 0.2 * b_fresh + 0.6 * b_waned)).epsilon(1e-6));
    CHECK(d.hospitalisations ==
          Approx(0.02 * 1e-5 * (600000 + 0.2 * b_fresh * 0.25 + 0.6 * b_waned * 0.5))
              .epsilon(1e-6));
}

TEST_CASE("a booster without waning restores nothing it did not lose", "[epidemic]") {
    // The booster's efficacy equals the dose's: the run is the one without the campaign.
    const Day100 boosted = run(scenario("infection: [0.6], severe: [0.9], booster: "
                                        "{infection: 0.6, severe: 0.9}",
                                        boost_all(), 800000));
    const Day100 plain = run(scenario("infection: [0.6], severe: [0.9]", "", 800000));
    CHECK(boosted.result.doses[0][1].moved == Approx(400000).epsilon(1e-12));
    CHECK(boosted.infections == Approx(plain.infections).epsilon(1e-12));
    CHECK(boosted.result.total_deaths() == Approx(plain.result.total_deaths()).epsilon(1e-12));
}

TEST_CASE("immunity after infection wanes: the SEIRS endemic state", "[epidemic]") {
    // A homogeneous SEIRS model settles where S* = N / R0 and the daily incidence is
    // N (1 - 1/R0) / (latent + infectious + immune days): everyone not susceptible passes
    // through E, I and R in turn.
    const std::string yaml = million_people("epi-seirs", "2029-12-31", 0, 1, 1) + R"(  contacts_csv: uniform_contacts.csv
  r0: 2.5
  latent_days: 3
  infectious_days: 5
  infection_immunity_days: 100
  initial: {infectious: 0.001}
  substeps: 2
  counterfactual: false
  severity:
    source: "test values"
    hospitalisation: )" + sixteen("0.02") + R"(
    fatality: )" + sixteen("0.005") + R"(
  protection:
    vax: {infection: [0.6], severe: [0.9]}
)";
    const Scenario sc = load_scenario_text("epi-seirs.yaml", yaml, data_dir);
    const EpidemicResult r = simulate_epidemic(sc, nullptr);
    const double endemic = 1e6 * (1 - 1 / 2.5) / (3 + 5 + 100);
    const Eigen::Index last = r.infections.rows() - 1;
    INFO("last day's infections " << r.infections.row(last).sum() << ", endemic " << endemic);
    CHECK(r.infections.row(last).sum() == Approx(endemic).epsilon(1e-4));
    // Without waning the same epidemic burns out: nobody is infected at the end.
    std::string without = yaml;
    without.erase(without.find("  infection_immunity_days"), 31);
    REQUIRE(without.find("infection_immunity") == std::string::npos);
    const Scenario lasting = load_scenario_text("epi-seirs.yaml", without, data_dir);
    CHECK(simulate_epidemic(lasting, nullptr).infections.row(last).sum() < 1);

    // A sweep or --set of the mean reaches the model.
    const Scenario longer = load_scenario_text("epi-seirs.yaml", yaml, data_dir,
                                               {"epidemic.infection_immunity_days=200"});
    CHECK(simulate_epidemic(longer, nullptr).infections.row(last).sum() ==
          Approx(1e6 * (1 - 1 / 2.5) / (3 + 5 + 200)).epsilon(1e-3));
}

TEST_CASE("a booster for half the vaccinated takes them from the fresh and the waned alike",
          "[epidemic]") {
    const Day100 d = run(scenario("infection: [0.6], severe: [0.9], booster: {infection: 0.8, "
                                  "severe: 0.95}, waning: {mean_days: 50, infection: [0.2], "
                                  "severe: [0.5], booster: {infection: 0.4, severe: 0.7}}",
                                  boost_all("0.5"), 800000));
    REQUIRE(d.result.doses[0][1].given == 200000);
    // On day 50, e^-1 of the 400,000 are unwaned; the booster takes half of each. By day
    // 100 the unboosted half are e^-2 unwaned, the boosted e^-1.
    const double v_fresh = 200000 * fresh, v_waned = 200000 - v_fresh;
    const double b_fresh = 200000 * std::exp(-1.0), b_waned = 200000 - b_fresh;
    CHECK(d.infections == Approx(1e-5 * (600000 + 0.4 * v_fresh + 0.8 * v_waned + 0.2 * b_fresh +
                                         0.6 * b_waned))
                              .epsilon(1e-6));
}

TEST_CASE("a second booster arriving the day another product's first booster does finds its "
          "people",
          "[epidemic]") {
    // Everyone vaccinated on day 0 with `vax`; a first booster of `vax` on day 14 and a
    // second of `boost` on day 21, both protecting on day 28 (delays 14 and 7). `boost`
    // comes first in the file: the second booster must still move after the first.
    const std::string yaml = R"(name: two-boosters
start: 2021-01-01
end: 2021-03-31
population:
  tiers: [A]
  bands:
    - {id: all, min_age: 0, count: 1000000}
products:
  - id: boost
    doses: 1
    supply: {deliveries: [{date: 2021-01-01, doses: 400000}]}
  - id: vax
    doses: 1
    supply: {deliveries: [{date: 2021-01-01, doses: 800000}]}
capacity: {periods: [{from: 2021-01-01, doses_per_day: 1000000}]}
groups:
  - {id: all, tier: A, band: all, size: 400000, opens: 2021-01-01, priority: 1, products: [vax]}
boosters:
  - {id: first, population: {all: true}, from: 2021-01-01, after_days: 14, products: [vax]}
  - {id: second, population: {all: true}, from: 2021-01-22, after_days: 7, products: [boost], doses: 2}
epidemic:
  populations: )" + sixteen("62500") + R"(
  contacts_csv: uniform_contacts.csv
  r0: 0.000001
  latent_days: 3
  infectious_days: 5
  counterfactual: false
  severity: {source: "test values", hospitalisation: )" + sixteen("0.02") +
                             ", fatality: " + sixteen("0.005") + R"(}
  protection:
    boost: {delay_days: 7, infection: [0.5], severe: [0.8], booster: {infection: 0.8, severe: 0.95}}
    vax: {delay_days: 14, infection: [0.5], severe: [0.8], booster: {infection: 0.7, severe: 0.9}}
)";
    const Scenario sc = load_scenario_text("two-boosters.yaml", yaml, data_dir);
    const Ledger rollout = run_checked(sc); // the epidemic's dose check passes
    REQUIRE(rollout.dose(14, 0, 1, 1) == 400000); // vax, dose number 2: the first booster
    REQUIRE(rollout.dose(21, 0, 0, 2) == 400000); // boost, dose number 3: the second
    const EpidemicResult r = simulate_epidemic(sc, &rollout);
    CHECK(r.doses[1][1].moved == Approx(400000).epsilon(1e-9));
    CHECK(r.doses[0][2].moved == Approx(400000).epsilon(1e-9));
}

TEST_CASE("an all-or-nothing dose given to the recovered keeps them immune when immunity "
          "after infection wanes",
          "[epidemic]") {
    std::string yaml = scenario("type: all_or_nothing, infection: [0.6], severe: [0.9]");
    yaml.replace(yaml.find("  substeps: 4"), std::string("  substeps: 4").size(),
                 "  substeps: 4\n  infection_immunity_days: 50\n  initial: {immune: 0.5}");
    const Day100 d = run(yaml);
    // Unvaccinated: 300,000 recovered at the start, e^-2 of them still immune on day 100.
    // Vaccinated (40% of each state): of the 200,000 susceptible and 200,000 recovered, 60%
    // made immune by the dose; the other 80,000 recovered lose their immunity.
    const double unvaccinated = 600000 - 300000 * fresh;
    const double vaccinated = 80000 + 80000 * (1 - fresh);
    CHECK(d.infections == Approx(1e-5 * (unvaccinated + vaccinated)).epsilon(1e-6));
}

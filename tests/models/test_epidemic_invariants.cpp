// The epidemic's invariants, checked on every run: people conserved per band each day,
// no negative compartment, every dose accounted for; and the people infected at the
// start counted with their outcomes.
#include "models/epidemic_run.hpp"
#include "models/invariants.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

const std::string data_dir = std::string(VAXSIM_SOURCE_DIR) + "/tests/data";

// 18,000 people: 1,000 in each band to 70-74, 3,000 in 75+, as the rollout's bands hold
// them. Contacts scaled to nothing from the start: no one is infected during the run.
std::string still(const std::string& initial) {
    return R"(name: still
start: 2021-03-01
end: 2021-03-31
population:
  tiers: [A]
  bands:
    - {id: under_75, min_age: 0, max_age: 74, count: 15000}
    - {id: old, min_age: 75, count: 3000}
products:
  - id: one
    doses: 1
    supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 500}]}
groups:
  - {id: old, tier: A, band: old, size: 3000, opens: 2021-03-01, priority: 1}
epidemic:
  populations: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 3000]
  contacts_csv: uniform_contacts.csv
  r0: 2
  latent_days: 3
  infectious_days: 5
  initial: )" + initial + R"(
  contact_scaling: [{from: 2021-03-01, factor: 0}]
  severity:
    source: "test values"
    hospitalisation: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.5]
    fatality: [0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.1]
  protection:
    one: {delay_days: 7, infection: [0.5], severe: [0.9]}
)";
}

Scenario load(const std::string& text) {
    return load_scenario_text("still.yaml", text, data_dir);
}

} // namespace

TEST_CASE("the people infected at the start are counted, with their outcomes, on day one",
          "[epidemic]") {
    const Scenario sc = load(still("{exposed: 0.01, infectious: 0.01}"));
    RunPipeline pipeline;
    const RunOutput& out = pipeline.run(sc);
    REQUIRE(out.epidemic);
    REQUIRE(out.epidemic->counterfactual);
    for (const EpidemicResult* r : {&out.epidemic->vaccinated, &*out.epidemic->counterfactual}) {
        // 2% of 18,000 infected at the start, and no one after (no contacts).
        CHECK(r->total_infections() == Approx(360).epsilon(1e-12));
        CHECK(r->infections.row(0).sum() == Approx(360).epsilon(1e-12));
        CHECK(r->infections(0, 15) == Approx(60).epsilon(1e-12));
        // Hospitalised: 300 x 0.1 + 60 x 0.5 = 60; died: 300 x 0.01 + 60 x 0.1 = 9.
        CHECK(r->total_hospitalisations() == Approx(60).epsilon(1e-12));
        CHECK(r->total_deaths() == Approx(9).epsilon(1e-12));
    }
    // Vaccinating after they were infected averts nothing of theirs.
    CHECK(out.epidemic->vaccinated.total_deaths() ==
          Approx(out.epidemic->counterfactual->total_deaths()).epsilon(1e-12));
    // People who were immune at the start were infected before it: not counted.
    CHECK(simulate_epidemic(load(still("{immune: 0.5}")), nullptr).total_infections() == 0);
}

TEST_CASE("the epidemic's invariants hold on a run and catch a broken one", "[epidemic]") {
    const Scenario sc = load(still("{exposed: 0.01, infectious: 0.01}"));
    const Ledger run = run_checked(sc);
    const EpidemicResult good = simulate_epidemic(sc, &run);
    REQUIRE(check_epidemic_invariants(sc, good).empty());
    // 1,000 doses, 500 a day: 2021-03-01 and 03-02, protecting from 03-08 and 03-09.
    CHECK(good.doses[0][0].given == 1000);
    CHECK(good.doses[0][0].moved == Approx(1000).epsilon(1e-12));

    EpidemicResult lost = good;
    lost.doses[0][0].moved -= 10;
    const auto dose_lines = check_epidemic_invariants(sc, lost);
    REQUIRE(dose_lines.size() == 1);
    CHECK_THAT(dose_lines[0], Catch::Contains("one dose 1") &&
                                  Catch::Contains("10.000000 found no one to protect"));

    EpidemicResult leaked = good;
    leaked.population_check(5, 3) += 1; // 15-19 on 2021-03-06
    const auto people_lines = check_epidemic_invariants(sc, leaked);
    REQUIRE(people_lines.size() == 1);
    CHECK_THAT(people_lines[0], Catch::Contains("2021-03-06") && Catch::Contains("band 15-19"));

    EpidemicResult negative = good;
    negative.smallest_compartment = -1;
    CHECK(check_epidemic_invariants(sc, negative).size() == 1);
    CHECK_THROWS_AS(require_epidemic_invariants(sc, EpidemicOutcome{negative, std::nullopt}),
                    InvariantError);
    CHECK_THROWS_WITH(require_epidemic_invariants(sc, EpidemicOutcome{good, negative}),
                      Catch::Contains("without vaccination: an epidemic compartment fell to"));
}

TEST_CASE("every run checks the hospital load: outcomes dated or after the end, days over "
          "the beds",
          "[epidemic][hospital]") {
    const std::string hospital = R"(  hospital:
    source: "test values"
    delays: {admission: [0, 0.5, 0.5], death: [0, 0, 1]}
    icu_share: 0.2
    ward_stay_days: [0, 1]
    icu_stay_days: [1]
    capacity: {beds: 10, icu_beds: 1}
)";
    const Scenario sc = load(still("{exposed: 0.01, infectious: 0.01}") + hospital);
    RunPipeline pipeline;
    const RunOutput& out = pipeline.run(sc); // passes the check
    EpidemicResult r = out.epidemic->vaccinated;
    REQUIRE(r.hospital);
    CHECK(check_epidemic_invariants(sc, r).empty());
    CHECK(r.hospital->days_over_beds > 0); // 60 admitted over two days, for 10 ward beds

    EpidemicResult lost = r; // an admission neither dated nor after the end
    lost.hospital->admissions_after_end[15] -= 1;
    auto v = check_epidemic_invariants(sc, lost);
    REQUIRE(v.size() == 1);
    CHECK_THAT(v[0], Catch::Contains("band 75+") && Catch::Contains("hospitalisations"));

    EpidemicResult miscounted = r; // days over the beds out of step with the series
    miscounted.hospital->days_over_icu_beds += 1;
    v = check_epidemic_invariants(sc, miscounted);
    REQUIRE(v.size() == 1);
    CHECK_THAT(v[0], Catch::Contains("over ICU beds"));
}

// The rollout's age bands spread over the epidemic's five-year bands: by the people the
// two share, never by the open top band's width; every dose lands in a stratum; and
// epidemic populations that disagree with the rollout's bands are refused at their line.
#include "models/epidemic_run.hpp"
#include "models/invariants.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

const std::string data_dir = std::string(VAXSIM_SOURCE_DIR) + "/tests/data";

// Rollout bands 0-69 (14,000), 70-79 (2,000) and 80+ (2,000); the epidemic's five-year
// bands 1,000 each to 70-74 and 3,000 in 75+. So 75+ holds 1,000 of 70-79 (75-79) and
// all 2,000 of 80+. One one-dose vaccine, given at once to everyone in 70-79, protects
// from the day it is given; nobody is infected, so only the doses move.
std::string open_top(const std::string& populations = "[1000, 1000, 1000, 1000, 1000, 1000, "
                                                      "1000, 1000, 1000, 1000, 1000, 1000, "
                                                      "1000, 1000, 1000, 3000]") {
    return R"(name: open-top
start: 2021-03-01
end: 2021-03-31
population:
  tiers: [A]
  bands:
    - {id: under_70, min_age: 0, max_age: 69, count: 14000}
    - {id: seventies, min_age: 70, max_age: 79, count: 2000}
    - {id: eighty_plus, min_age: 80, count: 2000}
products:
  - id: one
    doses: 1
    supply: {deliveries: [{date: 2021-03-01, doses: 2000}]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 2000}]}
groups:
  - {id: seventies, tier: A, band: seventies, size: 2000, opens: 2021-03-01, priority: 1}
epidemic:
  populations: )" + populations + R"(
  contacts_csv: uniform_contacts.csv
  r0: 2
  latent_days: 3
  infectious_days: 5
  severity:
    source: "test values"
    hospitalisation: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    fatality: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
  protection:
    one: {delay_days: 0, infection: [0.5], severe: [0.9]}
)";
}

Scenario load(const std::string& text) {
    return load_scenario_text("epi.yaml", text, data_dir);
}

} // namespace

TEST_CASE("an open top band takes the people it shares, not a share of its width",
          "[epidemic]") {
    const Scenario sc = load(open_top());
    const auto& share = sc.epidemic->band_share;
    REQUIRE(share.size() == 3);
    // 0-69 over fourteen bands of 1,000 each.
    for (int a = 0; a < 14; ++a) CHECK(share[0][static_cast<std::size_t>(a)] == Approx(1.0 / 14));
    CHECK(share[0][14] == Approx(0).margin(1e-12));
    // 70-79: 1,000 in 70-74 and 2,000 - 1,000 = 1,000 in 75+, half each (by width it was
    // 1,000 : 3,000 x 5/76, 84% on 70-74).
    CHECK(share[1][14] == Approx(0.5).epsilon(1e-9));
    CHECK(share[1][15] == Approx(0.5).epsilon(1e-9));
    // 80+ lies wholly in 75+.
    CHECK(share[2][15] == Approx(1).epsilon(1e-12));
}

TEST_CASE("every dose given to a band reaching into the open top band lands in a stratum",
          "[epidemic]") {
    const Scenario sc = load(open_top());
    RunPipeline pipeline; // checks the epidemic's invariants, dose conservation among them
    const RunOutput& out = pipeline.run(sc);
    REQUIRE(out.epidemic);
    const EpidemicResult& r = out.epidemic->vaccinated;
    REQUIRE(r.doses.size() == 1);
    REQUIRE(r.doses[0].size() == 1);
    CHECK(r.doses[0][0].given == 2000);
    CHECK(r.doses[0][0].after_end == 0);
    CHECK(r.doses[0][0].moved == Approx(2000).epsilon(1e-12)); // 1,000 from 70-74, 1,000 from 75+
    CHECK(check_epidemic_invariants(sc, r).empty());
}

TEST_CASE("doses whose protection begins after the end are counted, not lost", "[epidemic]") {
    std::string text = open_top();
    // Given on 2021-03-01, protecting 31 days later: 2021-04-01, the day after the end.
    text.replace(text.find("delay_days: 0"), 13, "delay_days: 31");
    const Scenario sc = load(text);
    const Ledger run = run_checked(sc);
    const EpidemicResult r = simulate_epidemic(sc, &run);
    CHECK(r.doses[0][0].given == 2000);
    CHECK(r.doses[0][0].moved == 0);
    CHECK(r.doses[0][0].after_end == 2000);
    CHECK(check_epidemic_invariants(sc, r).empty());
}

TEST_CASE("epidemic populations that disagree with the rollout's bands are refused at their line",
          "[epidemic]") {
    // One tenth of the rollout's people.
    const std::string tenth = "[100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, "
                              "100, 100, 300]";
    const std::string text = open_top(tenth);
    // The populations' line: the 18th of the file, after "  populations: ".
    CHECK_THROWS_WITH(load(text), Catch::Contains("epi.yaml:18:16") &&
                                      Catch::Contains("0-4 to 65-69 hold 1,400 people") &&
                                      Catch::Contains("'under_70' of the same ages hold 14,000"));
    // 75+ short of the 70-79 and 80+ bands' people beyond 70-74: 2,500 where 3,000 are.
    CHECK_THROWS_WITH(load(open_top("[1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, "
                                    "1000, 1000, 1000, 1000, 1000, 1000, 2500]")),
                      Catch::Contains("70-74 to 75+ hold 3,500") &&
                          Catch::Contains("'seventies', 'eighty_plus'"));
    // Within 0.1% (rounding of a hand spread) is accepted.
    CHECK_NOTHROW(load(open_top("[1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, "
                                "1000, 1000, 1000, 1000, 1000, 1000, 3001]")));
}

TEST_CASE("ages no rollout band holds may hold more people, never fewer", "[epidemic]") {
    // The rollout starts at 18: its 16,000 from 18 to 69 sit among 0-69's 14 bands of
    // 1,000 with the unvaccinated 0-17: 16,000 cannot fit in 14,000 and is refused;
    // 10,400 fits, and 0-17 take the rest.
    std::string text = open_top();
    text.replace(text.find("{id: under_70, min_age: 0, max_age: 69, count: 14000}"), 53,
                 "{id: adults, min_age: 18, max_age: 69, count: 16000}");
    CHECK_THROWS_WITH(load(text), Catch::Contains("0-4 to 65-69 hold 14,000") &&
                                      Catch::Contains("at least the rollout's people"));
    std::string fits = open_top();
    fits.replace(fits.find("{id: under_70, min_age: 0, max_age: 69, count: 14000}"), 53,
                 "{id: adults, min_age: 18, max_age: 69, count: 10400}");
    const Scenario sc = load(fits);
    // 18-69: 2 years of 15-19 (400 of its 1,000 by year) and ten whole bands; the rest of
    // 0-19 are never vaccinated. Fitted to 10,400 people: 400 + 10 x 1,000.
    const auto& adults = sc.epidemic->band_share[0];
    CHECK(adults[0] == 0);
    CHECK(adults[3] == Approx(400.0 / 10400).epsilon(1e-9));
    CHECK(adults[4] == Approx(1000.0 / 10400).epsilon(1e-9));
}

// People outside the age bands' counts (registered foreigners): vaccinated in groups,
// under the age rules of a band whose count they do not add to.
#include "models/outcomes.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

std::string with_foreigners(const std::string& products) {
    return "name: outside\nstart: 2021-03-01\nend: 2021-03-02\n" + tiny_population() +
           "  outside_bands:\n    - {id: foreign, band: young, count: 50}\n" + products + R"(
capacity: {periods: [{from: 2021-03-01, doses_per_day: 600}]}
groups:
  - {id: g, tier: A, bands: {young: 1000, foreign: 50}, opens: 2021-03-01, priority: 1}
targets:
  - {id: young, measure: first_dose, population: {bands: [young]}, share: 1, deadline: 2021-03-02}
  - {id: everyone, measure: first_dose, population: {all: true}, count: 1050, deadline: 2021-03-02}
)";
}

} // namespace

TEST_CASE("people outside the bands are vaccinated without filling a band", "[population]") {
    // The whole young band (1,000) and 50 registered foreigners of the same ages form one
    // group of 1,050: no band is over-drawn. 600 a day: 600 young on day 0, then the other
    // 400 young and the 50 foreigners on day 1 (bands in the order written).
    const Scenario sc = load_tiny(with_foreigners(R"(products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 2000}]}}
)"));
    const Population& pop = sc.population;
    REQUIRE(pop.bands().size() == 3);
    CHECK(pop.bands()[2].id == "foreign");
    CHECK(pop.bands()[2].outside_of == 0);
    CHECK(pop.bands()[2].min_age == 18);
    CHECK(pop.bands()[2].max_age == 64);
    CHECK(pop.total_people() == 2050);
    CHECK(pop.groups()[0].size == 1050);
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{600, 450});
    CHECK(run.first_dose_people(1, 0) == 1000); // cohort g/young
    CHECK(run.first_dose_people(1, 1) == 50);   // cohort g/foreign
    const Outcomes o = evaluate(sc, run);
    CHECK(sc.targets[0].population == 1000); // the band's count only
    CHECK(o.targets[0].value_at_deadline == 1000);
    CHECK(sc.targets[1].population == 2050);
    CHECK(o.targets[1].value_at_deadline == 1050);
}

TEST_CASE("the band's age rules apply to the people outside it", "[population]") {
    // Only people 65 and over may take the product: neither the young band nor the
    // foreigners of its ages are given a dose.
    const Scenario sc = load_tiny(with_foreigners(R"(products:
  - {id: vax, doses: 1, eligibility: [{min_age: 65}], supply: {deliveries: [{date: 2021-03-01, doses: 2000}]}}
)"));
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{0, 0});
    CHECK(constraints(run) == std::vector<Constraint>(2, Constraint::eligibility));
}

TEST_CASE("people outside the bands name an ordinary band for their ages", "[population]") {
    CHECK_THROWS_WITH(load_tiny("name: o\nstart: 2021-03-01\nend: 2021-03-02\n" + tiny_population() +
                                "  outside_bands:\n    - {id: foreign, band: adults, count: 50}\n" + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 10}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: young, size: 10, opens: 2021-03-01, priority: 1}
)"),
                      Catch::Contains("unknown age band 'adults'"));
}

// A scenario built in code from specs, without any text: the models validate their own
// values and report the field path of a bad one.
#include "tiny.hpp"

#include "models/error.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

// Two bands; 120 older people first, then the younger band's rest; one one-dose product
// with ample supply; 100 doses a day, then 150 from the second day (2021-03-02).
ScenarioSpec two_band_spec() {
    ScenarioSpec s;
    s.name = "in-code";
    s.start = *parse_iso_date("2021-03-01");
    s.end = *parse_iso_date("2021-03-02");
    ProductSpec vax;
    vax.id = "vax";
    vax.doses = 1;
    vax.supply.deliveries = {{s.start, 10000}};
    s.products = {vax};
    s.population.tiers = {"A"};
    s.population.bands = {{"young", 18, 64, 1000}, {"old", 65, std::nullopt, 1000}};
    GroupSpec old_people;
    old_people.id = "old_people";
    old_people.tier = "A";
    old_people.opens = s.start;
    old_people.priority = 1;
    old_people.bands = {{"old", 120}};
    GroupSpec young_people = old_people;
    young_people.id = "young_people";
    young_people.priority = 2;
    young_people.bands = {{"young", 0}};
    young_people.rest_of_band = true;
    s.population.groups = {old_people, young_people};
    s.capacity.periods = {{s.start, 100}, {s.end, 150}};
    return s;
}

const char* two_band_yaml = R"(name: in-code
start: 2021-03-01
end: 2021-03-02
population:
  tiers: [A]
  bands:
    - {id: young, min_age: 18, max_age: 64, count: 1000}
    - {id: old, min_age: 65, count: 1000}
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 10000}]}}
capacity:
  periods: [{from: 2021-03-01, doses_per_day: 100}, {from: 2021-03-02, doses_per_day: 150}]
groups:
  - {id: old_people, tier: A, band: old, size: 120, opens: 2021-03-01, priority: 1}
  - {id: young_people, tier: A, band: young, rest_of_band: true, opens: 2021-03-01, priority: 2}
)";

// The path of the ModelError building `spec` throws, with its message after a colon.
std::string rejection(const ScenarioSpec& spec) {
    try {
        const Scenario scenario(spec);
    } catch (const ModelError& e) {
        return e.path() + ": " + e.message();
    }
    return "no error";
}

} // namespace

TEST_CASE("a scenario built from specs runs without any input file", "[models]") {
    const Scenario sc(two_band_spec());
    CHECK(sc.days() == 2);
    CHECK(sc.population.groups()[1].size == 1000);
    const Ledger run = run_checked(sc);
    // Strict priority: the 120 older people take day 0's 100 doses and 20 of day 1's 150.
    CHECK(daily_doses(run, 0, 0) == Counts{100, 20});
    CHECK(daily_doses(run, 1, 0) == Counts{0, 130});
}

TEST_CASE("a changed copy of the spec builds a new scenario", "[models]") {
    const Scenario sc(two_band_spec());
    ScenarioSpec more = sc.spec();
    more.capacity.periods[0].doses_per_day = 200;
    const Ledger run = run_checked(Scenario(more));
    CHECK(daily_doses(run, 0, 0) == Counts{120, 0});
    CHECK(daily_doses(run, 1, 0) == Counts{80, 150});
}

TEST_CASE("the same scenario read from text gives the same results", "[models]") {
    const Ledger from_code = run_checked(Scenario(two_band_spec()));
    const Ledger from_text = run_checked(load_tiny(two_band_yaml));
    for (int group = 0; group < 2; ++group)
        CHECK(daily_doses(from_code, group, 0) == daily_doses(from_text, group, 0));
    CHECK(column(from_code.stock, 0) == column(from_text.stock, 0));
}

TEST_CASE("an invalid spec throws ModelError naming the field", "[models]") {
    ScenarioSpec s = two_band_spec();
    s.population.groups[0].uptake = 1.5;
    CHECK(rejection(s) == "groups.old_people.uptake: expected a share between 0 and 1, got 1.5");

    s = two_band_spec();
    s.products[0].wastage = 1.0;
    CHECK(rejection(s) ==
          "products.vax.wastage: wastage must be below 0.9 (a share of opened doses lost)");

    s = two_band_spec();
    s.population.bands[1].min_age = 60;
    CHECK(rejection(s) == "population.bands.old.min_age: age band 'old' overlaps band 'young'");

    s = two_band_spec();
    s.population.groups[0].bands[0].people = 1001;
    CHECK(rejection(s) == "groups.old_people: groups drawn from band 'old' now total 1,001, "
                          "more than its 1,000 people");

    s = two_band_spec();
    s.capacity.periods[1].from = s.start;
    CHECK(rejection(s) == "capacity.periods.1.from: capacity periods must be in date order");

    s = two_band_spec();
    s.end = s.start - 1;
    CHECK(rejection(s) == "end: the run ends before it starts");
}

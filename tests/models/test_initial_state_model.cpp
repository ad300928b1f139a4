// The initial state as a model built in code: validation with field paths, the exact
// split over a group's bands, the opening balance, and the invariants that use it.
#include "tiny.hpp"

#include "models/error.hpp"
#include "models/invariants.hpp"
#include "sim/engine/simulation.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

// One group of 300 old and 100 young people, all willing; a two-dose product 21 days
// apart; the run starts 2021-08-01, so the state is at the end of 2021-07-31.
ScenarioSpec spec_with(std::vector<InitialPeopleSpec> people) {
    ScenarioSpec s;
    s.name = "initial-in-code";
    s.start = *parse_iso_date("2021-08-01");
    s.end = *parse_iso_date("2021-08-10");
    ProductSpec vax;
    vax.id = "vax";
    vax.doses = 2;
    vax.interval_days = 21;
    s.products = {vax};
    s.population.tiers = {"A"};
    s.population.bands = {{"young", 18, 64, 1000}, {"old", 65, std::nullopt, 1000}};
    GroupSpec g;
    g.id = "g";
    g.tier = "A";
    g.opens = *parse_iso_date("2021-03-01");
    g.priority = 1;
    g.bands = {{"old", 300}, {"young", 100}};
    s.population.groups = {g};
    s.capacity.periods = {{s.start, 0}};
    InitialStateSpec initial;
    initial.as_of = s.start - 1;
    initial.people = std::move(people);
    initial.stock = {{"vax", 7}};
    s.initial_state = initial;
    return s;
}

InitialPeopleSpec people(std::int64_t count, std::int64_t doses = 1, const char* last = "2021-07-20") {
    InitialPeopleSpec e;
    e.group = "g";
    e.product = "vax";
    e.doses = doses;
    e.count = count;
    e.last_dose = *parse_iso_date(last);
    return e;
}

std::string rejection(const ScenarioSpec& spec) {
    try {
        const Scenario scenario(spec);
    } catch (const ModelError& e) {
        return e.path() + ": " + e.message();
    }
    return "no error";
}

} // namespace

TEST_CASE("an initial state splits each entry over the group's bands exactly",
          "[models][initial_state]") {
    // 101 over room 300 : 100 is 75.75 : 25.25 -> 75 + 25, the remainder to the larger
    // fraction: 76 old, 25 young. Then 200 over the room left (224 : 75): 149.83 : 50.17
    // -> 149 + 50, one left to the larger remainder (old): 150 old, 50 young.
    const Scenario sc(spec_with({people(101), people(200, 2)}));
    REQUIRE(sc.initial);
    const auto& cohorts = sc.population.cohorts();
    const auto& group = sc.population.groups()[0];
    REQUIRE(group.cohorts.size() == 2);
    const int old_c = group.cohorts[0], young_c = group.cohorts[1];
    REQUIRE(sc.population.bands()[cohorts[old_c].band].id == "old");
    CHECK(sc.initial->first[old_c] == 76 + 150);
    CHECK(sc.initial->first[young_c] == 25 + 50);
    CHECK(sc.initial->full[old_c] == 150);
    CHECK(sc.initial->full[young_c] == 50);
    // The opening balance by group, product and dose number: everyone with two doses was
    // given dose 1 too.
    CHECK(sc.initial->doses_by_group(1, 1, 2) == Counts{301, 200});
    CHECK(sc.initial->stock == Counts{7});
    const Ledger run = run_checked(sc);
    CHECK(run.first_dose_people(0, old_c) == 226);
    CHECK(run.initial_doses == Counts{301, 200});
}

TEST_CASE("an initial state is validated with a field path", "[models][initial_state]") {
    SECTION("as_of must be the day before the start") {
        ScenarioSpec s = spec_with({people(1)});
        s.initial_state->as_of -= 1;
        CHECK(rejection(s) == "initial_state.as_of: the state is at the end of 2021-07-30, so the "
                              "run must start on 2021-07-31, but it starts on 2021-08-01");
    }
    SECTION("more people than the group has willing, over all its entries") {
        CHECK_THAT(rejection(spec_with({people(300), people(101)})),
                   Catch::StartsWith("initial_state.people.1.count: 101 people, but group 'g' "
                                     "has only 100 willing people"));
    }
    SECTION("a count that is negative") {
        CHECK_THAT(rejection(spec_with({people(-1)})),
                   Catch::StartsWith("initial_state.people.0.count"));
    }
    SECTION("a dose number outside the series") {
        CHECK_THAT(rejection(spec_with({people(1, 0)})),
                   Catch::StartsWith("initial_state.people.0.doses: doses received must be 1 to 2"));
    }
    SECTION("stock of an unknown product") {
        ScenarioSpec s = spec_with({people(1)});
        s.initial_state->stock.push_back({"moderna", 1});
        CHECK(rejection(s) == "initial_state.stock.moderna: unknown product 'moderna'");
    }
}

TEST_CASE("the invariants hold the run to its opening balance", "[models][initial_state][invariants]") {
    const Scenario sc(spec_with({people(30)}));
    Ledger run = simulate(sc);
    REQUIRE(check_invariants(sc, run).empty());
    SECTION("stock that appears from nowhere breaks conservation") {
        run.initial_stock[0] = 6;
        const auto v = check_invariants(sc, run);
        REQUIRE_FALSE(v.empty());
        CHECK_THAT(v.front(), Catch::Contains("ledger"));
    }
    SECTION("people who were not in the opening balance break the dose accounting") {
        run.initial_doses[0] = 29;
        const auto v = check_invariants(sc, run);
        REQUIRE_FALSE(v.empty());
        CHECK_THAT(v.front(), Catch::Contains("dose people"));
    }
}

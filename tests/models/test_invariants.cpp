// The invariant check itself: a ledger that breaks a rule is caught, with the rule named.
// (Every engine test relies on it passing; these show it can fail.)
#include "models/invariants.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

const char* const two_dose = R"(name: invariants
start: 2021-03-01
end: 2021-03-10
policy: {second_dose_reserve: none}
products:
  - id: vax
    doses: 2
    interval_days: 3
    supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: young, size: 20, opens: 2021-03-01, priority: 1}
)";

bool mentions(const std::vector<std::string>& lines, const std::string& what) {
    for (const auto& l : lines)
        if (l.find(what) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("a clean run keeps every invariant", "[invariants]") {
    const Scenario sc = load_tiny(std::string(two_dose) + tiny_population());
    CHECK(check_invariants(sc, simulate(sc)).empty());
}

TEST_CASE("a second dose before its interval is caught on the day it happens", "[invariants]") {
    const Scenario sc = load_tiny(std::string(two_dose) + tiny_population());
    Ledger run = simulate(sc);
    // Day 1 (index 1): ten first doses were given on day 0, due on day 3; give one early.
    run.give(1, 0, 0, 0, 0, 1, 1);
    const auto v = check_invariants(sc, run);
    CHECK(mentions(v, "2021-03-02: dose 2 before its minimum interval"));
    CHECK(mentions(v, "dose accounting")); // administered was not told
    CHECK_THROWS_AS(require_invariants(sc, run), InvariantError);
}

TEST_CASE("broken stock, capacity and coverage are each named", "[invariants]") {
    const Scenario sc = load_tiny(std::string(two_dose) + tiny_population());
    Ledger run = simulate(sc);
    run.stock(4, 0) += 1;
    run.capacity(1) = 5;
    run.first_dose_people(6, 0) = 0;
    const auto v = check_invariants(sc, run);
    CHECK(mentions(v, "2021-03-05: ledger: vax"));
    CHECK(mentions(v, "2021-03-02: capacity exceeded"));
    CHECK(mentions(v, "2021-03-07: coverage order"));
    CHECK(mentions(v, "2021-03-07: coverage decreased"));
}

TEST_CASE("overdue people leave only by being given their dose", "[invariants][overdue]") {
    // Everyone's second dose is given on days 4 and 5 (indexes 3, 4): from day 6 nothing
    // is booked or overdue. Recording 3 overdue on day 6 is more than booked; and on day 7
    // they vanish with no dose given.
    const Scenario sc = load_tiny(std::string(two_dose) + tiny_population());
    Ledger run = simulate(sc);
    REQUIRE(run.later_doses_outstanding(5, 0) == 0);
    run.later_doses_due(5, 0) = 3;
    const auto v = check_invariants(sc, run);
    CHECK(mentions(v, "2021-03-06: overdue accounting: vax: 3 overdue of 0 booked"));
    CHECK(mentions(v, "2021-03-07: overdue vanished: 3 overdue the day before, 0 later "
                      "doses given, 0 dropped out, 0 overdue"));
}

TEST_CASE("first doses after closing, of a product not preferred, or before arriving are caught",
          "[invariants]") {
    const Scenario sc = load_tiny(R"(name: invariants
start: 2021-03-01
end: 2021-03-06
products:
  - {id: a, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
  - {id: b, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: young, size: 20, opens: 2021-03-01, closes: 2021-03-04, priority: 1,
     products: [a], arrival: {windows: 2, over_days: 4}}
)" + tiny_population());
    const Ledger clean = simulate(sc);
    CHECK(check_invariants(sc, clean).empty());
    Ledger run = clean;
    run.give(4, 0, 0, 0, 0, 0, 1); // day 5, after closing on day 4
    run.give(1, 0, 0, 0, 1, 0, 1); // product b, not in the group's list
    run.first_dose_people(0, 0) += 1; // 11 served on day 1, but only 10 arrived
    const auto v = check_invariants(sc, run);
    CHECK(mentions(v, "2021-03-05: first dose after closing: g: 1"));
    CHECK(mentions(v, "2021-03-02: first dose of a product not preferred: g: 1 of b"));
    CHECK(mentions(v, "2021-03-01: served before arriving: g: 11 first doses > 10 arrived"));
}

TEST_CASE("a dose beyond its product's series is caught, in a group given nothing else that day",
          "[invariants]") {
    // One-dose a and two-dose b: dose 2 exists (b's), but never of a. Group h opens on
    // 03-05, so on 03-02 the injected dose is its only one: the check reads every group
    // given a dose that day, not only those the run gave.
    const Scenario sc = load_tiny(R"(name: invariants
start: 2021-03-01
end: 2021-03-06
policy: {second_dose_reserve: none}
products:
  - {id: a, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
  - {id: b, doses: 2, interval_days: 3, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: young, size: 20, opens: 2021-03-01, priority: 1}
  - {id: h, tier: A, band: old, size: 20, opens: 2021-03-05, priority: 2}
)" + tiny_population());
    const Ledger clean = simulate(sc);
    REQUIRE(check_invariants(sc, clean).empty());
    REQUIRE(clean.all_doses(1, 1, 0) + clean.all_doses(1, 1, 1) == 0); // h: nothing on 03-02
    const int h_cohort = sc.population.groups()[1].cohorts.front();
    Ledger run = clean;
    run.give(1, 0, 1, h_cohort, 0, 1, 1); // dose 2 of a to h on 03-02
    const auto v = check_invariants(sc, run);
    CHECK(mentions(v, "2021-03-02: dose 2 beyond the series: a"));
    CHECK(mentions(v, "2021-03-02: dose accounting: a")); // administered was not told
}

TEST_CASE("a booster before a completed series is caught", "[invariants][boosters]") {
    // Two doses, interval 3: 10 complete their series on 03-04 and 10 on 03-05; the
    // campaign boosts them a day later (dose 3).
    const Scenario sc = load_tiny(std::string(two_dose) + tiny_population() + R"(
boosters:
  - {id: b, population: {all: true}, from: 2021-03-01, after_days: 1, products: [vax]}
)");
    const Ledger clean = simulate(sc);
    REQUIRE(check_invariants(sc, clean).empty());
    REQUIRE(clean.doses_per_person() == 3);
    SECTION("a booster dose given on 03-02, before anyone completed a series") {
        Ledger run = clean;
        run.give(1, 0, 0, 0, 0, 2, 1);
        const auto v = check_invariants(sc, run);
        CHECK(mentions(v, "2021-03-02: booster before a completed series: g: 1 of booster 1 "
                          "given, 0 completed a series"));
    }
    SECTION("people counted boosted before they completed a series") {
        Ledger run = clean;
        run.boosted_people(2, 0) = 1;
        const auto v = check_invariants(sc, run);
        CHECK(mentions(v, "2021-03-03: booster before a completed series: g/young: 1 boosted, "
                          "0 completed a series"));
        CHECK(mentions(v, "2021-03-03: booster accounting"));
    }
}

TEST_CASE("nobody counted up to date past the protection", "[invariants][protection]") {
    // Protection 3 days: the 10 who complete on 03-04 are up to date 03-04 to 03-06, the
    // 10 of 03-05 to 03-07; nobody on 03-08.
    std::string text = std::string(two_dose) + tiny_population();
    text.replace(text.find("    supply:"), 0, "    protection_days: 3\n");
    const Scenario sc = load_tiny(text);
    const Ledger clean = simulate(sc);
    REQUIRE(check_invariants(sc, clean).empty());
    CHECK(column(clean.up_to_date_people, 0) == Counts{0, 0, 0, 10, 20, 20, 10, 0, 0, 0});
    SECTION("one more up to date on the last day of the protection is caught") {
        Ledger run = clean;
        run.up_to_date_people(6, 0) = 11;
        CHECK(mentions(check_invariants(sc, run),
                       "2021-03-07: up to date past the protection: g: 11 up to date, only 10"));
    }
    SECTION("anyone up to date the day after is caught") {
        Ledger run = clean;
        run.up_to_date_people(7, 0) = 5;
        CHECK(mentions(check_invariants(sc, run), "2021-03-08: up to date past the protection"));
    }
    SECTION("up to date above those who completed a series is caught") {
        Ledger run = clean;
        run.up_to_date_people(1, 0) = 1;
        CHECK(mentions(check_invariants(sc, run), "2021-03-02: up to date without a series"));
    }
}

TEST_CASE("a ledger with a place dimension is checked on its places' doses added up",
          "[invariants][protection]") {
    // The protection scenario's ledger again with two places, each day's doses split
    // between them: it keeps every invariant, and the same dose too many is caught in
    // either place. The 10 who complete on 03-04 are up to date 03-04 to 03-06: their
    // lapse is found from the earlier day's doses of both places.
    std::string text = std::string(two_dose) + tiny_population();
    text.replace(text.find("    supply:"), 0, "    protection_days: 3\n");
    const Scenario sc = load_tiny(text);
    const Ledger one = simulate(sc);
    LedgerShape shape = one.shape();
    shape.places = 2;
    const auto split = [&](int place_of_odd) {
        Ledger two(shape, false);
        for (CountMatrix Ledger::*m :
             {&Ledger::first_dose_people, &Ledger::fully_vaccinated_people, &Ledger::boosted_people,
              &Ledger::up_to_date_people, &Ledger::dose_people, &Ledger::deliveries, &Ledger::extracted,
              &Ledger::imported, &Ledger::exported, &Ledger::moved_in, &Ledger::moved_out,
              &Ledger::administered, &Ledger::wasted, &Ledger::stock, &Ledger::later_doses_due,
              &Ledger::later_doses_outstanding, &Ledger::dropped_out, &Ledger::site_capacity,
              &Ledger::site_capacity_used})
            two.*m = one.*m;
        two.capacity = one.capacity;
        two.capacity_used = one.capacity_used;
        two.exports_not_made = one.exports_not_made;
        // Of each dose cell, one person in place `place_of_odd`, the rest in the other.
        for (int t = 0; t < one.days(); ++t)
            for (int k = 0; k < one.doses_per_person(); ++k) {
                const std::int64_t n = one.dose(t, 0, 0, k);
                if (n == 0) continue;
                two.give(t, place_of_odd, 0, 0, 0, k, 1);
                if (n > 1) two.give(t, 1 - place_of_odd, 0, 0, 0, k, n - 1);
            }
        return two;
    };
    for (int place : {0, 1}) {
        Ledger two = split(place);
        REQUIRE(two.dose(3, 0, 0, 1) == 10);
        CHECK(check_invariants(sc, two).empty());
        two.up_to_date_people(6, 0) = 11;
        CHECK(mentions(check_invariants(sc, two),
                       "2021-03-07: up to date past the protection: g: 11 up to date, only 10"));
    }
}

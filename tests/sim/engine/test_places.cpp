// Places (districts): who lives where, the supply rules' exact splits, the transfer lag,
// and the city as the places added up. Every run passes the invariant check per place.
#include <filesystem>
#include <list>
#include <map>

#include "models/place.hpp"
#include "sim/engine/places.hpp"
#include "results/place_summary.hpp"
#include "sim/input/yaml_input.hpp"
#include "sim/parameter_space.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

// Two places, a (30% of the young, 70% of the old) and b (the rest); g1 is 333 of the
// 1,000 young, g2 all 1,000 old. Capacity 100 a day for the city.
std::string two_places(const std::string& supply, const std::string& products,
                       const std::string& extra = "") {
    return "name: places\nstart: 2021-03-01\nend: 2021-03-06\n" + tiny_population() + products + R"(
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: g1, tier: A, band: young, size: 333, opens: 2021-03-01, priority: 1}
  - {id: g2, tier: A, band: old, size: 1000, opens: 2021-03-01, priority: 2}
places:
  - {id: a, label: 가, band_shares: {young: 0.3, old: 0.7}}
  - {id: b, band_shares: {young: 0.7, old: 0.3}}
place_supply: )" + supply + "\n" + extra;
}

const std::string one_delivery =
    "products:\n  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 11}]}}\n";

// A scenario kept alive to the end of the tests: a run's output refers to its scenario.
const Scenario& kept(Scenario scenario) {
    static std::list<Scenario> all;
    return all.emplace_back(std::move(scenario));
}

// A scenario of scenarios/.
Scenario shipped(const std::string& file) {
    return load_scenario_file(std::filesystem::path(VAXSIM_SOURCE_DIR) / "scenarios" / file);
}

// A place's kept ledger or the city's.
template <class L> Counts deliveries(const L& run) { return column(run.deliveries, 0); }

} // namespace

TEST_CASE("places split each cohort and band by largest remainder, adding up to the city",
          "[places]") {
    const Scenario sc = load_tiny(two_places("{rule: population}", one_delivery));
    const Places& places = *sc.places;
    // g1's 333 young: 99.9 and 233.1 -> 100 and 233. The 667 young in no group: 200.1 and
    // 466.9 -> 200 and 467. The old: 700 and 300.
    CHECK(places.band_people()[0] == Counts{300, 700});
    CHECK(places.band_people()[1] == Counts{700, 300});
    CHECK(places.people() == Counts{1000, 1000});
    const Scenario& a = sc.place_scenarios[0];
    const Scenario& b = sc.place_scenarios[1];
    CHECK(a.population.groups()[0].size == 100);
    CHECK(b.population.groups()[0].size == 233);
    CHECK(a.population.groups()[1].size == 700);
    CHECK(b.population.groups()[1].size == 300);
    // Each place gets the city's capacity split by its people: 50 and 50.
    CHECK(a.capacity.on(0, sc.start) == 50);
    CHECK(b.capacity.on(0, sc.start) == 50);
    CHECK(places.labels() == std::vector<std::string>{"가", "b"});
}

TEST_CASE("by population: 11 doses to two places of equal people are 6 and 5 (ties to the first)",
          "[places]") {
    RunPipeline pipeline;
    const RunOutput& out = pipeline.run(kept(load_tiny(two_places("{rule: population}", one_delivery))));
    REQUIRE(out.places.size() == 2);
    CHECK(deliveries(*out.places[0].ledger) == Counts{6, 0, 0, 0, 0, 0});
    CHECK(deliveries(*out.places[1].ledger) == Counts{5, 0, 0, 0, 0, 0});
    // The city is the places added up.
    CHECK(deliveries(*out.ledger) == Counts{11, 0, 0, 0, 0, 0});
    CHECK(column(out.ledger->administered, 0) == Counts{11, 0, 0, 0, 0, 0});
    CHECK(out.ledger->first_dose_people.row(5).sum() == 11);
    CHECK(out.ledger->capacity(0) == 100);
}

TEST_CASE("the transfer lag delays what reaches places; past the end it never arrives",
          "[places]") {
    const std::string products =
        "products:\n  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 11}, "
        "{date: 2021-03-05, doses: 4}]}}\n";
    RunPipeline pipeline;
    const RunOutput& out =
        pipeline.run(kept(load_tiny(two_places("{rule: population, transfer_lag_days: 2}", products))));
    CHECK(deliveries(*out.places[0].ledger) == Counts{0, 0, 6, 0, 0, 0});
    CHECK(deliveries(*out.places[1].ledger) == Counts{0, 0, 5, 0, 0, 0});
    // The 4 of 03-05 would arrive 03-07, after the run: 2 and 2 delivered after the end.
    CHECK(out.places[0].ledger->delivered_after_end[0] == 2);
    CHECK(out.places[1].ledger->delivered_after_end[0] == 2);
    CHECK(out.ledger->delivered_after_end[0] == 4);
}

TEST_CASE("by stated shares, which change on a date", "[places]") {
    const std::string products =
        "products:\n  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 10}, "
        "{date: 2021-03-03, doses: 10}]}}\n";
    RunPipeline pipeline;
    const RunOutput& out = pipeline.run(kept(load_tiny(two_places(R"(
  rule: shares
  shares:
    - {from: 2021-03-01, shares: {a: 0.25, b: 0.75}}
    - {from: 2021-03-03, shares: {a: 1, b: 0}})",
                                                             products))));
    // 2.5 and 7.5: the tie of remainders goes to a.
    CHECK(deliveries(*out.places[0].ledger) == Counts{3, 0, 10, 0, 0, 0});
    CHECK(deliveries(*out.places[1].ledger) == Counts{7, 0, 0, 0, 0, 0});
}

TEST_CASE("by need: the willing still waiting in open groups, less the stock on hand",
          "[places]") {
    // Only g2 (the old: 700 in a, 300 in b) is open. Day 1: 100 doses split 700:300 ->
    // 70 and 30. Each place gives 50 a day at most: a gives 50 (20 left in stock), b 30.
    // Day 2: a needs 700 - 50 - 20 = 630, b 300 - 30 = 270: 100 split 70 and 30 again.
    const std::string products =
        "products:\n  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 100}, "
        "{date: 2021-03-02, doses: 100}]}}\n";
    std::string yaml = two_places("{rule: need}", products);
    yaml.replace(yaml.find("size: 333, opens: 2021-03-01"), 28, "size: 333, opens: 2021-04-01");
    RunPipeline pipeline;
    const RunOutput& out = pipeline.run(kept(load_tiny(yaml)));
    CHECK(deliveries(*out.places[0].ledger) == Counts{70, 70, 0, 0, 0, 0});
    CHECK(deliveries(*out.places[1].ledger) == Counts{30, 30, 0, 0, 0, 0});
    CHECK(column(out.places[0].ledger->administered, 0) == Counts{50, 50, 40, 0, 0, 0});
    CHECK(column(out.places[1].ledger->administered, 0) == Counts{30, 30, 0, 0, 0, 0});
}

TEST_CASE("places without a capacity of their own add up to the city's on every day",
          "[places]") {
    // The city's 100 a day at 0.5 on Saturdays, 0.25 on Sundays and 0.3 on a holiday, over three places of
    // 300, 400 and 300 people (30%, 40%, 30% of both bands). Split day by day: a Sunday's
    // 25 is 7.5, 10, 7.5 -> 8, 10, 7 (the tie to the first). Splitting the rate first
    // (30, 40, 30) and rounding each place's Sunday (7.5 -> 8, 10, 7.5 -> 8) made 26.
    std::string yaml = "name: places\nstart: 2021-03-01\nend: 2021-03-14\n" + tiny_population() +
                       "products:\n  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 900}]}}\n"
                       R"(capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}],
           weekday_factors: [1, 1, 1, 1, 1, 0.5, 0.25], holidays: [2021-03-03], holiday_factor: 0.3}
groups:
  - {id: g1, tier: A, band: young, size: 1000, opens: 2021-03-01, priority: 1}
places:
  - {id: a, band_shares: {young: 0.3, old: 0.3}}
  - {id: b, band_shares: {young: 0.4, old: 0.4}}
  - {id: c, band_shares: {young: 0.3, old: 0.3}}
place_supply: {rule: population}
)";
    const Scenario sc = load_tiny(yaml);
    const DayNumber sunday = sc.start + 6; // 2021-03-07
    CHECK(sc.capacity.on(sunday) == 25);
    CHECK(sc.place_scenarios[0].capacity.on(sunday) == 8);
    CHECK(sc.place_scenarios[1].capacity.on(sunday) == 10);
    CHECK(sc.place_scenarios[2].capacity.on(sunday) == 7);
    // The holiday's 30: 9, 12, 9.
    CHECK(sc.place_scenarios[0].capacity.on(sc.start + 2) == 9);
    CHECK(sc.place_scenarios[1].capacity.on(sc.start + 2) == 12);
    RunPipeline pipeline;
    const RunOutput& out = pipeline.run(sc);
    for (int t = 0; t < sc.days(); ++t) {
        INFO("day " << t);
        std::int64_t places = 0;
        for (const auto& place : out.places) places += place.ledger->capacity(t);
        CHECK(places == sc.capacity.on(sc.start + t));
        CHECK(out.ledger->capacity(t) == sc.capacity.on(sc.start + t));
    }
}

TEST_CASE("a sweep sets a place's opening date though its opens names no group yet", "[places]") {
    // As --set does: the place's own date is added, or replaces the one it has.
    const Scenario sc = load_tiny(two_places("{rule: population}", one_delivery));
    REQUIRE(sc.spec().places[0].opens.empty());
    const ParameterSpace space(sc.spec());
    ScenarioSpec spec = sc.spec();
    space.resolve("places.a.opens.g2").set(spec, ParameterValue::parse("2021-03-03"));
    REQUIRE(spec.places[0].opens.size() == 1);
    CHECK(spec.places[0].opens[0] == std::pair<std::string, DayNumber>{"g2", sc.start + 2});
    space.resolve("places.a.opens.g2").set(spec, ParameterValue::parse("2021-03-04"));
    CHECK(spec.places[0].opens ==
          std::vector<std::pair<std::string, DayNumber>>{{"g2", sc.start + 3}});
    CHECK(spec.places[1].opens.empty());
    // The place's g2 opens two days after the city's: none of its g2 before then.
    const Scenario built(spec);
    CHECK(built.place_scenarios[0].population.groups()[1].opens == sc.start + 3);
    CHECK_THROWS_WITH(space.resolve("places.a.opens.g3"),
                      Catch::Contains("no element with id or index 'g3'") &&
                          Catch::Contains("0 = g1, 1 = g2"));
}

TEST_CASE("by capacity: each place's capacity over the week the doses arrive", "[places]") {
    std::string yaml = two_places("{rule: capacity}",
                                  "products:\n  - {id: vax, doses: 1, supply: {deliveries: "
                                  "[{date: 2021-03-01, doses: 100}]}}\n");
    yaml.replace(yaml.find("old: 0.7}}"), 10,
                 "old: 0.7}, capacity: {periods: [{from: 2021-03-01, doses_per_day: 30}]}}");
    yaml.replace(yaml.find("old: 0.3}}"), 10,
                 "old: 0.3}, capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}}");
    RunPipeline pipeline;
    const RunOutput& out = pipeline.run(kept(load_tiny(yaml)));
    // Six days of the run are left in the week: 180 and 60, so 75 and 25.
    CHECK(deliveries(*out.places[0].ledger) == Counts{75, 0, 0, 0, 0, 0});
    CHECK(deliveries(*out.places[1].ledger) == Counts{25, 0, 0, 0, 0, 0});
    CHECK(out.ledger->capacity(0) == 40);
}

namespace {

// The places' delivery rows of a tiny scenario with no deliveries of its own: 03-01 a 7,
// b 4; 03-03 a 2 and 1 more (the same day: added up), b 5.
Scenario with_rows(const std::string& rule, double scale = 1.0) {
    ScenarioSpec spec =
        load_tiny(two_places("{rule: population}", "products:\n  - {id: vax, doses: 1, supply: {}}\n"))
            .spec();
    const DayNumber day = spec.start;
    spec.place_supply.rule = *place_rule_named(rule);
    spec.place_supply.deliveries = {{day, "a", "vax", 7}, {day, "b", "vax", 4},
                                    {day + 2, "a", "vax", 2}, {day + 2, "b", "vax", 5},
                                    {day + 2, "a", "vax", 1}};
    spec.products[0].supply.scale = scale;
    return Scenario(spec);
}

} // namespace

TEST_CASE("listed: each place gets its rows, and the city their sum", "[places]") {
    const Scenario sc = with_rows("listed");
    const auto& city = sc.products[0].supply().deliveries();
    REQUIRE(city.size() == 2);
    CHECK(city[0].doses == 11);
    CHECK(city[1].doses == 8);
    RunPipeline pipeline;
    const RunOutput& out = pipeline.run(sc);
    CHECK(deliveries(*out.places[0].ledger) == Counts{7, 0, 3, 0, 0, 0});
    CHECK(deliveries(*out.places[1].ledger) == Counts{4, 0, 5, 0, 0, 0});
    CHECK(deliveries(*out.ledger) == Counts{11, 0, 8, 0, 0, 0});
}

TEST_CASE("listed under a scaled supply: each delivery split as its rows, largest remainder",
          "[places]") {
    // Scale 0.5, rounded cumulatively: 11 -> 5.5 -> 6, then 19 -> 9.5 -> 10, so 6 and 4.
    // 6 split 7:4 is 3.82 and 2.18 -> 4 and 2; 4 split 3:5 is 1.5 and 2.5 -> a tie, to a:
    // 2 and 2.
    RunPipeline pipeline;
    const RunOutput& out = pipeline.run(kept(with_rows("listed", 0.5)));
    CHECK(deliveries(*out.places[0].ledger) == Counts{4, 0, 2, 0, 0, 0});
    CHECK(deliveries(*out.places[1].ledger) == Counts{2, 0, 2, 0, 0, 0});
}

TEST_CASE("the rows' totals may be shared by another rule", "[places]") {
    // By population (1,000 and 1,000): 11 -> 6 and 5, 8 -> 4 and 4.
    RunPipeline pipeline;
    const RunOutput& out = pipeline.run(kept(with_rows("population")));
    CHECK(deliveries(*out.places[0].ledger) == Counts{6, 0, 4, 0, 0, 0});
    CHECK(deliveries(*out.places[1].ledger) == Counts{5, 0, 4, 0, 0, 0});
}

TEST_CASE("listed rows are refused beside a product's own deliveries, or naming no place",
          "[places][errors]") {
    const auto error = [](const ScenarioSpec& spec) {
        try {
            Scenario{spec};
        } catch (const ModelError& e) {
            return e.path() + ": " + e.message();
        }
        return std::string();
    };
    ScenarioSpec spec = with_rows("listed").spec();
    spec.products[0].supply.deliveries = {{spec.start, 5}};
    CHECK_THAT(error(spec), Catch::StartsWith("products.vax.supply: the places' deliveries"));
    spec.products[0].supply.deliveries.clear();
    spec.place_supply.deliveries[1].place = "c";
    CHECK_THAT(error(spec), Catch::StartsWith("place_supply.deliveries.1.place: unknown place 'c'"));
    const auto rows = spec.place_supply.deliveries;
    spec.place_supply.deliveries.clear();
    CHECK_THAT(error(spec), Catch::StartsWith("place_supply.rule: rule 'listed' needs the places' deliveries"));
    // No rows at all beside a product's own deliveries: still the rule's error, not the
    // product's ("they list none of this product's" would say a file was given).
    spec.products[0].supply.deliveries = {{spec.start, 5}};
    CHECK_THAT(error(spec), Catch::StartsWith("place_supply.rule: rule 'listed' needs the places' deliveries"));
    // Listed, but a second product's own deliveries are in no row.
    spec.products[0].supply.deliveries.clear();
    spec.place_supply.deliveries = rows;
    spec.place_supply.deliveries[1].place = "b"; // as with_rows gave it

    ProductSpec other = spec.products[0];
    other.id = "other";
    other.supply.deliveries = {{spec.start, 5}};
    spec.products.push_back(other);
    CHECK_THAT(error(spec), Catch::StartsWith("products.other.supply: rule 'listed' gives each place") &&
                                Catch::Contains("they list none of this product's"));
}

TEST_CASE("rebalancing moves what a place could never give to places still waiting",
          "[places]") {
    // All 1,000 doses go to a (shares 1 and 0); only g2 is open (700 old in a, 300 in b),
    // each place gives 50 a day. At the end of day 0 a holds 950 for 650 still waiting:
    // 300 over, and b waits for 300. Rebalancing every day moves them on day 1; every 2
    // days, on day 2 (a then holds 900 for 600).
    for (const auto& [every, day] : {std::pair{1, 1}, std::pair{2, 2}}) {
        std::string yaml = two_places(
            "{rule: shares, shares: [{from: 2021-03-01, shares: {a: 1, b: 0}}], "
            "rebalance_every_days: " + std::to_string(every) + "}",
            "products:\n  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}\n");
        yaml.replace(yaml.find("size: 333, opens: 2021-03-01"), 28, "size: 333, opens: 2021-04-01");
        RunPipeline pipeline;
        const RunOutput& out = pipeline.run(kept(load_tiny(yaml)));
        Counts moved(6, 0);
        moved[static_cast<std::size_t>(day)] = 300;
        CHECK(column(out.places[0].ledger->moved_out, 0) == moved);
        CHECK(column(out.places[1].ledger->moved_in, 0) == moved);
        CHECK(out.places[0].ledger->moved_in.sum() == 0);
        CHECK(out.places[1].ledger->moved_out.sum() == 0);
        // b gives 50 a day from the day the doses reach it; the city's moves net out.
        Counts b_given(6, 0);
        for (int t = day; t < 6; ++t) b_given[static_cast<std::size_t>(t)] = 50;
        CHECK(column(out.places[1].ledger->administered, 0) == b_given);
        CHECK(out.ledger->moved_in == out.ledger->moved_out);
        CHECK(column(out.ledger->stock, 0).back() == 1000 - 300 - 50 * (6 - day));
    }
}

TEST_CASE("rebalancing every 0 to 366 days", "[places][errors]") {
    CHECK_THROWS_WITH(load_tiny(two_places("{rule: population, rebalance_every_days: 400}", one_delivery)),
                      Catch::Contains("rebalancing happens every 1 to 366 days (0: never), got 400"));
}

TEST_CASE("a later dose is given where the first was", "[places]") {
    // Two doses 2 days apart; all deliveries go to a on day 1, to b from day 3.
    const std::string products = R"(products:
  - {id: vax, doses: 2, interval_days: 2, supply: {deliveries: [{date: 2021-03-01, doses: 20}, {date: 2021-03-03, doses: 20}]}}
)";
    RunPipeline pipeline;
    const RunOutput& out = pipeline.run(kept(load_tiny(two_places(R"(
  rule: shares
  shares:
    - {from: 2021-03-01, shares: {a: 1, b: 0}}
    - {from: 2021-03-03, shares: {a: 0, b: 1}})",
                                                             products, "policy: {second_dose_reserve: hold_second_doses}\n"))));
    const PlaceLedger& a = *out.places[0].ledger;
    // a gives 10 first doses and holds 10 for their second doses on day 3.
    CHECK(column(a.administered, 0) == Counts{10, 0, 10, 0, 0, 0});
    CHECK(out.places[1].outcomes.fully_vaccinated_people_by_group.row(5).sum() == 10);
    CHECK(out.places[0].outcomes.fully_vaccinated_people_by_group.row(5).sum() == 10);
    CHECK(out.ledger->fully_vaccinated_people.row(5).sum() == 20);
}

TEST_CASE("a count target holds each place to the same share of its people", "[places]") {
    const std::string targets = R"(targets:
  - {id: half_old, measure: first_dose, population: {groups: [g2]}, count: 500, deadline: 2021-03-06}
)";
    const Scenario sc = load_tiny(two_places("{rule: population}", one_delivery, targets));
    CHECK(sc.place_scenarios[0].targets[0].threshold == 350);
    CHECK(sc.place_scenarios[1].targets[0].threshold == 150);
}

TEST_CASE("a doses target's count is split by the target's people in each place", "[places]") {
    // Doses are no share of people: split by the target's people, who are the people of
    // its groups. Over g1 (100 and 233), 11 doses are 3.30 and 7.70 -> 3 and 8;
    // over all (g1 and g2: 800 and 533), 6.60 and 4.40 -> 7 and 4.
    const Scenario sc = load_tiny(two_places(
        "{rule: population}", one_delivery,
        "targets:\n  - {id: young_doses, measure: doses, population: {groups: [g1]}, count: 11, "
        "deadline: 2021-03-06}\n  - {id: all_doses, measure: doses, population: {all: true}, count: 11, "
        "deadline: 2021-03-06}\n"));
    CHECK(sc.place_scenarios[0].targets[0].threshold == 3);
    CHECK(sc.place_scenarios[1].targets[0].threshold == 8);
    CHECK(sc.place_scenarios[0].targets[1].threshold == 7);
    CHECK(sc.place_scenarios[1].targets[1].threshold == 4);
}

TEST_CASE("equity across places: range, ratio and the Gini index weighted by people",
          "[places]") {
    const Equity e = equity({50, 100}, {100, 100});
    CHECK(e.lowest == Approx(0.5));
    CHECK(e.highest == Approx(1.0));
    CHECK(e.range == Approx(0.5));
    CHECK(e.ratio == Approx(0.5));
    // (2 x 100 x 100 x 0.5) / (2 x 200^2 x 0.75) = 1/6
    CHECK(e.gini == Approx(1.0 / 6));
    const Equity same = equity({30, 60}, {100, 200});
    CHECK(same.range == 0);
    CHECK(same.ratio == 1);
    CHECK(same.gini == 0);
    // A place with none of the target's people is left out, not counted as 0%.
    const Equity without = equity({30, 0, 60}, {100, 0, 200});
    CHECK(without.lowest == Approx(0.3));
    CHECK(without.range == 0);
    // A value above the people (a count target's doses) counts as all of them.
    const Equity over = equity({150, 50}, {100, 100});
    CHECK(over.highest == 1);
    CHECK(over.range == Approx(0.5));
    CHECK(over.gini == Approx(1.0 / 6));
}

TEST_CASE("places that do not add up are refused, naming the band", "[places][errors]") {
    const auto error = [](const std::string& yaml) {
        try {
            load_tiny(yaml);
        } catch (const std::exception& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    std::string yaml = two_places("{rule: population}", one_delivery);
    yaml.replace(yaml.find("old: 0.3}"), 9, "old: 0.4}");
    CHECK_THAT(error(yaml), Catch::Contains("shares of band 'old' sum to 1.1, expected 1"));
    CHECK_THAT(error(yaml), !Catch::Contains("no share of it"));
    // A place that leaves the band out is named (the error points at the last that has it).
    yaml = two_places("{rule: population}", one_delivery);
    yaml.replace(yaml.find("{young: 0.3, old: 0.7}"), 22, "{young: 0.3}");
    CHECK_THAT(error(yaml), Catch::Contains("shares of band 'old' sum to 0.3, expected 1; no share of it in 'a'"));
    // Broken by --set: the error is at the last place's line, and names the override.
    std::string with_set;
    try {
        load_tiny(two_places("{rule: population}", one_delivery), {"places.a.band_shares.old=0.8"});
    } catch (const std::exception& e) {
        with_set = e.what();
    }
    CHECK_THAT(with_set, Catch::StartsWith("tiny.yaml:"));
    CHECK_THAT(with_set, Catch::Contains("shares of band 'old' sum to 1.1, expected 1 "
                                         "(see also --set places.a.band_shares.old=0.8)"));
    // Only a value beside the one reported is named, once, at its latest: not one of
    // another band, nor a label.
    with_set.clear();
    try {
        load_tiny(two_places("{rule: population}", one_delivery),
                  {"places.a.band_shares.old=0.9", "places.a.label=A", "places.a.band_shares.young=0.3",
                   "places.a.band_shares.old=0.8"});
    } catch (const std::exception& e) {
        with_set = e.what();
    }
    CHECK_THAT(with_set, Catch::Contains("expected 1 (see also --set places.a.band_shares.old=0.8)\n"));
    yaml = two_places("{rule: populaton}", one_delivery);
    CHECK_THAT(error(yaml), Catch::Contains("did you mean 'population'?"));
    yaml = two_places("{rule: shares, shares: [{from: 2021-03-01, shares: {a: 0.5, c: 0.5}}]}",
                      one_delivery);
    CHECK_THAT(error(yaml), Catch::Contains("unknown place 'c'"));
    // A place left out would get nothing: each set names every place.
    yaml = two_places("{rule: shares, shares: [{from: 2021-03-01, shares: {a: 0.5, b: 0.5}}, "
                      "{from: 2021-03-03, shares: {a: 1}}]}",
                      one_delivery);
    CHECK_THAT(error(yaml), Catch::Contains("place_supply.shares.1.shares") &&
                                Catch::Contains("the shares name 1 of the 2 places; missing: b "
                                                "(give 0 for a place that gets none)"));
    yaml = two_places("{rule: population}", one_delivery);
    yaml.replace(yaml.find("{young: 0.3"), 11, "{yung: 0.3");
    CHECK_THAT(error(yaml), Catch::Contains("unknown age band 'yung'"));
    yaml = two_places("{rule: population, transfer_lag_days: 61}", one_delivery);
    CHECK_THAT(error(yaml), Catch::Contains("transfer lag must be from 0 to 60 days"));
    yaml = two_places("{rule: population}",
                      "products:\n  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, "
                      "doses: 11}], exports: [{date: 2021-03-02, doses: 1}]}}\n");
    CHECK_THAT(error(yaml), Catch::Contains("an export cannot be combined with 'places' yet"));
}

TEST_CASE("places draw the city's future: the same deliveries and uptake in every place rule",
          "[places][sweep]") {
    // Common random numbers: future k's supply is drawn for the city before it is shared,
    // and each place draws the city's uptake, so the rule changes who gets doses, never
    // how many come or who is willing.
    const std::string base = read_input_file(std::filesystem::path(VAXSIM_SOURCE_DIR) / "tests/data/tiny-uncertain.yaml", "test scenario");
    const std::string places = R"(
places:
  - {id: north, band_shares: {young: 0.4, old: 0.7}}
  - {id: south, band_shares: {young: 0.6, old: 0.3}}
)";
    const Scenario one = load_tiny(base);
    const Scenario split = load_tiny(base + places);
    const ParameterSpace space(split.spec());
    for (const std::string rule : {"population", "need", "capacity"}) {
        ScenarioSpec spec = split.spec();
        space.resolve("place_supply.rule").set(spec, ParameterValue::parse(rule));
        space.resolve("place_supply.transfer_lag_days").set(spec, ParameterValue::parse("3"));
        const Scenario varied(spec);
        for (std::uint64_t future = 0; future < 3; ++future) {
            RunPipeline a, b;
            const RunOutput& city = a.run(one, {.future = future});
            const RunOutput& shared = b.run(varied, {.future = future});
            for (int p = 0; p < city.ledger->products(); ++p) {
                std::int64_t in_places = shared.ledger->delivered_after_end[p];
                for (int t = 0; t < shared.ledger->days(); ++t) in_places += shared.ledger->deliveries(t, p);
                std::int64_t in_city = city.ledger->delivered_after_end[p];
                for (int t = 0; t < city.ledger->days(); ++t) in_city += city.ledger->deliveries(t, p);
                CHECK(in_places == in_city);
            }
            std::int64_t willing = 0;
            for (const PlaceOutcome& place : shared.places)
                for (const Cohort& c : place.scenario->population.cohorts()) willing += c.willing;
            std::int64_t city_willing = 0;
            for (const Cohort& c : city.scenario->population.cohorts()) city_willing += c.willing;
            // Each place rounds its own willing: within one person per place and cohort.
            CHECK(std::llabs(willing - city_willing) <= 2 * 3);
        }
    }
}

TEST_CASE("the city's willing are the places' added up", "[places]") {
    // Uptake 0.715 of g1: the city alone would have round(238.095) = 238 willing; the places
    // have round(71.5) = 72 and round(166.595) = 167, and they are what is run: 239.
    std::string yaml = two_places("{rule: population}", one_delivery);
    yaml.replace(yaml.find("size: 333,"), 10, "size: 333, uptake: 0.715,");
    const Scenario sc = load_tiny(yaml);
    CHECK(sc.place_scenarios[0].population.groups()[0].willing == 72);
    CHECK(sc.place_scenarios[1].population.groups()[0].willing == 167);
    CHECK(sc.population.groups()[0].willing == 239);
    CHECK(sc.population.cohorts()[sc.population.groups()[0].cohorts[0]].willing == 239);
}

TEST_CASE("places run in turn give what places stepped together give", "[places]") {
    // Rule population runs the places one after another on one engine, each given again
    // the doses its split sent it; rebalancing every 366 days steps them together (a
    // 6-day run never rebalances). Two products, one with vials whose extra doses are
    // rounded cumulatively per place, deliveries on three days, a two-day lag, one
    // delivery after the end and two-dose series: every series kept of each place, each
    // target's series and the city's ledger agree.
    const std::string products = R"(products:
  - id: vax
    doses: 2
    interval_days: 2
    supply:
      deliveries: [{date: 2021-03-01, doses: 37}, {date: 2021-03-02, doses: 13}, {date: 2021-03-04, doses: 29}, {date: 2021-03-09, doses: 5}]
      vial: {labelled_doses: 6, extracted_doses: 7}
  - {id: other, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 21}, {date: 2021-03-03, doses: 9}]}}
)";
    const std::string targets = R"(targets:
  - {id: old_first, measure: first_dose, population: {groups: [g2]}, share: 0.01, deadline: 2021-03-06}
  - {id: all_doses, measure: doses, population: {all: true}, count: 10, deadline: 2021-03-06}
)";
    RunPipeline in_turn, together;
    const RunOutput& a = in_turn.run(kept(load_tiny(two_places("{rule: population, transfer_lag_days: 2}", products, targets))));
    const RunOutput& b = together.run(kept(load_tiny(
        two_places("{rule: population, transfer_lag_days: 2, rebalance_every_days: 366}", products, targets))));
    REQUIRE(a.places.size() == 2);
    REQUIRE(b.places.size() == 2);
    CHECK(a.ledger->extracted.sum() > 0);
    CHECK(a.ledger->administered.sum() > 0);
    CHECK(a.ledger->delivered_after_end[0] == 5);
    for (std::size_t l = 0; l < 2; ++l) {
        const PlaceLedger& x = *a.places[l].ledger;
        const PlaceLedger& y = *b.places[l].ledger;
        CHECK(x.deliveries == y.deliveries);
        CHECK(x.administered == y.administered);
        CHECK(x.stock == y.stock);
        CHECK(x.capacity == y.capacity);
        CHECK(x.capacity_used == y.capacity_used);
        CHECK(x.binding_constraint == y.binding_constraint);
        CHECK(x.group_binding_constraint == y.group_binding_constraint);
        CHECK(x.delivered_after_end == y.delivered_after_end);
        REQUIRE(a.places[l].target_series.size() == 2);
        REQUIRE(b.places[l].target_series.size() == 2);
        for (std::size_t t = 0; t < 2; ++t) CHECK(a.places[l].target_series[t] == b.places[l].target_series[t]);
        CHECK(a.places[l].outcomes.fully_vaccinated_people_by_group ==
              b.places[l].outcomes.fully_vaccinated_people_by_group);
    }
    const Ledger& x = *a.ledger;
    const Ledger& y = *b.ledger;
    CHECK(x.counts_differing(y) == std::vector<std::string>{});
    CHECK(x.binding_constraint == y.binding_constraint);
    CHECK(x.group_binding_constraint == y.group_binding_constraint);
}

namespace {

// Runs a scenario with places twice on an engine (the second run, and a first on an
// engine that ran another scenario of the same shape, reuse the city's ledger), each time
// against its places' whole ledgers added up (Ledger::add), count for count (not what held
// each day: the city's is its places' most common, not a sum).
void check_city_is_places_added_up(const Scenario& sc, PlacesEngine& engine) {
    for (int run = 0; run < 2; ++run) {
        Ledger added;
        const Ledger& city = engine.run(sc, [&](int l, const Ledger& whole) {
            if (l == 0)
                added = whole;
            else
                added.add(whole);
        });
        CHECK(city.counts_differing(added) == std::vector<std::string>{});
    }
}

} // namespace

TEST_CASE("the city's ledger is its places' whole ledgers added up, count for count", "[places]") {
    // The city adds only what each place's run changed (Ledger::add_changes): dose cells
    // no longer zero, and the days a cohort's people changed, by a dose or by protection
    // lapsing on a day nobody of it was given one.
    const std::string products = R"(products:
  - id: vax
    doses: 2
    interval_days: 2
    protection_days: 2
    supply: {deliveries: [{date: 2021-03-01, doses: 37}, {date: 2021-03-04, doses: 29}]}
  - {id: other, doses: 1, protection_days: 3, supply: {deliveries: [{date: 2021-03-01, doses: 21}]}}
)";
    const std::string boosters = R"(boosters:
  - {id: again, population: {all: true}, from: 2021-03-05, after: protection_lapses, products: [vax]}
)";
    for (const std::string rule : {"{rule: population}", "{rule: population, rebalance_every_days: 2}",
                                   "{rule: need, transfer_lag_days: 1}"}) {
        CAPTURE(rule);
        const Scenario sc = load_tiny(two_places(rule, products, boosters));
        PlacesEngine fresh;
        check_city_is_places_added_up(sc, fresh);
        // Protection lapsed on days nobody was given a dose, in some place.
        PlacesEngine engine;
        const Ledger& city = engine.run(sc);
        CHECK(city.up_to_date_people.sum() < city.fully_vaccinated_people.sum());
    }
}

TEST_CASE("Seoul's 25 districts: the city is its places added up, by population and by need",
          "[places]") {
    // One engine for both: the city's sum by need starts from the sum by population,
    // whose doses fell on other cells.
    PlacesEngine engine;
    for (const char* file : {"seoul-2021-districts.yaml", "seoul-2021-districts-by-need.yaml"}) {
        CAPTURE(file);
        check_city_is_places_added_up(
            shipped(file),
            engine);
    }
}

TEST_CASE("each place's quarterly plan adds up to the city's, and the district table says so",
          "[places]") {
    // A group's plan count is split over places as its people are, so in every quarter
    // the places' planned and started add up to the city's; the district table gives each
    // place's gap of the quarter's total and how many places met it.
    const Scenario sc = shipped("seoul-2021-districts.yaml");
    RunPipeline pipeline;
    const RunOutput& r = pipeline.run(sc);
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> city, places;
    for (const PlanCheck& c : r.outcomes.plan) {
        auto& q = city[sc.population.groups()[c.group].plan->quarter];
        q.first += c.planned;
        q.second += c.started_in_quarter;
    }
    std::map<std::string, int> met_in;
    for (const PlaceOutcome& p : r.places) {
        std::map<std::string, std::pair<std::int64_t, std::int64_t>> mine;
        for (const PlanCheck& c : p.outcomes.plan) {
            auto& q = mine[p.scenario->population.groups()[c.group].plan->quarter];
            q.first += c.planned;
            q.second += c.started_in_quarter;
        }
        for (const auto& [quarter, q] : mine) {
            places[quarter].first += q.first;
            places[quarter].second += q.second;
            met_in[quarter] += q.second >= q.first ? 1 : 0;
        }
    }
    // Started adds up exactly; planned within rounding: a plan counted in willing people
    // rounds each place's uptake on its own (the districts' 50-64 and 18-49 plans come to
    // 2 and 1 more than the city's), less than one person per place.
    REQUIRE(places.size() == city.size());
    for (const auto& [quarter, q] : city) {
        CAPTURE(quarter);
        CHECK(places[quarter].second == q.second);
        CHECK(std::abs(places[quarter].first - q.first) < 25);
    }
    REQUIRE(met_in.size() == 3);
    CHECK(met_in["2021Q1"] == 25);
    const std::string table = format_place_summary(sc, r.places);
    CHECK_THAT(table, Catch::Contains("Quarterly plan by place"));
    CHECK_THAT(table, Catch::Contains("met in                         " +
                                      std::to_string(met_in["2021Q1"]) + " of 25        " +
                                      std::to_string(met_in["2021Q2"]) + " of 25         " +
                                      std::to_string(met_in["2021Q3"]) + " of 25"));
    // The q2_plan target counts the same: met in as many places.
    int q2_target = 0;
    for (const PlaceOutcome& p : r.places)
        for (std::size_t t = 0; t < sc.targets.size(); ++t)
            if (sc.targets[t].id == "q2_plan" && p.outcomes.targets[t].met) ++q2_target;
    CHECK(q2_target == met_in["2021Q2"]);
}

TEST_CASE("a place's outcomes are its ledger evaluated as a run's, less what only the city reports",
          "[places]") {
    // evaluate_place works out only what is read per place (coverage by group, targets
    // and their series, the plan): each must be what evaluate() gives on the same ledger.
    const Scenario sc = shipped("seoul-2021-districts.yaml");
    REQUIRE_FALSE(sc.targets.empty());
    PlacesEngine engine;
    int checked = 0;
    engine.run(sc, [&](int l, const Ledger& whole) {
        if (l % 8 != 0) return; // a few places: each is a whole evaluation
        const Scenario& place = sc.place_scenarios[static_cast<std::size_t>(l)];
        std::vector<CountVector> all_series, place_series;
        const Outcomes all = evaluate(place, whole, true, &all_series);
        const PlaceOutcomes mine = evaluate_place(place, whole, place_series);
        CHECK(mine.first_dose_people_by_group == all.first_dose_people_by_group);
        CHECK(mine.fully_vaccinated_people_by_group == all.fully_vaccinated_people_by_group);
        CHECK(mine.up_to_date_people_by_group == all.up_to_date_people_by_group);
        REQUIRE(mine.targets.size() == all.targets.size());
        for (std::size_t t = 0; t < all.targets.size(); ++t) {
            CHECK(mine.targets[t].value_at_deadline == all.targets[t].value_at_deadline);
            CHECK(mine.targets[t].threshold == all.targets[t].threshold);
            CHECK(mine.targets[t].met == all.targets[t].met);
            CHECK(mine.targets[t].first_reached == all.targets[t].first_reached);
            CHECK(place_series[t] == all_series[t]);
        }
        REQUIRE(mine.plan.size() == all.plan.size());
        for (std::size_t k = 0; k < all.plan.size(); ++k) {
            CHECK(mine.plan[k].group == all.plan[k].group);
            CHECK(mine.plan[k].planned == all.plan[k].planned);
            CHECK(mine.plan[k].started_in_quarter == all.plan[k].started_in_quarter);
            CHECK(mine.plan[k].met == all.plan[k].met);
        }
        ++checked;
    });
    CHECK(checked == 4);
}

TEST_CASE("what held the city each day is what held most places, named by the first such place",
          "[places]") {
    // Counted here place by place for every day and group (ties: the lowest code); the
    // engine counts only where some place differs from the first. Seoul's districts have
    // days of both kinds.
    const Scenario sc = shipped("seoul-2021-districts.yaml");
    PlacesEngine engine;
    const Ledger& city = engine.run(sc);
    const int L = engine.places();
    // The most common of codes(l) over places, and the first place that had it.
    const auto most = [&](auto&& code_of) {
        std::map<int, int> count;
        for (int l = 0; l < L; ++l) ++count[code_of(l)];
        int best = count.begin()->first;
        for (const auto& [code, n] : count)
            if (n > count[best]) best = code;
        int first = 0;
        while (code_of(first) != best) ++first;
        return std::pair{best, first};
    };
    int differing_days = 0, differing_groups = 0;
    for (int t = 0; t < city.days(); ++t) {
        const auto [code, first] = most([&](int l) { return int{engine.place(l).binding_constraint[t]}; });
        bool day_alike = true;
        for (int l = 1; l < L; ++l) day_alike = day_alike && engine.place(l).binding_constraint[t] == code;
        differing_days += day_alike ? 0 : 1;
        CHECK(city.binding_constraint[t] == code);
        CHECK(city.binding_product[t] == engine.place(first).binding_product[t]);
        CHECK(city.binding_site[t] == engine.place(first).binding_site[t]);
        for (int g = 0; g < city.groups(); ++g) {
            const auto [held, at] = most([&](int l) { return int{engine.place(l).group_binding(t, g)}; });
            bool all_alike = true;
            for (int l = 1; l < L; ++l) all_alike = all_alike && engine.place(l).group_binding(t, g) == held;
            differing_groups += all_alike ? 0 : 1;
            CHECK(city.group_binding(t, g) == held);
            CHECK(city.group_binding_product(t, g) == engine.place(at).group_binding_product(t, g));
        }
    }
    CHECK(differing_days > 0);
    CHECK(differing_days < city.days());
    CHECK(differing_groups > 0);
    CHECK(differing_groups < city.days() * city.groups());
}

TEST_CASE("a slow place's summary line names every constraint that held it, as the report does",
          "[places]") {
    // Place 1 is the slowest: held by capacity on 3 days, supply on 2, second doses'
    // reserve on 1; nobody waiting and no group open hold nothing.
    const std::vector<std::vector<Constraint>> days = {
        {Constraint::none, Constraint::no_group_open},
        {Constraint::capacity, Constraint::capacity},
        {Constraint::capacity, Constraint::supply},
        {Constraint::capacity, Constraint::capacity},
        {Constraint::none, Constraint::second_dose_reserve},
        {Constraint::none, Constraint::capacity},
        {Constraint::none, Constraint::supply},
    };
    const std::vector<SlowPlace> slow =
        slowest_places({0.9, 0.5}, 1, 6, [&](int d, std::size_t l) { return static_cast<int>(days[d][l]); });
    REQUIRE(slow.size() == 1);
    CHECK(slow[0].place == 1);
    CHECK(held_words(slow[0], Language::en) == "capacity 3 d, supply 2 d, second_dose_reserve 1 d");
    // Up to day 3 only capacity (days 1 and 3) and supply (day 2) held it.
    const auto early =
        slowest_places({0.9, 0.5}, 1, 3, [&](int d, std::size_t l) { return static_cast<int>(days[d][l]); });
    CHECK(held_words(early[0], Language::en) == "capacity 2 d, supply 1 d");
}

TEST_CASE("an override that breaks the places' shares, or picks an item of a list not there, is named",
          "[places]") {
    const auto error = [](const std::string& yaml, const std::vector<std::string>& overrides) {
        try {
            load_tiny(yaml, overrides);
        } catch (const std::exception& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    const std::string shares =
        two_places("{rule: shares, shares: [{from: 2021-03-01, shares: {a: 0.5, b: 0.5}}]}", one_delivery);
    // One place's share set on its own under the file's shares: the error is at the file's
    // line, and names the override.
    const std::string broken = error(shares, {"place_supply.shares.0.shares.b=0.4"});
    CHECK_THAT(broken, Catch::StartsWith("tiny.yaml:"));
    CHECK_THAT(broken, Catch::Contains("the shares sum to 0.9, expected 1 "
                                       "(see also --set place_supply.shares.0.shares.b=0.4)"));
    // The last place's share of a band, set on its own: the error points at the name in
    // the file and names the override of its value.
    CHECK_THAT(error(shares, {"places.b.band_shares.old=0.2"}),
               Catch::Contains("shares of band 'old' sum to 0.9, expected 1 (see also --set "
                               "places.b.band_shares.old=0.2)"));
    // Overrides within a place that are not what the error is about are not named.
    const std::string both = error(shares, {"places.a.label=A", "places.a.band_people={young: 300, old: 700}"});
    CHECK_THAT(both, Catch::Contains("give either 'band_shares' or 'band_people', not both"));
    CHECK_THAT(both, !Catch::Contains("places.a.label=A"));
    // A place without capacity of its own has no list of periods to pick an item of.
    const std::string missing = error(shares, {"places.b.capacity.periods.0.doses_per_day=10"});
    CHECK_THAT(missing, Catch::Contains("'places.b.capacity.periods' is not in the scenario, so it has no "
                                        "item 0 to change; give 'places.b.capacity.periods' whole (a list), "
                                        "or the part that holds it"));
    // Given whole, it is the place's own.
    const Scenario own = load_tiny(shares, {"places.b.capacity={periods: [{from: 2021-03-01, doses_per_day: 10}]}"});
    CHECK(own.place_scenarios[1].capacity.on(own.start) == 10);
    // A misspelt short id gets a guess.
    CHECK_THAT(error(shares, {"places.bb.label=B"}), Catch::Contains("did you mean 'b'?"));
}

// Bad input: every error names the file, line and column and says what was expected.
#include <catch2/catch.hpp>

#include "sim/input/scenario_reader.hpp"

using namespace vaxsim;

namespace {

const std::string valid = R"(name: base
start: 2021-03-01
end: 2021-03-10
population:
  tiers: [가, 나]
  bands:
    - {id: young, min_age: 18, max_age: 64, count: 1000}
    - {id: old, min_age: 65, count: 500}
products:
  - id: vax
    doses: 2
    interval_days: 21
    wastage: 0.05
    supply:
      deliveries: [{date: 2021-03-01, doses: 100}]
capacity:
  periods: [{from: 2021-03-01, doses_per_day: 30}]
groups:
  - id: g1
    label: 요양병원
    tier: 가
    band: old
    size: 400
    uptake: 0.9
    opens: 2021-03-01
    priority: 1
  - id: g2
    tier: 나
    band: young
    rest_of_band: true
    opens: 2021-03-01
    priority: 2
targets:
  - {id: t, measure: first_dose, population: {all: true}, share: 0.5, deadline: 2021-03-10}
)";

struct BadCase {
    const char* name;
    const char* replace;  // text in `valid` to change
    const char* with;     // what it becomes
    const char* caret_at; // the error must point at the first occurrence of this text
    const char* message;  // and say this
};

const BadCase cases[] = {
    {"unknown key (typo)", "    uptake: 0.9", "    uptak: 0.9",
     "uptak:", "unknown key 'uptak' in a priority group (did you mean 'uptake'?)"},
    {"unknown top-level key", "end: 2021-03-10\n", "end: 2021-03-10\nseeed: 3\n", "seeed",
     "unknown key 'seeed' in the scenario"},
    {"wrong type for a count", "    size: 400", "    size: many", "many",
     "expected a whole number"},
    {"negative count", "    size: 400", "    size: -4", "-4",
     "expected a count of zero or more, got -4"},
    {"fractional count", "doses: 100}", "doses: 100.5}", "100.5", "expected a whole number"},
    {"count that overflows", "doses: 100}", "doses: 99999999999999999999}", "99999999999999999999",
     "too large"},
    {"share above 1", "    uptake: 0.9", "    uptake: 1.2", "1.2",
     "expected a share between 0 and 1, got 1.2"},
    {"NaN share", "    uptake: 0.9", "    uptake: .nan", ".nan", "expected a finite number"},
    {"impossible date", "    opens: 2021-03-01\n    priority: 1",
     "    opens: 2021-02-30\n    priority: 1", "2021-02-30", "expected a real calendar date"},
    {"end before start", "end: 2021-03-10", "end: 2021-02-10", "2021-02-10",
     "the run ends before it starts"},
    {"group exceeding its band", "    size: 400", "    size: 600", "id: g1",
     "groups drawn from band 'old' now total 600, more than its 500 people"},
    {"unknown age band", "    band: old", "    band: elderly", "elderly",
     "unknown age band 'elderly'; declared bands: young, old"},
    {"unknown tier", "    tier: 나", "    tier: 라", "라", "unknown tier '라'"},
    {"unknown product in a group", "    priority: 2\n",
     "    priority: 2\n    products: [vax, pfizer]\n", "pfizer",
     "unknown product 'pfizer'; declared products: vax"},
    {"misspelt required key", "    priority: 1\n", "    priorty: 1\n", "priorty",
     "unknown key 'priorty' in a priority group (did you mean 'priority'?)"},
    {"missing required key", "    priority: 1\n", "\n", "id: g1",
     "missing required key 'priority' in a priority group"},
    {"duplicate group id", "  - id: g2", "  - id: g1", "g1\n    tier: 나",
     "group id 'g1' is used twice"},
    {"one-dose product with an interval", "    doses: 2", "    doses: 1", "21\n    wastage",
     "a one-dose product has no second dose"},
    {"doses out of range", "    doses: 2", "    doses: 7", "7\n    interval",
     "doses in a series must be from 1 to 6"},
    {"a longer series needs intervals", "    doses: 2", "    doses: 3", "21\n    wastage",
     "interval_days is shorthand for a two-dose series"},
    {"unknown policy value", "capacity:", "policy: {second_dose_reserve: hold}\ncapacity:", "hold",
     "expected hold_second_doses, none, or a share"},
    {"target deadline outside the run", "deadline: 2021-03-10", "deadline: 2021-12-31",
     "2021-12-31", "outside the run"},
    {"at_most on a people target", "share: 0.5, deadline", "at_most: 5, deadline", "5, deadline",
     "'at_most' bounds an overdue measure"},
    {"overdue target without a bound", "measure: first_dose", "measure: overdue_peak",
     "0.5, deadline", "an overdue target is a bound: give 'at_most'"},
    {"overdue target over groups", "measure: first_dose, population: {all: true}, share: 0.5",
     "measure: overdue_peak, population: {groups: [g1]}, at_most: 5", "{groups",
     "an overdue target counts people overdue for products; give 'products' or 'all'"},
    {"overdue target of an unknown product",
     "measure: first_dose, population: {all: true}, share: 0.5",
     "measure: overdue_person_days, population: {products: [pfizer]}, at_most: 5", "pfizer",
     "unknown product 'pfizer'"},
    {"unknown target measure", "measure: first_dose", "measure: overdue", "overdue",
     "expected first_dose, fully_vaccinated, doses, overdue_peak, overdue_person_days, "
     "boosted, up_to_date or dose"},
    {"dose measure without a dose number", "measure: first_dose", "measure: dose",
     "{id: t,", "a dose target names the dose number it counts"},
    {"dose number no one gets", "measure: first_dose", "measure: dose, dose: 3", "3, population",
     "no one gets dose 3: the longest series is 2 doses and the campaigns give at most 0"},
    {"dose number on another measure", "measure: first_dose", "measure: boosted, dose: 3",
     "3, population", "'dose' belongs to the dose measure"},
    {"since on an up_to_date target", "measure: first_dose", "measure: up_to_date, since: 2021-03-02",
     "2021-03-02, population", "'since' does not apply"},
    {"unknown key in a campaign (typo)", "targets:",
     "boosters:\n  - {id: b, population: {all: true}, from: 2021-03-01, after_day: 3, products: [vax]}\ntargets:",
     "after_day", "did you mean 'after_days'?"},
    {"campaign without after_days or after", "targets:",
     "boosters:\n  - {id: b, population: {all: true}, from: 2021-03-01, products: [vax]}\ntargets:",
     "{id: b", "after_days"},
    {"protection_lapses with no protection", "targets:",
     "boosters:\n  - {id: b, population: {all: true}, from: 2021-03-01, after: protection_lapses, products: [vax]}\ntargets:",
     "protection_lapses, products", "'after: protection_lapses' needs a product with 'protection_days'"},
    {"campaign to before from", "targets:",
     "boosters:\n  - {id: b, population: {tiers: [가]}, from: 2021-03-05, to: 2021-03-01, after_days: 3, products: [vax]}\ntargets:",
     "2021-03-01, after_days", "'to' is before 'from'"},
    {"campaign over products", "targets:",
     "boosters:\n  - {id: b, population: {products: [vax]}, from: 2021-03-05, after_days: 3, products: [vax]}\ntargets:",
     "products: [vax]}, from", "unknown key 'products' in a campaign's population"},
    {"YAML syntax error", "    label: 요양병원", "    label: [요양병원", "", "YAML syntax error"},
    {"capacity periods out of order", "periods: [{from: 2021-03-01, doses_per_day: 30}]",
     "periods: [{from: 2021-03-05, doses_per_day: 30}, {from: 2021-03-01, doses_per_day: 5}]",
     "2021-03-01, doses_per_day: 5", "capacity periods must be in date order"},
};

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
    const auto pos = text.find(from);
    REQUIRE(pos != std::string::npos);
    return text.replace(pos, from.size(), to);
}

} // namespace

TEST_CASE("the valid base of the bad-input cases loads", "[input]") {
    const Scenario sc = load_scenario_text("case.yaml", valid, ".");
    CHECK(sc.population.groups()[1].size == 1000);
    CHECK(sc.population.groups()[0].willing == 360);
    CHECK(sc.population.groups()[0].label == "요양병원");
}

TEST_CASE("bad input names file, line and column and what was expected", "[input]") {
    for (const BadCase& c : cases) {
        SECTION(c.name) {
            const std::string text = replace_once(valid, c.replace, c.with);
            try {
                load_scenario_text("case.yaml", text, ".");
                FAIL("no error for: " << c.name);
            } catch (const InputFileError& e) {
                INFO(e.what());
                CHECK(e.file() == "case.yaml");
                CHECK_THAT(e.message(), Catch::Contains(c.message));
                if (*c.caret_at) {
                    const auto at = text.find(c.caret_at);
                    REQUIRE(at != std::string::npos);
                    const int line =
                        1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
                    // Columns count characters: the bytes that continue one are not counted.
                    const std::size_t line_start = text.rfind('\n', at - 1) + 1;
                    const int column = 1 + static_cast<int>(std::count_if(
                                               text.begin() + line_start, text.begin() + at,
                                               [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
                    CHECK(e.line() == line);
                    CHECK(e.column() == column);
                } else {
                    CHECK(e.line() > 0);
                }
            }
        }
    }
}

TEST_CASE("the error quotes the line with a caret under the column", "[input]") {
    const std::string text = replace_once(valid, "    uptake: 0.9", "    uptake: 1.2");
    try {
        load_scenario_text("plan.yaml", text, ".");
        FAIL("no error");
    } catch (const InputFileError& e) {
        CHECK(
            std::string(e.what()) ==
            "plan.yaml:24:13: error: groups.g1.uptake: expected a share between 0 and 1, got 1.2\n"
            " 24 |     uptake: 1.2\n"
            "    |             ^");
    }
}

TEST_CASE("the caret lines up under text after Korean characters", "[input]") {
    // Each Hangul syllable is 3 bytes but 2 terminal cells wide.
    const std::string text = replace_once(valid, "    label: 요양병원", "    label: {요양: 병원}");
    try {
        load_scenario_text("k.yaml", text, ".");
        FAIL("no error");
    } catch (const InputFileError& e) {
        const std::string what = e.what();
        CHECK_THAT(what, Catch::Contains("expected a text value, got a mapping"));
        CHECK_THAT(what, Catch::EndsWith("    |            ^"));
    }
}

TEST_CASE("the column counts characters, as an editor does, after Korean text", "[input]") {
    // Line 19 in flow style: "요양병원" and "가" are 15 bytes but 5 characters, so the
    // misspelled key starts at character 36 of the line (byte 46), where an editor's
    // go-to-column lands.
    const std::string text = replace_once(
        valid,
        "  - id: g1\n    label: 요양병원\n    tier: 가\n    band: old\n    size: 400\n"
        "    uptake: 0.9\n    opens: 2021-03-01\n    priority: 1\n",
        "  - {id: g1, label: 요양병원, tier: 가, uptak: 0.9, band: old, size: 400, opens: 2021-03-01, "
        "priority: 1}\n");
    try {
        load_scenario_text("k.yaml", text, ".");
        FAIL("no error");
    } catch (const InputFileError& e) {
        const std::string what = e.what();
        CHECK_THAT(what, Catch::Contains("unknown key 'uptak'"));
        CHECK(e.line() == 19);
        CHECK(e.column() == 36);
        CHECK_THAT(what, Catch::StartsWith("k.yaml:19:36: error:"));
    }
}

TEST_CASE("an empty file is an error, not an empty scenario", "[input]") {
    CHECK_THROWS_AS(load_scenario_text("empty.yaml", "", "."), InputFileError);
    CHECK_THROWS_WITH(load_scenario_text("empty.yaml", "\n# nothing\n", "."),
                      Catch::Contains("empty"));
}

TEST_CASE("a missing scenario file is an input error", "[input]") {
    CHECK_THROWS_AS(load_scenario_file("/nonexistent/plan.yaml"), InputFileError);
}

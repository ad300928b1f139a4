// Reading initial_state: strict keys, errors at the value's line and column, and the
// conflicts that point at both places (as_of against start, an epidemic section).
#include <catch2/catch.hpp>

#include "models/date.hpp"
#include "sim/input/scenario_reader.hpp"

using namespace vaxsim;
namespace fs = std::filesystem;

namespace {

const std::string base = R"(name: initial
start: 2021-08-01
end: 2021-08-31
population:
  tiers: [A]
  bands:
    - {id: young, min_age: 18, max_age: 64, count: 1000}
    - {id: old, min_age: 65, count: 1000}
products:
  - {id: vax, doses: 2, interval_days: 21, supply: {deliveries: [{date: 2021-08-02, doses: 10}]}}
  - {id: one, doses: 1, supply: {deliveries: [{date: 2021-08-02, doses: 10}]}}
capacity: {periods: [{from: 2021-02-01, doses_per_day: 10}]}
groups:
  - {id: g, tier: A, band: old, size: 100, uptake: 0.5, opens: 2021-03-01, priority: 1, products: [vax]}
initial_state:
  as_of: 2021-07-31
  people:
    - {group: g, product: vax, doses: 1, count: 30, last_dose: 2021-07-20}
  stock: {vax: 200}
)";

std::string with(const std::string& from, const std::string& to) {
    std::string text = base;
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

// The error the text gives, checked to sit at the first `caret` after the start of the
// initial_state section (or anywhere when not found there).
InputFileError error_of(const std::string& text) {
    try {
        load_scenario_text("case.yaml", text, ".");
    } catch (const InputFileError& e) {
        return e;
    }
    FAIL("no error");
    throw;
}

std::pair<int, int> position(const std::string& text, const std::string& caret) {
    auto at = text.find(caret, text.find("initial_state:"));
    if (at == std::string::npos) at = text.find(caret);
    REQUIRE(at != std::string::npos);
    const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
    const int column = static_cast<int>(at - text.rfind('\n', at - 1));
    return {line, column};
}

void check_error(const std::string& text, const std::string& message, const std::string& caret) {
    const InputFileError e = error_of(text);
    INFO(e.what());
    CHECK_THAT(e.message(), Catch::Contains(message));
    const auto [line, column] = position(text, caret);
    CHECK(e.line() == line);
    CHECK(e.column() == column);
}

} // namespace

TEST_CASE("an initial state reads and splits as written", "[input][initial_state]") {
    const Scenario sc = load_scenario_text("ok.yaml", base, ".");
    REQUIRE(sc.initial);
    CHECK(format_iso_date(sc.initial->as_of) == "2021-07-31");
    CHECK(sc.initial->stock == std::vector<std::int64_t>{200, 0});
    REQUIRE(sc.initial->cells.size() == 1);
    CHECK(sc.initial->cells[0].count == 30);
    CHECK_FALSE(sc.initial->cells[0].complete);
}

TEST_CASE("initial_state errors point at the value", "[input][initial_state]") {
    SECTION("an unknown key, with a hint") {
        check_error(with("last_dose: 2021-07-20}", "last_dose: 2021-07-20, nxt_due: 2021-08-12}"),
                    "unknown key 'nxt_due'", "nxt_due");
        CHECK_THAT(error_of(with("last_dose: 2021-07-20}", "last_dose: 2021-07-20, nxt_due: 2021-08-12}"))
                       .message(),
                   Catch::Contains("did you mean 'next_due'"));
    }
    SECTION("an unknown group") {
        check_error(with("{group: g,", "{group: h,"), "unknown group 'h'", "h,");
    }
    SECTION("a product the group does not take") {
        check_error(with("product: vax, doses: 1", "product: one, doses: 1"),
                    "does not take product 'one'", "one, doses");
    }
    SECTION("doses beyond the series") {
        check_error(with("doses: 1, count", "doses: 3, count"), "doses received must be 1 to 2",
                    "3, count");
    }
    SECTION("more people than the group's willing") {
        check_error(with("count: 30", "count: 51"), "has only 50 willing people", "51");
    }
    SECTION("a last dose after as_of") {
        check_error(with("last_dose: 2021-07-20", "last_dose: 2021-08-01"), "is after as_of",
                    "2021-08-01}");
    }
    SECTION("a next dose due before the start") {
        check_error(with("last_dose: 2021-07-20}", "last_dose: 2021-07-20, next_due: 2021-07-31}"),
                    "must be due after as_of", "2021-07-31}");
    }
    SECTION("a next dose before the minimum interval") {
        check_error(with("last_dose: 2021-07-20}", "last_dose: 2021-07-20, next_due: 2021-08-05}"),
                    "may not come before 2021-08-10", "2021-08-05}");
    }
    SECTION("a next dose for a completed series") {
        check_error(with("doses: 1, count: 30, last_dose: 2021-07-20}",
                         "doses: 2, count: 30, last_dose: 2021-07-20, next_due: 2021-08-12}"),
                    "no next dose", "2021-08-12}");
    }
    SECTION("stock of an unknown product") {
        check_error(with("stock: {vax: 200}", "stock: {vax: 200, moderna: 5}"),
                    "unknown product 'moderna'", "moderna");
    }
    SECTION("a band the group has no people in") {
        check_error(with("{group: g, product", "{group: g, band: young, product"),
                    "has no people in band 'young'", "young, product");
    }
}

TEST_CASE("as_of and start must agree, and the error names both places",
          "[input][initial_state]") {
    const std::string text = with("as_of: 2021-07-31", "as_of: 2021-07-30");
    const InputFileError e = error_of(text);
    INFO(e.what());
    const auto [line, column] = position(text, "2021-07-30");
    CHECK(e.line() == line);
    CHECK(e.column() == column);
    CHECK_THAT(e.message(), Catch::Contains("needs the run to start on 2021-07-31"));
    CHECK_THAT(e.message(), Catch::Contains("'start' (at case.yaml:2:8) is 2021-08-01"));
}

TEST_CASE("an initial state with an epidemic section is refused, naming both",
          "[input][initial_state]") {
    const auto sixteen = [](const std::string& v) {
        std::string out = "[" + v;
        for (int i = 1; i < 16; ++i) out += ", " + v;
        return out + "]";
    };
    // Bands 18-64 (1,000) and 65+ (1,000): 20-24 to 60-64 hold 990 and 15-19 the rest of
    // 18-64; 65+ 125 + 125 + 750.
    const std::string text = base + "epidemic:\n  populations: [100, 100, 100, 100, 110, 110, "
                             "110, 110, 110, 110, 110, 110, 110, 125, 125, 750]" +
                             "\n  contacts_csv: uniform_contacts.csv\n  r0: 2\n  latent_days: 3\n"
                             "  infectious_days: 5\n  severity:\n    source: test\n"
                             "    hospitalisation: " + sixteen("0.02") + "\n    fatality: " +
                             sixteen("0.005") +
                             "\n  protection:\n"
                             "    vax: {delay_days: 14, infection: [0.5, 0.8], severe: [0.8, 0.95]}\n"
                             "    one: {delay_days: 14, infection: [0.5], severe: [0.8]}\n";
    // Without the initial state the same epidemic loads.
    std::string without = text;
    without.erase(without.find("initial_state:"), without.find("epidemic:") - without.find("initial_state:"));
    CHECK_NOTHROW(load_scenario_text("case.yaml", without, fs::path(VAXSIM_SOURCE_DIR) / "tests/data"));
    try {
        load_scenario_text("case.yaml", text, fs::path(VAXSIM_SOURCE_DIR) / "tests/data");
        FAIL("no error");
    } catch (const InputFileError& e) {
        INFO(e.what());
        CHECK_THAT(e.message(), Catch::Contains("cannot be combined with 'epidemic' (at case.yaml:"));
        const auto [line, column] = position(text, "as_of");
        CHECK(e.line() == line); // the initial_state mapping starts at its first key
        CHECK(e.column() == column);
    }
}

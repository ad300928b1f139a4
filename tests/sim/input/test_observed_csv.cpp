// The observed CSV `vaxsim compare` reads (sim/input/observed_reader.cpp): what it makes of
// a good file, and every bad one refused at its line and column.
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "sim/input/observed_reader.hpp"

using namespace vaxsim;

namespace {

const std::filesystem::path source_dir = VAXSIM_SOURCE_DIR;

// The names of tests/data/observed-tiny.yaml's run.
RunNames tiny_names(bool boosters = true) {
    RunNames n;
    n.groups = {"g1", "=g2"};
    n.tiers = {"A", "-B"};
    n.products = {"vax"};
    n.has_boosters = boosters;
    return n;
}

ObservedData parse(const std::string& text, const RunNames& names = tiny_names()) {
    return parse_observed_csv(InputSource("observed.csv", text), names);
}

DayNumber day(const char* iso) { return *parse_iso_date(iso); }

} // namespace

TEST_CASE("the observed CSV of the tests reads as the table the comparison test writes",
          "[observed][input]") {
    const ObservedData o = read_observed_csv(source_dir / "tests/data/observed-tiny.csv", tiny_names());
    CHECK(o.dates == std::vector<DayNumber>{day("2021-02-28"), day("2021-03-02"),
                                            day("2021-03-05"), day("2021-03-31"),
                                            day("2021-04-05")});
    REQUIRE(o.columns.size() == 4);
    using V = std::vector<std::optional<std::int64_t>>;
    const auto none = std::nullopt;
    CHECK(o.columns[0].name == "first_dose_people");
    CHECK(o.columns[0].measure == ObservedMeasure::first_dose_people);
    CHECK(o.columns[0].scope == ObservedScope::everyone);
    CHECK(o.columns[0].values == V{0, 10, 60, 150, 150});
    CHECK(o.columns[1].scope == ObservedScope::tier);
    CHECK(o.columns[1].scope_id == "-B");
    CHECK(o.columns[1].values == V{none, 0, none, 100, 100});
    CHECK(o.columns[2].measure == ObservedMeasure::administered);
    CHECK(o.columns[2].scope == ObservedScope::product);
    CHECK(o.columns[2].scope_id == "vax");
    CHECK(o.columns[2].values == V{none, 12, 10, 0, none});
    CHECK(o.columns[3].scope == ObservedScope::group);
    CHECK(o.columns[3].scope_id == "=g2");       // "group==g2": the id is "=g2"
    CHECK(o.columns[3].values == V{none, none, none, 1000, none}); // "1,000", quoted
}

TEST_CASE("observed CSV details: blanks, quotes, a byte-order mark, CRLF, trailing lines",
          "[observed][input]") {
    const ObservedData o = parse("\xEF\xBB\xBF" "date, administered ,\"boosted_people\"\r\n"
                                 "2021-03-01, 5 ,\"1,234,567\"\r\n"
                                 "\r\n"
                                 "2021-03-03,,\" 7 \"\r\n"
                                 "\r\n");
    CHECK(o.dates == std::vector<DayNumber>{day("2021-03-01"), day("2021-03-03")});
    REQUIRE(o.columns.size() == 2);
    CHECK(o.columns[0].values == std::vector<std::optional<std::int64_t>>{5, std::nullopt});
    CHECK(o.columns[1].values == std::vector<std::optional<std::int64_t>>{1234567, 7});
}

TEST_CASE("every bad observed CSV is refused at its line and column", "[observed][input]") {
    struct Case {
        std::string text;
        int line, column;
        std::string message;
    };
    const std::string head = "date,administered\n";
    const std::vector<Case> cases = {
        {"", 1, 1, "the file is empty"},
        {"day,first_dose_people\n2021-03-01,1\n", 1, 1, "the first column must be 'date'"},
        {"date;first_dose_people\n", 1, 1, "separated by ';'"},
        {"date\n2021-03-01\n", 1, 5, "at least one column of observed counts"},
        {"date,,administered\n", 1, 6, "a column has no name"},
        {"date,first_doses_people\n", 1, 6,
         "unknown measure 'first_doses_people' (did you mean 'first_dose_people'?)"},
        {"date,first_dose_people:group=g3\n", 1, 30,
         "the run has no group 'g3' (did you mean 'g1'?); its groups: g1, =g2"},
        {"date,first_dose_people:g1\n", 1, 24, "write 'first_dose_people:group=g1'"},
        {"date,first_dose_people:tier=C\n", 1, 29, "the run has no tier 'C'"},
        {"date,first_dose_people:product=vax\n", 1, 24, "people are counted by group or tier"},
        {"date,first_dose_people:grup=g1\n", 1, 24, "unknown 'grup=' (did you mean 'group'?)"},
        {"date,administered:product=pfizr\n", 1, 27, "the run has no product 'pfizr'"},
        {"date,first_dose_people,fully_vaccinated_people,first_dose_people\n", 1, 48,
         "column 'first_dose_people' is given twice (also column 2"},
        {head + "2021/03/01,5\n", 2, 1, "expected a date YYYY-MM-DD, got '2021/03/01'"},
        {head + "2021-02-30,5\n", 2, 1, "'2021-02-30' is not a real calendar date"},
        {head + ",5\n", 2, 1, "a row needs its date"},
        {head + "2021-03-01,lots\n", 2, 12, "expected a whole number (or nothing"},
        {head + "2021-03-01,-5\n", 2, 12, "expected a count of zero or more, got -5"},
        {head + "2021-03-01,1.5\n", 2, 12, "expected a whole number of people or doses"},
        {head + "2021-03-01,99999999999999\n", 2, 12, "larger than the most vaxsim counts"},
        {head + "2021-03-02,5\n2021-03-01,5\n", 3, 1,
         "dates must increase: 2021-03-01 comes after 2021-03-02 on line 2"},
        {head + "2021-03-01,5\n\n2021-03-01,6\n", 4, 1, "is given twice (also on line 2)"},
        {head + "2021-03-01,1,234\n", 2, 14, "write numbers without thousands separators"},
        {head + "2021-03-01,\"12,34\"\n", 2, 12, "not a number with thousands separators"},
        {"date,administered,first_dose_people\n2021-03-01,5\n", 2, 13,
         "fewer than the header's 3"},
        {head + "2021-03-01,\"5\n", 2, 12, "this quote is not closed on its line"},
        {head + "2021-03-01,\"5\"x\n", 2, 15, "expected a comma after the quoted cell"},
        {head, 2, 1, "no rows after the header"},
        {head + "2021-03-01,\xff\n", 2, 12, "not valid UTF-8"},
        {"\xff\xfe" "d", 1, 1, "UTF-16"},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        try {
            parse(c.text);
            FAIL("accepted");
        } catch (const InputFileError& e) {
            CHECK(e.file() == "observed.csv");
            CHECK(e.line() == c.line);
            CHECK(e.column() == c.column);
            CHECK_THAT(e.message(), Catch::Contains(c.message));
        }
    }
}

TEST_CASE("a bad observed cell is quoted with a caret under it", "[observed][input]") {
    try {
        parse("date,administered\n2021-03-01,lots\n");
        FAIL("accepted");
    } catch (const InputFileError& e) {
        CHECK(std::string(e.what()) ==
              "observed.csv:2:12: error: expected a whole number (or nothing, for a day not "
              "observed), got 'lots'\n 2 | 2021-03-01,lots\n   |            ^");
    }
}

TEST_CASE("boosted and up-to-date people are refused for a run file that does not hold them",
          "[observed][input]") {
    for (const char* measure : {"boosted_people", "up_to_date_people"}) {
        try {
            parse(std::string("date,") + measure + "\n2021-03-01,5\n", tiny_names(false));
            FAIL("accepted");
        } catch (const InputFileError& e) {
            CHECK(e.line() == 1);
            CHECK(e.column() == 6);
            CHECK_THAT(e.message(), Catch::Contains("run files of format 2.2 and later"));
        }
    }
}

TEST_CASE("the observed CSV is read as every input file is", "[observed][input]") {
    // A folder, a missing file: InputFileError naming the file.
    CHECK_THROWS_WITH(read_observed_csv(source_dir / "tests/data", tiny_names()),
                      Catch::Contains("it is a directory"));
    CHECK_THROWS_WITH(read_observed_csv(source_dir / "tests/data/no-such.csv", tiny_names()),
                      Catch::Contains("cannot open the observed CSV"));
}

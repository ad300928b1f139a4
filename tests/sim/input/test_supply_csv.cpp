// Supply from a CSV file of date,doses, relative to the scenario's folder.
#include <fstream>

#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

const std::filesystem::path data_dir = std::filesystem::path(VAXSIM_SOURCE_DIR) / "tests/data";

std::string csv_scenario(const std::string& csv) {
    return "name: csv\nstart: 2021-03-01\nend: 2021-03-04\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, supply: {csv: )" +
           csv + R"(, deliveries: [{date: 2021-03-02, doses: 5}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: g, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 1}
)";
}

} // namespace

TEST_CASE("CSV deliveries merge with listed ones in date order", "[supply]") {
    const Scenario sc = load_scenario_text("tiny.yaml", csv_scenario("supply.csv"), data_dir);
    const Ledger run = run_checked(sc);
    CHECK(column(run.deliveries, 0) == Counts{20, 5, 15, 0});
    CHECK(daily_doses(run, 0, 0) == Counts{20, 5, 15, 0});
}

TEST_CASE("a bad CSV row is reported with the CSV's line and column", "[supply]") {
    const auto dir = std::filesystem::temp_directory_path() / "vaxsim-test-csv";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "bad.csv") << "date,doses\n2021-03-01,20\n2021-03-02,lots\n";
    try {
        load_scenario_text("tiny.yaml", csv_scenario("bad.csv"), dir);
        FAIL("no error");
    } catch (const InputFileError& e) {
        CHECK(e.file() == (dir / "bad.csv").string());
        CHECK(e.line() == 3);
        CHECK(e.column() == 12);
        CHECK_THAT(e.message(), Catch::Contains("expected a whole number of doses"));
    }
    // The same cells as the places' delivery CSV (sim/input/csv_cells.hpp): blanks around a
    // cell are not part of it, and a count beyond the most vaxsim counts is refused where
    // it stands, not wrapped.
    std::ofstream(dir / "blanks.csv") << "date,doses\n 2021-03-01 , 20\n2021-03-03,\"15\"\n";
    const Ledger run = run_checked(load_scenario_text("tiny.yaml", csv_scenario("blanks.csv"), dir));
    CHECK(column(run.deliveries, 0) == Counts{20, 5, 15, 0});
    std::ofstream(dir / "huge.csv") << "date,doses\n2021-03-01,1000000000001\n";
    try {
        load_scenario_text("tiny.yaml", csv_scenario("huge.csv"), dir);
        FAIL("no error");
    } catch (const InputFileError& e) {
        CHECK(e.line() == 2);
        CHECK(e.column() == 12);
        CHECK_THAT(e.message(), Catch::Contains("at most 1000000000000"));
    }
    std::ofstream(dir / "short.csv") << "date,doses\n2021-03-01\n";
    CHECK_THROWS_WITH(load_scenario_text("tiny.yaml", csv_scenario("short.csv"), dir),
                      Catch::Contains("expected 'YYYY-MM-DD,doses'"));
    CHECK_THROWS_WITH(load_scenario_text("tiny.yaml", csv_scenario("missing.csv"), dir),
                      Catch::Contains("cannot open supply CSV"));
    std::filesystem::remove_all(dir);
}

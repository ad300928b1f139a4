// A run compared with observed daily counts (results/observed.hpp): the tiny run of
// tests/data/observed-tiny.yaml against a table written here, every difference computed by
// hand from the run's arithmetic (10 first doses a day; g1's 50 people, then =g2's 100).
#include <catch2/catch.hpp>

#include "results/observed.hpp"
#include "results/run_file.hpp"
#include "results/run_reader.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/pipeline.hpp"
#include "temp_dir.hpp"

using namespace vaxsim;
namespace fs = std::filesystem;

namespace {

const fs::path source_dir = VAXSIM_SOURCE_DIR;

struct TinyRunFile {
    test::TempDir dir{"vaxsim-observed"};
    fs::path path = dir.path / "run.h5";
    TinyRunFile() {
        const Scenario scenario = load_scenario_file(source_dir / "tests/data/observed-tiny.yaml");
        RunPipeline pipeline;
        const RunOutput& out = pipeline.run(scenario);
        write_run_file(path, false, *out.scenario, *out.ledger, out.outcomes, {});
    }
};

DayNumber day(const char* iso) { return *parse_iso_date(iso); }

using Values = std::vector<std::optional<std::int64_t>>;
constexpr std::nullopt_t none = std::nullopt;

ObservedColumn column(std::string name, ObservedMeasure m, ObservedScope scope, std::string id,
                      Values values) {
    return {std::move(name), m, scope, std::move(id), std::move(values)};
}

// What tests/data/observed-tiny.csv holds (tests/sim/input/test_observed_csv.cpp checks
// that the reader makes exactly this of it).
ObservedData tiny_observed() {
    ObservedData o;
    o.source = "observed.csv";
    o.dates = {day("2021-02-28"), day("2021-03-02"), day("2021-03-05"), day("2021-03-31"),
               day("2021-04-05")};
    o.columns = {
        column("first_dose_people", ObservedMeasure::first_dose_people, ObservedScope::everyone,
               "", {0, 10, 60, 150, 150}),
        column("first_dose_people:tier=-B", ObservedMeasure::first_dose_people,
               ObservedScope::tier, "-B", {none, 0, none, 100, 100}),
        column("administered:product=vax", ObservedMeasure::administered, ObservedScope::product,
               "vax", {none, 12, 10, 0, none}),
        column("fully_vaccinated_people:group==g2", ObservedMeasure::fully_vaccinated_people,
               ObservedScope::group, "=g2", {none, none, none, 1000, none}),
    };
    return o;
}

} // namespace

TEST_CASE("a run against observed counts: each day's difference, its share and the days ahead",
          "[observed]") {
    const TinyRunFile file;
    const RunReader run(file.path);
    const Comparison c = compare_with_observed(run, tiny_observed());
    CHECK(c.scenario == "observed-tiny");
    CHECK(c.first_day == day("2021-03-01"));
    CHECK(c.last_day == day("2021-04-02"));
    CHECK(c.observed_dates == 5);
    CHECK(c.dates_outside_run == 2); // 2021-02-28 and 2021-04-05
    REQUIRE(c.columns.size() == 4);

    // Everyone: min(10 d, 150) by day d.
    const ColumnComparison& all = c.columns[0];
    REQUIRE(all.run.size() == 33);
    CHECK(all.run[0] == 10);
    CHECK(all.run[14] == 150);
    CHECK(all.run[32] == 150);
    CHECK(all.outside_run == 2);
    REQUIRE(all.days.size() == 3);
    // 2021-03-02: run 20 against 10; the run had 10 a day earlier.
    CHECK(all.days[0].date == day("2021-03-02"));
    CHECK(all.days[0].run == 20);
    CHECK(all.days[0].observed == 10);
    CHECK(all.days[0].difference() == 10);
    CHECK(*all.days[0].relative() == 1.0);
    CHECK(all.days[0].run_ahead_days == 1);
    // 2021-03-05: run 50 against 60, which it reaches on 2021-03-06: a day behind.
    CHECK(all.days[1].difference() == -10);
    CHECK(*all.days[1].relative() == Approx(-1.0 / 6).epsilon(1e-15));
    CHECK(all.days[1].run_ahead_days == -1);
    // 2021-03-31: both 150, which the run reached on 2021-03-15.
    CHECK(all.days[2].difference() == 0);
    CHECK(*all.days[2].relative() == 0.0);
    CHECK(all.days[2].run_ahead_days == 16);
    CHECK(*all.mean_difference == 0.0);
    CHECK(all.largest->date == day("2021-03-02")); // +10 and -10: the earlier
    REQUIRE(all.quarter_ends.size() == 1);         // 2021Q2 does not end within the run
    CHECK(all.quarter_ends[0].first == "2021Q1");
    CHECK(all.quarter_ends[0].second.date == day("2021-03-31"));
    CHECK(all.targets.empty()); // the run's one target counts tier -B only

    // Tier -B (=g2): first doses from 2021-03-06, 100 by 2021-03-15; its target of half (50)
    // reached 2021-03-10 in the run, and first observed at or above it on 2021-03-31.
    const ColumnComparison& tier = c.columns[1];
    CHECK(tier.label == "people with a first dose, tier -B");
    CHECK(tier.outside_run == 1);
    REQUIRE(tier.days.size() == 2);
    CHECK(tier.days[0].run == 0);
    CHECK(tier.days[0].observed == 0);
    CHECK_FALSE(tier.days[0].relative());       // nothing observed: no share of it
    CHECK_FALSE(tier.days[0].run_ahead_days);   // nor a day it was reached
    CHECK(tier.days[1].run == 100);
    CHECK(tier.days[1].run_ahead_days == 16);
    REQUIRE(tier.targets.size() == 1);
    CHECK(tier.targets[0].id == "half_b");
    CHECK(tier.targets[0].threshold == 50);
    CHECK(tier.targets[0].run_reached == day("2021-03-10"));
    CHECK(tier.targets[0].observed_reached == day("2021-03-31"));

    // Doses of vax given each day: 10 a day to 2021-03-15, none after.
    const ColumnComparison& doses = c.columns[2];
    REQUIRE(doses.days.size() == 3);
    CHECK(doses.days[0].difference() == -2);
    CHECK(*doses.days[0].relative() == Approx(-2.0 / 12).epsilon(1e-15));
    CHECK_FALSE(doses.days[0].run_ahead_days); // a day's doses are not a count to date
    CHECK(doses.days[1].difference() == 0);
    CHECK(doses.days[2].run == 0);
    CHECK(*doses.mean_difference == Approx(-2.0 / 3));
    CHECK(doses.largest->difference() == -2);

    // Group =g2 fully vaccinated (one dose): 100 in the run, 1,000 observed, never reached.
    const ColumnComparison& g2 = c.columns[3];
    REQUIRE(g2.days.size() == 1);
    CHECK(g2.days[0].difference() == -900);
    CHECK(*g2.days[0].relative() == Approx(-0.9));
    CHECK_FALSE(g2.days[0].run_ahead_days);
}

TEST_CASE("the day-by-day CSV: exact rows, and cells naming a formula-like id neutralised",
          "[observed]") {
    const TinyRunFile file;
    const RunReader run(file.path);
    const std::string csv = comparison_csv(compare_with_observed(run, tiny_observed()));
    CHECK(csv.starts_with(
        "date,column,measure,scope,id,run,observed,difference,relative,run_ahead_days\n"
        "2021-03-02,first_dose_people,first_dose_people,everyone,,20,10,10,1,1\n"
        "2021-03-05,first_dose_people,first_dose_people,everyone,,50,60,-10,"
        "-0.16666666666666666,-1\n"
        "2021-03-31,first_dose_people,first_dose_people,everyone,,150,150,0,0,16\n"));
    // The tier "-B" and the group "=g2" would be formulas in a spreadsheet.
    CHECK(csv.find("\n2021-03-02,first_dose_people:tier=-B,first_dose_people,tier,'-B,0,0,0,,\n") !=
          std::string::npos);
    CHECK(csv.find("\n2021-03-31,fully_vaccinated_people:group==g2,fully_vaccinated_people,group,"
                   "'=g2,100,1000,-900,-0.9,\n") != std::string::npos);
    CHECK(csv.find(",-B,") == std::string::npos);
    CHECK(csv.find(",=g2,") == std::string::npos);
    // One row per compared day: 3 + 2 + 3 + 1, and the header.
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 10);
}

TEST_CASE("the printed summary and the page", "[observed]") {
    const TinyRunFile file;
    const RunReader run(file.path);
    const Comparison c = compare_with_observed(run, tiny_observed());
    const std::string text = format_comparison(c);
    CHECK(text.find("observed: observed.csv, 5 dates (2 outside the run, not compared)") !=
          std::string::npos);
    CHECK(text.find("3 days compared (2 outside the run); mean difference +0; largest +10 "
                    "(+100.0%) on 2021-03-02") != std::string::npos);
    CHECK(text.find("2021Q1   2021-03-31             150           150  +0 (+0.0%), run 16 "
                    "days ahead") != std::string::npos);
    CHECK(text.find("target half_b (50 = 50.0% by 2021-03-31): run reached it 2021-03-10; "
                    "observed at or above it from 2021-03-31") != std::string::npos);
    CHECK(text.find("-900 (-90.0%), not reached within the run") != std::string::npos);
    const std::string html = comparison_html(c);
    CHECK(html.starts_with("<!DOCTYPE html>"));
    // One chart per column, the observed series dotted at its days.
    std::size_t charts = 0;
    for (std::size_t at = 0; (at = html.find("<figure class=\"chart\">", at)) != std::string::npos;
         ++at)
        ++charts;
    CHECK(charts == 4);
    CHECK(html.find("<circle") != std::string::npos);
    CHECK(html.find("target half_b (50 = 50.0% by 2021-03-31): run reached it 2021-03-10") !=
          std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
}

TEST_CASE("a day's doses below what was observed are not a count the run failed to reach",
          "[observed]") {
    const TinyRunFile file;
    const RunReader run(file.path);
    ObservedData o = tiny_observed();
    o.columns = {column("administered", ObservedMeasure::administered, ObservedScope::everyone,
                        "", {none, none, none, 5, none}),
                 column("administered_to_date", ObservedMeasure::administered_to_date,
                        ObservedScope::everyone, "", {none, none, none, 151, none})};
    const Comparison c = compare_with_observed(run, o);
    const std::string text = format_comparison(c);
    // 2021-03-31: no doses that day against 5; 150 given to date against 151, never reached.
    CHECK(text.find("2021Q1   2021-03-31               0             5  -5 (-100.0%)\n") !=
          std::string::npos);
    CHECK(text.find("2021Q1   2021-03-31             150           151  -1 (-0.7%), not reached "
                    "within the run\n") != std::string::npos);
    CHECK(c.columns[1].run[32] == 150);
}

TEST_CASE("a column the run cannot answer is refused, not compared as zeros", "[observed]") {
    const TinyRunFile file;
    const RunReader run(file.path);
    ObservedData o = tiny_observed();
    o.columns = {column("first_dose_people:group=nobody", ObservedMeasure::first_dose_people,
                        ObservedScope::group, "nobody", {1, 1, 1, 1, 1})};
    CHECK_THROWS_WITH(compare_with_observed(run, o), Catch::Contains("no such group"));
    o.columns = {column("first_dose_people:product=vax", ObservedMeasure::first_dose_people,
                        ObservedScope::product, "vax", {1, 1, 1, 1, 1})};
    CHECK_THROWS_WITH(compare_with_observed(run, o), Catch::Contains("not counted by product"));
    o.columns = {column("first_dose_people", ObservedMeasure::first_dose_people,
                        ObservedScope::everyone, "", {1, 1})};
    CHECK_THROWS_WITH(compare_with_observed(run, o), Catch::Contains("2 values for 5 dates"));
}

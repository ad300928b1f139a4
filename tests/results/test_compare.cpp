// Runs side by side (results/compare.hpp): the tiny run of tests/data/compare-tiny.yaml at
// 20 doses a day (the base) and at 25, every date and margin computed by hand in the
// scenario's comment; a third run of another scenario for what only some runs hold.
#include <catch2/catch.hpp>

#include "models/text.hpp"
#include "results/compare.hpp"
#include "results/run_file.hpp"
#include "results/run_reader.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/pipeline.hpp"
#include "temp_dir.hpp"

using namespace vaxsim;
namespace fs = std::filesystem;

namespace {

const fs::path source_dir = VAXSIM_SOURCE_DIR;

void write_run(const fs::path& scenario_file, const std::vector<std::string>& overrides,
               const fs::path& out) {
    const Scenario scenario = load_scenario_file(scenario_file, overrides);
    RunPipeline pipeline;
    const RunOutput& result = pipeline.run(scenario);
    write_run_file(out, false, *result.scenario, *result.ledger, result.outcomes, {});
}

struct ThreeRuns {
    test::TempDir dir{"vaxsim-compare"};
    fs::path base = dir.path / "base.h5", faster = dir.path / "faster.h5",
             other = dir.path / "other.h5";
    ThreeRuns() {
        write_run(source_dir / "tests/data/compare-tiny.yaml", {}, base);
        write_run(source_dir / "tests/data/compare-tiny.yaml",
                  {"capacity.periods.0.doses_per_day=25"}, faster);
        write_run(source_dir / "tests/data/observed-tiny.yaml", {}, other);
    }
};

} // namespace

TEST_CASE("two runs differing in capacity: dates, margins and plan slips against the base",
          "[compare]") {
    const ThreeRuns files;
    const RunReader a(files.base), b(files.faster);
    const RunsComparison c = compare_runs({&a, &b});
    REQUIRE(c.runs.size() == 2);
    CHECK(c.runs[0].name == "base");
    CHECK(c.runs[1].name == "faster");
    CHECK(c.runs[0].wasted == 0);
    CHECK(c.runs[1].administered == 600); // both groups complete by 04-10

    REQUIRE(c.targets.size() == 1);
    const TargetAcrossRuns& t = c.targets[0];
    CHECK(t.id == "half_g2");
    REQUIRE(t.runs[0]);
    REQUIRE(t.runs[1]);
    CHECK(t.runs[0]->threshold == 150);
    CHECK(t.runs[0]->first_reached == "2021-03-28");
    CHECK(t.runs[0]->value_at_deadline == 220);
    CHECK(t.runs[0]->margin == 70);
    CHECK(t.runs[1]->first_reached == "2021-03-24");
    CHECK(t.runs[1]->value_at_deadline == 300);
    CHECK(t.runs[1]->margin == 150);
    CHECK(t.days_later(1) == -4);

    REQUIRE(c.plan.size() == 2);
    CHECK(c.plan[0].group == "g1");
    CHECK(c.plan[0].runs[0]->slip() == 0);
    CHECK(c.plan[0].runs[0]->met);
    CHECK(c.plan[1].group == "g2");
    CHECK(c.plan[1].runs[0]->planned == 300);
    CHECK(c.plan[1].runs[0]->started == 220);
    CHECK_FALSE(c.plan[1].runs[0]->met);
    CHECK(c.plan[1].runs[1]->started == 300);
    CHECK(c.plan[1].runs[1]->met);

    REQUIRE(c.changes.size() == 1);
    CHECK(c.changes[0].front() == "set capacity.periods.0.doses_per_day=25");

    const std::string text = format_runs_comparison(c);
    CHECK_THAT(text, Catch::Contains("half_g2"));
    CHECK_THAT(text, Catch::Contains("MET      reached 2021-03-24  margin         +150   vs base: -4 d, margin +80"));
    CHECK_THAT(text, Catch::Contains("-80 SLIPPED"));

    const std::string csv = runs_comparison_csv(c);
    CHECK_THAT(csv, Catch::Contains("target,half_g2,,faster," + files.faster.string() +
                                    ",first_reached,2021-03-24,-4,\n"));
    CHECK_THAT(csv, Catch::Contains("target,half_g2,,faster," + files.faster.string() +
                                    ",margin,150,80,\n"));
    CHECK_THAT(csv, Catch::Contains("plan,g2,2021Q1,base," + files.base.string() + ",started,220,0,\n"));
    CHECK_THAT(csv, Catch::Contains("plan,g2,2021Q1,faster," + files.faster.string() + ",started,300,80,\n"));

    const std::string html = runs_comparison_html({&a, &b}, c);
    CHECK_THAT(html, Catch::Contains("What bound each day, one strip per run"));
    CHECK_THAT(html, Catch::Contains("<polyline")); // the curves are drawn
}

TEST_CASE("runs with other targets and groups: matched by id, the rest named as only in some",
          "[compare]") {
    const ThreeRuns files;
    const RunReader a(files.base), b(files.faster), other(files.other);
    const RunsComparison c = compare_runs({&a, &b, &other});
    REQUIRE(c.targets.size() == 2);
    CHECK(c.targets[0].id == "half_g2");
    CHECK_FALSE(c.targets[0].runs[2]);
    CHECK(c.targets[1].id == "half_b");
    CHECK_FALSE(c.targets[1].runs[0]);
    REQUIRE(c.targets[1].runs[2]);
    CHECK(c.targets[1].runs[2]->first_reached == "2021-03-10");
    const std::string text = format_runs_comparison(c);
    CHECK_THAT(text, Catch::Contains("[half_g2] (only in base, faster)"));
    CHECK_THAT(text, Catch::Contains("[half_b] (only in other)"));
    CHECK_THAT(text, Catch::Contains("(only in base, faster)\n")); // the plan rows
    CHECK_THAT(text, Catch::Contains("scenario compare-tiny -> observed-tiny"));
    CHECK_THAT(text, Catch::Contains("dates 2021-03-01 to 2021-04-10 -> 2021-03-01 to 2021-04-02"));
    // The page puts every run on one axis, 2021-03-01 to 2021-04-10: the shorter run's
    // curves are placed by date (a dot per value), its strip blank after 04-02.
    const std::string html = runs_comparison_html({&a, &b, &other}, c);
    CHECK_THAT(html, Catch::Contains("no such target in this run"));
    CHECK_THAT(html, Catch::Contains("not in this run"));
    CHECK_THAT(html, Catch::Contains("<circle"));
}

TEST_CASE("run names: the file stems, or the paths when two stems are the same", "[compare]") {
    CHECK(run_display_names({"a/plan.h5", "b/late.h5"}) == std::vector<std::string>{"plan", "late"});
    CHECK(run_display_names({"a/plan.h5", "b/plan.h5"}) ==
          std::vector<std::string>{"a/plan.h5", "b/plan.h5"});
}

TEST_CASE("what changed fits one line each: a list as its count, a long value cut at a character",
          "[compare]") {
    // A scenario made with extends: records its own places, one line of band shares each,
    // as one override; a description may run long, in Korean too.
    ComparedRun base, other;
    base.scenario = "plan";
    other.scenario = "districts";
    std::string places, yaml_places = "places:\n";
    for (int i = 0; i < 25; ++i) {
        const std::string item = "- {id: d" + std::to_string(i) +
                                 ", label: 종로구, band_shares: {0-17: 0.015785531, 18-49: 0.015785531, "
                                 "50-64: 0.015785531, 65-74: 0.018883846, 75+: 0.018883846}}";
        places += item + "\n";
        yaml_places += "  " + item + "\n";
    }
    const std::string latin(40, 'x');
    other.overrides = {"places=" + places, "description=" + std::string("서울 2021 계획: 자치구 25곳에서 ") + latin,
                       "place_supply={rule: population, transfer_lag_days: 1}"};
    base.effective = "name: plan\n";
    other.effective = "name: plan\n" + yaml_places;
    const std::vector<std::string> lines = scenario_changes(base, other);
    REQUIRE(lines.size() >= 5);
    CHECK(lines[0] == "scenario plan -> districts");
    CHECK(lines[1] == "set places=(25 items)");
    // 60 columns of value: the Korean characters count two each, and none is split.
    // 서울 2021 계획: 자치구 25곳에서 and a space: 32 columns; 27 x and the "…" make 60.
    CHECK(lines[2] == "set description=서울 2021 계획: 자치구 25곳에서 " + std::string(27, 'x') + "…");
    CHECK(shown_length(lines[2].substr(std::string("set description=").size())) == 60);
    CHECK(lines[3] == "set place_supply={rule: population, transfer_lag_days: 1}"); // short: whole
    CHECK(lines[4] == "as run: + places:");
    for (std::size_t i = 5; i < lines.size() - 1; ++i) {
        CAPTURE(lines[i]);
        CHECK(lines[i].rfind("as run: + places > - {id: d", 0) == 0);
        CHECK(shown_length(lines[i].substr(std::string("as run: + ").size())) <= 100);
        CHECK(lines[i].substr(lines[i].size() - std::string("…").size()) == "…");
    }
    CHECK(lines.back() == "as run: ... and 14 more lines");
    CHECK(scenario_changes(base, other, 12, Language::ko)[1] == "설정 places=(25개 항목)");
}

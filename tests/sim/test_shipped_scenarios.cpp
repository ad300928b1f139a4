// The shipped scenarios: invariants on every one, the plan's quarterly counts, and a
// golden-file regression of their summaries (with places, and the district table).
//
// After a deliberate change to results, regenerate the golden files with
//   VAXSIM_UPDATE_GOLDEN=1 ctest --test-dir build -R golden
// and review the diff before committing it.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "results/place_summary.hpp"
#include "results/summary.hpp"
#include "sim/pipeline.hpp"
#include "models/invariants.hpp"
#include "models/outcomes.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/input/scenario_reader.hpp"

using namespace vaxsim;
namespace fs = std::filesystem;

namespace {

const fs::path source_dir = VAXSIM_SOURCE_DIR;

std::vector<fs::path> shipped_scenarios() {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(source_dir / "scenarios"))
        if (entry.path().extension() == ".yaml" &&
            entry.path().filename().string().find(".sweep.") == std::string::npos)
            out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST_CASE("every shipped scenario keeps the ledger invariants", "[scenarios]") {
    const auto files = shipped_scenarios();
    REQUIRE(files.size() >= 4);
    for (const auto& file : files) {
        INFO(file.string());
        const Scenario loaded = load_scenario_file(file);
        // A scenario with uncertain inputs: several of its futures.
        RunPipeline pipeline;
        for (std::uint64_t future = 0; future < (loaded.is_stochastic() ? 5u : 1u); ++future) {
            const Scenario sc = loaded.is_stochastic() ? loaded.realize(future) : loaded;
            CHECK(check_invariants(sc, simulate(sc)).empty());
            CHECK_NOTHROW(pipeline.run(loaded, {.future = future}));
        }
    }
}

TEST_CASE("the plan scenario reproduces the seed's Q1 and Q2 counts per group", "[scenarios]") {
    const Scenario sc = load_scenario_file(source_dir / "scenarios/seoul-2021-plan.yaml");
    const Outcomes o = evaluate(sc, simulate(sc));
    // The seed table, by group: Q1 161,051 (가 61,142, 나 97,469, 다 2,440);
    // Q2 1,749,102 (가 1,587,453, 나 133,746, 다 27,903).
    const std::map<std::string, std::int64_t> seed{
        {"ltc_hospitals", 34861},           {"elderly_care_facilities", 26281},
        {"covid_treatment_staff", 8381},    {"high_risk_medical_staff", 87617},
        {"first_responders", 1471},         {"psychiatric_rehab_facilities", 2440},
        {"home_care_elderly", 60331},       {"aged_65_plus", 1527122},
        {"medical_pharmacy_staff", 133746}, {"disability_homeless_facilities", 27903}};
    std::map<std::string, std::int64_t> quarter_total;
    for (const PlanCheck& c : o.plan) {
        const PriorityGroup& g = sc.population.groups()[c.group];
        if (!seed.count(g.id)) continue;
        INFO(g.id);
        CHECK(c.planned == seed.at(g.id));
        CHECK(c.started_in_quarter == seed.at(g.id));
        quarter_total[g.plan->quarter] += c.started_in_quarter;
    }
    CHECK(quarter_total["2021Q1"] == 161051);
    CHECK(quarter_total["2021Q2"] == 1749102);
    // And the plan's headline target: 70% of 8,685,714 adults by 2021-10-31.
    CHECK(sc.targets[0].threshold == 6080000);
    CHECK(o.targets[0].met);
}

TEST_CASE("what-if scenarios move the plan the way a planner expects", "[scenarios]") {
    const auto run_of = [](const char* name) {
        const Scenario sc = load_scenario_file(source_dir / "scenarios" / name);
        return std::make_pair(evaluate(sc, simulate(sc)), sc.targets);
    };
    const auto [plan, targets] = run_of("seoul-2021-plan.yaml");
    const auto [late, late_targets] = run_of("seoul-2021-pfizer-4-weeks-late.yaml");
    const auto [no_hold, no_hold_targets] = run_of("seoul-2021-no-second-dose-holdback.yaml");
    // Late Pfizer: Q1 and Q2 slip and the 70% date comes later.
    CHECK_FALSE(late.targets[1].met);
    CHECK_FALSE(late.targets[2].met);
    CHECK(*late.targets[0].first_reached > *plan.targets[0].first_reached);
    // No hold-back: more first doses early, so the 70% date comes sooner.
    CHECK(*no_hold.targets[0].first_reached < *plan.targets[0].first_reached);
    CHECK(*no_hold.targets[2].first_reached < *plan.targets[2].first_reached);
}

TEST_CASE("waning costs lives and the Q4 re-vaccination wins some back", "[scenarios][epidemic]") {
    const auto deaths = [](const char* name, std::vector<std::string> overrides = {}) {
        const Scenario sc = load_scenario_file(source_dir / "scenarios" / name, overrides);
        RunPipeline pipeline;
        return pipeline.run(sc).epidemic->vaccinated.total_deaths();
    };
    const double delta = deaths("seoul-2021-epidemic-delta.yaml");
    const double waning = deaths("seoul-2021-epidemic-waning.yaml");
    const double no_boosters =
        deaths("seoul-2021-epidemic-waning.yaml", {"boosters.q4_revaccination.uptake=0"});
    CHECK(waning > 1.2 * delta); // the same epidemic, with protection fading
    CHECK(no_boosters > waning);  // the boosters restore some of it
}

namespace {

// `summary` against its golden file; VAXSIM_UPDATE_GOLDEN=1 rewrites the file first.
void check_golden(const fs::path& golden, const std::string& summary) {
    INFO("golden file " << golden.string() << " (VAXSIM_UPDATE_GOLDEN=1 rewrites it)");
    if (std::getenv("VAXSIM_UPDATE_GOLDEN") != nullptr) {
        fs::create_directories(golden.parent_path());
        std::ofstream(golden, std::ios::binary) << summary;
        WARN("updated " << golden.string());
    }
    REQUIRE(fs::exists(golden));
    CHECK(summary == read_file(golden));
}

} // namespace

TEST_CASE("golden summaries of the shipped scenarios", "[scenarios][golden]") {
    for (const auto& file : shipped_scenarios()) {
        const Scenario scenario = load_scenario_file(file);
        RunPipeline pipeline;
        const RunOutput& r = pipeline.run(scenario);
        std::string summary = format_summary(*r.scenario, *r.ledger, r.outcomes,
                                             r.epidemic ? &*r.epidemic : nullptr);
        // With places, the district table after the summary, as `vaxsim run` prints it.
        if (!r.places.empty()) summary += "\n" + format_place_summary(*r.scenario, r.places);
        check_golden(source_dir / "tests/golden" / (file.stem().string() + ".txt"), summary);
    }
}

// The summary in Korean (`run --lang ko`): every word from results/labels.cpp's Korean
// table, ids, dates and numbers as in English. A plan met, one that slips (why groups
// slipped) and one with the epidemic.
TEST_CASE("golden Korean summaries", "[scenarios][golden][korean]") {
    for (const char* name : {"seoul-2021-plan", "seoul-2021-pfizer-4-weeks-late",
                             "seoul-2021-epidemic"}) {
        const Scenario scenario =
            load_scenario_file(source_dir / "scenarios" / (std::string(name) + ".yaml"));
        RunPipeline pipeline;
        const RunOutput& r = pipeline.run(scenario);
        const std::string summary =
            format_summary(*r.scenario, *r.ledger, r.outcomes,
                           r.epidemic ? &*r.epidemic : nullptr, Language::ko);
        const std::string english = format_summary(*r.scenario, *r.ledger, r.outcomes,
                                                   r.epidemic ? &*r.epidemic : nullptr);
        // The same lines as in English, none of them left in English.
        CHECK(std::count(summary.begin(), summary.end(), '\n') ==
              std::count(english.begin(), english.end(), '\n'));
        for (const char* english_word : {"Quarterly plan", "Targets", "MET", "SLIPPED", "Doses by",
                                         "Overdue", "capacity used", "held by", "infections"})
            CHECK_THAT(summary, !Catch::Contains(english_word));
        check_golden(source_dir / "tests/golden/ko" / (std::string(name) + ".txt"), summary);
    }
}

TEST_CASE("the district table in Korean names districts by their own names", "[scenarios][places]") {
    // By need, all 25 districts meet Q1's plan on one day: said once, not as "first … last".
    const Scenario by_need = load_scenario_file(source_dir / "scenarios/seoul-2021-districts-by-need.yaml");
    RunPipeline pipeline;
    const RunOutput& r = pipeline.run(by_need);
    const std::string english = format_place_summary(*r.scenario, r.places);
    const std::string korean = format_place_summary(*r.scenario, r.places, Language::ko);
    CHECK_THAT(english, Catch::Contains("q1_plan: met in 25 of 25 places; all reached it on 2021-03-18\n"));
    CHECK_THAT(korean, Catch::Contains("q1_plan: 25곳 중 25곳 달성; 모든 지역이 2021-03-18에 도달\n"));
    // A first or last place named, with how many more that day: 종로구, not jongno.
    CHECK_THAT(english, Catch::Contains("(jongno and "));
    CHECK_THAT(korean, Catch::Contains("(종로구 외 "));
    CHECK_THAT(korean, !Catch::Contains("(jongno"));
}

TEST_CASE("the Korea replay follows the 2021 rules it was built from", "[scenarios][korea]") {
    const Scenario sc = load_scenario_file(source_dir / "scenarios/korea-2021-replay.yaml");
    const Ledger run = simulate(sc);
    REQUIRE(check_invariants(sc, run).empty());
    const auto product = [&](const std::string& id) {
        for (int p = 0; p < static_cast<int>(sc.products.size()); ++p)
            if (sc.products[p].id() == id) return p;
        FAIL("no product " << id);
        return -1;
    };
    const int pfizer = product("pfizer"), janssen = product("janssen");
    const int K0 = sc.primary_doses();
    REQUIRE(K0 == 2);
    REQUIRE(run.doses_per_person() > K0);
    std::int64_t boosters_before_october = 0, boosters = 0, janssen_given = 0;
    for (int t = 0; t < run.days(); ++t) {
        for (int g = 0; g < run.groups(); ++g)
            for (int p = 0; p < run.products(); ++p) {
                for (int k = K0; k < run.doses_per_person(); ++k) {
                    boosters += run.dose(t, g, p, k);
                    if (run.day_of(t) < *parse_iso_date("2021-10-12"))
                        boosters_before_october += run.dose(t, g, p, k);
                }
                if (p == janssen) janssen_given += run.dose(t, g, p, 0);
            }
    }
    CHECK(boosters_before_october == 0); // the first campaign starts 2021-10-12
    CHECK(boosters > 0);
    // Janssen only in its June window (closing 06-20) to the 1,000,000 reserve forces.
    CHECK(janssen_given == 1000000);
    // The swap: 700,000 Pfizer in, and out again.
    CHECK(run.imported.col(pfizer).sum() == 700000);
    CHECK(run.exported.col(pfizer).sum() == 700000);
}

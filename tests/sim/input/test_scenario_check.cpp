// `vaxsim check SCENARIO`: warnings for likely mistakes that are not input errors.
#include "sim/scenario_check.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;

namespace {

// A group no product may reach (old, past vax's age rule), a target beyond the willing
// (young_60: 180 of 150 willing; young_40's 120 is within them) and 100 doses against 700.
Scenario warning_scenario() {
    return load_tiny("name: warn\nstart: 2021-03-01\nend: 2021-03-31\n" + tiny_population() + R"(
products:
  - id: vax
    doses: 2
    interval_days: 21
    eligibility: [{max_age: 64}]
    supply: {deliveries: [{date: 2021-03-01, doses: 100}]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: old, tier: A, band: old, size: 200, opens: 2021-03-01, priority: 1}
  - {id: young, tier: A, band: young, size: 300, uptake: 0.5, opens: 2021-03-01, priority: 2}
targets:
  - {id: young_60, measure: first_dose, population: {groups: [young]}, share: 0.6, deadline: 2021-03-31}
  - {id: young_40, measure: first_dose, population: {groups: [young]}, share: 0.4, deadline: 2021-03-31}
)");
}

} // namespace

TEST_CASE("check warns of unreachable groups, unreachable targets and short supply", "[check]") {
    const Scenario sc = warning_scenario();
    const auto warnings = scenario_warnings(sc);
    REQUIRE(warnings.size() == 3);
    CHECK_THAT(warnings[0], Catch::Contains("group 'old' can never get a first dose"));
    CHECK_THAT(warnings[1], Catch::Contains("target 'young_60' cannot be met") &&
                                Catch::Contains("needs 180 people but only 150"));
    // 200 + 150 willing, two doses each: 700 needed, 100 delivered.
    CHECK_THAT(warnings[2], Catch::Contains("100 doses, is less than the 700 doses"));
}

TEST_CASE("the shipped plan has no warnings", "[check]") {
    const Scenario sc =
        load_scenario_file(std::string(VAXSIM_SOURCE_DIR) + "/scenarios/seoul-2021-plan.yaml");
    CHECK(scenario_warnings(sc).empty());
    const std::string text = describe_scenario(sc);
    CHECK_THAT(text, Catch::Contains("2021Q1: 6 groups, 161,051 willing (1.9% of adults)"));
    CHECK_THAT(text, Catch::Contains("2021Q2: 4 groups, 1,749,102 willing (20.1% of adults)"));
    CHECK_THAT(
        text,
        Catch::Contains(
            "product astrazeneca: 2-dose, interval 77 days, ages 18-64, ages 18+ from 2021-04-01"));
}

TEST_CASE("a plan quarter the run does not reach to its end is warned of, with the dates",
          "[check]") {
    // The run starts within 2021Q1 (that is fine: nothing is given before it), ends within
    // 2021Q2, and never reaches 2021Q4.
    const Scenario sc =
        load_tiny("name: quarters\nstart: 2021-03-01\nend: 2021-05-31\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 2000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: q1, tier: A, band: old, size: 10, opens: 2021-03-01, priority: 1, plan: {quarter: 2021Q1}}
  - {id: q2, tier: A, band: old, size: 10, opens: 2021-03-01, priority: 2, plan: {quarter: 2021Q2}}
  - {id: q4a, tier: A, band: young, size: 10, opens: 2021-03-01, priority: 3, plan: {quarter: 2021Q4}}
  - {id: q4b, tier: A, band: young, size: 10, opens: 2021-03-01, priority: 4, plan: {quarter: 2021Q4}}
)");
    const auto warnings = scenario_warnings(sc);
    REQUIRE(warnings.size() == 2);
    CHECK(warnings[0] == "plan quarter 2021Q2 (2021-04-01 to 2021-06-30) is only partly within "
                         "the run (2021-03-01 to 2021-05-31), so the plan of group 'q2' cannot "
                         "be checked and shows as 'partial'");
    CHECK(warnings[1] == "plan quarter 2021Q4 (2021-10-01 to 2021-12-31) is outside the run "
                         "(2021-03-01 to 2021-05-31), so the plan of groups 'q4a', 'q4b' cannot "
                         "be checked and shows as 'partial'");
}

TEST_CASE("a product whose first age rule starts after the run's start: no first doses before it",
          "[check][eligibility]") {
    // The rule: before a product's first age rule no age may start it. check says so, and
    // the run gives none before that date (the waiting group is bound by eligibility).
    const Scenario sc =
        load_tiny("name: late-rule\nstart: 2021-03-01\nend: 2021-03-04\n" + tiny_population() + R"(
products:
  - id: vax
    doses: 1
    eligibility: [{from: 2021-03-03, min_age: 18, max_age: 64}]
    supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 10}]}
groups:
  - {id: young, tier: A, band: young, size: 50, opens: 2021-03-01, priority: 1}
)");
    CHECK_THAT(describe_scenario(sc),
               Catch::Contains("product vax: 1-dose, ages 18-64 from 2021-03-03, no first doses "
                               "before 2021-03-03 (its first age rule)"));
    const Ledger run = run_checked(sc);
    CHECK(daily_doses(run, 0, 0) == Counts{0, 0, 10, 10});
    CHECK(constraints(run) == std::vector<Constraint>{Constraint::eligibility,
                                                      Constraint::eligibility,
                                                      Constraint::capacity, Constraint::capacity});
}

TEST_CASE("check describes the state a run starts from", "[check][initial_state]") {
    const Scenario sc = load_scenario_file(std::string(VAXSIM_SOURCE_DIR) +
                                           "/scenarios/seoul-2021-from-august.yaml");
    CHECK_THAT(describe_scenario(sc),
               Catch::Contains("starts from the state at the end of 2021-07-31: 3,715,059 people "
                               "with a first dose, 2,112,168 with a completed series, 1,566,029 "
                               "booked for a next dose; stock on hand astrazeneca 895,478"));
}

TEST_CASE("check in Korean: the same facts and warnings, in Korean words", "[check][korean]") {
    const Scenario sc = warning_scenario();
    const auto warnings = scenario_warnings(sc, Language::ko);
    REQUIRE(warnings.size() == 3);
    CHECK(warnings[0] == "대상군 'old'은(는) 1차 접종을 받을 수 없음: 개시 기간 중 도입되고 그 "
                         "연령에 허용된 제품이 없음");
    CHECK(warnings[1] == "목표 'young_60'은(는) 접종 역량과 공급이 무제한이어도 달성할 수 없음: "
                         "180명이 필요하지만 대상 인구 중 접종 의향자는 150명뿐");
    CHECK(warnings[2] == "기간 중 공급 100회분이 접종 의향자 모두에게 필요한 700회분보다 적음 "
                         "(첫 제품의 접종 횟수 기준)");
    const std::string text = describe_scenario(sc, Language::ko);
    CHECK_THAT(text, Catch::Contains("  warn: 2021-03-01 ~ 2021-03-31 (31일), 시드 "));
    CHECK_THAT(text, Catch::Contains("제품 vax: 2회 접종, 간격 21일, 연령 0-64, 폐기율 0.0%, "
                                     "기간 중 공급 100회분\n"));
    CHECK_THAT(text, Catch::Contains("  목표 young_60: 대상군 1개의 1차 이상 접종 >= 180, "
                                     "2021-03-31까지\n"));
    CHECK_THAT(text, Catch::Contains("  경고: 대상군 'old'은(는)"));
    // As many lines as in English: nothing dropped, nothing added.
    const std::string english = describe_scenario(sc);
    CHECK(std::count(text.begin(), text.end(), '\n') ==
          std::count(english.begin(), english.end(), '\n'));
}

TEST_CASE("shares where no policy step allocates by them are a warning", "[check][shares]") {
    const std::string base = "name: s\nstart: 2021-03-01\nend: 2021-03-31\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, supply: {deliveries: [{date: 2021-03-01, doses: 1000}]}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: old, tier: A, band: old, size: 200, opens: 2021-03-01, priority: 1}
  - {id: young, tier: A, band: young, size: 300, opens: 2021-03-01, priority: 2}
)";
    const auto unused = [](const Scenario& sc) {
        for (const auto& w : scenario_warnings(sc))
            if (w.find("no policy step allocates first doses by 'shares'") != std::string::npos) return true;
        return false;
    };
    CHECK(unused(load_tiny(base + "policy: {shares: {old: 1, young: 3}}\n")));
    CHECK_FALSE(unused(load_tiny(base + "policy: {first_dose_allocation: shares, shares: {old: 1, young: 3}}\n")));
    CHECK_FALSE(unused(load_tiny(base)));
}

// --set overrides and what-if files: the same path syntax, errors that say where.
#include <fstream>

#include <catch2/catch.hpp>

#include "models/scenario.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/input/scenario_reader.hpp"

using namespace vaxsim;

namespace {

const std::string plan_path = std::string(VAXSIM_SOURCE_DIR) + "/scenarios/seoul-2021-plan.yaml";

std::string expect_error(const std::function<void()>& load) {
    try {
        load();
    } catch (const InputFileError& e) {
        return e.what();
    }
    FAIL("no error");
    return "";
}

} // namespace

TEST_CASE("an override (--set) changes a scalar addressed through list ids", "[overrides]") {
    const Scenario sc = load_scenario_file(
        plan_path, {"products.pfizer.supply.delay_days=28", "groups.adults_18_49.uptake=0.6",
                    "policy.second_dose_reserve=none", "capacity.periods.1.doses_per_day=50000"});
    CHECK(sc.products[1].supply().delay_days() == 28);
    CHECK(sc.population.groups()[*sc.population.group_index("adults_18_49")].uptake == 0.6);
    CHECK(sc.policy.second_dose_reserve == 0.0);
    CHECK(sc.capacity.periods()[1].second == 50000);
    REQUIRE(sc.provenance().overrides.size() == 4);
    CHECK(sc.provenance().overrides[0] == "products.pfizer.supply.delay_days=28");
}

TEST_CASE("a bad override value is reported against the command line", "[overrides]") {
    const std::string what =
        expect_error([] { load_scenario_file(plan_path, {"groups.adults_18_49.uptake=1.7"}); });
    CHECK_THAT(what,
               Catch::StartsWith("command line (--set groups.adults_18_49.uptake=1.7): error:"));
    CHECK_THAT(what, Catch::Contains("expected a share between 0 and 1, got 1.7"));
}

TEST_CASE("an override path that does not exist is an error", "[overrides]") {
    CHECK_THAT(expect_error([] { load_scenario_file(plan_path, {"products.novavax.doses=2"}); }),
               Catch::Contains("no element with id or index 'novavax'"));
    // A new last key is allowed by the path, then rejected by the strict reader.
    CHECK_THAT(expect_error([] { load_scenario_file(plan_path, {"policy.reserve=none"}); }),
               Catch::Contains("unknown key 'reserve' in policy"));
    CHECK_THAT(expect_error([] { load_scenario_file(plan_path, {"start"}); }),
               Catch::Contains("expected PATH=VALUE"));
}

TEST_CASE("a what-if file extends the plan with the same paths", "[overrides]") {
    const Scenario late = load_scenario_file(std::string(VAXSIM_SOURCE_DIR) +
                                             "/scenarios/seoul-2021-pfizer-4-weeks-late.yaml");
    CHECK(late.name == "seoul-2021-pfizer-4-weeks-late");
    CHECK(late.products[1].supply().delay_days() == 28);
    CHECK(late.products[1].supply().deliveries().front().day ==
          *parse_iso_date("2021-03-26")); // 2021-02-26 + 28 days
    REQUIRE_FALSE(late.provenance().base_file.empty());
    CHECK_THAT(late.provenance().text, Catch::Contains("extends: seoul-2021-plan.yaml"));
}

TEST_CASE("a bad value in a what-if file points at the what-if file's line", "[overrides]") {
    const auto dir = std::filesystem::temp_directory_path() / "vaxsim-test-whatif";
    std::filesystem::create_directories(dir);
    std::filesystem::copy_file(plan_path, dir / "plan.yaml",
                               std::filesystem::copy_options::overwrite_existing);
    {
        std::ofstream out(dir / "bad.yaml");
        out << "extends: plan.yaml\nset:\n  products.pfizer.supply.shortfall: 0.3\n  "
               "products.pfizer.supply.delay_days: soon\n";
    }
    const std::string what = expect_error([&] { load_scenario_file(dir / "bad.yaml"); });
    CHECK_THAT(what, Catch::StartsWith((dir / "bad.yaml").string() + ":4:38: error:"));
    CHECK_THAT(what, Catch::Contains("expected a whole number"));
    std::filesystem::remove_all(dir);
}

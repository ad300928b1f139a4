// `vaxsim serve` without the socket: a run with overrides answers what `vaxsim run --set`
// computes, an invalid value answers the error text --set gives, malformed and oversized
// requests are refused with a reason (never a crash), the page may not make the scenario
// read other files, and the sweep panel's futures count P(met) with a Wilson interval.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "models/date.hpp"
#include "results/place_summary.hpp"
#include "results/summary.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/input/yaml_input.hpp"
#include "sim/pipeline.hpp"
#include "sim/serve.hpp"

using namespace vaxsim;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path seoul = fs::path(VAXSIM_SOURCE_DIR) / "scenarios/seoul-2021-plan.yaml";
const fs::path uncertain = fs::path(VAXSIM_SOURCE_DIR) / "scenarios/seoul-2021-uncertain-supply.yaml";

std::string body_with(const std::vector<std::string>& overrides) {
    return json{{"overrides", overrides}}.dump();
}

// The first day each target is reached, as `vaxsim run --set` computes it.
std::vector<std::string> reached_by_run(const std::vector<std::string>& overrides) {
    const Scenario scenario = load_scenario_file(seoul, overrides);
    RunPipeline pipeline;
    const RunOutput& out = pipeline.run(scenario);
    std::vector<std::string> dates;
    for (const TargetResult& t : out.outcomes.targets)
        dates.push_back(t.first_reached ? format_iso_date(*t.first_reached) : "never");
    return dates;
}

std::vector<std::string> reached_in(const json& reply) {
    std::vector<std::string> dates;
    for (const json& t : reply["targets"])
        dates.push_back(t["first_reached"].is_null() ? "never" : t["first_reached"].get<std::string>());
    return dates;
}

std::string set_error(const std::vector<std::string>& overrides) {
    try {
        load_scenario_file(seoul, overrides);
    } catch (const InputFileError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("serve: a run answers what vaxsim run --set computes", "[serve]") {
    ServeSession session(seoul);
    const ServeReply base = session.run("{}");
    REQUIRE(base.status == 200);
    const json b = json::parse(base.body);
    CHECK(b["ok"] == true);
    CHECK(reached_in(b) == reached_by_run({}));
    CHECK(b["binding"].size() == b["days"].get<std::size_t>());
    CHECK(b["targets"][0]["series"].size() == b["days"].get<std::size_t>());

    const std::vector<std::string> overrides{"capacity.periods.2021-07-01.doses_per_day=60000",
                                             "products.moderna.supply.delay_days=21"};
    const ServeReply changed = session.run(body_with(overrides));
    REQUIRE(changed.status == 200);
    const json c = json::parse(changed.body);
    CHECK(reached_in(c) == reached_by_run(overrides));
    CHECK(reached_in(c) != reached_in(b)); // the lever moved the dates
    CHECK(c["overrides"] == json(overrides));
}

TEST_CASE("serve: the levers are paths --set takes, with the scenario's values", "[serve]") {
    ServeSession session(seoul);
    const json levers = json::parse(session.levers().body)["levers"];
    bool capacity = false;
    std::vector<std::string> paths;
    for (const json& l : levers) {
        const std::string path = l["path"];
        paths.push_back(path);
        if (path == "capacity.periods.2021-07-01.doses_per_day") {
            capacity = true;
            CHECK(l["base"] == "125000");
        }
        // Each lever set to its own base value loads: the path is one --set knows.
        CHECK_NOTHROW(load_scenario_file(seoul, {path + "=" + l["base"].get<std::string>()}));
    }
    CHECK(capacity);
    CHECK(std::find(paths.begin(), paths.end(), "groups.adults_18_49.opens") != paths.end());
    CHECK(std::find(paths.begin(), paths.end(), "policy.second_dose_reserve") != paths.end());
    CHECK(std::find(paths.begin(), paths.end(),
                    "products.pfizer.supply.scale@2021-07-01..2021-09-30") != paths.end());
}

TEST_CASE("serve: an invalid value gets the error text of --set, naming its override", "[serve]") {
    ServeSession session(seoul);
    for (const std::string bad : {"capacity.periods.2021-07-01.doses_per_day=abc",
                                  "capacity.periods.2021-07-01.doses_per_day=-5",
                                  "groups.adults_18_49.uptake=1.5", "nope.x=1"}) {
        const ServeReply reply = session.run(body_with({"products.moderna.supply.delay_days=7", bad}));
        CHECK(reply.status == 422);
        const json r = json::parse(reply.body);
        CHECK(r["ok"] == false);
        CHECK(r["error"] == set_error({"products.moderna.supply.delay_days=7", bad}));
        CHECK(r["override"] == bad);
    }
    // The session goes on answering after errors.
    CHECK(session.run("{}").status == 200);
}

TEST_CASE("serve: malformed requests are refused with a reason", "[serve]") {
    ServeLimits limits;
    limits.max_overrides = 3;
    limits.max_request_bytes = 2000;
    ServeSession session(seoul, {"en", limits});
    auto status = [&](const std::string& body) { return session.run(body).status; };
    CHECK(status("") == 400);
    CHECK(status("not json") == 400);
    CHECK(status("{\"overrides\": ") == 400);
    CHECK(status("[1, 2]") == 400);
    CHECK(status("{\"overrides\": \"capacity.holiday_factor=1\"}") == 400);
    CHECK(status("{\"overrides\": [17]}") == 400);
    CHECK(status("{\"overrides\": [\"no equals sign\"]}") == 400);
    CHECK(status(std::string("{\"overrides\": [\"\xff\xfe=1\"]}")) == 400); // not UTF-8
    CHECK(status(body_with({"a=1", "b=1", "c=1", "d=1"})) == 413);
    CHECK(status(body_with({"capacity.holiday_factor=" + std::string(3000, '1')})) == 413);
    CHECK(status(body_with({"policy.walk_ins=" + std::string(500, 'x')})) == 413);
    // Every refusal is JSON saying why.
    const json r = json::parse(session.run("nope").body);
    CHECK(r["ok"] == false);
    CHECK_FALSE(r["error"].get<std::string>().empty());
}

TEST_CASE("serve: the page cannot make the scenario read other files", "[serve]") {
    ServeSession session(seoul);
    CHECK(session.run(body_with({"products.pfizer.supply.csv=/etc/passwd"})).status == 403);
    CHECK(session.run(body_with({"extends=/etc/passwd"})).status == 403);
    CHECK(session.download("run.h5", {"products.pfizer.supply.csv=/etc/passwd"}).status == 403);
    CHECK(session.asset("/../../etc/passwd").status == 404);
    CHECK(session.asset("/").status == 200);
    CHECK(session.download("../../etc/passwd", {}).status == 404);
}

TEST_CASE("serve: past the limit of concurrent runs a run is refused, not queued", "[serve]") {
    ServeLimits limits;
    limits.max_concurrent_runs = 0;
    ServeSession session(seoul, {"en", limits});
    CHECK(session.run("{}").status == 503);
}

TEST_CASE("serve: the sweep panel runs futures and counts P(met) with its interval", "[serve]") {
    ServeLimits limits;
    limits.max_sweep_futures = 50;
    ServeSession session(uncertain, {"en", limits});
    CHECK(session.start_sweep("{\"futures\": 0}").status == 413);
    CHECK(session.start_sweep("{\"futures\": 51}").status == 413);
    CHECK(session.start_sweep("{\"futures\": \"many\"}").status == 400);
    CHECK(session.start_sweep("{}").status == 400);
    REQUIRE(session.start_sweep("{\"futures\": 20}").status == 202);
    json s;
    for (int i = 0; i < 600; ++i) {
        s = json::parse(session.sweep_status().body);
        if (s["state"] != "running") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE(s["state"] == "done");
    CHECK(s["done"] == 20);
    CHECK(s["stochastic"] == true);
    // Each target's count of futures met is what `vaxsim run --future k` gives.
    const Scenario scenario = load_scenario_file(uncertain);
    std::vector<std::int64_t> met(scenario.targets.size());
    RunPipeline pipeline;
    for (std::uint64_t k = 0; k < 20; ++k) {
        const RunOutput& out = pipeline.run(scenario, {.future = k});
        for (std::size_t t = 0; t < met.size(); ++t) met[t] += out.outcomes.targets[t].met;
    }
    for (std::size_t t = 0; t < met.size(); ++t) {
        const json& row = s["targets"][t];
        CHECK(row["met"] == met[t]);
        CHECK(row["low"].get<double>() <= row["p"].get<double>());
        CHECK(row["p"].get<double>() <= row["high"].get<double>());
    }
}

TEST_CASE("serve: a sweep can be cancelled, and only one runs at a time", "[serve]") {
    ServeSession session(uncertain);
    REQUIRE(session.start_sweep("{\"futures\": 1000}").status == 202);
    CHECK(session.start_sweep("{\"futures\": 5}").status == 409);
    CHECK(session.cancel_sweep().status == 200);
    json s;
    for (int i = 0; i < 600; ++i) {
        s = json::parse(session.sweep_status().body);
        if (s["state"] != "running") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(s["state"] == "cancelled");
    CHECK(s["done"].get<int>() < 1000);
    CHECK(session.start_sweep("{\"futures\": 2}").status == 202);
}

TEST_CASE("serve: a slipped quarter says when the group finished and what held it, as the "
          "summary does", "[serve]") {
    ServeSession session(seoul);
    const json r = json::parse(
        session.run(body_with({"capacity.periods.2021-07-01.doses_per_day=60000"})).body);
    const std::string summary = r["summary"];
    int slipped = 0;
    for (const json& row : r["plan"]) {
        if (row["met"] == true) {
            CHECK(row["held"] == "");
            continue;
        }
        ++slipped;
        const std::string held = row["held"];
        CHECK_FALSE(held.empty());
        CHECK(summary.find("held by " + held) != std::string::npos);
        if (!row["finished"].is_null())
            CHECK(summary.find("on " + row["finished"].get<std::string>()) != std::string::npos);
    }
    CHECK(slipped > 0);
    // The strip's legend in the page's language.
    ServeSession korean(seoul, {"ko", {}});
    const json k = json::parse(korean.run("{}").body);
    CHECK(k["constraints"][1]["label"] == "capacity");
    CHECK(k["constraints"][1]["name"] != json::parse(session.run("{}").body)["constraints"][1]["name"]);
}

TEST_CASE("serve: every lever of every shipped scenario is a path --set takes", "[serve]") {
    for (const auto& entry : fs::directory_iterator(fs::path(VAXSIM_SOURCE_DIR) / "scenarios")) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() != ".yaml" || name.ends_with(".sweep.yaml")) continue;
        INFO(name);
        ServeSession session(entry.path());
        const json levers = json::parse(session.levers().body)["levers"];
        CHECK(levers.size() > 0);
        std::vector<std::string> all;
        for (const json& l : levers) {
            INFO(l["path"].get<std::string>());
            CHECK_FALSE(l["what"].get<std::string>().empty());
            all.push_back(l["path"].get<std::string>() + "=" + l["base"].get<std::string>());
        }
        // All at their own values at once: the same run as the scenario as written.
        const json base = json::parse(session.run("{}").body);
        const ServeReply same = session.run(body_with(all));
        REQUIRE(same.status == 200);
        CHECK(json::parse(same.body)["targets"] == base["targets"]);
    }
}

TEST_CASE("serve: a run that would read a file the scenario did not read is not answered",
          "[serve]") {
    // The scenario file is read again on every run; here it changes under the server to
    // extend another file, which the words refused in overrides cannot catch.
    const fs::path dir = fs::temp_directory_path() /
                         ("vaxsim-serve-test-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    const fs::path file = dir / "city.yaml";
    fs::copy_file(fs::path(VAXSIM_SOURCE_DIR) / "scenarios/template.yaml", file);
    fs::copy_file(fs::path(VAXSIM_SOURCE_DIR) / "scenarios/template.yaml", dir / "other.yaml");
    {
        ServeSession session(file);
        CHECK(session.run("{}").status == 200);
        std::ofstream(file) << "extends: other.yaml\nname: city-what-if\n";
        // A path the page does not offer as a lever: the file is read again for it.
        const ServeReply reply = session.run(body_with({"capacity.periods.0.doses_per_day=5000"}));
        CHECK(reply.status == 403);
        CHECK(json::parse(reply.body)["error"] == "the page may read only the scenario's own files");
    }
    fs::remove_all(dir);
}

TEST_CASE("serve: a lever changed answers what --set gives, value or error, in shipped "
          "scenarios", "[serve]") {
    // Lever changes skip reading the file (the parameter space sets them on the base's
    // spec); each must give the run, or the error text, of `vaxsim run --set`.
    for (const char* name : {"seoul-2021-plan.yaml", "seoul-2021-pfizer-4-weeks-late.yaml",
                             "korea-2021-replay.yaml"}) {
        const fs::path file = fs::path(VAXSIM_SOURCE_DIR) / "scenarios" / name;
        ServeSession session(file);
        const json levers = json::parse(session.levers().body)["levers"];
        for (const json& l : levers) {
            const std::string kind = l["kind"], base = l["base"];
            std::string value;
            if (kind == "number") value = "0.8";
            else if (kind == "integer") value = "9";
            else if (kind == "share") value = base == "0.35" ? "0.4" : "0.35";
            else if (kind == "count") value = std::to_string(std::stoll(base) * 9 / 10);
            else if (kind == "date") value = format_iso_date(*parse_iso_date(base) + 10);
            else if (kind == "reserve") value = base == "none" ? "hold_second_doses" : "none";
            else if (kind == "allocation") value = base == "proportional" ? "strict_priority" : "proportional";
            const std::string o = l["path"].get<std::string>() + "=" + value;
            INFO(name << ": " << o);
            const ServeReply reply = session.run(body_with({o}));
            const json r = json::parse(reply.body);
            std::optional<Scenario> by_set;
            try {
                by_set.emplace(load_scenario_file(file, {o}));
            } catch (const InputFileError& e) {
                CHECK(reply.status == 422);
                CHECK(r["error"] == e.what());
                continue;
            }
            REQUIRE(reply.status == 200);
            RunPipeline pipeline;
            const RunOutput& out = pipeline.run(*by_set);
            for (std::size_t t = 0; t < out.outcomes.targets.size(); ++t) {
                const TargetResult& expected = out.outcomes.targets[t];
                CHECK(r["targets"][t]["value"] == expected.value_at_deadline);
                CHECK(r["targets"][t]["first_reached"] ==
                      (expected.first_reached ? json(format_iso_date(*expected.first_reached))
                                              : json(nullptr)));
            }
            CHECK(r["binding"] == json(std::vector<int>(out.ledger->binding_constraint.begin(),
                                                         out.ledger->binding_constraint.end())));
            CHECK(r["summary"] == format_summary(*out.scenario, *out.ledger, out.outcomes,
                                                 out.epidemic ? &*out.epidemic : nullptr));
        }
    }
}

TEST_CASE("serve: a run with places answers each place's targets and plan as vaxsim run computes "
          "them, under either supply rule",
          "[serve][places]") {
    const fs::path districts = fs::path(VAXSIM_SOURCE_DIR) / "scenarios/seoul-2021-districts.yaml";
    ServeSession session(districts);
    // The supply rule is a lever, and each of its choices is a value --set takes.
    bool rule_lever = false;
    const json levers = json::parse(session.levers().body)["levers"];
    for (const json& l : levers)
        if (l["path"] == "place_supply.rule") {
            rule_lever = true;
            CHECK(l["base"] == "population");
            CHECK(l["section"] == "places");
            for (const json& choice : l["choices"])
                CHECK_NOTHROW(load_scenario_file(districts, {"place_supply.rule=" + choice.get<std::string>()}));
        }
    CHECK(rule_lever);

    // Q2's plan met in 18 of 25 districts by people and 21 of 25 by need (README, "Districts").
    for (const auto& [overrides, q2_met] :
         std::vector<std::pair<std::vector<std::string>, int>>{{{}, 18}, {{"place_supply.rule=need"}, 21}}) {
        INFO((overrides.empty() ? "by people" : overrides.front()));
        const json reply = json::parse(session.run(body_with(overrides)).body);
        REQUIRE(reply["ok"] == true);
        REQUIRE(reply.contains("places"));
        const json& places = reply["places"];
        const Scenario scenario = load_scenario_file(districts, overrides);
        RunPipeline pipeline;
        const RunOutput& out = pipeline.run(scenario);
        const std::size_t L = out.places.size();
        REQUIRE(L == 25);
        CHECK(places["ids"].size() == L);
        CHECK(places["heading"].get<std::string>().find(overrides.empty() ? "by people" : "by need") !=
              std::string::npos);
        for (std::size_t t = 0; t < scenario.targets.size(); ++t) {
            const json& target = places["targets"][t];
            CHECK(target["id"] == scenario.targets[t].id);
            for (std::size_t l = 0; l < L; ++l) {
                CHECK(target["met"][l] == out.places[l].outcomes.targets[t].met);
                CHECK(target["value"][l] == out.places[l].outcomes.targets[t].value_at_deadline);
            }
            // The slowest place: the lowest share of its people at the deadline, from the
            // place's own series (the first such place).
            const int day = scenario.targets[t].deadline - scenario.start;
            std::size_t lowest = 0;
            double lowest_share = 2;
            for (std::size_t l = 0; l < L; ++l) {
                const double of = static_cast<double>(out.places[l].scenario->targets[t].population);
                const double share = std::min(static_cast<double>(out.places[l].target_series[t](day)), of) / of;
                if (share < lowest_share) lowest = l, lowest_share = share;
            }
            CHECK(target["slowest"][0]["place"] == lowest);
            CHECK(target["slowest"][0]["share"] == lowest_share);
        }
        // Each quarter: the places whose groups' gaps add up to no shortfall, and the gaps
        // added up, from each place's plan checks.
        std::map<std::string, std::pair<int, std::int64_t>> expected; // quarter -> (met in, gap)
        for (std::size_t l = 0; l < L; ++l) {
            std::map<std::string, std::int64_t> gap;
            for (const PlanCheck& c : out.places[l].outcomes.plan)
                gap[scenario.population.groups()[static_cast<std::size_t>(c.group)].plan->quarter] +=
                    c.started_in_quarter - c.planned;
            for (const auto& [quarter, g] : gap) {
                expected[quarter].first += g >= 0 ? 1 : 0;
                expected[quarter].second += g;
            }
        }
        REQUIRE(places["plan"].size() == expected.size());
        std::size_t k = 0;
        for (const auto& [quarter, met_and_gap] : expected) {
            INFO(quarter);
            CHECK(places["plan"][k]["quarter"] == quarter);
            CHECK(places["plan"][k]["met_in"] == met_and_gap.first);
            CHECK(places["plan"][k]["gap"] == met_and_gap.second);
            ++k;
        }
        CHECK(places["plan"][1]["quarter"] == "2021Q2");
        CHECK(places["plan"][1]["met_in"] == q2_met);
    }

    // A quarter the run does not finish: partial in every place, no gap, met in none (as
    // the district table prints it).
    const json later = json::parse(session.run(body_with({"groups.adults_18_49.plan.quarter=2022Q1"})).body);
    REQUIRE(later["ok"] == true);
    const json& last = later["places"]["plan"].back();
    CHECK(last["quarter"] == "2022Q1");
    CHECK(last["complete"] == 0);
    CHECK(last["gap"].is_null());
    CHECK(last["met_in"] == 0);

    // Places without targets: no tiles to draw, the plan by place still there.
    ServeSession untargeted(fs::path(VAXSIM_SOURCE_DIR) / "tests/data/two-places-no-targets.yaml");
    const json bare = json::parse(untargeted.run("{}").body);
    REQUIRE(bare["ok"] == true);
    CHECK(bare["places"]["targets"].empty());
    CHECK(bare["places"]["plan"].size() == 3);

    // A scenario without places has none on the page.
    ServeSession plan(seoul);
    CHECK_FALSE(json::parse(plan.run("{}").body).contains("places"));
}

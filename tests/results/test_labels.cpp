// The words of the report, one table per language: every label in both, the same
// placeholders in both, and a report in Korean that shows Korean headings, axis titles,
// legends and status words (while ids, dates and numbers stay as they are).
#include <algorithm>
#include <cstdlib>
#include <regex>
#include <set>

#include <catch2/catch.hpp>

#include "models/outcomes.hpp"
#include "results/hdf5_interface.hpp"
#include "results/labels.hpp"
#include "results/report.hpp"
#include "results/run_file.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/input/scenario_reader.hpp"
#include "temp_dir.hpp"

using namespace vaxsim;
namespace fs = std::filesystem;

namespace {

// The placeholders a label uses (a language may use one twice, or once where another
// repeats it, but never one the other lacks).
std::set<std::string> placeholders(std::string_view s) {
    std::set<std::string> out;
    const std::string text(s);
    const std::regex slot(R"(\{[0-9]\})");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), slot); it != std::sregex_iterator(); ++it)
        out.insert(it->str());
    return out;
}

} // namespace

TEST_CASE("every label is in both languages, with the same placeholders") {
    int same = 0;
    for (int i = 0; i < static_cast<int>(Label::count_); ++i) {
        const auto label = static_cast<Label>(i);
        INFO("label " << i << ": " << text(label, Language::en));
        CHECK_FALSE(text(label, Language::en).empty());
        CHECK_FALSE(text(label, Language::ko).empty());
        CHECK(placeholders(text(label, Language::en)) == placeholders(text(label, Language::ko)));
        // A label with a word in it ("95%" has none) must read differently in Korean.
        const std::string_view en = text(label, Language::en);
        const bool has_word = std::any_of(en.begin(), en.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        });
        if (has_word && en == text(label, Language::ko)) {
            ++same;
            FAIL_CHECK("untranslated: " << en);
        }
    }
    CHECK(same == 0); // nothing left untranslated
    CHECK(text(Label::targets, Language::ko) == "목표");
    CHECK(constraint_name(Constraint::supply, Language::ko) == "공급");
    CHECK(constraint_name(Constraint::awaiting_arrivals, Language::en) == "awaiting arrivals");
    CHECK(measure_name("first_dose", Language::ko) == "1차 이상 접종");
    CHECK(measure_name("dose_4", Language::en) == "dose 4"); // no label: readable as it is
    CHECK(measure_unit("doses", Language::en) == "doses");
}

TEST_CASE("fill puts arguments where each language wants them") {
    CHECK(fill(text(Label::month_year, Language::en), {"Mar", "2021"}) == "Mar 2021");
    CHECK(fill(text(Label::month_year, Language::ko), {"3월", "2021"}) == "2021년 3월");
    CHECK(fill("{1}-{0}-{1}", {"a", "b"}) == "b-a-b");
    CHECK(fill("{0} {5} {", {"x"}) == "x {5} {"); // a slot with no argument stays as written
}

TEST_CASE("the language comes from --lang, or from the locale") {
    CHECK(parse_language("ko") == Language::ko);
    CHECK(parse_language("en") == Language::en);
    CHECK_FALSE(parse_language("kr"));
    CHECK_FALSE(parse_language("KO"));
    const auto with = [](const char* lc_all, const char* lang) {
        ::unsetenv("LC_MESSAGES");
        lc_all ? ::setenv("LC_ALL", lc_all, 1) : ::unsetenv("LC_ALL");
        lang ? ::setenv("LANG", lang, 1) : ::unsetenv("LANG");
        return language_from_environment();
    };
    const char* saved_all = std::getenv("LC_ALL");
    const char* saved_lang = std::getenv("LANG");
    const std::string keep_all = saved_all ? saved_all : "", keep_lang = saved_lang ? saved_lang : "";
    CHECK(with(nullptr, "ko_KR.UTF-8") == Language::ko);
    CHECK(with(nullptr, "ko") == Language::ko);
    CHECK(with(nullptr, "en_US.UTF-8") == Language::en);
    CHECK(with(nullptr, "kok_IN") == Language::en); // Konkani, not Korean
    CHECK(with(nullptr, nullptr) == Language::en);
    CHECK(with("C.UTF-8", "ko_KR.UTF-8") == Language::en); // LC_ALL decides first
    CHECK(with("ko_KR.UTF-8", "C") == Language::ko);
    saved_all ? ::setenv("LC_ALL", keep_all.c_str(), 1) : ::unsetenv("LC_ALL");
    saved_lang ? ::setenv("LANG", keep_lang.c_str(), 1) : ::unsetenv("LANG");
}

TEST_CASE("the run report in Korean") {
    const test::TempDir dir{"vaxsim-labels"};
    const Scenario sc =
        load_scenario_file(fs::path(VAXSIM_SOURCE_DIR) / "scenarios/seoul-2021-plan.yaml");
    const Ledger run = simulate(sc);
    const fs::path path = dir.path / "plan.h5";
    write_run_file(path, false, sc, run, evaluate(sc, run), {});
    const hdf5::Handle file = hdf5::open_file(path);
    const std::string ko = report_html(file, path, Language::ko);
    const std::string en = report_html(file, path, Language::en);
    CHECK(ko.find("<html lang=\"ko\">") != std::string::npos);
    CHECK(en.find("<html lang=\"en\">") != std::string::npos);
    for (const char* word : {"<h2>목표</h2>", "<h2>분기별 계획</h2>", "<h2>접종 역량</h2>",
                             ">1차 이상 접종<", ">2021년 3월</text>", ">4월</text>", ">달성</span>",
                             "class=\"axis-title\" text-anchor=\"start\">명</text>", "대기자 없음",
                             "<th>그날의 제약</th>"})
        CHECK(ko.find(word) != std::string::npos);
    for (const char* word : {"<h2>Targets</h2>", "<h2>Quarterly plan</h2>", ">Mar 2021</text>",
                             ">at least one dose<", "no one waiting"}) {
        CHECK(en.find(word) != std::string::npos);
        CHECK(ko.find(word) == std::string::npos);
    }
    // What is not a word stays as it is: ids, dates, numbers, the groups' own labels.
    for (const char* same : {"2021-09-10", "7,079,966", "ltc_hospitals", "요양병원 입원·입소자, 종사자 등"})
        CHECK(ko.find(same) != std::string::npos);
}

// Reading input files: one function reads every scenario, base, CSV and sweep file. It
// reads regular files only and at most max_input_file_bytes, never blocks on a pipe, and
// drops a UTF-8 byte-order mark; what it refuses is a clear error and nothing is loaded.
#include <fstream>

#include <sys/stat.h>

#include "sim/sweep.hpp"
#include "tiny.hpp"

using namespace vaxsim;
using namespace vaxsim::test;
namespace fs = std::filesystem;

namespace {

const fs::path data_dir = fs::path(VAXSIM_SOURCE_DIR) / "tests/data";
const fs::path valid_scenario = fs::path(VAXSIM_SOURCE_DIR) / "tests/fuzz/corpus/tiny-valid.yaml";

// A fresh empty folder for one test, removed at its end.
struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& name)
        : path(fs::temp_directory_path() / ("vaxsim-input-files-" + name)) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    fs::path operator/(const std::string& name) const { return path / name; }
};

void write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string csv_scenario(const std::string& csv) {
    return "name: csv\nstart: 2021-03-01\nend: 2021-03-04\n" + tiny_population() + R"(
products:
  - {id: vax, doses: 1, supply: {csv: )" +
           csv + R"(}}
capacity: {periods: [{from: 2021-03-01, doses_per_day: 100}]}
groups:
  - {id: g, tier: A, band: young, size: 100, opens: 2021-03-01, priority: 1}
)";
}

// The InputFileError the call throws (the test fails if it throws none).
template <class F>
InputFileError error_of(F&& load) {
    try {
        load();
    } catch (const InputFileError& e) {
        return e;
    }
    FAIL("no InputFileError");
    throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("a directory is refused as a scenario, a base or a CSV, saying it is one", "[input]") {
    TempDir dir("directory");
    fs::create_directories(dir / "sub");
    const auto e = error_of([&] { load_scenario_file(dir / "sub"); });
    CHECK(e.message() == "cannot read the scenario file '" + (dir / "sub").string() +
                             "': it is a directory");

    write(dir / "whatif.yaml", "extends: sub\nset: {seed: 3}\n");
    const auto base = error_of([&] { load_scenario_file(dir / "whatif.yaml"); });
    CHECK(base.file() == (dir / "whatif.yaml").string());
    CHECK(base.line() == 1);
    CHECK(base.column() == 10);
    CHECK_THAT(base.message(), Catch::EndsWith("it is a directory"));

    const auto csv = error_of([&] { load_scenario_text("s.yaml", csv_scenario("sub"), dir.path); });
    CHECK(csv.file() == "s.yaml");
    CHECK(csv.line() == 11);
    CHECK_THAT(csv.message(), Catch::EndsWith("it is a directory"));
}

TEST_CASE("a device or a pipe is refused without reading from it", "[input]") {
    const auto zero = error_of([] { load_scenario_file("/dev/zero"); });
    CHECK_THAT(zero.message(), Catch::EndsWith("is not a regular file (a device, a pipe or a socket)"));

    TempDir dir("fifo");
    // A FIFO with no writer: an ordinary open would wait for one for ever.
    REQUIRE(::mkfifo((dir / "pipe.yaml").c_str(), 0600) == 0);
    const auto fifo = error_of([&] { load_scenario_file(dir / "pipe.yaml"); });
    CHECK_THAT(fifo.message(), Catch::EndsWith("is not a regular file (a device, a pipe or a socket)"));
    const auto csv = error_of([&] { load_scenario_text("s.yaml", csv_scenario("pipe.yaml"), dir.path); });
    CHECK(csv.line() == 11);
    CHECK_THAT(csv.message(), Catch::Contains("is not a regular file"));

    fs::create_symlink("/dev/zero", dir / "zero.csv");
    const auto zero_csv = error_of([&] { load_scenario_text("s.yaml", csv_scenario("zero.csv"), dir.path); });
    CHECK_THAT(zero_csv.message(), Catch::Contains("is not a regular file"));

    write(dir / "zero.sweep.yaml", "name: s\nscenario: zero.csv\nreplicates: 1\n");
    const auto sweep = error_of([&] { SweepSpec spec(dir / "zero.sweep.yaml"); });
    CHECK(sweep.line() == 2);
    CHECK_THAT(sweep.message(), Catch::Contains("is not a regular file"));
}

TEST_CASE("a file over the size limit is refused with its size and the limit", "[input]") {
    TempDir dir("size");
    {
        std::ofstream(dir / "big.yaml") << "name: x\n";
    }
    fs::resize_file(dir / "big.yaml", max_input_file_bytes + 1); // sparse: no disk used
    const auto e = error_of([&] { load_scenario_file(dir / "big.yaml"); });
    CHECK_THAT(e.message(), Catch::EndsWith("it is 67,108,865 bytes, more than the limit of "
                                            "67,108,864 bytes (64 MiB)"));
    fs::resize_file(dir / "big.yaml", max_input_file_bytes + 1);
    fs::rename(dir / "big.yaml", dir / "big.csv");
    const auto csv = error_of([&] { load_scenario_text("s.yaml", csv_scenario("big.csv"), dir.path); });
    CHECK(csv.line() == 11);
    CHECK_THAT(csv.message(), Catch::Contains("more than the limit of 67,108,864 bytes"));
    // At the limit, the file is read (and refused for what it holds, not its size).
    fs::resize_file(dir / "big.csv", max_input_file_bytes);
    const auto at_limit = error_of([&] { load_scenario_text("s.yaml", csv_scenario("big.csv"), dir.path); });
    CHECK(at_limit.file() == (dir / "big.csv").string());
}

TEST_CASE("a UTF-8 byte-order mark is dropped from scenarios and CSV tables", "[input]") {
    TempDir dir("bom");
    // Excel's "CSV UTF-8" starts with EF BB BF.
    write(dir / "supply.csv", "\xEF\xBB\xBF" "date,doses\n2021-03-01,20\n");
    const Scenario sc = load_scenario_text("s.yaml", csv_scenario("supply.csv"), dir.path);
    CHECK(sc.products[0].supply().deliveries().size() == 1);

    write(dir / "bom.yaml", "\xEF\xBB\xBF" + slurp(valid_scenario));
    CHECK(load_scenario_file(dir / "bom.yaml").name == "base");
    // Columns of the first line are counted without the mark.
    std::string text = slurp(valid_scenario);
    text.replace(0, text.find('\n'), "name: {a: 1}");
    write(dir / "bad.yaml", "\xEF\xBB\xBF" + text);
    const auto e = error_of([&] { load_scenario_file(dir / "bad.yaml"); });
    CHECK(e.line() == 1);
    CHECK(e.column() == 7);
    CHECK_THAT(std::string(e.what()), Catch::Contains("\n 1 | name: {a: 1}\n   |       ^"));
}

TEST_CASE("UTF-16 text and text that is not UTF-8 are refused where they start", "[input]") {
    const auto utf16 = error_of([] { load_tiny(std::string("\xFF\xFEn\0a\0", 6)); });
    CHECK(utf16.line() == 1);
    CHECK(utf16.column() == 1);
    CHECK(utf16.message() == "the file is UTF-16 text; save it as UTF-8");

    // Latin-1 "é" in a label, on line 2.
    const auto latin1 = error_of([] { load_tiny("name: x\ndescription: caf\xE9 au lait\n"); });
    CHECK(latin1.line() == 2);
    CHECK(latin1.column() == 17);
    CHECK(latin1.message() == "the text is not valid UTF-8 (byte 0xE9); save the file as UTF-8");
    // The quoted line shows the byte as '?', so the terminal shows the rest intact.
    CHECK_THAT(std::string(latin1.what()), Catch::Contains("| description: caf? au lait\n"));

    // Overlong forms and surrogates are not UTF-8 either.
    CHECK(error_of([] { load_tiny("name: \xC0\xAF\n"); }).column() == 7);
    CHECK(error_of([] { load_tiny("name: a\xED\xA0\x80\n"); }).column() == 8);
    // A --set value is text too.
    const auto set = error_of([] {
        load_scenario_file(valid_scenario, {"groups.g1.label=\xFF"});
    });
    CHECK(set.file() == "command line (--set groups.g1.label=\xFF)");
    CHECK_THAT(set.message(), Catch::Contains("not valid UTF-8"));
}

TEST_CASE("an error within a section a what-if file sets is reported in the what-if file",
          "[input]") {
    TempDir dir("whatif");
    fs::copy_file(valid_scenario, dir / "base.yaml");
    write(dir / "whatif.yaml", "extends: base.yaml\n"
                               "set:\n"
                               "  capacity:\n"
                               "    periods: [{from: 2021-03-01, doses_per_day: 30}]\n"
                               "    weekday_factors: [1, 1, 1, 1, 1, 1, lots]\n");
    const auto e = error_of([&] { load_scenario_file(dir / "whatif.yaml"); });
    CHECK(e.file() == (dir / "whatif.yaml").string());
    CHECK(e.line() == 5);
    CHECK(e.column() == 41);
    CHECK_THAT(std::string(e.what()), Catch::Contains("weekday_factors: [1, 1, 1, 1, 1, 1, lots]"));

    // A file named in the section, and the section's own missing key, the same way.
    write(dir / "csv.yaml", "extends: base.yaml\n"
                            "set:\n"
                            "  products.vax.supply: {csv: no-such.csv}\n");
    const auto csv = error_of([&] { load_scenario_file(dir / "csv.yaml"); });
    CHECK(csv.file() == (dir / "csv.yaml").string());
    CHECK(csv.line() == 3);
    CHECK(csv.column() == 30);
    write(dir / "missing.yaml", "extends: base.yaml\n"
                                "set:\n"
                                "  capacity:\n"
                                "    weekday_factors: [1, 1, 1, 1, 1, 1, 1]\n");
    const auto missing = error_of([&] { load_scenario_file(dir / "missing.yaml"); });
    CHECK(missing.file() == (dir / "missing.yaml").string());
    CHECK(missing.line() == 4);
    CHECK_THAT(missing.message(), Catch::Contains("missing required key 'periods'"));
}

TEST_CASE("text that only looks like a misread is accepted as written", "[input]") {
    std::string text = slurp(valid_scenario);
    const auto with = [&](const std::string& from, const std::string& to) {
        std::string changed = text;
        REQUIRE(changed.find(from) != std::string::npos);
        changed.replace(changed.find(from), from.size(), to);
        return changed;
    };
    // Apostrophes, brackets and separators in plain text, and a quote closed on a later
    // line that is indented under its key.
    const Scenario sc = load_tiny(with("name: base\n",
                                       "name: Children's homes [A], 1,000 people\n"
                                       "description: \"first line,\n"
                                       "  second: line\"\n"));
    CHECK(sc.name == "Children's homes [A], 1,000 people");
    CHECK(sc.description == "first line, second: line");
    // Free text in a block scalar may hold anything.
    CHECK(load_tiny(with("name: base\n", "name: base\ndescription: |\n  \"open [quote\n  90,000\n"))
              .description == "\"open [quote\n90,000\n");
    // Numbers that are not written with separators: a compact list, decimals, dates.
    const Scenario compact = load_tiny(with(
        "periods: [{from: 2021-03-01, doses_per_day: 30}]",
        "periods: [{from: 2021-03-01,doses_per_day: 30}]\n  weekday_factors: [1,1,1,1,1,0.5,0.25]"));
    CHECK(compact.capacity.on(compact.start) == 30);
    // A leading '---' before the one document is not a second one.
    CHECK(load_tiny("---\n" + text).name == "base");
}

TEST_CASE("a CSV table given as a scenario is refused at once, not parsed without end",
          "[input]") {
    // yaml-cpp's LoadAll never returned on this text (the CI fuzzer's seed corpus holds
    // it): the check for a second document now parses at most two documents.
    const fs::path contacts = fs::path(VAXSIM_SOURCE_DIR) / "scenarios/data/KOR_2021_contact_all.csv";
    CHECK_THROWS_WITH(load_scenario_file(contacts),
                      Catch::Contains(":1:1: error: expected a scenario: a mapping of keys to "
                                      "values"));
    // A second document after a mapping is still found, where its '---' is.
    CHECK_THROWS_WITH(load_scenario_text("two.yaml", "name: a\n---\nname: b\n", ".", {}),
                      Catch::Contains("two.yaml:2:1: error: a second YAML document starts here"));
}

TEST_CASE("a file a what-if file's set: names is relative to the what-if file", "[input]") {
    TempDir dir("whatif-csv");
    fs::create_directories(dir / "base");
    fs::copy_file(valid_scenario, dir / "base/base.yaml");
    write(dir / "supply.csv", "date,doses\n2021-03-02,17\n");
    write(dir / "whatif.yaml", "extends: base/base.yaml\n"
                               "set:\n"
                               "  products.vax.supply: {csv: supply.csv}\n");
    const Scenario sc = load_scenario_file(dir / "whatif.yaml");
    REQUIRE(sc.products[0].supply().deliveries().size() == 1);
    CHECK(sc.products[0].supply().deliveries()[0].doses == 17);
    // Not beside the what-if file: the error names the path it looked for.
    fs::remove(dir / "supply.csv");
    write(dir / "base/supply.csv", "date,doses\n2021-03-02,17\n");
    const auto e = error_of([&] { load_scenario_file(dir / "whatif.yaml"); });
    CHECK(e.file() == (dir / "whatif.yaml").string());
    CHECK(e.line() == 3);
}

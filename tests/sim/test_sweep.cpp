// Sweeps: run order, futures shared across grid points, Latin hypercube strata, results
// independent of thread count, and interruption with --resume losing or repeating nothing.
#include <array>
#include <fstream>
#include <set>

#include <catch2/catch.hpp>

#include "results/sweep_summary.hpp"
#include "sim/sweep_runner.hpp"

using namespace vaxsim;
namespace fs = std::filesystem;

namespace {

const fs::path data_dir = fs::path(VAXSIM_SOURCE_DIR) / "tests/data";

struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& name)
        : path(fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()))) {
        fs::remove_all(path);
        fs::create_directories(path);
        fs::copy_file(data_dir / "tiny-uncertain.yaml", path / "tiny-uncertain.yaml");
    }
    ~TempDir() { fs::remove_all(path); }
    fs::path write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name) << text;
        return path / name;
    }
};

// Every run's record, in run order, from a finished sweep's journal.
std::vector<std::int64_t> records_of(const SweepSpec& spec, const fs::path& journal) {
    const std::size_t width = spec.layout().size();
    std::vector<std::int64_t> records(static_cast<std::size_t>(spec.runs()) * width, -999);
    read_journal(spec, journal, [&](const std::int64_t* entries, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            const std::int64_t* entry = entries + i * (width + 1);
            std::copy(entry + 1, entry + 1 + width,
                      records.begin() + static_cast<std::ptrdiff_t>(entry[0]) *
                                            static_cast<std::ptrdiff_t>(width));
        }
    });
    return records;
}

// A copy of tests/data whose files a test may change.
struct DataCopy {
    fs::path path;
    explicit DataCopy(const std::string& name)
        : path(fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()))) {
        fs::remove_all(path);
        fs::copy(data_dir, path, fs::copy_options::recursive);
    }
    ~DataCopy() { fs::remove_all(path); }
    // Replaces the first `from` in a file with `to`.
    void edit(const std::string& file, const std::string& from, const std::string& to) const {
        std::ifstream in(path / file, std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
        std::ofstream(path / file, std::ios::binary) << text;
    }
};

std::vector<std::int64_t> run_all(const SweepSpec& spec, const fs::path& journal, int threads) {
    SweepOptions options;
    options.threads = threads;
    options.restart = true;
    execute_sweep(spec, journal, options);
    return records_of(spec, journal);
}

} // namespace

TEST_CASE("a sweep enumerates grid points, samples and replicates in run order", "[sweep]") {
    const SweepSpec spec(data_dir / "tiny.sweep.yaml");
    CHECK(spec.grid_points() == 2);
    CHECK(spec.runs() == 2 * 10 * 3);
    const auto i = spec.decompose(37); // (1 * 10 + 2) * 3 + 1
    CHECK(i.grid_point == 1);
    CHECK(i.sample == 2);
    CHECK(i.replicate == 1);
    CHECK(i.future == 2 * 3 + 1); // the grid does not enter the future
    CHECK(spec.values_for(1, 2)[0].text() == "none");
    CHECK(spec.values_for(0, 2)[0].text() == "hold_second_doses");
    // The same sample has the same drawn value at every grid point.
    CHECK(spec.values_for(0, 2)[1].number == spec.values_for(1, 2)[1].number);
}

TEST_CASE("Latin hypercube samples visit every stratum once", "[sweep]") {
    const SweepSpec spec(data_dir / "tiny.sweep.yaml");
    std::set<int> strata;
    for (int s = 0; s < 10; ++s) {
        const double v = *spec.values_for(0, s)[1].number; // uniform_int [200, 600]: 401 values
        strata.insert(static_cast<int>((v - 200) / 40.1));
    }
    CHECK(strata.size() == 10);
}

TEST_CASE("runs that differ only in grid values share their futures", "[sweep]") {
    const SweepSpec spec(data_dir / "tiny.sweep.yaml");
    // Run 37 (policy none) and run 7 (hold back): both sample 2, replicate 1.
    const Scenario a = spec.build_point(0 * 10 + 2).realize(spec.decompose(7).future);
    const Scenario b = spec.build_point(1 * 10 + 2).realize(spec.decompose(37).future);
    REQUIRE(spec.decompose(7).future == spec.decompose(37).future);
    const auto& da = a.products[0].supply().deliveries();
    const auto& db = b.products[0].supply().deliveries();
    REQUIRE(da.size() == db.size());
    for (std::size_t k = 0; k < da.size(); ++k) {
        CHECK(da[k].day == db[k].day);
        CHECK(da[k].doses == db[k].doses);
    }
    CHECK(a.population.groups()[1].willing == b.population.groups()[1].willing);
    // ... while another future draws differently.
    const Scenario c = spec.build_point(0 * 10 + 2).realize(spec.decompose(8).future);
    CHECK(c.population.groups()[1].willing != a.population.groups()[1].willing);
}

TEST_CASE("the same future is drawn in every sweep that shares the seed", "[sweep]") {
    TempDir dir("vaxsim-crn");
    const auto first = dir.write(
        "a.sweep.yaml", "name: a\nscenario: tiny-uncertain.yaml\nseed: 9\nreplicates: 4\n");
    const auto second =
        dir.write("b.sweep.yaml", "name: b\nscenario: tiny-uncertain.yaml\nseed: 9\nreplicates: 4\n"
                                  "grid: {policy.second_dose_reserve: [none]}\n");
    const SweepSpec a(first), b(second);
    for (std::int64_t run = 0; run < 4; ++run) {
        const Scenario sa = a.build_point(0).realize(a.decompose(run).future);
        const Scenario sb = b.build_point(0).realize(b.decompose(run).future);
        CHECK(sa.products[0].supply().deliveries().back().doses ==
              sb.products[0].supply().deliveries().back().doses);
        CHECK(sa.population.groups()[1].uptake == sb.population.groups()[1].uptake);
    }
}

TEST_CASE("results are identical whatever the number of threads", "[sweep]") {
    TempDir dir("vaxsim-threads");
    const SweepSpec spec(data_dir / "tiny.sweep.yaml");
    const auto one = run_all(spec, dir.path / "one.journal", 1);
    const auto two = run_all(spec, dir.path / "two.journal", 2);
    const auto three = run_all(spec, dir.path / "three.journal", 3);
    CHECK(one == two);
    CHECK(one == three);
    // Not all runs are alike: the sweep really varies something.
    std::set<std::int64_t> first_days;
    const SweepRecordLayout& layout = spec.layout();
    for (std::int64_t r = 0; r < spec.runs(); ++r)
        first_days.insert(one[static_cast<std::size_t>(r) * layout.size() +
                              layout.offset(RecordField::target_value_at_deadline, 1)]);
    CHECK(first_days.size() > 10);
}

TEST_CASE("an interrupted sweep resumes without losing or repeating a run", "[sweep]") {
    TempDir dir("vaxsim-resume");
    const SweepSpec spec(data_dir / "tiny.sweep.yaml");
    const auto reference = run_all(spec, dir.path / "reference.journal", 1);

    const fs::path journal = dir.path / "out.h5.journal";
    SweepOptions options;
    options.threads = 2;
    options.stop_after = 7;
    CHECK_THROWS_AS(execute_sweep(spec, journal, options), SweepInterrupted);
    REQUIRE(fs::exists(journal));

    // Starting again without --resume must not silently discard the finished runs.
    options.stop_after = -1;
    CHECK_THROWS_WITH(execute_sweep(spec, journal, options), Catch::Contains("--resume"));

    // A kill in the middle of writing leaves half a record: it is dropped and rerun.
    { std::ofstream(journal, std::ios::app | std::ios::binary) << "half a record"; }
    options.resume = true;
    const SweepRuns resumed = execute_sweep(spec, journal, options);
    CHECK(resumed.resumed >= 7);
    CHECK(resumed.resumed < resumed.runs);
    CHECK(records_of(spec, journal) == reference);
}

TEST_CASE("a journal from another sweep is refused", "[sweep]") {
    TempDir dir("vaxsim-journal");
    const SweepSpec spec(data_dir / "tiny.sweep.yaml");
    const fs::path journal = dir.path / "out.h5.journal";
    SweepOptions options;
    options.stop_after = 1;
    CHECK_THROWS_AS(execute_sweep(spec, journal, options), SweepInterrupted);
    const auto other = dir.write("other.sweep.yaml",
                                 "name: other\nscenario: tiny-uncertain.yaml\nreplicates: 120\n");
    options.resume = true;
    CHECK_THROWS_WITH(execute_sweep(SweepSpec(other), journal, options),
                      Catch::Contains("different sweep"));
}

TEST_CASE("a trial of fewer samples or replicates is a smaller sweep of the same file", "[sweep]") {
    const fs::path file = data_dir / "tiny.sweep.yaml"; // 2 grid points x 10 samples x 3 replicates
    const SweepSpec full(file);
    const SweepSpec trial(file, SweepCounts{2, 1});
    CHECK(full.runs() == 60);
    CHECK(trial.runs() == 4);
    CHECK(trial.design().samples == 2);
    CHECK(trial.design().replicates == 1);
    // keep_daily [0, 59]: the trial keeps run 0 and tells of run 59.
    CHECK(trial.design().keep_daily == std::vector<std::int64_t>{0});
    CHECK(trial.keep_daily_dropped() == std::vector<std::int64_t>{59});
    CHECK(trial.keep_daily_renumbered());
    CHECK(full.keep_daily_dropped().empty());
    CHECK_FALSE(full.keep_daily_renumbered());
    CHECK_FALSE(SweepSpec(file, SweepCounts{10, 3}).keep_daily_renumbered()); // the file's own
    // The file's own counts given again: the same sweep, journal and all.
    CHECK(SweepSpec(file, SweepCounts{10, 3}).fingerprint() == full.fingerprint());
    // As many runs, counted otherwise (15 x 2 against 10 x 3): another sweep's journal.
    const SweepSpec other(file, SweepCounts{15, 2});
    CHECK(other.runs() == full.runs());
    CHECK(other.fingerprint() != full.fingerprint());
    TempDir dir("vaxsim-trial");
    const fs::path journal = dir.path / "out.h5.journal";
    SweepOptions options;
    options.stop_after = 1;
    CHECK_THROWS_AS(execute_sweep(full, journal, options), SweepInterrupted);
    options.resume = true;
    CHECK_THROWS_WITH(execute_sweep(other, journal, options),
                      Catch::Contains("different sweep") && Catch::Contains("--replicates"));
    // --samples of a sweep that samples nothing is refused at the file.
    const auto grid_only = dir.write("grid.sweep.yaml", "name: g\nscenario: " +
                                                            (data_dir / "tiny-uncertain.yaml").string() +
                                                            "\nreplicates: 4\n");
    CHECK_THROWS_WITH(SweepSpec(grid_only, SweepCounts{5, std::nullopt}),
                      Catch::Contains("grid.sweep.yaml:1:1") &&
                          Catch::Contains("this sweep samples nothing"));
    CHECK(SweepSpec(grid_only, SweepCounts{std::nullopt, 2}).runs() == 2);
    // A run beyond the whole sweep is the file's error in a trial too.
    const auto beyond = dir.write("beyond.sweep.yaml", "name: b\nscenario: " +
                                                           (data_dir / "tiny-uncertain.yaml").string() +
                                                           "\nreplicates: 4\nkeep_daily: [1, 4]\n");
    CHECK_THROWS_WITH(SweepSpec(beyond, SweepCounts{std::nullopt, 4}),
                      Catch::Contains("beyond.sweep.yaml:4:17") &&
                          Catch::Contains("run 4 is beyond the sweep's 4 runs"));
    CHECK_THROWS_WITH(SweepSpec(beyond, SweepCounts{std::nullopt, 8}),
                      Catch::Contains("run 4 is beyond the sweep's 4 runs"));
}

TEST_CASE("P(met) carries a Wilson score interval", "[sweep]") {
    TempDir dir("vaxsim-wilson");
    const SweepSpec spec(data_dir / "tiny.sweep.yaml");
    run_all(spec, dir.path / "w.journal", 2);
    SweepSummaryBuilder builder(spec.design(), spec.base(), spec.layout());
    read_journal(spec, dir.path / "w.journal", [&](const std::int64_t* entries, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            const std::int64_t* entry = entries + i * (spec.layout().size() + 1);
            builder.add(entry[0], entry + 1);
        }
    });
    const SweepSummary summary = builder.finish();
    REQUIRE(summary.overall.size() == 2);
    for (const TargetOdds& o : summary.overall) {
        const double n = 60, z2 = 1.959963984540054 * 1.959963984540054;
        CHECK(o.runs == 60);
        if (o.met == 0) CHECK(o.p_high == Approx(z2 / (n + z2)));
        if (o.met == 60) CHECK(o.p_low == Approx(n / (n + z2)));
        CHECK(o.p_low <= o.p_met);
        CHECK(o.p_met <= o.p_high);
    }
    REQUIRE(summary.by_grid.size() == 2);
    CHECK(summary.by_grid[0][0].runs + summary.by_grid[1][0].runs == 60);
    REQUIRE(summary.sensitivity.size() == 2);
    CHECK(summary.sensitivity[0].effect_days >= summary.sensitivity[1].effect_days);
}

TEST_CASE("sweep file errors point at the sweep file", "[sweep]") {
    TempDir dir("vaxsim-badsweep");
    const auto typo =
        dir.write("typo.sweep.yaml", "name: t\nscenario: tiny-uncertain.yaml\nreplicate: 3\n");
    CHECK_THROWS_WITH(SweepSpec(typo), Catch::Contains("typo.sweep.yaml:3:1") &&
                                           Catch::Contains("did you mean 'replicates'"));
    const auto bad_path = dir.write("path.sweep.yaml", "name: t\nscenario: tiny-uncertain.yaml\n"
                                                       "grid:\n  products.novavax.doses: [1, 2]\n");
    CHECK_THROWS_WITH(SweepSpec(bad_path),
                      Catch::Contains("path.sweep.yaml:4:3") &&
                          Catch::Contains("no element with id or index 'novavax'"));
    const auto bad_value =
        dir.write("value.sweep.yaml", "name: t\nscenario: tiny-uncertain.yaml\n"
                                      "samples:\n  count: 4\n  parameters:\n"
                                      "    groups.old.uptake: {uniform: [0.5, 1.5]}\n");
    CHECK_THROWS_WITH(SweepSpec(bad_value),
                      Catch::Contains("value.sweep.yaml:6:5") &&
                          Catch::Contains("expected a share between 0 and 1"));
    const auto no_base = dir.write("nobase.sweep.yaml", "name: t\nscenario: missing.yaml\n");
    CHECK_THROWS_WITH(SweepSpec(no_base), Catch::Contains("nobase.sweep.yaml:2:11"));
}

TEST_CASE("a sweep's inputs are every file it read", "[sweep][resume]") {
    const SweepSpec spec(data_dir / "chain/chain.sweep.yaml");
    std::vector<std::string> names;
    for (const InputRead& input : spec.inputs()) names.push_back(fs::path(input.path).filename());
    CHECK(names == std::vector<std::string>{"chain.sweep.yaml", "top.yaml", "mid.yaml",
                                            "root.yaml", "supply.csv", "uniform_contacts.csv"});
}

TEST_CASE("a journal does not resume once any input of the sweep changed", "[sweep][resume]") {
    // The sweep file, the root of the base's extends: chain two levels down, a supply CSV
    // and a contact matrix: each changed (and still valid) after the journal was written.
    const std::vector<std::array<std::string, 3>> changes{
        {"chain/chain.sweep.yaml", "name: chain", "name: chain2"},
        {"chain/root.yaml", "doses_per_day: 400", "doses_per_day: 401"},
        {"supply.csv", "2021-03-01,20", "2021-03-01,21"},
        {"uniform_contacts.csv", "\n1,", "\n2,"},
        {"chain/mid.yaml", "doses_per_day: 500", "doses_per_day: 501"}};
    for (const auto& change : changes) {
        DYNAMIC_SECTION(change[0]) {
            DataCopy dir("vaxsim-inputs");
            const fs::path sweep = dir.path / "chain/chain.sweep.yaml";
            const fs::path journal = dir.path / "out.h5.journal";
            SweepOptions options;
            options.stop_after = 2;
            CHECK_THROWS_AS(execute_sweep(SweepSpec(sweep), journal, options), SweepInterrupted);
            options.stop_after = -1;
            options.resume = true;
            dir.edit(change[0], change[1], change[2]);
            CHECK_THROWS_WITH(execute_sweep(SweepSpec(sweep), journal, options),
                              Catch::Contains("belongs to a different sweep") &&
                                  Catch::Contains("--force"));
            // Unchanged, it resumes.
            dir.edit(change[0], change[2], change[1]);
            CHECK(execute_sweep(SweepSpec(sweep), journal, options).resumed == 2);
        }
    }
}

TEST_CASE("a journal with a corrupt record is refused, naming the record", "[sweep][resume]") {
    TempDir dir("vaxsim-corrupt");
    const SweepSpec spec(data_dir / "tiny.sweep.yaml");
    const fs::path journal = dir.path / "out.h5.journal";
    SweepOptions options;
    options.stop_after = 5;
    CHECK_THROWS_AS(execute_sweep(spec, journal, options), SweepInterrupted);
    const auto clean = fs::file_size(journal);
    const std::size_t header = 40, record = 8 * (2 + spec.layout().size());
    REQUIRE(clean == header + 5 * record);
    const auto flip = [&](std::uintmax_t byte, int bit) {
        std::fstream f(journal, std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(static_cast<std::streamoff>(byte));
        char c = 0;
        f.get(c);
        f.seekp(static_cast<std::streamoff>(byte));
        f.put(static_cast<char>(c ^ (1 << bit)));
    };
    options.stop_after = -1;
    options.resume = true;
    // One bit of a value of record 3 (as wasted doses or any field would be).
    flip(header + 2 * record + 8 * 3 + 7, 6);
    CHECK_THROWS_WITH(execute_sweep(spec, journal, options),
                      Catch::Contains("is corrupt: record 3 (at byte " +
                                      std::to_string(header + 2 * record) +
                                      ") does not match its checksum") &&
                          Catch::Contains("--force"));
    flip(header + 2 * record + 8 * 3 + 7, 6);
    // One bit of a run index, then of the header's run count.
    flip(header + record, 0);
    CHECK_THROWS_WITH(execute_sweep(spec, journal, options), Catch::Contains("record 2 (at byte"));
    flip(header + record, 0);
    flip(24, 2);
    CHECK_THROWS_WITH(execute_sweep(spec, journal, options),
                      Catch::Contains("its header does not match its checksum"));
    flip(24, 2);
    // A whole record of garbage appended.
    {
        std::ofstream out(journal, std::ios::app | std::ios::binary);
        out << std::string(record, '\x5a');
    }
    CHECK_THROWS_WITH(execute_sweep(spec, journal, options), Catch::Contains("record 6 (at byte"));
    fs::resize_file(journal, clean);
    // Restored, it resumes and finishes as an uninterrupted sweep does.
    CHECK(execute_sweep(spec, journal, options).resumed == 5);
    CHECK(records_of(spec, journal) == run_all(spec, dir.path / "reference.journal", 1));
}

TEST_CASE("reading a finished journal checks every record", "[sweep][resume]") {
    TempDir dir("vaxsim-readback");
    const SweepSpec spec(data_dir / "tiny.sweep.yaml");
    const fs::path journal = dir.path / "out.h5.journal";
    run_all(spec, journal, 1);
    const std::size_t record = 8 * (2 + spec.layout().size());
    {
        std::fstream f(journal, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(40 + 59 * record + 16));
        f.put('\x7f');
    }
    CHECK_THROWS_WITH(records_of(spec, journal), Catch::Contains("record 60 (at byte"));
}

// A sweep keeps each run's daily coverage and stores, per grid point, its daily quantiles
// across runs (/coverage): the values the runs give, the same at any thread count.
#include <algorithm>

#include <catch2/catch.hpp>

#include "results/check.hpp"
#include "results/format.hpp"
#include "results/sweep_file.hpp"
#include "results/sweep_reader.hpp"
#include "sim/sweep_runner.hpp"
#include "results/temp_dir.hpp"

using namespace vaxsim;
namespace fs = std::filesystem;

namespace {

const fs::path data_dir = fs::path(VAXSIM_SOURCE_DIR) / "tests/data";

// tests/data/tiny.sweep.yaml (2 grid points x 10 samples x 3 replicates, 61 days) written
// to `path` by `threads` workers; returns every run's record in run order.
std::vector<std::int64_t> sweep_to(const SweepSpec& spec, const fs::path& path, int threads) {
    const fs::path journal = path.string() + ".journal";
    SweepOptions options;
    options.threads = threads;
    options.restart = true;
    const SweepRuns runs = execute_sweep(spec, journal, options);
    const std::size_t width = spec.layout().size();
    std::vector<std::int64_t> records(static_cast<std::size_t>(spec.runs()) * width);
    read_journal(spec, journal, [&](const std::int64_t* entries, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i)
            std::copy_n(entries + i * (width + 1) + 1, width,
                        records.begin() + static_cast<std::ptrdiff_t>(entries[i * (width + 1)] *
                                                                      static_cast<std::int64_t>(width)));
    });
    write_sweep_file(
        path, false, spec.design(), spec.base(), spec.layout(),
        [&](const RecordBatch& batch) { read_journal(spec, journal, batch); }, runs.kept, {});
    return records;
}

} // namespace

TEST_CASE("a sweep stores each grid point's daily coverage quantiles, as its runs give them",
          "[sweep][quantiles]") {
    test::TempDir dir{"vaxsim-sweep-coverage"};
    const SweepSpec spec(data_dir / "tiny.sweep.yaml");
    const SweepRecordLayout& layout = spec.layout();
    const auto records = sweep_to(spec, dir.path / "one.h5", 1);
    const SweepReader reader(dir.path / "one.h5");
    const SweepCoverage coverage = reader.coverage();

    // The main target (old_90) counts first doses of the group `old`: 5,000 people. The
    // second (all_30) is over everyone, so only the first reads against the chart.
    CHECK(coverage.population == 5000);
    CHECK(coverage.target_on_chart == std::vector<std::int64_t>{1, 0});
    REQUIRE(coverage.days == 61);
    REQUIRE(layout.days() == 61);
    REQUIRE(coverage.first_dose_people.size() == 2 * 61 * 5);

    // Run 0's daily field is its kept series of group `old` (the first group).
    const auto kept = hdf5::read_dataset<std::int64_t>(hdf5::open_file(dir.path / "one.h5"),
                                                       "daily/run_0/first_dose_people");
    for (int d = 0; d < 61; ++d)
        CHECK(records[layout.offset(RecordField::daily_first_dose_people, d)] ==
              kept[static_cast<std::size_t>(d) * 2]);

    // By hand: a grid point's 30 runs sorted on each day; nearest rank of 30 takes the
    // 2nd, 8th, 15th, 23rd and 29th smallest.
    const std::size_t ranks[] = {2, 8, 15, 23, 29};
    const std::size_t width = layout.size();
    std::size_t differing_days = 0;
    for (const auto& [field, stored] :
         {std::pair{RecordField::daily_first_dose_people, &coverage.first_dose_people},
          std::pair{RecordField::daily_fully_vaccinated_people,
                    &coverage.fully_vaccinated_people}})
        for (std::size_t g = 0; g < 2; ++g)
            for (int d = 0; d < 61; ++d) {
                std::vector<std::int64_t> day;
                for (std::size_t r = 30 * g; r < 30 * (g + 1); ++r)
                    day.push_back(records[r * width + layout.offset(field, d)]);
                std::sort(day.begin(), day.end());
                differing_days += day.front() != day.back();
                for (std::size_t l = 0; l < 5; ++l)
                    CHECK((*stored)[(g * 61 + static_cast<std::size_t>(d)) * 5 + l] ==
                          day[ranks[l] - 1]);
            }
    CHECK(differing_days > 40); // the runs really differ, so the quantiles differ
    // A band has width: on some day of the first point the 95% quantile is above the 5%.
    int wide = 0;
    for (std::size_t d = 0; d < 61; ++d)
        wide += coverage.first_dose_people[d * 5 + 4] > coverage.first_dose_people[d * 5 + 0];
    CHECK(wide > 10);
    CHECK(check_results_file(dir.path / "one.h5").ok());
}

TEST_CASE("the daily coverage quantiles are the same at 1 and 2 threads", "[sweep][quantiles]") {
    test::TempDir dir{"vaxsim-sweep-coverage-threads"};
    const SweepSpec spec(data_dir / "tiny.sweep.yaml");
    sweep_to(spec, dir.path / "one.h5", 1);
    sweep_to(spec, dir.path / "two.h5", 2);
    const SweepCoverage one = SweepReader(dir.path / "one.h5").coverage();
    const SweepCoverage two = SweepReader(dir.path / "two.h5").coverage();
    CHECK(one.first_dose_people == two.first_dose_people);
    CHECK(one.fully_vaccinated_people == two.fully_vaccinated_people);
    CHECK(one.population == two.population);
    CHECK_FALSE(one.first_dose_people.empty());
}

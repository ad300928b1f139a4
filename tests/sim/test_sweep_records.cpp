// A sweep's records: the same as each point run on its own with --set, and laid out in
// the file as the record declaration says.
#include <catch2/catch.hpp>

#include "results/hdf5_interface.hpp"
#include "sim/distributed.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/pipeline.hpp"
#include "sim/sweep_runner.hpp"

using namespace vaxsim;
namespace fs = std::filesystem;

namespace {

const fs::path data_dir = fs::path(VAXSIM_SOURCE_DIR) / "tests/data";

struct Sweep {
    fs::path dir = fs::temp_directory_path() / ("vaxsim-records-" + std::to_string(::getpid()));
    SweepSpec spec{data_dir / "tiny.sweep.yaml"};
    std::vector<std::int64_t> records; // run order
    Sweep() {
        fs::create_directories(dir);
        SweepOptions options;
        options.threads = 2;
        options.restart = true;
        execute_sweep(spec, journal(), options);
        const std::size_t width = spec.layout().size();
        records.resize(static_cast<std::size_t>(spec.runs()) * width);
        read_journal(spec, journal(), [&](const std::int64_t* entries, std::size_t n) {
            for (std::size_t i = 0; i < n; ++i)
                std::copy(entries + i * (width + 1) + 1, entries + (i + 1) * (width + 1),
                          records.begin() +
                              static_cast<std::ptrdiff_t>(
                                  static_cast<std::size_t>(entries[i * (width + 1)]) * width));
        });
    }
    ~Sweep() { fs::remove_all(dir); }
    fs::path journal() const { return dir / "out.h5.journal"; }
};

} // namespace

TEST_CASE("a sampled sweep's runs are those of its points run one by one with --set",
          "[sweep][records]") {
    const Sweep sweep;
    const SweepSpec& spec = sweep.spec;
    const SweepRecordLayout& layout = spec.layout();
    RunPipeline pipeline;
    std::vector<std::int64_t> record(layout.size());
    for (std::int64_t run = 0; run < spec.runs(); ++run) {
        const auto index = spec.decompose(run);
        std::vector<std::string> assignments;
        const auto values = spec.values_for(index.grid_point, index.sample);
        for (std::size_t j = 0; j < values.size(); ++j)
            assignments.push_back(spec.parameters()[j].setter.path() + "=" + values[j].text());
        // What `vaxsim run tiny-uncertain.yaml --set ... --future F` runs.
        const Scenario scenario = load_scenario_file(data_dir / "tiny-uncertain.yaml", assignments);
        const RunOutput& out =
            pipeline.run(scenario, RunRequest{.future = static_cast<std::uint64_t>(index.future),
                                              .period_summaries = false});
        fill_record(layout, *out.scenario, *out.ledger, out.outcomes, out.places, out.epidemic, 0,
                    record.data());
        const auto from =
            sweep.records.begin() +
            static_cast<std::ptrdiff_t>(static_cast<std::size_t>(run) * layout.size());
        INFO("run " << run);
        CHECK(std::equal(record.begin(), record.end(), from));
    }
}

TEST_CASE("the record declaration's offsets are the HDF5 columns", "[sweep][records]") {
    const Sweep sweep;
    const SweepSpec& spec = sweep.spec;
    const SweepRecordLayout& layout = spec.layout();
    const fs::path file = sweep.dir / "out.h5";
    write_sweep_file(file, true, spec.design(), spec.base(), layout,
                     gathered_records(spec, sweep.journal(), ProcessGroup{}), {},
                     RunMetadata{"test", "now"});
    const hdf5::Handle f = hdf5::open_file(file);
    std::size_t columns = 0;
    for (std::size_t i = 0; i < record_field_names.size(); ++i) {
        const auto field = static_cast<RecordField>(i);
        const int width = layout.width(field);
        if (width == 0) continue;
        const std::string name(record_field_names[i]);
        const auto column =
            hdf5::read_record_field(f, "runs/outcomes", name, static_cast<hsize_t>(width));
        REQUIRE(column.size() == static_cast<std::size_t>(spec.runs() * width));
        for (std::int64_t run = 0; run < spec.runs(); ++run)
            for (int k = 0; k < width; ++k) {
                INFO(name << "[" << k << "] of run " << run);
                CHECK(column[static_cast<std::size_t>(run * width + k)] ==
                      sweep.records[static_cast<std::size_t>(run) * layout.size() +
                                    layout.offset(field, k)]);
            }
        columns += static_cast<std::size_t>(width);
    }
    CHECK(columns == layout.size());
}

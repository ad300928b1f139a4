#pragma once
// Runs a sweep on worker threads. Each finished run is appended to a journal beside the
// output at once, so an interrupted sweep keeps every finished run and --resume does only
// the rest. Results are kept by run index, so they are the same for any number of workers.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <vector>

#include "models/ledger.hpp"
#include "sim/sweep.hpp"

namespace vaxsim {

// The sweep stopped early (a signal, or a test's limit); finished runs are in the journal.
// Under MPI, `records` of a rank hold only its own runs until gather_runs.
class SweepInterrupted : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct SweepOptions {
    int threads = 1;
    bool resume = false;  // continue from the journal
    bool restart = false; // discard an existing journal (--force)
    bool show_progress = false;
    const std::atomic<bool>* stop = nullptr; // set asynchronously (SIGINT/SIGTERM)
    std::int64_t stop_after = -1;            // stop after this many new runs (tests)
    int rank = 0;                            // with MPI: this process runs the points
    int ranks = 1;                           // whose index % ranks == rank
};

struct SweepRuns {
    MetricLayout layout;
    std::int64_t runs = 0;
    std::int64_t resumed = 0;          // runs read back from the journal
    std::vector<std::int64_t> records; // runs x layout.size(), in run order
    const std::int64_t* record(std::int64_t run) const {
        return records.data() + static_cast<std::size_t>(run) * layout.size();
    }
};

// OUT.h5.journal; under MPI each rank keeps its own, OUT.h5.journal.RANKofSIZE.
std::filesystem::path journal_path(const std::filesystem::path& output, int rank = 0,
                                   int ranks = 1);

SweepRuns execute_sweep(const SweepSpec& spec, const std::filesystem::path& journal,
                        const SweepOptions& options);

// Re-runs one run of the sweep in full (for stored daily series).
Ledger rerun(const SweepSpec& spec, std::int64_t run,
                std::optional<Scenario>* scenario_out = nullptr);

} // namespace vaxsim

#pragma once
// Runs a sweep on worker threads. Each finished run's record is appended to a journal
// beside the output at once, and nothing else of it is kept: an interrupted sweep keeps
// every finished run, --resume does only the rest, and memory does not grow with the
// number of runs. The file is written from the journal afterwards (read_journal).
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "results/sweep_file.hpp"
#include "sim/sweep.hpp"

namespace vaxsim {

// The sweep stopped early (a signal, or a test's limit); finished runs are in the journal.
class SweepInterrupted : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The most worker threads a sweep takes (-j): more would only share the same cores and
// each holds a run's buffers.
inline constexpr int max_sweep_threads = 256;

struct SweepOptions {
    int threads = 1; // at most max_sweep_threads; never more than there are blocks of runs
    bool resume = false;  // continue from the journal
    bool restart = false; // discard an existing journal (--force)
    bool show_progress = false;
    const std::atomic<bool>* stop = nullptr; // set asynchronously (SIGINT/SIGTERM)
    std::int64_t stop_after = -1;            // stop after this many new runs (tests)
    int rank = 0;                            // with MPI: this process runs the points
    int ranks = 1;                           // whose index % ranks == rank
};

struct SweepRuns {
    std::int64_t runs = 0;    // of this rank
    std::int64_t resumed = 0; // runs read back from the journal
    // The runs of `keep_daily` (on rank 0: all of them, whichever rank's they are).
    std::vector<KeptRun> kept;
};

// OUT.h5.journal; under MPI each rank keeps its own, OUT.h5.journal.RANKofSIZE.
std::filesystem::path journal_path(const std::filesystem::path& output, int rank = 0,
                                   int ranks = 1);

// The journals an earlier sweep to `output` left, by one process (OUT.h5.journal) or by
// the ranks of an MPI sweep (OUT.h5.journal.RofN), and nothing else; sorted.
std::vector<std::filesystem::path> sweep_journals(const std::filesystem::path& output);

// Before a sweep to `output` on `ranks` processes, what the earlier journals allow: empty
// when the sweep may go on, else why not and what to do. Without --resume any journal
// stops it (unless `force`); with --resume, journals written by another number of
// processes do.
std::string journal_refusal(const std::filesystem::path& output, int ranks, bool resume,
                            bool force);

SweepRuns execute_sweep(const SweepSpec& spec, const std::filesystem::path& journal,
                        const SweepOptions& options);

// The journal's entries (run index, then its record), a batch at a time, as they were
// written; the batches are reused, so memory stays that of one batch.
void read_journal(const SweepSpec& spec, const std::filesystem::path& journal,
                  const RecordBatch& batch);

} // namespace vaxsim

#pragma once
// The HDF5 file of a sweep; its layout is documented in results/LAYOUT.md.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

#include "models/ledger.hpp"
#include "models/outcomes.hpp"
#include "results/format.hpp"
#include "results/run_file.hpp"
#include "results/sweep_record.hpp"
#include "results/sweep_summary.hpp"

namespace vaxsim {

// A run whose daily series the sweep keeps (`keep_daily`), as the runner computed it.
struct KeptRun {
    std::int64_t run = 0;
    Ledger ledger;
    Outcomes outcomes;
};

// Every run's record, in batches of entries: an entry is the run index followed by its
// record (as a sweep journal stores them). Any order; a run given twice counts once.
using RecordBatch = std::function<void(const std::int64_t* entries, std::size_t count)>;
using RecordSource = std::function<void(const RecordBatch&)>;

// Writes the file from the records as they come (the /runs table in chunks, the summary
// built alongside), so memory does not grow with the number of runs; returns the summary.
// Written to a temporary file and renamed into place when complete, like a run file.
SweepSummary write_sweep_file(const OutputTarget& output, const SweepDesign& design,
                              const Scenario& base, const SweepRecordLayout& layout,
                              const RecordSource& records, const std::vector<KeptRun>& kept,
                              const RunMetadata& meta);
SweepSummary write_sweep_file(const std::filesystem::path& path, bool force,
                              const SweepDesign& design, const Scenario& base,
                              const SweepRecordLayout& layout, const RecordSource& records,
                              const std::vector<KeptRun>& kept, const RunMetadata& meta);

} // namespace vaxsim

#pragma once
// The HDF5 file of a sweep; its layout is documented in results/LAYOUT.md.
#include <filesystem>

#include "results/format.hpp"
#include "results/run_file.hpp"
#include "sim/sweep_summary.hpp"

namespace vaxsim {

inline constexpr std::string_view sweep_filetype = format::sweep_filetype;

// Written to a temporary file and renamed into place when complete, like a run file.
// The daily series of the runs the sweep file asks to keep are recomputed here.
void write_sweep_file(const std::filesystem::path& path, bool force, const SweepSpec& spec,
                      const Scenario& base, const SweepRuns& runs, const SweepSummary& summary,
                      const RunMetadata& meta);

} // namespace vaxsim

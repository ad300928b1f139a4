#pragma once
// The HDF5 file of one run; its layout is documented in results/LAYOUT.md.
#include <cstdint>
#include <filesystem>
#include <functional>

#include <hdf5.h>
#include <stdexcept>
#include <string>
#include <string_view>

#include "models/epidemic_run.hpp"
#include "models/ledger.hpp"
#include "models/outcomes.hpp"
#include "models/scenario.hpp"
#include "results/output_file.hpp"

namespace vaxsim {

struct RunMetadata {
    std::string command_line;
    std::string creation_time; // ISO 8601, UTC
};

// Writes the run to a temporary file beside `path` and renames it into place only when
// complete, so a failure never leaves a partial file and never harms an existing one
// (the rules: results/output_file.hpp).
// `extra` writes more into the file before it is committed (`vaxsim solve`: /solve).
void write_run_file(const OutputTarget& output, const Scenario& scenario, const Ledger& run,
                    const Outcomes& outcomes, const RunMetadata& meta,
                    const EpidemicOutcome* epidemic = nullptr,
                    const std::function<void(hid_t file)>& extra = {},
                    const std::vector<PlaceOutcome>& places = {});
void write_run_file(const std::filesystem::path& path, bool force, const Scenario& scenario,
                    const Ledger& run, const Outcomes& outcomes, const RunMetadata& meta,
                    const EpidemicOutcome* epidemic = nullptr);

// Creates the HDF5 file as a temporary beside `path`, lets `write` fill it, and renames it
// into place only when complete; on any failure the temporary is removed.
void write_hdf5_atomically(const OutputTarget& output, const std::function<void(hid_t file)>& write);

// The root attributes every vaxsim file carries (filetype, the format version of that
// filetype, program and version, creation time, command line, seed).
void write_root_attributes(hid_t file, std::string_view filetype, std::uint64_t seed,
                           const RunMetadata& meta);

std::string utc_timestamp_now();

} // namespace vaxsim

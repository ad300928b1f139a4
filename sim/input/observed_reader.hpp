#pragma once
// Reading a CSV of observed daily counts (what actually happened) for `vaxsim compare`:
// its format is in the README ("Comparing a run with what happened"). Every problem is an
// InputFileError at the file, line and column, quoting the line with a caret.
#include <filesystem>

#include "results/observed.hpp"
#include "sim/input/yaml_input.hpp"

namespace vaxsim {

// The observed table in `path` (read as every input file is: a regular file, at most
// max_input_file_bytes, UTF-8), its columns checked against the names `run` defines.
ObservedData read_observed_csv(const std::filesystem::path& path, const RunNames& run);

// The same for text already read.
ObservedData parse_observed_csv(const InputSource& source, const RunNames& run);

} // namespace vaxsim

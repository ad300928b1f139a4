#pragma once
// `vaxsim check FILE.h5`: can this results file be trusted? Checks its kind and format
// version, that its tables agree in shape, and the model's invariants on its numbers
// (the ledger, capacity, coverage), so a planner can trust a file someone else sent.
#include <filesystem>
#include <string>
#include <vector>

#include <hdf5.h>

#include "results/labels.hpp"

namespace vaxsim {

struct FileCheck {
    std::vector<std::string> facts;    // what the file is
    std::vector<std::string> passed;   // checks that held
    std::vector<std::string> problems; // checks that failed
    // The file's layout (presence, types and shapes) passed the typed reader that the
    // report and the export construct first: when false, they refuse it with the same
    // FormatError before reading anything.
    bool layout_readable = false;
    Language language = Language::en; // of the sentences above
    bool ok() const { return problems.empty(); }
};

// Throws std::runtime_error when the file cannot be read as a vaxsim file at all.
// Its sentences in `language`; ids, dataset names and numbers as they are.
FileCheck check_results_file(const std::filesystem::path& path,
                             Language language = Language::en);
// The same for a file already open; `path` names it in messages.
FileCheck check_results_file(hid_t file, const std::filesystem::path& path,
                             Language language = Language::en);
std::string format_file_check(const std::filesystem::path& path, const FileCheck& check);

} // namespace vaxsim

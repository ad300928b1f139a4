#pragma once
// What planners share with people who will never open HDF5: a self-contained HTML report
// (inline SVG charts and CSS, no scripts, no network) and tidy CSV tables. Both read the
// results file alone, as any other reader would.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <hdf5.h>

namespace vaxsim {

// The report of a results file already open (`results` names it in messages), and the
// tables an export writes (file name, content): what write_report and export_csv write.
// Throw FormatError for a file that is not a vaxsim results file of a version read here,
// or whose datasets break results/format.hpp.
std::string report_html(hid_t file, const std::filesystem::path& results);
std::vector<std::pair<std::string, std::string>> export_tables(hid_t file,
                                                               const std::filesystem::path& results);

// `vaxsim report FILE.h5 -o report.html`: a run or a sweep file.
void write_report(const std::filesystem::path& results, const std::filesystem::path& html,
                  bool force);

// `vaxsim export FILE.h5 --csv DIR`: one CSV per table, long ("tidy") form, UTF-8.
// Returns the names of the files written.
std::vector<std::string> export_csv(const std::filesystem::path& results,
                                    const std::filesystem::path& dir, bool force);

} // namespace vaxsim

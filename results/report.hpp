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

// What every page and table results/ writes shares (the report, the export, and
// results/observed.cpp's comparison):
// A whole HTML page around `body`, with the report's styles (and nothing fetched).
std::string html_page(const std::string& title, const std::string& body);
// Chart ticks on the first day of each month, for dates "YYYY-MM-DD" one per x position.
std::vector<std::pair<int, std::string>> month_ticks(const std::vector<std::string>& dates);
// One CSV cell: text a spreadsheet would take for a formula (=, +, -, @, a tab or a carriage
// return, or their full-width forms, first) gets a leading ' unless it is a plain number;
// a cell with a comma, a quote or a line break is quoted.
std::string csv_field(const std::string& text);
// Writes `text` to `path` (a temporary write_atomically hands out); throws when it cannot.
void write_text(const std::filesystem::path& path, const std::string& text);

} // namespace vaxsim

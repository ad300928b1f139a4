#pragma once
// What planners share with people who will never open HDF5: a self-contained HTML report
// (inline SVG charts and CSS, no network; scripts only in a run with places, whose tiles
// a small inline script redraws for another target or date). It reads the results file alone, as
// any other reader would. The tables (`vaxsim export`) are in results/export.hpp.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <hdf5.h>

#include "results/labels.hpp"

namespace vaxsim {

// The report of a results file already open (`results` names it in messages): what
// write_report writes. Throws FormatError for a file that is not a vaxsim results file of a version read here,
// or whose datasets break results/format.hpp.
std::string report_html(hid_t file, const std::filesystem::path& results,
                        Language language = Language::en);

// `vaxsim report FILE.h5 -o report.html [--lang ko]`: a run or a sweep file. The
// report's headings, axis titles, legends and status words are in `language`.
void write_report(const std::filesystem::path& results, const std::filesystem::path& html,
                  bool force, Language language = Language::en);

// What every page results/ writes shares (the report, the export, and results/observed.cpp's
// comparison):
// A whole HTML page around `body`, with the report's styles (and nothing fetched), its
// lang attribute that of `language`.
std::string html_page(const std::string& title, const std::string& body,
                      Language language = Language::en);
// Chart ticks on the first day of each month, for dates "YYYY-MM-DD" one per x position;
// the first tick and each January carry the year.
std::vector<std::pair<int, std::string>> month_ticks(const std::vector<std::string>& dates,
                                                     Language language = Language::en);
// Writes `text` to `path` (a temporary write_atomically hands out); throws when it cannot.
void write_text(const std::filesystem::path& path, const std::string& text);

} // namespace vaxsim

#pragma once
// What planners share with people who will never open HDF5: a self-contained HTML report
// (inline SVG charts and CSS, no scripts, no network) and tidy CSV tables. Both read the
// results file alone, as any other reader would.
#include <filesystem>
#include <string>
#include <vector>

namespace vaxsim {

// `vaxsim report FILE.h5 -o report.html`: a run or a sweep file.
void write_report(const std::filesystem::path& results, const std::filesystem::path& html,
                  bool force);

// `vaxsim export FILE.h5 --csv DIR`: one CSV per table, long ("tidy") form, UTF-8.
// Returns the names of the files written.
std::vector<std::string> export_csv(const std::filesystem::path& results,
                                    const std::filesystem::path& dir, bool force);

} // namespace vaxsim

#pragma once
// `vaxsim export`: the tables of a run or a sweep file in long ("tidy") form, read from the
// results file alone through the typed readers, as the report reads it.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <hdf5.h>

#include "results/table.hpp"

namespace vaxsim {

// The tables of a results file already open, typed (results/table.hpp): what both the CSV
// and the workbook are written from. Throws FormatError as export_tables does.
std::vector<Table> export_table_data(hid_t file, const std::filesystem::path& results);

// The tables an export writes (file name, content) for a results file already open
// (`results` names it in messages). Throws FormatError for a file that is not a vaxsim
// results file of a version read here, or whose datasets break results/format.hpp.
std::vector<std::pair<std::string, std::string>> export_tables(hid_t file,
                                                               const std::filesystem::path& results);

// `vaxsim export FILE.h5 --csv DIR [--bom]`: one CSV per table, UTF-8, each file starting
// with a byte-order mark when asked (Excel then reads Korean labels as UTF-8). The folder
// appears whole or not at all. Returns the names of the files written.
std::vector<std::string> export_csv(const std::filesystem::path& results,
                                    const std::filesystem::path& dir, bool force,
                                    bool byte_order_mark = false);

// `vaxsim export FILE.h5 --xlsx FILE.xlsx`: one workbook, a sheet per table (and an "about"
// sheet first), dates as dates. Written whole or not at all. Returns the sheet names of
// the tables.
std::vector<std::string> export_xlsx(const std::filesystem::path& results,
                                     const std::filesystem::path& workbook, bool force);

// One CSV cell: text a spreadsheet would take for a formula (=, +, -, @, a tab or a carriage
// return, or their full-width forms, first) gets a leading ' unless it is a plain number;
// a cell with a comma, a quote or a line break is quoted.
std::string csv_field(const std::string& text);

} // namespace vaxsim

#pragma once
// Tables as an Excel workbook (.xlsx), written with Debian's libxlsxwriter: one sheet per
// table, a header row that stays in view and filters, dates as dates, numbers as numbers,
// Korean text as it is. The first sheet, "about", says which file and program made it.
#include <filesystem>
#include <vector>

#include "results/run_reader.hpp"
#include "results/table.hpp"

namespace vaxsim {

// A sheet holds at most this many rows of data below its header (Excel's limit, less one).
inline constexpr std::size_t xlsx_max_rows = 1'048'575;

// Writes `tables` to `path` (a temporary write_atomically hands out). Throws
// std::runtime_error naming the table when one has more rows than a sheet holds, and when
// the library cannot write the file.
void write_xlsx(const std::filesystem::path& path, const std::vector<Table>& tables,
                const FileIdentity& source);

} // namespace vaxsim

#pragma once
// The cells of one line of a small CSV table that vaxsim reads (supply per product, supply
// per place, observed counts), and the two values those tables share: a date and a whole
// number of doses. Every problem is an InputFileError at the table's file, line and column.
#include <cstdint>
#include <string>
#include <vector>

#include "models/date.hpp"
#include "sim/input/yaml_input.hpp"

namespace vaxsim {

struct CsvCell {
    std::string text;
    int column = 0; // 0-based byte offset of the cell (its opening quote, when quoted)
    bool quoted = false;
};

// Line `line_index` (0-based) of `source`, cut at its commas. A cell may be quoted ("..."),
// with "" for a quote inside; a quoted cell cannot span lines. Blanks around an unquoted
// cell are not part of it. A trailing comma makes one more, empty, cell.
std::vector<CsvCell> split_csv_cells(const InputSource& source, int line_index);

// A real calendar date written YYYY-MM-DD.
DayNumber csv_date(const InputSource& source, int line_index, const CsvCell& cell);

// A whole number of doses, from zero to max_count, written as plain digits.
std::int64_t csv_doses(const InputSource& source, int line_index, const CsvCell& cell);

} // namespace vaxsim

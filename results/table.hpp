#pragma once
// A table as `vaxsim export` hands it out: named, typed columns and rows of cells, built
// once from a results file (results/export.cpp) and written as CSV (one file per table)
// or as one sheet of a workbook (results/xlsx.cpp). The column kind is what a spreadsheet
// needs to show a cell as a date or a number rather than as text.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace vaxsim {

enum class ColumnKind {
    text,    // ids, labels, period names
    integer, // counts of people or doses, day numbers, 0/1 flags
    real,    // shares, probabilities
    date,    // "YYYY-MM-DD"; a cell that is not a date (say "never") stays text
};

struct Column {
    std::string name;
    ColumnKind kind = ColumnKind::text;
};

// An empty cell (not recorded), a whole number, a real number, or text (dates as text).
using Cell = std::variant<std::monostate, std::int64_t, double, std::string>;

class Table {
public:
    // `name` is the CSV file's stem and the sheet's name: [a-z0-9_], 1 to 31 characters.
    Table(std::string name, std::vector<Column> columns);

    // One row, a cell per column; throws std::logic_error when the count or a cell's type
    // does not match its column (integer columns take whole numbers, real columns either
    // number, text and date columns text; any column takes an empty cell).
    void add_row(std::vector<Cell> cells);

    const std::string& name() const { return name_; }
    const std::vector<Column>& columns() const { return columns_; }
    std::size_t rows() const { return columns_.empty() ? 0 : cells_.size() / columns_.size(); }
    const Cell& at(std::size_t row, std::size_t column) const {
        return cells_[row * columns_.size() + column];
    }

private:
    std::string name_;
    std::vector<Column> columns_;
    std::vector<Cell> cells_; // row-major
};

// The table as CSV: a header of column names, then one line per row. Real numbers are
// written in the shortest form that reads back to the same double; text goes through
// csv_field (results/export.hpp), so no cell can start a formula.
std::string to_csv(const Table& table);

} // namespace vaxsim

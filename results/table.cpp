#include "results/table.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "results/export.hpp"

namespace vaxsim {

Table::Table(std::string name, std::vector<Column> columns)
    : name_(std::move(name)), columns_(std::move(columns)) {
    const bool valid_name =
        !name_.empty() && name_.size() <= 31 &&
        name_.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
    if (!valid_name) throw std::logic_error("table name '" + name_ + "' is not [a-z0-9_]{1,31}");
    if (columns_.empty()) throw std::logic_error("table '" + name_ + "' has no columns");
}

void Table::add_row(std::vector<Cell> cells) {
    if (cells.size() != columns_.size())
        throw std::logic_error("table '" + name_ + "': a row of " + std::to_string(cells.size()) +
                               " cells for " + std::to_string(columns_.size()) + " columns");
    for (std::size_t c = 0; c < cells.size(); ++c) {
        const Cell& cell = cells[c];
        if (std::holds_alternative<std::monostate>(cell)) continue;
        bool fits = false;
        switch (columns_[c].kind) {
        case ColumnKind::integer: fits = std::holds_alternative<std::int64_t>(cell); break;
        case ColumnKind::real:
            fits = std::holds_alternative<double>(cell) || std::holds_alternative<std::int64_t>(cell);
            break;
        case ColumnKind::text:
        case ColumnKind::date: fits = std::holds_alternative<std::string>(cell); break;
        }
        if (!fits)
            throw std::logic_error("table '" + name_ + "': column '" + columns_[c].name +
                                   "' given a cell of the wrong type");
    }
    for (Cell& cell : cells) cells_.push_back(std::move(cell));
}

namespace {

std::string shortest(double x) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
    return std::string(buffer, result.ptr);
}

} // namespace

std::string to_csv(const Table& table) {
    std::string out;
    const auto& columns = table.columns();
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (c) out += ",";
        out += csv_field(columns[c].name);
    }
    out += "\n";
    for (std::size_t r = 0; r < table.rows(); ++r) {
        for (std::size_t c = 0; c < columns.size(); ++c) {
            if (c) out += ",";
            const Cell& cell = table.at(r, c);
            if (const auto* n = std::get_if<std::int64_t>(&cell)) out += std::to_string(*n);
            else if (const auto* x = std::get_if<double>(&cell)) out += shortest(*x);
            else if (const auto* s = std::get_if<std::string>(&cell)) out += csv_field(*s);
        }
        out += "\n";
    }
    return out;
}

} // namespace vaxsim

#include "sim/input/csv_cells.hpp"

#include <algorithm>

#include "models/error.hpp"

namespace vaxsim {
namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

} // namespace

std::vector<CsvCell> split_csv_cells(const InputSource& source, int line_index) {
    const std::string& line = source.lines[static_cast<std::size_t>(line_index)];
    std::vector<CsvCell> cells;
    std::size_t i = 0;
    for (;;) {
        std::size_t start = i;
        while (start < line.size() && blank(line[start])) ++start;
        CsvCell cell;
        cell.column = static_cast<int>(start);
        std::size_t end = start;
        if (start < line.size() && line[start] == '"') {
            cell.quoted = true;
            std::size_t k = start + 1;
            for (;; ++k) {
                if (k >= line.size())
                    source.fail_at(line_index, static_cast<int>(start),
                                   "this quote is not closed on its line (a cell cannot span "
                                   "lines)");
                if (line[k] == '"') {
                    if (k + 1 < line.size() && line[k + 1] == '"') {
                        cell.text += '"';
                        ++k;
                        continue;
                    }
                    break;
                }
                cell.text += line[k];
            }
            end = k + 1;
            while (end < line.size() && blank(line[end])) ++end;
            if (end < line.size() && line[end] != ',')
                source.fail_at(line_index, static_cast<int>(end),
                               "expected a comma after the quoted cell");
        } else {
            end = line.find(',', start);
            if (end == std::string::npos) end = line.size();
            std::size_t last = end;
            while (last > start && blank(line[last - 1])) --last;
            cell.text = line.substr(start, last - start);
        }
        cells.push_back(std::move(cell));
        if (end >= line.size()) break;
        i = end + 1; // past the comma
        if (i == line.size()) { // a trailing comma: one more, empty, cell
            cells.push_back({"", static_cast<int>(i), false});
            break;
        }
    }
    return cells;
}

DayNumber csv_date(const InputSource& source, int line_index, const CsvCell& cell) {
    const auto day = parse_iso_date(cell.text);
    if (!day) source.fail_at(line_index, cell.column, "expected a real calendar date YYYY-MM-DD");
    return *day;
}

std::int64_t csv_doses(const InputSource& source, int line_index, const CsvCell& cell) {
    const std::string& text = cell.text;
    const std::size_t significant = text.find_first_not_of('0');
    const bool whole = !text.empty() && std::all_of(text.begin(), text.end(), digit);
    // max_count has 13 digits: a longer number is out of range before stoll could overflow.
    if (!whole || (significant != std::string::npos && text.size() - significant > 13) ||
        (significant != std::string::npos && std::stoll(text.substr(significant)) > max_count))
        source.fail_at(line_index, cell.column,
                       "expected a whole number of doses, zero or more (at most " +
                           std::to_string(max_count) + ")");
    return significant == std::string::npos ? 0 : std::stoll(text.substr(significant));
}

} // namespace vaxsim

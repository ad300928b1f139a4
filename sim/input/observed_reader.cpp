// The observed CSV `vaxsim compare` reads: a header `date,<column>,...`, then one row per
// date. A column is a measure, optionally for one group, tier or product:
// `first_dose_people`, `first_dose_people:group=elderly_75`, `boosted_people:tier=가`,
// `administered:product=pfizer`.
#include "sim/input/observed_reader.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "models/error.hpp"
#include "models/text.hpp"
#include "sim/input/csv_cells.hpp"

namespace vaxsim {
namespace {

using Cell = CsvCell;

bool blank(char c) { return c == ' ' || c == '\t'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

bool blank_line(const std::string& line) {
    return std::all_of(line.begin(), line.end(), [](char c) { return blank(c); });
}

std::string quoted_list(const std::vector<std::string>& names, std::size_t at_most = 12) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < at_most; ++i)
        out += (i ? ", " : "") + names[i];
    if (names.size() > at_most) out += ", ... (" + std::to_string(names.size()) + " in all)";
    return out.empty() ? "none" : out;
}

// " (did you mean 'x'?)": a CSV cell's hint, in brackets as a key's is.
std::string bracketed_hint(const std::string& written, const std::vector<std::string>& known) {
    const std::string hint = closest_name(written, known);
    return hint.empty() ? "" : " (did you mean '" + hint + "'?)";
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// A header cell: a measure, then optionally ':' and group=, tier= or product= an id.
ObservedColumn read_column(const InputSource& source, const Cell& cell, const RunNames& run) {
    const auto fail = [&](std::size_t offset, const std::string& message) {
        source.fail_at(0, cell.column + static_cast<int>(offset) + (cell.quoted ? 1 : 0), message);
    };
    ObservedColumn c;
    c.name = cell.text;
    if (cell.text.empty())
        fail(0, "a column has no name; expected a measure such as first_dose_people");
    const std::size_t colon = cell.text.find(':');
    const std::string measure = cell.text.substr(0, colon);
    std::vector<std::string> measures;
    const ObservedMeasureInfo* info = nullptr;
    for (const auto& m : observed_measures()) {
        measures.emplace_back(m.name);
        if (m.name == measure) info = &m;
    }
    if (!info)
        fail(0, "unknown measure '" + measure + "'" + bracketed_hint(measure, measures) +
                    "; expected one of: " + quoted_list(measures));
    c.measure = info->measure;
    if ((c.measure == ObservedMeasure::boosted_people ||
         c.measure == ObservedMeasure::up_to_date_people) &&
        !run.has_boosters)
        fail(0, "the run file does not record " + std::string(info->phrase) +
                    " (run files of format 2.2 and later do); run the scenario again");
    if (colon == std::string::npos) return c;

    const std::string scope = cell.text.substr(colon + 1);
    const std::size_t at = colon + 1;
    const std::size_t equals = scope.find('=');
    if (equals == std::string::npos) {
        // A bare id: say which spelling was meant.
        std::string kind = contains(run.groups, scope)  ? "group"
                           : contains(run.tiers, scope) ? "tier"
                           : contains(run.products, scope) && info->by_product ? "product"
                                                                              : "";
        if (!kind.empty())
            fail(at, "write '" + measure + ":" + kind + "=" + scope + "' to count one " + kind);
        std::vector<std::string> all = run.groups;
        all.insert(all.end(), run.tiers.begin(), run.tiers.end());
        fail(at, "expected group=ID, tier=ID" + std::string(info->by_product ? " or product=ID" : "") +
                     " after ':', got '" + scope + "'" + bracketed_hint(scope, all));
    }
    const std::string kind = scope.substr(0, equals), id = scope.substr(equals + 1);
    const std::size_t id_at = at + equals + 1;
    const auto check_id = [&](const std::vector<std::string>& known, const std::string& what) {
        if (id.empty()) fail(id_at, "expected a " + what + " id after '" + kind + "='");
        if (!contains(known, id))
            fail(id_at, "the run has no " + what + " '" + id + "'" + bracketed_hint(id, known) +
                            "; its " + what + "s: " + quoted_list(known));
    };
    if (kind == "group") {
        c.scope = ObservedScope::group;
        check_id(run.groups, "group");
    } else if (kind == "tier") {
        c.scope = ObservedScope::tier;
        check_id(run.tiers, "tier");
    } else if (kind == "product") {
        if (!info->by_product)
            fail(at, "people are counted by group or tier, not by product; doses (administered, "
                     "administered_to_date) may be counted by product");
        c.scope = ObservedScope::product;
        check_id(run.products, "product");
    } else {
        fail(at, "unknown '" + kind + "='" +
                     bracketed_hint(kind, {"group", "tier", "product"}) +
                     "; expected group=ID, tier=ID or product=ID");
    }
    c.scope_id = id;
    return c;
}

// A count cell: empty (not observed), or a whole number from 0 to max_count. A quoted
// cell may group its digits with commas ("1,234,567"), as spreadsheets write them.
std::optional<std::int64_t> read_count(const InputSource& source, int line, const Cell& cell) {
    std::string text = cell.text;
    if (cell.quoted) {
        std::size_t last = text.size();
        std::size_t first = 0;
        while (first < last && blank(text[first])) ++first;
        while (last > first && blank(text[last - 1])) --last;
        text = text.substr(first, last - first);
    }
    if (text.empty()) return std::nullopt;
    const auto fail = [&](const std::string& message) {
        source.fail_at(line, cell.column, message);
    };
    if (text.front() == '-' && text.size() > 1 && digit(text[1]))
        fail("expected a count of zero or more, got " + text);
    std::string digits;
    if (cell.quoted && text.find(',') != std::string::npos) {
        // d{1,3}(,ddd)+
        const std::size_t head = text.find(',');
        bool grouped = head >= 1 && head <= 3 && (text.size() - head) % 4 == 0;
        for (std::size_t k = 0; grouped && k < head; ++k) grouped = digit(text[k]);
        for (std::size_t k = head; grouped && k < text.size(); k += 4)
            grouped = text[k] == ',' && digit(text[k + 1]) && digit(text[k + 2]) &&
                      digit(text[k + 3]);
        if (!grouped)
            fail("'" + text +
                 "' is not a number with thousands separators (groups of three digits, e.g. "
                 "\"1,234,567\")");
        for (char ch : text)
            if (ch != ',') digits += ch;
    } else {
        digits = text;
    }
    const bool whole = std::all_of(digits.begin(), digits.end(), digit);
    if (!whole) {
        const bool decimal = std::count(digits.begin(), digits.end(), '.') == 1 &&
                             std::all_of(digits.begin(), digits.end(),
                                         [](char ch) { return digit(ch) || ch == '.'; });
        fail(decimal ? "expected a whole number of people or doses, got " + text
                     : "expected a whole number (or nothing, for a day not observed), got '" +
                           text + "'");
    }
    std::size_t significant = digits.find_first_not_of('0');
    if (significant == std::string::npos) return 0;
    if (digits.size() - significant > 13)
        fail("'" + text + "' is larger than the most vaxsim counts (" + with_commas(max_count) + ")");
    const std::int64_t value = std::stoll(digits.substr(significant));
    if (value > max_count)
        fail("'" + text + "' is larger than the most vaxsim counts (" + with_commas(max_count) + ")");
    return value;
}

// A row with more cells than the header: unquoted thousands separators are the usual cause.
std::string extra_cells_message(const std::vector<Cell>& cells, std::size_t expected) {
    std::string message = "this row has " + std::to_string(cells.size()) +
                          " cells, more than the header's " + std::to_string(expected);
    for (std::size_t k = 2; k < cells.size(); ++k)
        if (!cells[k].quoted && cells[k].text.size() == 3 &&
            std::all_of(cells[k].text.begin(), cells[k].text.end(), digit) &&
            !cells[k - 1].text.empty() &&
            std::all_of(cells[k - 1].text.begin(), cells[k - 1].text.end(), digit))
            return message + "; write numbers without thousands separators, or quote them "
                             "(\"1,234,567\")";
    return message;
}

} // namespace

ObservedData parse_observed_csv(const InputSource& source, const RunNames& run) {
    check_text_encoding(source);
    ObservedData data;
    data.source = source.file_name;
    if (source.lines.empty() || std::all_of(source.lines.begin(), source.lines.end(), blank_line))
        source.fail_at(0, 0,
                       "the file is empty: expected a header line 'date,<column>,...', e.g. "
                       "'date,first_dose_people'");
    if (blank_line(source.lines[0]))
        source.fail_at(0, 0, "expected the header line 'date,<column>,...' on the first line");
    const std::vector<Cell> header = split_csv_cells(source, 0);
    if (header[0].text != "date") {
        std::string message = "the first column must be 'date', got '" + header[0].text + "'";
        if (source.lines[0].find(';') != std::string::npos)
            message += " (the file seems separated by ';'; vaxsim reads comma-separated values)";
        source.fail_at(0, header[0].column, message);
    }
    if (header.size() < 2)
        source.fail_at(0, static_cast<int>(source.lines[0].size()),
                       "expected at least one column of observed counts after 'date', e.g. "
                       "'date,first_dose_people'");
    std::map<std::tuple<ObservedMeasure, ObservedScope, std::string>, std::size_t> seen;
    for (std::size_t k = 1; k < header.size(); ++k) {
        ObservedColumn c = read_column(source, header[k], run);
        const auto [it, fresh] = seen.insert({{c.measure, c.scope, c.scope_id}, k});
        if (!fresh)
            source.fail_at(0, header[k].column,
                           "column '" + c.name + "' is given twice (also column " +
                               std::to_string(it->second + 1) + ", '" + header[it->second].text +
                               "')");
        data.columns.push_back(std::move(c));
    }

    std::size_t previous_line = 0;
    for (std::size_t l = 1; l < source.lines.size(); ++l) {
        const std::string& line = source.lines[l];
        if (blank_line(line)) continue;
        const int ln = static_cast<int>(l);
        const std::vector<Cell> cells = split_csv_cells(source, ln);
        if (cells.size() > header.size())
            source.fail_at(ln, cells[header.size()].column,
                           extra_cells_message(cells, header.size()));
        if (cells.size() < header.size())
            source.fail_at(ln, static_cast<int>(line.size()),
                           "this row has " + std::to_string(cells.size()) +
                               " cells, fewer than the header's " +
                               std::to_string(header.size()) +
                               " (leave a cell empty, e.g. ',,', for a day not observed)");
        const Cell& date_cell = cells[0];
        if (date_cell.text.empty())
            source.fail_at(ln, date_cell.column, "a row needs its date, YYYY-MM-DD");
        const auto day = parse_iso_date(date_cell.text);
        if (!day) {
            const std::string& t = date_cell.text;
            const bool shaped = t.size() == 10 && t[4] == '-' && t[7] == '-';
            source.fail_at(ln, date_cell.column,
                           shaped ? "'" + t + "' is not a real calendar date"
                                  : "expected a date YYYY-MM-DD, got '" + t + "'");
        }
        if (!data.dates.empty() && *day <= data.dates.back())
            source.fail_at(ln, date_cell.column,
                           *day == data.dates.back()
                               ? "date " + date_cell.text + " is given twice (also on line " +
                                     std::to_string(previous_line + 1) + ")"
                               : "dates must increase: " + date_cell.text +
                                     " comes after " + format_iso_date(data.dates.back()) +
                                     " on line " + std::to_string(previous_line + 1));
        data.dates.push_back(*day);
        previous_line = l;
        for (std::size_t k = 1; k < cells.size(); ++k)
            data.columns[k - 1].values.push_back(read_count(source, ln, cells[k]));
    }
    if (data.dates.empty())
        source.fail_at(static_cast<int>(source.lines.size()), 0,
                       "no rows after the header: expected one row per observed date");
    return data;
}

ObservedData read_observed_csv(const std::filesystem::path& path, const RunNames& run) {
    const InputSource source(path.string(), read_input_file(path, "observed CSV"));
    return parse_observed_csv(source, run);
}

} // namespace vaxsim

#include "results/xlsx.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include <xlsxwriter.h>

#include "models/date.hpp"

namespace vaxsim {
namespace {

void check(lxw_error error, const std::string& what) {
    if (error != LXW_NO_ERROR)
        throw std::runtime_error("could not write the workbook (" + what + "): " +
                                 lxw_strerror(error));
}

// The workbook, closed (and so written) exactly once; closing an unwritten one on an
// error path only frees it.
class Workbook {
public:
    explicit Workbook(const std::filesystem::path& path) {
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE; // rows go straight to disk, in order
        options.use_zip64 = LXW_TRUE;       // sheets may pass 4 GB uncompressed
        book_ = workbook_new_opt(path.c_str(), &options);
        if (!book_) throw std::runtime_error("could not create the workbook '" + path.string() + "'");
    }
    ~Workbook() {
        if (book_) workbook_close(book_);
    }
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;
    lxw_workbook* get() const { return book_; }
    void close() {
        lxw_workbook* book = book_;
        book_ = nullptr;
        check(workbook_close(book), "closing");
    }

private:
    lxw_workbook* book_ = nullptr;
};

double column_width(const Column& column) {
    const double header = static_cast<double>(column.name.size()) + 2;
    switch (column.kind) {
    case ColumnKind::date: return std::max(header, 12.0);
    case ColumnKind::integer:
    case ColumnKind::real: return std::max(header, 10.0);
    case ColumnKind::text: return std::max(header, 14.0);
    }
    return header;
}

} // namespace

void write_xlsx(const std::filesystem::path& path, const std::vector<Table>& tables,
                const FileIdentity& source) {
    for (const Table& t : tables)
        if (t.rows() > xlsx_max_rows)
            throw std::runtime_error("table '" + t.name() + "' has " + std::to_string(t.rows()) +
                                     " rows, more than a sheet holds (" +
                                     std::to_string(xlsx_max_rows) + "); export it as CSV");
    Workbook book(path);
    lxw_format* bold = workbook_add_format(book.get());
    format_set_bold(bold);
    lxw_format* iso_date = workbook_add_format(book.get());
    format_set_num_format(iso_date, "yyyy-mm-dd");

    lxw_worksheet* about = workbook_add_worksheet(book.get(), "about");
    if (!about) throw std::runtime_error("could not add the sheet 'about'");
    const std::pair<const char*, std::string> facts[] = {
        {"file type", source.filetype},
        {"format version", source.version_text()},
        {"written by", "vaxsim " + source.program_version},
        {"created", source.creation_time},
        {"seed", std::to_string(source.seed)},
        {"command line", source.command_line}};
    lxw_row_t row = 0;
    for (const auto& [name, value] : facts) {
        check(worksheet_write_string(about, row, 0, name, bold), "about");
        check(worksheet_write_string(about, row, 1, value.c_str(), nullptr), "about");
        ++row;
    }
    worksheet_set_column(about, 0, 0, 16, nullptr);
    worksheet_set_column(about, 1, 1, 60, nullptr);

    for (const Table& t : tables) {
        lxw_worksheet* sheet = workbook_add_worksheet(book.get(), t.name().c_str());
        if (!sheet) throw std::runtime_error("could not add the sheet '" + t.name() + "'");
        const auto& columns = t.columns();
        const auto last_column = static_cast<lxw_col_t>(columns.size() - 1);
        for (lxw_col_t c = 0; c <= last_column; ++c) {
            worksheet_set_column(sheet, c, c, column_width(columns[c]),
                                 columns[c].kind == ColumnKind::date ? iso_date : nullptr);
            check(worksheet_write_string(sheet, 0, c, columns[c].name.c_str(), bold), t.name());
        }
        worksheet_freeze_panes(sheet, 1, 0);
        worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(t.rows()), last_column);
        for (std::size_t r = 0; r < t.rows(); ++r) {
            const auto at_row = static_cast<lxw_row_t>(r + 1);
            for (lxw_col_t c = 0; c <= last_column; ++c) {
                const Cell& cell = t.at(r, c);
                lxw_error error = LXW_NO_ERROR;
                if (const auto* n = std::get_if<std::int64_t>(&cell)) {
                    error = worksheet_write_number(sheet, at_row, c, static_cast<double>(*n), nullptr);
                } else if (const auto* x = std::get_if<double>(&cell)) {
                    // A sheet has no NaN or infinity: those stay words, as in the CSV.
                    error = std::isfinite(*x)
                                ? worksheet_write_number(sheet, at_row, c, *x, nullptr)
                                : worksheet_write_string(
                                      sheet, at_row, c,
                                      std::isnan(*x) ? "nan" : (*x > 0 ? "inf" : "-inf"), nullptr);
                } else if (const auto* s = std::get_if<std::string>(&cell)) {
                    const auto day = columns[c].kind == ColumnKind::date ? parse_iso_date(*s)
                                                                          : std::nullopt;
                    if (day) {
                        lxw_datetime when{year_of(*day), static_cast<std::uint8_t>(month_of(*day)),
                                          static_cast<std::uint8_t>(day_of_month(*day)), 0, 0,
                                          0.0};
                        error = worksheet_write_datetime(sheet, at_row, c, &when, iso_date);
                    } else {
                        error = worksheet_write_string(sheet, at_row, c, s->c_str(), nullptr);
                    }
                }
                check(error, t.name());
            }
        }
    }
    book.close();
}

} // namespace vaxsim

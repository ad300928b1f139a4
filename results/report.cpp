#include "results/report.hpp"

#include <fstream>
#include <stdexcept>

#include "results/format.hpp"
#include "results/hdf5_interface.hpp"
#include "results/output_file.hpp"
#include "results/report_parts.hpp"
#include "results/run_file.hpp"
#include "results/run_reader.hpp"
#include "results/sweep_reader.hpp"
#include "results/svg_chart.hpp"

namespace vaxsim {
namespace {

namespace fs = std::filesystem;
using hdf5::Handle;
using svg::escape;

const char* const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};


const char* css = R"(
body { font-family: "Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo", "NanumGothic",
       system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 2em auto; max-width: 980px;
       padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
.meta { color: #666; font-size: 0.85em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; margin: 0.8em 0; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f6f7; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.slipped td { background: #fdecea; } tr.total td { font-weight: 600; background: #fafafa; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 0.85em; font-weight: 600; }
.met { background: #d4efdf; color: #1e8449; } .missed { background: #fadbd8; color: #a93226; }
.partial { background: #fcf3cf; color: #9a7d0a; }
figure.chart { margin: 1em 0; } figure.chart svg { width: 100%; height: auto; }
.chart-title { font-size: 14px; font-weight: 600; fill: #222; }
.tick, .legend, .marker-label { font-size: 11px; fill: #444; }
.grid { stroke: #eee; } .axis { stroke: #999; } .marker { stroke-width: 1.5; stroke-dasharray: 6 4; }
.whisker { stroke: #222; stroke-width: 1.5; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 2px; vertical-align: middle; }
td.slipped-cell { background: #fdecea; } ul.changes { font-family: monospace; font-size: 0.85em; }
.grid-2 { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.5em; }
@media (max-width: 760px) { .grid-2 { grid-template-columns: 1fr; } }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } figure, table { break-inside: avoid; } }
)";

} // namespace

std::string html_page(const std::string& title, const std::string& body) {
    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << escape(title) << "</title>\n<style>" << css << "</style>\n</head>\n<body>\n"
      << body << "</body>\n</html>\n";
    return o.str();
}

// Ticks on the first day of each month.
std::vector<std::pair<int, std::string>> month_ticks(const std::vector<std::string>& dates) {
    std::vector<std::pair<int, std::string>> ticks;
    for (std::size_t i = 0; i < dates.size(); ++i)
        if (i == 0 || dates[i].substr(8, 2) == "01") {
            const int month = std::stoi(dates[i].substr(5, 2));
            if (i > 0 || dates[i].substr(8, 2) == "01")
                ticks.push_back({static_cast<int>(i), month_names[month - 1]});
        }
    return ticks;
}

namespace report_parts {

std::string badge(const std::string& cls, const std::string& text) {
    return "<span class=\"badge " + cls + "\">" + escape(text) + "</span>";
}

std::string metadata(const FileIdentity& id) {
    const std::string out = "vaxsim " + id.program_version + ", " + id.creation_time + " · seed " +
                            std::to_string(id.seed) + " · " + id.command_line;
    return "<p class=\"meta\">" + escape(out) + "</p>\n";
}

} // namespace report_parts

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    if (!out) throw std::runtime_error("could not write '" + path.string() + "' (disk full?)");
}

std::string report_html(hid_t file, const fs::path& results) {
    const FileIdentity id = read_identity(file, results);
    if (id.filetype == format::run_filetype) return run_report(RunReader(file, results));
    if (id.filetype == format::sweep_filetype) return sweep_report(SweepReader(file, results));
    throw FormatError(results, {"not a vaxsim results file (filetype " + id.filetype + ")"});
}

void write_report(const fs::path& results, const fs::path& html, bool force) {
    const OutputTarget output{html, force, OutputKind::file, {results}};
    check_output(output);
    if (!hdf5::is_hdf5_file(results))
        throw std::runtime_error("'" + results.string() + "' is not an HDF5 results file");
    const Handle file = hdf5::open_file(results);
    const std::string text = report_html(file, results);
    write_atomically(output, [&](const fs::path& temp) { write_text(temp, text); });
}

} // namespace vaxsim

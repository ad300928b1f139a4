#include "results/report.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "models/date.hpp"

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



const char* css = R"(
body { font-family: "Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo", "NanumGothic",
       system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 2em auto; max-width: 980px;
       padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
td.date, th.date { white-space: nowrap; }
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
.axis-title { font-size: 11px; fill: #444; font-style: italic; }
.tick, .legend, .marker-label { font-size: 11px; fill: #444; }
.grid { stroke: #eee; } .axis { stroke: #999; } .marker { stroke-width: 1.5; stroke-dasharray: 6 4; }
.whisker { stroke: #222; stroke-width: 1.5; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 2px; vertical-align: middle; }
td.slipped-cell { background: #fdecea; } ul.changes { font-family: monospace; font-size: 0.85em; }
.grid-2 { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.5em; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px; margin-right: 0.4em; vertical-align: -0.05em; }
.legend-row { margin: 0.6em 0; } .legend-item { margin-right: 1.4em; white-space: nowrap; }
@media (max-width: 900px) { .grid-2 { grid-template-columns: 1fr; } .grid-2 figure.chart svg { max-width: 600px; }
  th, td { padding: 4px 5px; } }
.nowrap { white-space: nowrap; }
.place-tiles { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 6px; margin: 0.6em 0; }
.place-tiles .tile { border-radius: 4px; padding: 6px 8px; overflow-wrap: anywhere; min-width: 0; }
.tile-name { font-weight: 600; font-size: 0.9em; } .tile-value { font-size: 1.3em; font-variant-numeric: tabular-nums; }
.tile-status { font-size: 0.8em; } .place-controls { margin: 0.6em 0; } .place-controls input { vertical-align: middle; }
@media (max-width: 900px) { .place-tiles { grid-template-columns: repeat(4, minmax(0, 1fr)); } }
@media (max-width: 600px) { .place-tiles { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  h1, h2, h3 { break-after: avoid-page; }
  figure, tr, .badge { break-inside: avoid-page; }
  h2 { margin-top: 1.2em; }
}
)";

} // namespace

std::string html_page(const std::string& title, const std::string& body, Language language) {
    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html lang=\"" << language_code(language) << "\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << escape(title) << "</title>\n<style>" << css << "</style>\n</head>\n<body>\n"
      << body << "</body>\n</html>\n";
    return o.str();
}

// Ticks on the first day of each month; the first tick and each January carry the year
// ("Mar 2021", "Apr", ..., "Jan 2022"), so a chart's dates are never ambiguous.
std::vector<std::pair<int, std::string>> month_ticks(const std::vector<std::string>& dates,
                                                     Language language) {
    std::vector<std::pair<int, std::string>> ticks;
    for (std::size_t i = 0; i < dates.size(); ++i)
        if (dates[i].size() == 10 && dates[i].substr(8, 2) == "01") {
            const int month = std::stoi(dates[i].substr(5, 2));
            std::string label(text(static_cast<Label>(static_cast<int>(Label::jan) + month - 1),
                                   language));
            if (ticks.empty() || month == 1)
                label = fill(text(Label::month_year, language), {label, dates[i].substr(0, 4)});
            ticks.push_back({static_cast<int>(i), label});
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

std::vector<double> weekly_average(const std::vector<double>& values,
                                   const std::vector<std::string>& dates) {
    std::vector<double> out(values.size());
    std::size_t begin = 0;
    while (begin < values.size()) {
        // The week runs to the next Monday (or the end of the run).
        std::size_t end = begin + 1;
        while (end < values.size() && end < dates.size()) {
            const auto day = parse_iso_date(dates[end]);
            if (day && weekday_of(*day) == 0) break;
            ++end;
        }
        double sum = 0;
        for (std::size_t i = begin; i < end; ++i) sum += values[i];
        for (std::size_t i = begin; i < end; ++i) out[i] = sum / static_cast<double>(end - begin);
        begin = end;
    }
    return out;
}

} // namespace report_parts

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    if (!out) throw std::runtime_error("could not write '" + path.string() + "' (disk full?)");
}

std::string report_html(hid_t file, const fs::path& results, Language language) {
    const FileIdentity id = read_identity(file, results);
    if (id.filetype == format::run_filetype) return run_report(RunReader(file, results), language);
    if (id.filetype == format::sweep_filetype) return sweep_report(SweepReader(file, results), language);
    throw FormatError(results, {"not a vaxsim results file (filetype " + id.filetype + ")"});
}

void write_report(const fs::path& results, const fs::path& html, bool force, Language language) {
    const OutputTarget output{html, force, OutputKind::file, {results}};
    check_output(output);
    require_hdf5_input(results);
    const Handle file = hdf5::open_file(results);
    const std::string page = report_html(file, results, language);
    write_atomically(output, [&](const fs::path& temp) { write_text(temp, page); });
}

} // namespace vaxsim

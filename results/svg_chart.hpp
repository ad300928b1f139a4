#pragma once
// Small SVG charts for the HTML report: inline, no scripts, readable on screen and print.
#include <optional>
#include <string>
#include <vector>

namespace vaxsim::svg {

// Escapes text for HTML and SVG (labels may hold any UTF-8, e.g. Korean).
std::string escape(const std::string& text);
// 1234567 -> "1.2M", 45000 -> "45k": axis labels.
std::string short_number(double value);

struct Series {
    std::string name;
    std::string colour;
    std::vector<double> values; // one per x position
    bool dashed = false;
    // When given, the x position of each value (increasing): a series known on some days
    // only, e.g. observed counts; a dot marks each value.
    std::vector<int> x = {};
};

struct Band { // a shaded range between two series (fan charts)
    std::string colour;
    double opacity;
    std::vector<double> low, high;
};

struct Marker {
    double value; // y for a horizontal line, x index for a vertical one
    std::string label;
    std::string colour;
};

// A line chart over x positions 0..n-1 with labelled ticks at chosen positions.
class LineChart {
  public:
    LineChart(std::string title, int width = 760, int height = 280);
    void x_labels(std::vector<std::pair<int, std::string>> ticks) { x_ticks_ = std::move(ticks); }
    // What the y axis counts, with its unit ("people", "doses per day"): shown above it.
    void y_title(std::string title) { y_title_ = std::move(title); }
    void add(Series series) { series_.push_back(std::move(series)); }
    void add_band(Band band) { bands_.push_back(std::move(band)); }
    void horizontal(Marker m) { horizontal_.push_back(std::move(m)); }
    void vertical(Marker m) { vertical_.push_back(std::move(m)); }
    // A strip under the plot: one coloured cell per x position (e.g. the binding constraint).
    void strip(std::vector<std::string> colours,
               std::vector<std::pair<std::string, std::string>> legend);
    std::string render() const;

  private:
    std::string title_, y_title_;
    int width_, height_;
    std::vector<std::pair<int, std::string>> x_ticks_;
    std::vector<Series> series_;
    std::vector<Band> bands_;
    std::vector<Marker> horizontal_, vertical_;
    std::vector<std::string> strip_;
    std::vector<std::pair<std::string, std::string>> strip_legend_;
};

// Horizontal bars with optional intervals: P(met) with its confidence interval, or a
// sensitivity ranking.
struct Bar {
    std::string label;
    double value;
    std::optional<double> low, high;
    std::string colour;
    std::string text;     // printed at the bar's end
    bool heading = false; // a row with only `label`, in bold, heading the bars below it
};
std::string bar_chart(const std::string& title, const std::vector<Bar>& bars, double max_value);

// Shares with their intervals at a few labelled x positions (categories in order): a
// point and whisker per series and position, the series' points joined, y from 0 to 100%.
// Series side by side at a position are set a few pixels apart. NaN: no point there.
struct IntervalSeries {
    std::string name;
    std::string colour;
    std::vector<double> value, low, high; // shares 0..1, one per x position
};
std::string interval_chart(const std::string& title, const std::vector<std::string>& x_labels,
                           const std::vector<IntervalSeries>& series);

// Strips one above the other on one day axis (x positions 0..n-1), each a row of coloured
// cells with its name at the left ("" cells are left blank: a day outside that row's run),
// and a legend of colours: the binding constraint of several runs.
struct StripRow {
    std::string name;
    std::vector<std::string> colours;
};
std::string strip_chart(const std::string& title, const std::vector<StripRow>& rows,
                        const std::vector<std::pair<int, std::string>>& ticks,
                        const std::vector<std::pair<std::string, std::string>>& legend,
                        int width = 760);

} // namespace vaxsim::svg

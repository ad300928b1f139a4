#include "results/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <utility>

#include "models/text.hpp"

namespace vaxsim::svg {
namespace {

std::string fixed(double v) {
    return fixed_decimals(v, 1);
}

// A "nice" step for about `count` ticks up to `max`.
double nice_step(double max, int count) {
    if (max <= 0) return 1;
    const double raw = max / count;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (raw <= m * magnitude) return m * magnitude;
    return 10 * magnitude;
}

} // namespace

std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string short_number(double value) {
    char buf[32];
    const double a = std::fabs(value);
    if (a >= 1e6)
        std::snprintf(buf, sizeof buf, "%.*fM", a >= 1e7 ? 0 : 1, value / 1e6);
    else if (a >= 1e3)
        std::snprintf(buf, sizeof buf, "%.*fk", a >= 1e4 ? 0 : 1, value / 1e3);
    else
        std::snprintf(buf, sizeof buf, "%g", value);
    std::string s = buf;
    // "1.0M" reads better as "1M".
    const auto dot = s.find(".0");
    if (dot != std::string::npos && dot + 2 < s.size() &&
        !std::isdigit(static_cast<unsigned char>(s[dot + 2])))
        s.erase(dot, 2);
    return s;
}

LineChart::LineChart(std::string title, int width, int height)
    : title_(std::move(title)), width_(width), height_(height) {}

void LineChart::strip(std::vector<std::string> colours,
                      std::vector<std::pair<std::string, std::string>> legend) {
    strip_ = std::move(colours);
    strip_legend_ = std::move(legend);
}

std::string LineChart::render() const {
    // Lay the legend out first (wrapping at the chart's width): its rows set the bottom margin.
    struct LegendItem {
        std::string colour, name;
        bool dashed;
        double x;
        int row;
    };
    std::vector<LegendItem> legend;
    {
        const double start = 64, limit = width_ - 16;
        double x = start;
        int row = 0;
        const auto place = [&](const std::string& colour, const std::string& name, bool dashed,
                               bool new_row) {
            const double w = 28 + 6.5 * static_cast<double>(name.size());
            if (new_row || (x + w > limit && x > start)) x = start, ++row;
            legend.push_back({colour, name, dashed, x, row});
            x += w;
        };
        for (const auto& s : series_) place(s.colour, s.name, s.dashed, false);
        bool first = true;
        for (const auto& [colour, name] : strip_legend_)
            place(colour, name, false, std::exchange(first, false));
        if (!legend.empty() && legend.front().row == 1) // the first item never needs a fresh row
            for (auto& item : legend) --item.row;
    }
    const int legend_rows = legend.empty() ? 0 : legend.back().row + 1;
    const int left = 64, right = 16, top = y_title_.empty() ? 34 : 44;
    const int strip_height = strip_.empty() ? 0 : 14;
    const int bottom = 30 + 16 * legend_rows + strip_height;
    const double plot_w = width_ - left - right, plot_h = height_ - top - bottom;
    std::size_t n = 0;
    double max_y = 0;
    for (const auto& s : series_) {
        n = std::max(n, s.x.empty() ? s.values.size()
                                    : static_cast<std::size_t>(std::max(0, s.x.back()) + 1));
        for (double v : s.values) max_y = std::max(max_y, v);
    }
    for (const auto& b : bands_) {
        n = std::max(n, b.high.size());
        for (double v : b.high) max_y = std::max(max_y, v);
    }
    for (const auto& m : horizontal_) max_y = std::max(max_y, m.value);
    const double step = nice_step(max_y * 1.05, 5);
    const double top_y = std::max(step, std::ceil(max_y * 1.05 / step) * step);
    const double last_x = std::max<double>(1, static_cast<double>(n) - 1);
    const auto X = [&](double i) { return left + plot_w * i / last_x; };
    const auto Y = [&](double v) { return top + plot_h * (1 - v / top_y); };

    std::ostringstream o;
    o << "<figure class=\"chart\"><svg viewBox=\"0 0 " << width_ << " " << height_
      << "\" role=\"img\" aria-label=\"" << escape(title_) << "\">";
    o << "<text x=\"" << left << "\" y=\"18\" class=\"chart-title\">" << escape(title_)
      << "</text>";
    if (!y_title_.empty())
        o << "<text x=\"" << left - 6 << "\" y=\"" << top - 10
          << "\" class=\"axis-title\" text-anchor=\"start\">" << escape(y_title_) << "</text>";
    for (double v = 0; v <= top_y + step / 2; v += step) {
        o << "<line x1=\"" << left << "\" x2=\"" << width_ - right << "\" y1=\"" << fixed(Y(v))
          << "\" y2=\"" << fixed(Y(v)) << "\" class=\"grid\"/>";
        o << "<text x=\"" << left - 6 << "\" y=\"" << fixed(Y(v) + 4)
          << "\" class=\"tick\" text-anchor=\"end\">" << short_number(v) << "</text>";
    }
    for (const auto& [i, label] : x_ticks_) {
        o << "<line x1=\"" << fixed(X(i)) << "\" x2=\"" << fixed(X(i)) << "\" y1=\"" << top + plot_h
          << "\" y2=\"" << top + plot_h + 4 << "\" class=\"axis\"/>";
        const char* anchor = X(i) > width_ - right - 20 ? "end" : "middle";
        o << "<text x=\"" << fixed(X(i)) << "\" y=\"" << top + plot_h + 16
          << "\" class=\"tick\" text-anchor=\"" << anchor << "\">" << escape(label) << "</text>";
    }
    for (const auto& b : bands_) {
        o << "<polygon fill=\"" << b.colour << "\" fill-opacity=\"" << b.opacity << "\" points=\"";
        for (std::size_t i = 0; i < b.high.size(); ++i)
            o << fixed(X(i)) << "," << fixed(Y(b.high[i])) << " ";
        for (std::size_t i = b.low.size(); i-- > 0;)
            o << fixed(X(i)) << "," << fixed(Y(b.low[i])) << " ";
        o << "\"/>";
    }
    for (const auto& m : horizontal_) {
        o << "<line x1=\"" << left << "\" x2=\"" << width_ - right << "\" y1=\""
          << fixed(Y(m.value)) << "\" y2=\"" << fixed(Y(m.value)) << "\" stroke=\"" << m.colour
          << "\" class=\"marker\"/>";
        o << "<text x=\"" << width_ - right - 4 << "\" y=\"" << fixed(Y(m.value) - 4)
          << "\" class=\"marker-label\" "
          << "text-anchor=\"end\" fill=\"" << m.colour << "\">" << escape(m.label) << "</text>";
    }
    for (const auto& m : vertical_) {
        o << "<line x1=\"" << fixed(X(m.value)) << "\" x2=\"" << fixed(X(m.value)) << "\" y1=\""
          << top << "\" y2=\"" << top + plot_h << "\" stroke=\"" << m.colour
          << "\" class=\"marker\"/>";
        const bool near_right = X(m.value) > left + 0.8 * plot_w; // label on the left of the line
        o << "<text x=\"" << fixed(X(m.value) + (near_right ? -4 : 4)) << "\" y=\"" << top + 12
          << "\" class=\"marker-label\" text-anchor=\"" << (near_right ? "end" : "start")
          << "\" fill=\"" << m.colour << "\">" << escape(m.label) << "</text>";
    }
    for (const auto& s : series_) {
        o << "<polyline fill=\"none\" stroke=\"" << s.colour << "\" stroke-width=\"2\""
          << (s.dashed ? " stroke-dasharray=\"5 3\"" : "") << " points=\"";
        const auto x_of = [&](std::size_t i) {
            return s.x.empty() ? static_cast<double>(i) : static_cast<double>(s.x[i]);
        };
        for (std::size_t i = 0; i < s.values.size(); ++i)
            o << fixed(X(x_of(i))) << "," << fixed(Y(s.values[i])) << " ";
        o << "\"><title>" << escape(s.name) << "</title></polyline>";
        if (!s.x.empty())
            for (std::size_t i = 0; i < s.values.size(); ++i)
                o << "<circle cx=\"" << fixed(X(x_of(i))) << "\" cy=\"" << fixed(Y(s.values[i]))
                  << "\" r=\"2.5\" fill=\"" << s.colour << "\"/>";
    }
    o << "<line x1=\"" << left << "\" x2=\"" << width_ - right << "\" y1=\"" << top + plot_h
      << "\" y2=\"" << top + plot_h << "\" class=\"axis\"/>";
    if (!strip_.empty()) {
        const double y = top + plot_h + 22, w = plot_w / static_cast<double>(strip_.size());
        for (std::size_t i = 0; i < strip_.size(); ++i)
            o << "<rect x=\"" << fixed(left + w * static_cast<double>(i)) << "\" y=\"" << fixed(y)
              << "\" width=\"" << fixed(w + 0.5) << "\" height=\"" << strip_height - 4
              << "\" fill=\"" << strip_[i] << "\"/>";
    }
    const double legend_top = height_ - 8 - 16 * (legend_rows - 1);
    for (const auto& item : legend) {
        const double ly = legend_top + 16 * item.row;
        o << "<line x1=\"" << fixed(item.x) << "\" x2=\"" << fixed(item.x + 16) << "\" y1=\""
          << fixed(ly - 4) << "\" y2=\"" << fixed(ly - 4) << "\" stroke=\"" << item.colour
          << "\" stroke-width=\"" << (item.dashed ? 2 : 4) << "\""
          << (item.dashed ? " stroke-dasharray=\"5 3\"" : "") << "/>";
        o << "<text x=\"" << fixed(item.x + 20) << "\" y=\"" << fixed(ly) << "\" class=\"legend\">"
          << escape(item.name) << "</text>";
    }
    o << "</svg></figure>\n";
    return o.str();
}

std::string bar_chart(const std::string& title, const std::vector<Bar>& bars, double max_value) {
    const int width = 760, label_w = 250, row = 26, top = 30;
    const int height = top + row * static_cast<int>(bars.size()) + 24;
    const double plot_w = width - label_w - 170; // room for the value after the longest bar
    const auto X = [&](double v) { return label_w + plot_w * (max_value > 0 ? v / max_value : 0); };
    std::ostringstream o;
    o << "<figure class=\"chart\"><svg viewBox=\"0 0 " << width << " " << height
      << "\" role=\"img\" aria-label=\"" << escape(title) << "\">";
    o << "<text x=\"8\" y=\"18\" class=\"chart-title\">" << escape(title) << "</text>";
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const Bar& b = bars[i];
        const double y = top + row * static_cast<double>(i);
        if (b.heading) {
            o << "<text x=\"8\" y=\"" << fixed(y + 17) << "\" class=\"chart-title\">"
              << escape(b.label) << "</text>";
            continue;
        }
        o << "<text x=\"" << label_w - 8 << "\" y=\"" << fixed(y + 15)
          << "\" class=\"tick\" text-anchor=\"end\">" << escape(b.label) << "</text>";
        o << "<rect x=\"" << label_w << "\" y=\"" << fixed(y + 4) << "\" width=\""
          << fixed(X(b.value) - label_w) << "\" height=\"" << row - 8 << "\" fill=\"" << b.colour
          << "\"/>";
        if (b.low && b.high) {
            const double cy = y + row / 2.0;
            o << "<line x1=\"" << fixed(X(*b.low)) << "\" x2=\"" << fixed(X(*b.high)) << "\" y1=\""
              << fixed(cy) << "\" y2=\"" << fixed(cy) << "\" class=\"whisker\"/>";
            for (double v : {*b.low, *b.high})
                o << "<line x1=\"" << fixed(X(v)) << "\" x2=\"" << fixed(X(v)) << "\" y1=\""
                  << fixed(cy - 5) << "\" y2=\"" << fixed(cy + 5) << "\" class=\"whisker\"/>";
        }
        o << "<text x=\"" << fixed(X(b.high.value_or(b.value)) + 6) << "\" y=\"" << fixed(y + 15)
          << "\" class=\"tick\">" << escape(b.text) << "</text>";
    }
    o << "<line x1=\"" << label_w << "\" x2=\"" << label_w << "\" y1=\"" << top << "\" y2=\""
      << height - 24 << "\" class=\"axis\"/>";
    o << "</svg></figure>\n";
    return o.str();
}

std::string interval_chart(const std::string& title, const std::vector<std::string>& x_labels,
                           const std::vector<IntervalSeries>& series) {
    const int width = 760, left = 56, right = 16, top = 34;
    // Legend rows under the x labels, wrapping at the chart's width.
    std::vector<std::pair<double, int>> place;
    {
        double x = left;
        int row = 0;
        for (const auto& s : series) {
            const double w = 28 + 6.5 * static_cast<double>(s.name.size());
            if (x + w > width - right && x > left) x = left, ++row;
            place.push_back({x, row});
            x += w;
        }
    }
    const int legend_rows = series.size() > 1 ? place.back().second + 1 : 0;
    const int plot_h = 180, bottom = 34 + 16 * legend_rows;
    const int height = top + plot_h + bottom;
    const double plot_w = width - left - right;
    const std::size_t n = x_labels.size();
    const auto X = [&](double i) { return left + plot_w * (i + 0.5) / static_cast<double>(n); };
    const auto Y = [&](double v) { return top + plot_h * (1 - v); };
    std::ostringstream o;
    o << "<figure class=\"chart\"><svg viewBox=\"0 0 " << width << " " << height
      << "\" role=\"img\" aria-label=\"" << escape(title) << "\">";
    o << "<text x=\"" << left << "\" y=\"18\" class=\"chart-title\">" << escape(title)
      << "</text>";
    for (int k = 0; k <= 4; ++k) {
        const double v = k / 4.0;
        o << "<line x1=\"" << left << "\" x2=\"" << width - right << "\" y1=\"" << fixed(Y(v))
          << "\" y2=\"" << fixed(Y(v)) << "\" class=\"grid\"/>";
        o << "<text x=\"" << left - 6 << "\" y=\"" << fixed(Y(v) + 4)
          << "\" class=\"tick\" text-anchor=\"end\">" << 25 * k << "%</text>";
    }
    // Labels thinned so that they do not overlap (about 7 px a character).
    std::size_t longest = 1;
    for (const auto& l : x_labels) longest = std::max(longest, l.size());
    const auto every = static_cast<std::size_t>(std::max(
        1.0, std::ceil(7.0 * static_cast<double>(longest) * static_cast<double>(n) / plot_w)));
    for (std::size_t i = 0; i < n; i += every)
        o << "<text x=\"" << fixed(X(static_cast<double>(i))) << "\" y=\"" << top + plot_h + 16
          << "\" class=\"tick\" text-anchor=\"middle\">" << escape(x_labels[i]) << "</text>";
    const double gap = std::min(8.0, plot_w / static_cast<double>(std::max<std::size_t>(n, 1)) /
                                         static_cast<double>(series.size() + 1));
    for (std::size_t k = 0; k < series.size(); ++k) {
        const IntervalSeries& s = series[k];
        const double shift = gap * (static_cast<double>(k) - (series.size() - 1) / 2.0);
        std::string line;
        for (std::size_t i = 0; i < n && i < s.value.size(); ++i) {
            if (std::isnan(s.value[i])) continue;
            const double x = X(static_cast<double>(i)) + shift;
            line += fixed(x) + "," + fixed(Y(s.value[i])) + " ";
            o << "<line x1=\"" << fixed(x) << "\" x2=\"" << fixed(x) << "\" y1=\""
              << fixed(Y(s.low[i])) << "\" y2=\"" << fixed(Y(s.high[i])) << "\" stroke=\""
              << s.colour << "\" stroke-width=\"1.5\"/>";
            o << "<circle cx=\"" << fixed(x) << "\" cy=\"" << fixed(Y(s.value[i]))
              << "\" r=\"3.5\" fill=\"" << s.colour << "\"><title>" << escape(s.name) << ", "
              << escape(x_labels[i]) << ": " << fixed(100 * s.value[i]) << "% ("
              << fixed(100 * s.low[i]) << "–" << fixed(100 * s.high[i]) << "%)</title></circle>";
        }
        o << "<polyline fill=\"none\" stroke=\"" << s.colour
          << "\" stroke-width=\"1\" stroke-opacity=\"0.6\" points=\"" << line << "\"/>";
    }
    o << "<line x1=\"" << left << "\" x2=\"" << width - right << "\" y1=\"" << top + plot_h
      << "\" y2=\"" << top + plot_h << "\" class=\"axis\"/>";
    if (series.size() > 1)
        for (std::size_t k = 0; k < series.size(); ++k) {
            const double ly = top + plot_h + 36 + 16 * place[k].second, lx = place[k].first;
            o << "<line x1=\"" << fixed(lx) << "\" x2=\"" << fixed(lx + 16) << "\" y1=\""
              << fixed(ly - 4) << "\" y2=\"" << fixed(ly - 4) << "\" stroke=\"" << series[k].colour
              << "\" stroke-width=\"4\"/>";
            o << "<text x=\"" << fixed(lx + 20) << "\" y=\"" << fixed(ly) << "\" class=\"legend\">"
              << escape(series[k].name) << "</text>";
        }
    o << "</svg></figure>\n";
    return o.str();
}

} // namespace vaxsim::svg

namespace vaxsim::svg {

std::string strip_chart(const std::string& title, const std::vector<StripRow>& rows,
                        const std::vector<std::pair<int, std::string>>& ticks,
                        const std::vector<std::pair<std::string, std::string>>& legend,
                        int width) {
    const int left = 140, right = 16, top = 30, row_h = 18, legend_row = 16;
    std::size_t n = 1;
    for (const auto& r : rows) n = std::max(n, r.colours.size());
    // The legend in rows of as many items as fit.
    std::vector<std::pair<double, int>> place;
    double x = left;
    int legend_rows = legend.empty() ? 0 : 1;
    for (const auto& item : legend) {
        const double w = 28 + 6.5 * static_cast<double>(item.second.size());
        if (x + w > width - right && x > left) x = left, ++legend_rows;
        place.push_back({x, legend_rows - 1});
        x += w;
    }
    const double plot_w = width - left - right;
    const int strips_bottom = top + row_h * static_cast<int>(rows.size());
    const int height = strips_bottom + 22 + legend_row * legend_rows + 6;
    const double w = plot_w / static_cast<double>(n);
    std::ostringstream o;
    o << "<figure class=\"chart\"><svg viewBox=\"0 0 " << width << " " << height
      << "\" role=\"img\" aria-label=\"" << escape(title) << "\"><text x=\"" << left
      << "\" y=\"18\" class=\"chart-title\">" << escape(title) << "</text>";
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const double y = top + row_h * static_cast<double>(r);
        o << "<text x=\"" << left - 6 << "\" y=\"" << fixed(y + row_h - 6)
          << "\" text-anchor=\"end\" class=\"tick\">" << escape(rows[r].name) << "</text>";
        for (std::size_t i = 0; i < rows[r].colours.size(); ++i)
            if (!rows[r].colours[i].empty())
                o << "<rect x=\"" << fixed(left + w * static_cast<double>(i)) << "\" y=\""
                  << fixed(y + 2) << "\" width=\"" << fixed(w + 0.5) << "\" height=\"" << row_h - 4
                  << "\" fill=\"" << rows[r].colours[i] << "\"/>";
    }
    for (const auto& [i, label] : ticks)
        o << "<text x=\"" << fixed(left + w * i) << "\" y=\"" << strips_bottom + 14
          << "\" class=\"tick\">" << escape(label) << "</text>";
    for (std::size_t k = 0; k < legend.size(); ++k) {
        const double ly = strips_bottom + 22 + legend_row * (place[k].second + 1) - 4;
        o << "<rect x=\"" << fixed(place[k].first) << "\" y=\"" << fixed(ly - 9)
          << "\" width=\"16\" height=\"10\" fill=\"" << legend[k].first << "\"/><text x=\""
          << fixed(place[k].first + 20) << "\" y=\"" << fixed(ly) << "\" class=\"legend\">"
          << escape(legend[k].second) << "</text>";
    }
    o << "</svg></figure>\n";
    return o.str();
}

} // namespace vaxsim::svg

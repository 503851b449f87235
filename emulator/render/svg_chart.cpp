#include "emulator/render/svg_chart.hpp"

#include "emulator/text/xml_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace mcuprof::svg {
namespace {

constexpr double kLeft = 70, kRight = 40, kTop = 40, kBottom = 90, kPlotHeight = 260;
constexpr size_t kMaxLabel = 24;  // category labels longer than this keep their end

std::string axis_value(double v) {
    if (v >= 1e9) return fmt::format("{:g}G", v / 1e9);
    if (v >= 1e6) return fmt::format("{:g}M", v / 1e6);
    if (v >= 1e3) return fmt::format("{:g}k", v / 1e3);
    return fmt::format("{:g}", v);
}

void y_axis(std::string& out, double width, double y_max, const std::string& unit) {
    auto w = std::back_inserter(out);
    for (int i = 0; i <= 5; ++i) {
        const double v = y_max * i / 5.0;
        const double y = kTop + kPlotHeight * (1.0 - i / 5.0);
        fmt::format_to(w, "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>", kLeft, y,
                       width - kRight, y);
        fmt::format_to(w, "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" font-size=\"11\">{}</text>", kLeft - 6,
                       y + 4, axis_value(v));
    }
    fmt::format_to(w,
                   "<text x=\"14\" y=\"{:.1f}\" font-size=\"11\" transform=\"rotate(-90 14 {:.1f})\" "
                   "text-anchor=\"middle\">{}</text>",
                   kTop + kPlotHeight / 2, kTop + kPlotHeight / 2, escape(unit));
}

void legend(std::string& out, const std::vector<LegendEntry>& entries, double y,
            const std::vector<bool>& used = {}) {
    auto w = std::back_inserter(out);
    double x = kLeft;
    for (size_t i = 0; i < entries.size(); ++i) {
        if (!used.empty() && !used[i]) continue;
        const LegendEntry& e = entries[i];
        fmt::format_to(w, "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"10\" height=\"10\" fill=\"{}\"/>", x, y - 9, e.color);
        fmt::format_to(w, "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\">{}</text>", x + 14, y, escape(e.name));
        x += 24 + 6.5 * double(e.name.size());
    }
}

std::string open_svg(const std::string& id, const std::string& title, double width, double height) {
    return fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"{}\" width=\"{:.0f}\" "
                       "height=\"{:.0f}\" viewBox=\"0 0 {:.0f} {:.0f}\" font-family=\"sans-serif\">"
                       "<text x=\"{:.1f}\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{}</text>",
                       escape(id), width, height, width, height, kLeft, escape(title));
}

}  // namespace

std::string escape(const std::string& text) { return xml_escape(text); }

double nice_ceiling(double value) {
    if (!(value > 0)) return 1;
    const double p = std::pow(10.0, std::floor(std::log10(value)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * p >= value * (1 - 1e-12)) return m * p;
    return 10 * p;
}

std::string render(const BarChart& chart) {
    size_t bars_per_category = 1;
    double y_max = 0;
    std::vector<bool> used(chart.legend.size(), false);
    for (const Category& c : chart.categories) {
        bars_per_category = std::max(bars_per_category, c.bars.size());
        for (const auto& bar : c.bars) {
            double sum = 0;
            for (const Segment& s : bar) {
                sum += s.value;
                if (s.value > 0) used.at(size_t(s.series)) = true;
            }
            y_max = std::max(y_max, sum);
        }
    }
    // A limit far above the bars would flatten them: it is then named at the
    // top of the chart instead of drawn to scale.
    const bool limit_on_scale = chart.limit && chart.limit->value <= 4 * y_max;
    if (limit_on_scale) y_max = std::max(y_max, chart.limit->value);
    y_max = nice_ceiling(y_max * 1.05);
    const double bar_w = 10, gap = 8;
    const double group_w = std::max(20.0, bar_w * double(bars_per_category) + gap);  // room for a label
    const double plot_w = std::max(500.0, group_w * double(chart.categories.size()));
    size_t longest = 0;
    for (const Category& c : chart.categories) longest = std::max(longest, std::min(c.label.size(), kMaxLabel));
    // Labels are rotated by 60 degrees: about 4.7 px of height per character.
    const double bottom = std::max(kBottom, 40.0 + 4.7 * double(longest));
    const double width = kLeft + plot_w + kRight, height = kTop + kPlotHeight + bottom;
    const double step = plot_w / double(std::max<size_t>(1, chart.categories.size()));
    const double bw = std::min(40.0, (step - gap) / double(bars_per_category));

    std::string out = open_svg(chart.id, chart.title, width, height);
    auto w = std::back_inserter(out);
    y_axis(out, width, y_max, chart.y_unit);
    auto y_of = [&](double v) { return kTop + kPlotHeight * (1.0 - v / y_max); };
    for (size_t i = 0; i < chart.categories.size(); ++i) {
        const Category& c = chart.categories[i];
        const double x0 = kLeft + step * double(i) + (step - bw * double(c.bars.size())) / 2;
        fmt::format_to(w, "<g class=\"category\"><title>{}</title>", escape(c.tooltip.empty() ? c.label : c.tooltip));
        for (size_t b = 0; b < c.bars.size(); ++b) {
            double base = 0;
            for (const Segment& s : c.bars[b]) {
                if (s.value <= 0) continue;
                const std::string& color = chart.legend.at(size_t(s.series)).color;
                fmt::format_to(w, "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>",
                               x0 + bw * double(b), y_of(base + s.value), std::max(1.0, bw - 1),
                               y_of(base) - y_of(base + s.value), color);
                base += s.value;
            }
        }
        out += "</g>";
        const double lx = kLeft + step * (double(i) + 0.5), ly = kTop + kPlotHeight + 8;
        const std::string label = c.label.size() > kMaxLabel ? c.label.substr(c.label.size() - kMaxLabel) : c.label;
        fmt::format_to(w,
                       "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"9\" text-anchor=\"end\" "
                       "transform=\"rotate(-60 {:.1f} {:.1f})\">{}</text>",
                       lx, ly, lx, ly, escape(label));
    }
    if (chart.limit && !limit_on_scale) {
        fmt::format_to(w, "<text class=\"limit\" x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" fill=\"#c00\" "
                          "text-anchor=\"end\">{} (above the scale)</text>",
                       width - kRight, kTop - 6, escape(chart.limit->label));
    }
    if (limit_on_scale) {
        const double y = y_of(chart.limit->value);
        fmt::format_to(w,
                       "<line class=\"limit\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#c00\" "
                       "stroke-dasharray=\"6 3\" stroke-width=\"1.5\"/><text x=\"{:.1f}\" y=\"{:.1f}\" "
                       "font-size=\"11\" fill=\"#c00\" text-anchor=\"end\">{}</text>",
                       kLeft, y, width - kRight, y, width - kRight, y - 4, escape(chart.limit->label));
    }
    legend(out, chart.legend, height - 8, used);
    out += "</svg>";
    return out;
}

std::string render(const LineChart& chart) {
    double x_min = INFINITY, x_max = -INFINITY, y_max = 0;
    for (const Series& s : chart.series)
        for (const Point& p : s.points) {
            x_min = std::min(x_min, p.x);
            x_max = std::max(x_max, p.x);
            y_max = std::max(y_max, p.y);
        }
    if (!(x_min <= x_max)) x_min = 0, x_max = 1;
    if (x_max == x_min) x_max = x_min + 1;
    const double pad = (x_max - x_min) * 0.05;
    x_min = std::max(0.0, x_min - pad);
    x_max += pad;
    y_max = nice_ceiling(y_max * 1.05);
    const double plot_w = 640, width = kLeft + plot_w + kRight, height = kTop + kPlotHeight + kBottom;
    std::string out = open_svg(chart.id, chart.title, width, height);
    auto w = std::back_inserter(out);
    y_axis(out, width, y_max, chart.y_label);
    auto px = [&](double x) { return kLeft + plot_w * (x - x_min) / (x_max - x_min); };
    auto py = [&](double y) { return kTop + kPlotHeight * (1.0 - y / y_max); };
    for (int i = 0; i <= 4; ++i) {
        const double x = x_min + (x_max - x_min) * i / 4.0;
        fmt::format_to(w, "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
                       px(x), kTop + kPlotHeight + 16, x_max >= 100 ? fmt::format("{:.0f}", x) : fmt::format("{:.3g}", x));
    }
    fmt::format_to(w, "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
                   kLeft + plot_w / 2, kTop + kPlotHeight + 34, escape(chart.x_label));
    std::vector<LegendEntry> entries;
    for (const Series& s : chart.series) {
        entries.push_back({s.name, s.color});
        std::string path;
        for (const Point& p : s.points) path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "" : " ", px(p.x), py(p.y));
        fmt::format_to(w, "<polyline class=\"series\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/>",
                       s.color, path);
        for (const Point& p : s.points) {
            fmt::format_to(w,
                           "<g class=\"point\"><title>{}: {} ({:g}, {:g})</title><circle cx=\"{:.1f}\" cy=\"{:.1f}\" "
                           "r=\"4\" fill=\"{}\"/><text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\">{}</text></g>",
                           escape(s.name), escape(p.label), p.x, p.y, px(p.x), py(p.y), s.color, px(p.x) + 5,
                           py(p.y) - 5, escape(p.label));
        }
    }
    legend(out, entries, height - 8);
    out += "</svg>";
    return out;
}

}  // namespace mcuprof::svg

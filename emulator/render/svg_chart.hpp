// Inline SVG charts for the HTML report, generated here so the page needs no
// script library, font or network: a bar chart whose bars are stacks of
// segments (grouped per category, with an optional horizontal limit line),
// and an x-y line chart with labelled points.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace mcuprof::svg {

struct Segment {
    double value = 0;
    int series = 0;  // index into the chart's legend (colour and name)
};

// One category on the x axis, holding one or more side-by-side stacked bars.
struct Category {
    std::string label;
    std::vector<std::vector<Segment>> bars;
    std::string tooltip;
};

struct LegendEntry {
    std::string name;
    std::string color;
};

struct HorizontalLine {
    double value = 0;
    std::string label;
};

struct BarChart {
    std::string id;  // data-chart attribute
    std::string title;
    std::string y_unit;
    std::vector<LegendEntry> legend;
    std::vector<Category> categories;
    std::optional<HorizontalLine> limit;
};

struct Point {
    double x = 0;
    double y = 0;
    std::string label;
};

struct Series {
    std::string name;
    std::string color;
    std::vector<Point> points;  // drawn in order, joined by a line
};

struct LineChart {
    std::string id;
    std::string title;
    std::string x_label;
    std::string y_label;
    std::vector<Series> series;
};

std::string render(const BarChart& chart);
std::string render(const LineChart& chart);

// Escapes text for XML/HTML content and attributes.
std::string escape(const std::string& text);

// A "nice" axis maximum (1, 2, 2.5 or 5 times a power of ten) at least value.
double nice_ceiling(double value);

}  // namespace mcuprof::svg

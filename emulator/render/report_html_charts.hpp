// The chart specifications of the HTML report, built from the report tree and
// a comparison (svg_chart.hpp renders them). Kept apart from the page so tests
// can check what a chart shows without parsing SVG.
#pragma once

#include "emulator/render/svg_chart.hpp"
#include "emulator/report/comparison.hpp"
#include "emulator/report/report.hpp"

#include <string>

namespace mcuprof::html_charts {

// Per layer: a measured stack (arena peak when tracked, stack peak, and the
// rest of the layer's SRAM peak: static data and other RAM) next to the
// planner's prediction when there is one; the SRAM budget as the limit line.
// A report without layers shows the whole run as one category.
svg::BarChart memory_chart(const Report& report);

// Estimated cycles per layer, plus "(outside layers)".
svg::BarChart cycles_chart(const Report& report);

// Predicted and measured peak for every run of a comparison.
svg::BarChart schedule_chart(const Comparison& comparison);

// Peak memory (measured) against latency, one curve per board, schedule
// family and weight accounting, points ordered by the patch kernel k.
svg::LineChart tradeoff_chart(const Comparison& comparison);

}  // namespace mcuprof::html_charts

// The HTML writer: one self-contained page (no network, no external assets:
// inline CSS, inline SVG charts, one small inline script) showing a report
// and, when given, a comparison of schedules from mcuprof compare.
//
// Charts (each an <svg class="chart" data-chart="...">):
//   memory  - per layer, measured (stacked arena / stack / static + other RAM)
//             next to the planner's prediction, with the SRAM budget line;
//   cycles  - estimated cycles per layer (and outside layers);
//   schedules - with a comparison: predicted and measured peak per run;
//   tradeoff  - with a comparison: peak memory against latency over the patch
//             kernel k, one curve per board and weight accounting.
// The inline script checks on load that every chart is present and drawn and
// records the outcome in <html data-check="ok"> (or "failed: ...").
#pragma once

#include "emulator/report/comparison.hpp"
#include "emulator/report/report.hpp"

#include <string>

namespace mcuprof {

struct HtmlOptions {
    size_t top_functions = 20;
};

std::string report_to_html(const Report& report, const Comparison* comparison = nullptr,
                           const HtmlOptions& options = {});

// Only the comparison (mcuprof compare without a single report).
std::string comparison_to_html(const Comparison& comparison);

}  // namespace mcuprof

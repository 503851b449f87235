// The Markdown writer: a report sized for a pull-request comment (summary,
// per-layer table with predicted vs measured when the plan gave predictions,
// top functions, violations), and the comparison table of mcuprof compare.
#pragma once

#include "emulator/report/comparison.hpp"
#include "emulator/report/report.hpp"

#include <string>

namespace mcuprof {

struct MarkdownOptions {
    size_t top_functions = 10;
};

std::string report_to_markdown(const Report& report, const MarkdownOptions& options = {});
std::string comparison_to_markdown(const Comparison& comparison);

// Escapes what would break a Markdown table cell or inline text.
std::string markdown_escape(const std::string& text);
// Text as an inline code span (names of layers, functions, files).
std::string markdown_code(const std::string& text);

}  // namespace mcuprof

// The readable summary of a report for a terminal: totals, the per-layer
// table, the top functions and every violation.
#pragma once

#include "emulator/report/report.hpp"

#include <string>

namespace mcuprof {

struct TextOptions {
    size_t top_functions = 15;
};

std::string report_to_text(const Report& report, const TextOptions& options = {});

}  // namespace mcuprof

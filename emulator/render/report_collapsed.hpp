// The collapsed-stacks writer ("frame;frame;frame count" per line), the input
// of flamegraph.pl, speedscope, inferno and similar tools.
//
// The profiler keeps per-function totals, not call paths, so the stacks are
// two deep: "<elf>;<function> <exclusive cycles>" (CollapsedBy::Function), or
// "<elf>;<layer> <cycles>" plus "<elf>;(outside layers) <cycles>"
// (CollapsedBy::Layer). Either way the counts add up to the run's total
// (cycles or instructions, as chosen). Frame names have ';' replaced by ':'
// and line breaks by spaces; zero counts are left out.
#pragma once

#include "emulator/report/report.hpp"

#include <string>

namespace mcuprof {

enum class CollapsedBy { Function, Layer };
enum class CollapsedMetric { Cycles, Instructions };

std::string report_to_collapsed(const Report& report, CollapsedBy by = CollapsedBy::Function,
                                CollapsedMetric metric = CollapsedMetric::Cycles);

}  // namespace mcuprof

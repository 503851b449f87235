// One profiled run: loads the firmware on the board, runs it to its exit or
// first fatal violation, and fills the report tree. The report is complete in
// every outcome (exit, fault, budget, limit).
#pragma once

#include "emulator/report/report.hpp"
#include "emulator/run/run_options.hpp"
#include "emulator/semihost/console.hpp"

namespace mcuprof {

// Throws Error for bad input (unknown board, unreadable or unbootable ELF,
// an image that does not fit); everything the firmware does is reported.
Report run_firmware(const RunOptions& options, Console& console);

}  // namespace mcuprof

// The trace writer: Chrome / Perfetto trace-event JSON ("JSON Object Format",
// loads in ui.perfetto.dev and chrome://tracing).
//
// Time: ts and dur are microseconds of estimated time at the board clock
// (cycles * 1e6 / clock_hz; 1 cycle = 1 us when the clock is unknown); every
// slice also carries its exact cycle figures in args.
//
// Process 1, "timeline": thread 1 holds one "run" slice over the whole run
// with the layers nested inside it at their real positions (start_cycle,
// cycles); a counter "SRAM peak" steps to each layer's SRAM and stack peak
// at its start; violations are instant events at the end of the run.
//
// Process 2, "functions (aggregate)": the profiler records no call timestamps,
// so functions are not placed in time. Thread 1 holds one slice "all functions"
// of the run's length with one child per function whose duration is its
// exclusive (self) cycles, laid end to end from the largest; the children add
// up to the total. args give inclusive cycles, instructions and calls.
#pragma once

#include "emulator/report/report.hpp"

#include <nlohmann/json.hpp>

namespace mcuprof {

nlohmann::json report_to_trace(const Report& report);

}  // namespace mcuprof

// The result of running one model across schedules, boards and patch kernels
// (mcuprof compare): one row per run. The HTML and Markdown writers draw it;
// compare fills it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mcuprof {

struct ComparisonRow {
    std::string board;
    std::string schedule;                // the schedule as the planner spells it
    std::optional<uint32_t> patch_kernel;  // k of the decomposed patch embedding (none: undecomposed)
    std::string weights = "flash";       // where weights live: "flash" or "sram" (staged, eq. 5)
    uint64_t predicted_peak_bytes = 0;   // the planner's peak over the layers
    uint64_t measured_peak_bytes = 0;    // the emulator's peak over the layers
    uint64_t flash_bytes = 0;
    uint64_t instructions = 0;
    uint64_t cycles = 0;
    double latency_ms = 0;               // cycles at the board clock
    bool ok = true;                      // exit 0 and output matched the reference
    std::string note;                    // why not ok
    bool fits = true;                    // false: the planner refused it for the board (nothing was run)
};

struct Comparison {
    std::string model;
    std::vector<ComparisonRow> rows;
};

}  // namespace mcuprof

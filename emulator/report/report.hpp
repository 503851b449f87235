// The report tree a run fills in. Analysis produces this data; the writers
// (JSON, text, and later Markdown/HTML/trace) only read it.
#pragma once

#include "emulator/report/exact_report.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mcuprof {

struct Violation {
    std::string kind;         // see violation_kinds in report_json.cpp / README
    uint32_t address = 0;     // the offending address (data or instruction)
    uint32_t size = 0;        // access size in bytes (0 when not an access)
    std::string access;       // "read", "write", "fetch" or ""
    uint32_t pc = 0;          // the instruction responsible
    std::string function;     // function containing pc ("" when unknown)
    std::string file;         // source file of pc (when debug info exists)
    int line = 0;
    std::optional<std::string> layer;  // layer open when it happened
    std::string detail;       // one-line explanation
};

struct LayerReport {
    std::string name;
    uint64_t instructions = 0;
    uint64_t cycles = 0;
    uint64_t start_cycle = 0;       // cycle count at the layer's begin marker
    uint64_t sram_peak_bytes = 0;   // RAM touched (outside the stack) + the layer's stack peak
    uint64_t stack_peak_bytes = 0;  // deepest stack during the layer
    std::optional<uint64_t> predicted_peak_bytes;
    std::optional<uint64_t> arena_peak_bytes;  // measured against a plan (mcuprof profile)
    std::optional<uint64_t> stack_bound_bytes;  // static bound from the call graph (mcuprof profile)
    uint64_t runs = 1;  // runs of this name folded into the row (layer_folding.hpp); 1 = one run
};

// Work done outside any layer (start-up, between layers, after the last).
struct OutsideLayers {
    uint64_t instructions = 0;
    uint64_t cycles = 0;
};

struct FunctionReport {
    std::string name;
    uint64_t instructions = 0;            // exclusive (self)
    uint64_t cycles = 0;                  // exclusive (self)
    uint64_t inclusive_instructions = 0;  // self + callees
    uint64_t inclusive_cycles = 0;
    uint64_t calls = 0;
    std::string file;
    int line = 0;
};

struct MemoryReport {
    uint64_t sram_peak_bytes = 0;   // RAM touched outside the stack + stack peak
    uint64_t stack_peak_bytes = 0;
    uint64_t static_bytes = 0;      // .data + .bss (allocated, writable sections)
    uint64_t flash_bytes = 0;       // bytes the image occupies in flash
    uint64_t sram_budget_bytes = 0;
    uint64_t flash_budget_bytes = 0;
    uint32_t stack_top = 0;
    uint32_t stack_limit = 0;
};

struct ExitInfo {
    std::string reason = "exit";  // "exit", "fault", "budget" or "limit"
    int code = 0;
    std::string detail;
};

// Line fills of one cache of the memory system (hits are not counted: a
// block whose lines are resident is charged without a lookup).
struct CacheReport {
    std::string name;  // "art-instruction", "art-data", "l1-instruction", "l1-data"
    uint64_t misses = 0;
};

// Executions of one mnemonic in one function costed with an unsourced
// default (no published figure, or not decoded: mnemonic "(undecoded)").
struct UnpricedInstruction {
    std::string mnemonic;
    std::string function;
    uint64_t count = 0;
};

struct ModelInfo {
    std::string cycle_model;        // e.g. "cortex-m4 TRM table"
    // "block": instruction fetches and literal loads priced per block (the
    // default); "memory": every load priced too (a read hook).
    std::string timing_mode;
    // The memory system as the firmware left it configured, e.g. "flash
    // latency 7 wait states, prefetch on, ART on, L1 I-cache on, D-cache on".
    std::string memory_configuration;
    uint64_t fetch_stall_cycles = 0;  // included in the cycles
    uint64_t data_stall_cycles = 0;   // included in the cycles (timing mode "memory")
    std::vector<CacheReport> caches;
    uint64_t unmodelled_instructions = 0;  // executed instructions with a default cost
    std::vector<UnpricedInstruction> unpriced;  // the same, per (mnemonic, function), most executed first
};

// The core clock over the run (emulator/clock): the one in effect at the end,
// why, and the timeline that turns cycles into time across clock changes.
struct ClockSpanReport {
    uint64_t from_cycle = 0;  // the first cycle at hz
    uint64_t hz = 0;
};

struct ClockReport {
    uint64_t hz = 0;          // core clock at the end of the run (= Report::clock_hz)
    std::string source;       // e.g. "PLL from HSE 25 MHz (M 25, N 432, P 2)"; "" in reports without it
    bool configured = false;  // the firmware changed the clock from the reset clock
    std::vector<ClockSpanReport> timeline;  // empty: clock_hz throughout
};

struct Report {
    std::string schema = "mcuprof.report/1";
    std::string board;
    std::string core;
    uint64_t clock_hz = 0;  // core clock in effect at the end of the run
    ClockReport clock;
    std::string elf;
    ExitInfo exit;
    uint64_t instructions = 0;
    uint64_t cycles = 0;
    MemoryReport memory;
    std::vector<LayerReport> layers;
    OutsideLayers outside_layers;
    std::vector<FunctionReport> functions;
    std::vector<Violation> violations;
    std::vector<std::string> warnings;
    ModelInfo model;
    uint64_t peripheral_accesses = 0;
    std::string console;  // what the firmware wrote to stdout/stderr (bounded)
    std::optional<ExactReport> exact;  // --exact only
    double wall_seconds = 0;

    // Milliseconds from cycle `from` to cycle `to` on the clock timeline (at
    // clock_hz when the report has none; 0 when no clock is known).
    double ms_between(uint64_t from, uint64_t to) const;
    double estimated_ms() const { return ms_between(0, cycles); }
    // A layer row's time: exact for one run; for a folded row (runs > 1),
    // exact while the clock does not change after the row's first run began.
    double layer_ms(const LayerReport& layer) const {
        return ms_between(layer.start_cycle, layer.start_cycle + layer.cycles);
    }
};

}  // namespace mcuprof

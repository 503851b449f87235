// What exact mode adds to the report tree (see exact_tracer.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mcuprof {

// Byte-exact memory figures of one layer (or of the whole run).
struct ExactLayerFootprint {
    std::string name;
    uint64_t bytes_read = 0;      // distinct RAM bytes read during the layer
    uint64_t bytes_written = 0;   // distinct RAM bytes written during the layer
    uint64_t bytes_touched = 0;   // distinct RAM bytes read or written
    std::optional<uint32_t> lowest;   // lowest RAM address touched
    std::optional<uint32_t> highest;  // highest RAM address touched
    uint64_t stack_peak_bytes = 0;    // stack_top - lowest stack byte written in the layer (or live at its start)
    // Distinct RAM bytes ever written outside the stack by the layer's end,
    // plus stack_peak_bytes: the fast mode's sram_peak_bytes, without its
    // blind spot for bytes written with their paint value.
    uint64_t sram_peak_bytes = 0;
    uint64_t reads = 0;               // load accesses
    uint64_t writes = 0;              // store accesses
    uint64_t uninitialised_read_bytes = 0;
    uint64_t dead_read_bytes = 0;
    // With a plan: the highest arena byte (relative to the arena, plus one)
    // that a live tensor holds written data in, or that the layer wrote, at
    // its end: the default mode's arena_peak_bytes without painting.
    std::optional<uint64_t> arena_peak_bytes;
};

// One kind of suspicious read, with where it happened (the first few are kept).
struct ExactFinding {
    std::string kind;       // "uninitialised-read", "dead-read" or "unplanned-write"
    uint32_t address = 0;
    uint32_t pc = 0;
    std::string function;   // filled by the runner from pc
    std::string file;
    int line = 0;
    std::optional<std::string> layer;
    std::optional<std::string> tensor;
};

struct ExactTensorAccess {
    std::string name;
    uint64_t bytes_read = 0;     // distinct bytes, over the tensor's lifetime
    uint64_t bytes_written = 0;
    uint64_t reads = 0;          // byte accesses
    uint64_t writes = 0;
};

struct ExactReport {
    // "run": the whole run under exact mode; "replay": only the layers named
    // by --exact-layers, each replayed from a snapshot at its begin marker
    // (the whole-run figures below then cover the replayed layers only).
    std::string scope = "run";
    std::vector<ExactLayerFootprint> layers;  // in marker order, same names as Report::layers
    ExactLayerFootprint outside;              // everything outside layers, merged
    // Whole run: distinct bytes ever written outside the stack region, and
    // how many of them hold their paint value at the end (which the fast
    // mode's scan cannot tell from unwritten bytes).
    uint64_t written_outside_stack = 0;
    uint64_t written_outside_stack_holding_paint = 0;
    uint64_t stack_peak_bytes = 0;
    uint64_t uninitialised_reads = 0;   // bytes read from never-written RAM
    uint64_t dead_reads = 0;            // bytes read from arena bytes holding dead data
    uint64_t unplanned_writes = 0;      // stores to arena bytes no live tensor holds
    std::vector<ExactFinding> findings; // the first few of each kind
    std::vector<ExactTensorAccess> tensors;
};

}  // namespace mcuprof

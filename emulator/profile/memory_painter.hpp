// Measures memory peaks without memory hooks: every mapped RAM byte is painted
// with a known pattern at reset; a byte that no longer holds its paint has been
// written. The stack region below SP is dead by definition, so it is re-painted
// at each layer marker, which gives a per-layer stack peak.
//
// The pattern depends on the address (a fixed pseudo-random 4 KB tile), so a
// firmware that writes one constant everywhere cannot hide behind it; a byte
// written with exactly its paint value still goes unseen (1 in 256 for random
// data). Exact mode (memory hooks) has no such blind spot.
#pragma once

#include "emulator/core/machine.hpp"

#include <cstdint>

namespace mcuprof {

class WriteTracker;

class MemoryPainter {
public:
    explicit MemoryPainter(const Machine& machine) : machine_(machine) {}
    // The stack occupies [stack_limit, stack_top); both 0 when unknown.
    void set_stack(uint32_t stack_limit, uint32_t stack_top) {
        stack_limit_ = stack_limit;
        stack_top_ = stack_top;
    }

    static uint8_t paint_at(uint32_t address);
    // Whether bytes (a copy of guest memory at address) all still hold their paint.
    static bool holds_paint(const uint8_t* bytes, size_t n, uint32_t address);

    // Paints every mapped RAM byte (call before loading .data into RAM).
    void paint_all();
    // Paints the dead stack [stack_limit, sp).
    void repaint_stack_below(uint32_t sp);
    // Deepest stack use since the last repaint: stack_top - lowest written byte.
    uint64_t stack_peak() const;
    // Bytes of mapped RAM outside the stack region that no longer hold paint.
    // With a write tracker, only pages written since the last call are
    // rescanned (the others keep their count) and the tracker is rearmed.
    uint64_t touched_outside_stack();
    void set_write_tracker(WriteTracker* tracker);

private:
    void paint(uint32_t begin, uint32_t end);
    uint64_t count_touched(const MemoryArea& area, uint64_t begin, uint64_t end) const;

    uint64_t count_page(size_t area, size_t page) const;

    const Machine& machine_;
    uint32_t stack_limit_ = 0;
    uint32_t stack_top_ = 0;
    WriteTracker* tracker_ = nullptr;
    std::vector<std::vector<uint32_t>> page_counts_;  // per RAM area, per tracker page
};

}  // namespace mcuprof

#include "emulator/memory_painter.hpp"

#include <algorithm>
#include <array>

namespace mcuprof {
namespace {

constexpr uint32_t kTile = 4096;

// A fixed xorshift sequence: deterministic across runs and hosts.
const std::array<uint8_t, kTile>& tile() {
    static const std::array<uint8_t, kTile> t = [] {
        std::array<uint8_t, kTile> out{};
        uint32_t x = 0x9E3779B9u;
        for (uint8_t& b : out) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            b = static_cast<uint8_t>(x >> 24);
        }
        return out;
    }();
    return t;
}

}  // namespace

uint8_t MemoryPainter::paint_at(uint32_t address) { return tile()[address % kTile]; }

void MemoryPainter::paint(uint32_t begin, uint32_t end) {
    for (const MemoryArea& area : machine_.ram()) {
        const uint64_t lo = std::max<uint64_t>(begin, area.base);
        const uint64_t hi = std::min<uint64_t>(end, uint64_t(area.base) + area.mapped_bytes);
        for (uint64_t a = lo; a < hi; ++a) area.host[a - area.base] = paint_at(static_cast<uint32_t>(a));
    }
}

void MemoryPainter::paint_all() { paint(0, 0xFFFFFFFFu); }

void MemoryPainter::repaint_stack_below(uint32_t sp) {
    if (stack_top_ > stack_limit_ && sp > stack_limit_) paint(stack_limit_, std::min(sp, stack_top_));
}

uint64_t MemoryPainter::stack_peak() const {
    if (stack_top_ <= stack_limit_) return 0;
    for (const MemoryArea& area : machine_.ram()) {
        const uint64_t lo = std::max<uint64_t>(stack_limit_, area.base);
        const uint64_t hi = std::min<uint64_t>(stack_top_, uint64_t(area.base) + area.mapped_bytes);
        for (uint64_t a = lo; a < hi; ++a) {
            if (area.host[a - area.base] != paint_at(static_cast<uint32_t>(a))) return stack_top_ - a;
        }
    }
    return 0;
}

uint64_t MemoryPainter::touched_outside_stack() const {
    uint64_t touched = 0;
    const auto& t = tile();
    for (const MemoryArea& area : machine_.ram()) {
        const uint64_t end = uint64_t(area.base) + area.mapped_bytes;
        for (uint64_t a = area.base; a < end; ++a) {
            if (a >= stack_limit_ && a < stack_top_) {
                a = stack_top_ - 1;
                continue;
            }
            touched += area.host[a - area.base] != t[a % kTile];
        }
    }
    return touched;
}

}  // namespace mcuprof

#include "emulator/profile/memory_painter.hpp"

#include "emulator/profile/write_tracker.hpp"

#include <algorithm>
#include <array>
#include <cstring>

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

bool MemoryPainter::holds_paint(const uint8_t* bytes, size_t n, uint32_t address) {
    for (size_t i = 0; i < n; ++i) {
        if (bytes[i] != paint_at(address + static_cast<uint32_t>(i))) return false;
    }
    return true;
}

// Bytes of an 8-byte word that are not zero, branch-free and without a
// popcount instruction (not in the x86-64 baseline): each byte's top bit
// says "nonzero", and one multiply sums the eight bits into the top byte.
inline unsigned nonzero_bytes(uint64_t x) {
    constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
    const uint64_t high = (((x & kLow7) + kLow7) | x) & ~kLow7;
    return static_cast<unsigned>(((high >> 7) * 0x0101010101010101ull) >> 56);
}

void MemoryPainter::paint(uint32_t begin, uint32_t end) {
    const auto& t = tile();
    for (const MemoryArea& area : machine_.ram()) {
        uint64_t a = std::max<uint64_t>(begin, area.base);
        const uint64_t hi = std::min<uint64_t>(end, uint64_t(area.base) + area.mapped_bytes);
        while (a < hi) {
            const uint64_t in_tile = a % kTile;
            const uint64_t run = std::min<uint64_t>(hi - a, kTile - in_tile);
            std::memcpy(area.host + (a - area.base), t.data() + in_tile, run);
            a += run;
        }
    }
}

void MemoryPainter::paint_all() { paint(0, 0xFFFFFFFFu); }

void MemoryPainter::repaint_stack_below(uint32_t sp) {
    if (stack_top_ <= stack_limit_ || sp <= stack_limit_) return;
    // Below the deepest byte written since the last repaint, the paint is intact.
    const uint64_t deepest = stack_top_ - stack_peak();
    const uint32_t from = static_cast<uint32_t>(std::max<uint64_t>(deepest, stack_limit_));
    if (from < sp) paint(from, std::min(sp, stack_top_));
}

uint64_t MemoryPainter::stack_peak() const {
    if (stack_top_ <= stack_limit_) return 0;
    const auto& t = tile();
    for (const MemoryArea& area : machine_.ram()) {
        uint64_t a = std::max<uint64_t>(stack_limit_, area.base);
        const uint64_t hi = std::min<uint64_t>(stack_top_, uint64_t(area.base) + area.mapped_bytes);
        while (a < hi) {
            const uint64_t in_tile = a % kTile;
            const uint64_t run = std::min<uint64_t>(hi - a, kTile - in_tile);
            const uint8_t* mem = area.host + (a - area.base);
            // memcmp finds an intact run at memory speed; only a run with a
            // written byte is searched byte by byte.
            if (std::memcmp(mem, t.data() + in_tile, run) != 0) {
                for (uint64_t i = 0; i < run; ++i) {
                    if (mem[i] != t[in_tile + i]) return stack_top_ - (a + i);
                }
            }
            a += run;
        }
    }
    return 0;
}

// Counts bytes of [begin, end) (host view from `base`) that differ from their
// paint. Untouched memory, the common case, is skipped a tile at a time, then
// 64 bytes at a time with no branch inside; a touched stretch is counted 8
// bytes at a time.
uint64_t MemoryPainter::count_touched(const MemoryArea& area, uint64_t begin, uint64_t end) const {
    const auto& t = tile();
    uint64_t touched = 0;
    uint64_t a = begin;
    while (a < end) {
        const uint64_t in_tile = a % kTile;
        const uint64_t run = std::min<uint64_t>(end - a, kTile - in_tile);
        const uint8_t* mem = area.host + (a - area.base);
        const uint8_t* pat = t.data() + in_tile;
        // A whole intact run costs one memcmp (vectorised by the C library).
        if (std::memcmp(mem, pat, run) == 0) {
            a += run;
            continue;
        }
        uint64_t i = 0;
        for (; i + 64 <= run; i += 64) {
            uint64_t diff = 0;
            for (int k = 0; k < 64; k += 8) {
                uint64_t m = 0;
                uint64_t p = 0;
                std::memcpy(&m, mem + i + k, 8);
                std::memcpy(&p, pat + i + k, 8);
                diff |= m ^ p;
            }
            if (diff == 0) continue;
            for (int k = 0; k < 64; k += 8) {
                uint64_t m = 0;
                uint64_t p = 0;
                std::memcpy(&m, mem + i + k, 8);
                std::memcpy(&p, pat + i + k, 8);
                touched += nonzero_bytes(m ^ p);
            }
        }
        for (; i < run; ++i) touched += mem[i] != pat[i];
        a += run;
    }
    return touched;
}

uint64_t MemoryPainter::count_page(size_t index, size_t page) const {
    const MemoryArea& area = machine_.ram()[index];
    const uint64_t lo = uint64_t(area.base) + page * WriteTracker::kPage;
    const uint64_t hi = std::min<uint64_t>(lo + WriteTracker::kPage, uint64_t(area.base) + area.mapped_bytes);
    // The page minus the stack region [stack_limit_, stack_top_).
    const uint64_t cut_lo = std::clamp<uint64_t>(stack_limit_, lo, hi);
    const uint64_t cut_hi = std::clamp<uint64_t>(stack_top_, lo, hi);
    if (stack_top_ > stack_limit_ && cut_lo < cut_hi) {
        return count_touched(area, lo, cut_lo) + count_touched(area, cut_hi, hi);
    }
    return count_touched(area, lo, hi);
}

void MemoryPainter::set_write_tracker(WriteTracker* tracker) {
    tracker_ = tracker;
    page_counts_.clear();
    if (tracker == nullptr) return;
    for (size_t i = 0; i < machine_.ram().size(); ++i) page_counts_.emplace_back(tracker->pages(i), 0);
}

uint64_t MemoryPainter::touched_outside_stack() {
    if (tracker_ != nullptr) {
        uint64_t touched = 0;
        for (size_t i = 0; i < page_counts_.size(); ++i) {
            for (size_t page = 0; page < page_counts_[i].size(); ++page) {
                if (tracker_->dirty(i, page)) page_counts_[i][page] = static_cast<uint32_t>(count_page(i, page));
                touched += page_counts_[i][page];
            }
        }
        tracker_->rearm();
        return touched;
    }
    uint64_t touched = 0;
    for (size_t i = 0; i < machine_.ram().size(); ++i) {
        const MemoryArea& area = machine_.ram()[i];
        for (size_t page = 0; page * WriteTracker::kPage < area.mapped_bytes; ++page) touched += count_page(i, page);
    }
    return touched;
}

}  // namespace mcuprof

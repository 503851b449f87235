// A set-associative cache of tags only (the emulator holds the data): what is
// resident decides whether an access stalls. Replacement is round-robin per
// set, so a hit changes nothing; the block-level fetch model relies on that
// (see MemorySystem::generation). Arm publishes no replacement policy for the
// Cortex-M7 L1 caches, nor ST for the ART: round-robin is the assumption.
#pragma once

#include <cstdint>
#include <vector>

namespace mcuprof {

class LineCache {
public:
    LineCache() = default;
    // total_bytes / line_bytes lines in `ways`-way sets; ways == lines for a
    // fully associative cache. All sizes powers of two.
    LineCache(uint32_t total_bytes, unsigned line_bytes, unsigned ways);

    bool present() const { return sets_ != 0; }
    uint32_t line_bytes() const { return line_bytes_; }

    // Whether the line holding address is resident.
    bool contains(uint32_t address) const;
    // Looks the line up and, on a miss, fills it (evicting round-robin).
    // Returns true on a hit.
    bool access(uint32_t address);
    void invalidate_all();

    uint64_t hits() const { return hits_; }
    uint64_t misses() const { return misses_; }

private:
    static constexpr uint32_t kInvalid = 0xFFFFFFFFu;
    uint32_t sets_ = 0;
    unsigned ways_ = 0;
    unsigned line_shift_ = 0;
    uint32_t line_bytes_ = 0;
    std::vector<uint32_t> tags_;     // sets_ * ways_ line numbers, kInvalid when empty
    std::vector<uint8_t> victim_;    // per set: the next way to replace
    uint64_t hits_ = 0;
    uint64_t misses_ = 0;
};

}  // namespace mcuprof

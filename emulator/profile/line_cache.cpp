#include "emulator/profile/line_cache.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>

namespace mcuprof {

LineCache::LineCache(uint32_t total_bytes, unsigned line_bytes, unsigned ways)
    : ways_(ways), line_shift_(unsigned(std::countr_zero(line_bytes))), line_bytes_(line_bytes) {
    const uint32_t lines = total_bytes / line_bytes;
    sets_ = ways == 0 ? 0 : lines / ways;
    tags_.assign(size_t(sets_) * ways_, kInvalid);
    victim_.assign(sets_, 0);
}

bool LineCache::contains(uint32_t address) const {
    const uint32_t line = address >> line_shift_;
    const uint32_t* set = &tags_[size_t(line & (sets_ - 1)) * ways_];
    for (unsigned w = 0; w < ways_; ++w) {
        if (set[w] == line) return true;
    }
    return false;
}

bool LineCache::access(uint32_t address) {
    const uint32_t line = address >> line_shift_;
    const uint32_t index = line & (sets_ - 1);
    uint32_t* set = &tags_[size_t(index) * ways_];
    for (unsigned w = 0; w < ways_; ++w) {
        if (set[w] == line) {
            ++hits_;
            return true;
        }
    }
    ++misses_;
    uint8_t& victim = victim_[index];
    set[victim] = line;
    victim = uint8_t((victim + 1) % ways_);
    return false;
}

void LineCache::invalidate_all() {
    std::fill(tags_.begin(), tags_.end(), kInvalid);
    std::fill(victim_.begin(), victim_.end(), 0);
}

}  // namespace mcuprof

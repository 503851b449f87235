#include "emulator/profile/memory_system.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace mcuprof {

std::string describe(const MemoryEnables& e, const BoardProfile& board) {
    const MemorySystemProfile& ms = board.memory_system;
    std::string out = fmt::format("flash latency {} wait states, prefetch {}", e.flash_latency, e.prefetch ? "on" : "off");
    if (ms.art) {
        out += fmt::format(", ART {}", e.art_icache ? "on" : "off");
        if (ms.art->dcache_lines != 0) out += fmt::format(" (data lines {})", e.art_dcache ? "on" : "off");
    }
    if (ms.l1) {
        out += fmt::format(", L1 I-cache {}, D-cache {}", e.l1_icache ? "on" : "off", e.l1_dcache ? "on" : "off");
    }
    return out;
}

MemorySystem::MemorySystem(const BoardProfile& board) : board_(board), fetch_bytes_(board.memory_system.fetch_bytes) {
    const MemorySystemProfile& ms = board.memory_system;
    if (ms.art) {
        // Fully associative: one set of all the lines.
        art_i_ = LineCache(ms.art->icache_lines * ms.art->line_bytes, ms.art->line_bytes, ms.art->icache_lines);
        if (ms.art->dcache_lines != 0) {
            art_d_ = LineCache(ms.art->dcache_lines * ms.art->line_bytes, ms.art->line_bytes, ms.art->dcache_lines);
        }
    }
    if (ms.l1) {
        l1_i_ = LineCache(ms.l1->icache_bytes, ms.l1->line_bytes, ms.l1->icache_ways);
        l1_d_ = LineCache(ms.l1->dcache_bytes, ms.l1->line_bytes, ms.l1->dcache_ways);
    }
}

void MemorySystem::configure(const MemoryEnables& enables) {
    if (enables == enables_) return;
    enables_ = enables;
    ++generation_;
}

void MemorySystem::invalidate_instruction_caches() {
    art_i_.invalidate_all();
    l1_i_.invalidate_all();
    ++generation_;
}

void MemorySystem::invalidate_data_caches() {
    art_d_.invalidate_all();
    l1_d_.invalidate_all();
    ++generation_;
}

// The region holding address, and whether it was reached through an alias
// of the flash (the F7's ITCM path, where its ART sits).
const MemoryRegion* MemorySystem::region_at(uint32_t address, bool& via_itcm_alias) const {
    const MemoryRegion* r = board_.region_at(address);
    via_itcm_alias = r != nullptr && r->kind == RegionKind::Flash && !r->contains(address);
    return r;
}

// Flash: FLASH_ACR.LATENCY wait states when a clock controller sets them,
// else (the mps2 boards) the profile's. TCMs: zero wait (Cortex-M7 TRM: the
// TCM interfaces are not cached and run at the core clock). Other RAM: the
// region's wait states.
MemorySystem::Path MemorySystem::fetch_path(uint32_t address) {
    bool itcm_alias = false;
    const MemoryRegion* r = region_at(address, itcm_alias);
    Path p;
    if (r == nullptr || r->kind == RegionKind::Tcm) return p;
    const MemorySystemProfile& ms = board_.memory_system;
    const bool m7 = board_.core == Core::CortexM7;
    if (r->kind == RegionKind::Flash) {
        p.wait = enables_.flash_latency;
        const bool art_serves = ms.art && (ms.art->itcm_alias_only ? itcm_alias : true);
        if (art_serves) {
            p.prefetch = enables_.prefetch;
            if (enables_.art_icache) p.cache = &art_i_;
        } else if (m7) {
            // AXIM: the M7's own prefetch queue overlaps sequential fetches.
            p.prefetch = true;
            if (ms.l1 && enables_.l1_icache) p.cache = &l1_i_;
        } else {
            p.prefetch = enables_.prefetch;
        }
        return p;
    }
    p.wait = r->wait_states;
    if (m7) {
        p.prefetch = true;
        if (ms.l1 && enables_.l1_icache && r->kind != RegionKind::Backup) p.cache = &l1_i_;
    }
    return p;
}

MemorySystem::Path MemorySystem::data_path(uint32_t address) {
    bool itcm_alias = false;
    const MemoryRegion* r = region_at(address, itcm_alias);
    Path p;
    if (r == nullptr || r->kind == RegionKind::Tcm) return p;
    const MemorySystemProfile& ms = board_.memory_system;
    if (r->kind == RegionKind::Flash) {
        p.wait = enables_.flash_latency;
        const bool art_serves = ms.art && (ms.art->itcm_alias_only ? itcm_alias : true);
        if (art_serves && ms.art->dcache_lines != 0 && enables_.art_dcache) {
            p.cache = &art_d_;
        } else if (!art_serves && ms.l1 && enables_.l1_dcache) {
            p.cache = &l1_d_;
        }
        return p;
    }
    p.wait = r->wait_states;
    // The backup SRAM sits in the Device region (ARMv7-M default memory map): never cached.
    if (ms.l1 && enables_.l1_dcache && r->kind != RegionKind::Backup) p.cache = &l1_d_;
    return p;
}

MemorySystem::BlockCost MemorySystem::enter_block(const FetchLayout& layout, bool taken) {
    BlockCost cost;
    const uint32_t first_unit = layout.address & ~(fetch_bytes_ - 1);
    bool filled = false;
    const Path path = fetch_path(layout.address);
    for (size_t k = 0; k < layout.unit_cycles.size(); ++k) {
        const uint32_t unit = first_unit + uint32_t(k) * fetch_bytes_;
        // What this unit costs when it is not in a cache, entered straight (0)
        // or after a taken branch (1).
        uint32_t uncached[2];
        if (k == 0) {
            uncached[0] = path.prefetch ? 0 : path.wait;  // the previous block's prefetch covers it
            uncached[1] = path.wait;
        } else {
            const uint32_t overlap = path.prefetch ? layout.unit_cycles[k - 1] : 0;
            uncached[0] = uncached[1] = path.wait > overlap ? path.wait - overlap : 0;
        }
        if (path.cache != nullptr) {
            // A miss fills the line and waits for it; a resident line costs nothing.
            if (!path.cache->access(unit)) {
                cost.stall += path.wait;
                filled = true;
            }
        } else {
            cost.stall += uncached[taken ? 1 : 0];
            cost.resident[0] += uncached[0];
            cost.resident[1] += uncached[1];
        }
    }
    if (!data_hook_) {
        for (uint32_t literal : layout.literals) {
            const Path d = data_path(literal);
            if (d.cache != nullptr) {
                if (!d.cache->access(literal)) {
                    cost.stall += d.wait;
                    filled = true;
                }
            } else {
                cost.stall += d.wait;
                cost.resident[0] += d.wait;
                cost.resident[1] += d.wait;
            }
        }
    }
    if (filled) {
        ++generation_;
        // A later line of this block may have evicted an earlier one (tiny caches).
        for (size_t k = 0; k < layout.unit_cycles.size() && path.cache != nullptr; ++k) {
            if (!path.cache->contains(first_unit + uint32_t(k) * fetch_bytes_)) cost.all_resident = false;
        }
        for (uint32_t literal : layout.literals) {
            const Path d = data_path(literal);
            if (!data_hook_ && d.cache != nullptr && !d.cache->contains(literal)) cost.all_resident = false;
        }
    }
    return cost;
}

uint32_t MemorySystem::data_load(uint32_t address, unsigned bytes) {
    const Path p = data_path(address);
    if (p.wait == 0) return 0;
    if (p.cache == nullptr) return p.wait;
    // An access crossing a line boundary looks up both lines.
    const uint32_t line = p.cache->line_bytes();
    const uint32_t last = address + (bytes == 0 ? 0 : bytes - 1);
    uint32_t stall = 0;
    for (uint32_t a = address & ~(line - 1); ; a += line) {
        if (!p.cache->access(a)) stall = p.wait;
        if (a >= (last & ~(line - 1))) break;
    }
    // Blocks leave data lines to this hook in this mode: no generation change.
    return stall;
}

std::vector<CacheCounts> MemorySystem::cache_counts() const {
    std::vector<CacheCounts> out;
    auto add = [&out](const char* name, const LineCache& c) {
        if (c.present()) out.push_back(CacheCounts{name, c.misses()});
    };
    add("art-instruction", art_i_);
    add("art-data", art_d_);
    add("l1-instruction", l1_i_);
    add("l1-data", l1_d_);
    return out;
}

}  // namespace mcuprof

// The memory system's share of the time axis: what an instruction fetch or a
// load costs beyond the core's zero-wait figures (cycle_model.hpp), given the
// part's hardware (the profile's [memory_system] and region wait states) and
// what the firmware switched on (flash latency, prefetch, ART, L1 caches).
//
// Instruction side, charged per block when it is entered (the default mode):
//   * the block's code is fetched in units of `fetch_bytes` (the F4's 128-bit
//     flash line, the M7's 64-bit fetch);
//   * a unit a cache holds (ART instruction lines, the M7 L1 I-cache) costs
//     nothing; a unit no cache holds waits for memory: W cycles, W the flash
//     latency (FLASH_ACR.LATENCY) or a RAM region's wait states;
//   * with a prefetcher (the F4/F7 flash prefetch, PRFTEN; the M7's prefetch
//     queue on its AXI path), the fetch of the next unit overlaps the
//     execution of the current one: max(0, W - cycles of the previous unit);
//     the first unit after a taken branch always waits W;
//   * constants a block loads from flash by PC-relative literal (LDR Rt, =x)
//     are data accesses with addresses known at decode: W each unless a data
//     cache (ART data lines, M7 L1 D-cache) holds them.
// Data side (timing mode "memory", a read hook on every load): each load
// that reaches flash or an uncached RAM region costs W unless a data cache
// holds its line. Stores retire through the write buffer: not charged.
//
// Blocks cache their cost: generation() changes whenever any line is filled
// or evicted or the configuration changes, and a block whose lines were all
// resident at the current generation costs its "resident" figure without a
// lookup (hits change nothing with round-robin replacement, line_cache.hpp).
#pragma once

#include "emulator/board/board_profile.hpp"
#include "emulator/profile/line_cache.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace mcuprof {

// What the firmware has switched on; all off at reset (FLASH_ACR reset value
// 0: LATENCY 0, no prefetch, no ART; SCB CCR.IC/DC 0).
struct MemoryEnables {
    unsigned flash_latency = 0;  // FLASH_ACR.LATENCY, wait states
    bool prefetch = false;       // FLASH_ACR.PRFTEN
    bool art_icache = false;     // F4 FLASH_ACR.ICEN, F7 FLASH_ACR.ARTEN
    bool art_dcache = false;     // F4 FLASH_ACR.DCEN
    bool l1_icache = false;      // SCB_CCR.IC
    bool l1_dcache = false;      // SCB_CCR.DC
    bool operator==(const MemoryEnables&) const = default;
};
std::string describe(const MemoryEnables& enables, const BoardProfile& board);

// What the fetch model needs of one block, computed once at decode.
struct FetchLayout {
    uint32_t address = 0;
    uint32_t size = 0;
    // Static cycles of the instructions starting in each fetch unit the block
    // touches (first unit first).
    std::vector<uint16_t> unit_cycles;
    // Addresses of the flash constants its literal loads read.
    std::vector<uint32_t> literals;
};

// Line fills (misses) of one cache, for the report. Hits are not counted:
// a block whose lines are resident is charged without a lookup.
struct CacheCounts {
    std::string name;
    uint64_t misses = 0;
};

class MemorySystem {
public:
    explicit MemorySystem(const BoardProfile& board);

    const MemoryEnables& enables() const { return enables_; }
    void configure(const MemoryEnables& enables);
    // Cache maintenance (SCB ICIALLU/DCISW/DCCISW..., FLASH_ACR ICRST/DCRST/ARTRST).
    void invalidate_instruction_caches();
    void invalidate_data_caches();

    // In timing mode "memory" every load goes through data_load(), so blocks
    // leave their literal loads to it.
    void set_data_hook_active(bool on) { data_hook_ = on; ++generation_; }

    // The fetch unit: blocks are laid out in units of this many bytes.
    unsigned fetch_bytes() const { return fetch_bytes_; }

    // Changes whenever a block's cached cost may no longer hold.
    uint32_t generation() const { return generation_; }

    // The stall of entering the block (taken: after a taken branch, call or
    // return; else straight from the previous block), looking its lines up
    // and filling them. resident[0/1] receive the stall when every line a
    // cache can hold hits, for entry straight / after a taken branch. Returns
    // whether all those lines are resident now.
    struct BlockCost {
        uint32_t stall = 0;
        uint32_t resident[2] = {0, 0};
        bool all_resident = true;
    };
    BlockCost enter_block(const FetchLayout& layout, bool taken);

    // Timing mode "memory": the stall of one load of `bytes` at address.
    uint32_t data_load(uint32_t address, unsigned bytes);

    std::vector<CacheCounts> cache_counts() const;

private:
    // How instructions or data at an address reach the core right now.
    struct Path {
        LineCache* cache = nullptr;  // the enabled cache serving it, if any
        uint32_t wait = 0;           // W on a miss or with no cache
        bool prefetch = false;       // sequential fetches overlap execution
    };
    Path fetch_path(uint32_t address);
    Path data_path(uint32_t address);
    const MemoryRegion* region_at(uint32_t address, bool& via_itcm_alias) const;

    const BoardProfile& board_;
    MemoryEnables enables_;
    unsigned fetch_bytes_ = 4;
    uint32_t generation_ = 0;
    bool data_hook_ = false;
    LineCache art_i_, art_d_, l1_i_, l1_d_;
};

}  // namespace mcuprof

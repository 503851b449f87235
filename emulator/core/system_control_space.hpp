// The System Control Space (0xE000_0000..0xE00F_FFFF) as MMIO: ITM stimulus
// ports (layer markers), DWT (CYCCNT from the cycle model), SysTick (counts down
// at the core clock, no interrupt delivery), SCB and the rest as plain registers.
// Registers without a model keep what is written and read it back, so ordinary
// start-up code (CMSIS SystemInit, FPU enable, cache enable) runs unchanged.
#pragma once

#include "emulator/board/board_profile.hpp"

#include <cstdint>
#include <optional>
#include <unordered_map>

namespace mcuprof {

// What the SCS needs from the rest of the emulator.
class ScsListener {
public:
    virtual ~ScsListener() = default;
    // A write to ITM stimulus port `port` (0..31) of `size` bytes.
    virtual void on_itm_write(unsigned port, uint32_t value, unsigned size, uint32_t address) = 0;
    // The modelled cycle count at the instruction making this access.
    virtual uint64_t cycles_at_access(uint32_t address, bool is_write) = 0;
};

class SystemControlSpace {
public:
    static constexpr uint32_t kBase = 0xE0000000u;
    static constexpr uint32_t kSize = 0x00100000u;

    SystemControlSpace(const BoardProfile& board, ScsListener& listener);

    uint32_t read(uint32_t offset, unsigned size);
    void write(uint32_t offset, unsigned size, uint32_t value);

    // SCB->CCR.DIV_0_TRP: integer division by zero faults.
    bool divide_by_zero_trap() const;
    // SCB->CCR.IC / DC: the Cortex-M7 L1 caches are on (always off without L1).
    bool icache_enabled() const;
    bool dcache_enabled() const;

    // What a write at `offset` did to the caches, for the memory system.
    enum class CacheEffect { None, Enables, InvalidateInstruction, InvalidateData };
    CacheEffect cache_effect(uint32_t offset) const;

    // Every register value and time base, to put back as it was (exact
    // replay restarts a layer from a snapshot).
    struct State {
        std::unordered_map<uint32_t, uint32_t> storage;
        // DWT CYCCNT: value = base + (counting ? now - since : 0), where it
        // counts while CYCCNTENA (cyccnt_enabled) and DEMCR.TRCENA are set.
        bool cyccnt_enabled = false;
        uint32_t cyccnt_base = 0;
        uint64_t cyccnt_since = 0;
        // SysTick.
        uint32_t systick_csr = 0;
        uint32_t systick_reload = 0;
        uint64_t systick_since = 0;
        uint64_t systick_wraps_seen = 0;
    };
    const State& state() const { return state_; }
    void restore(const State& state) { state_ = state; }

    // Number of accesses to registers that have no model (kept as storage).
    uint64_t unmodelled_accesses() const { return unmodelled_; }

private:
    bool cyccnt_counting() const;
    uint32_t cyccnt(uint64_t now) const;
    uint32_t ccsidr() const;
    void rebase_cyccnt(bool was_counting, uint32_t value_before, uint64_t now);
    void store(uint32_t offset, unsigned size, uint32_t value);
    uint32_t systick_current(uint64_t now);

    ScsListener& listener_;
    uint64_t clock_hz_;
    uint32_t cpuid_;
    std::optional<L1Caches> l1_;
    State state_;
    uint64_t unmodelled_ = 0;
};

}  // namespace mcuprof

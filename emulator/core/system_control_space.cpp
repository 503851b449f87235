#include "emulator/core/system_control_space.hpp"

namespace mcuprof {
namespace {

// Offsets from 0xE000_0000 (Armv7-M Architecture Reference Manual, B3 and C1).
constexpr uint32_t kItmStimulusEnd = 0x80;     // 32 ports x 4 bytes
constexpr uint32_t kItmTer = 0xE00;
constexpr uint32_t kItmTcr = 0xE80;
constexpr uint32_t kDwtCtrl = 0x1000;
constexpr uint32_t kDwtCyccnt = 0x1004;
constexpr uint32_t kDwtCtrlCyccntena = 1u << 0;
// CoreDebug->DEMCR (0xE000_EDFC), TRCENA = bit 24: ARMv7-M ARM C1.6.5 "Debug
// Exception and Monitor Control Register"; CMSIS core_cm4.h/core_cm7.h
// CoreDebug_DEMCR_TRCENA_Pos 24. Reset value 0 (power-on reset clears it).
constexpr uint32_t kDemcr = 0xEDFC;
constexpr uint32_t kDemcrTrcena = 1u << 24;
constexpr uint32_t kSysTickCsr = 0xE010;
constexpr uint32_t kSysTickRvr = 0xE014;
constexpr uint32_t kSysTickCvr = 0xE018;
constexpr uint32_t kSysTickCalib = 0xE01C;
constexpr uint32_t kCpuid = 0xED00;
constexpr uint32_t kCcr = 0xED14;
constexpr uint32_t kCcrDiv0Trp = 1u << 4;
constexpr uint32_t kCcrStkAlign = 1u << 9;
constexpr uint32_t kCcrDc = 1u << 16;  // ARMv7-M ARM B3.2.8 CCR: DC, data and unified caches enable
constexpr uint32_t kCcrIc = 1u << 17;  // IC, instruction cache enable
// Cache identification and maintenance (ARMv7-M ARM B4.8, Table B4-2 and B4-3).
constexpr uint32_t kClidr = 0xED78;
constexpr uint32_t kCtr = 0xED7C;
constexpr uint32_t kCcsidr = 0xED80;
constexpr uint32_t kCsselr = 0xED84;
constexpr uint32_t kIcialluis = 0xEF50;  // ICIALLU: invalidate all instruction caches
constexpr uint32_t kIcimvau = 0xEF58;    // by address to PoU
constexpr uint32_t kDcimvac = 0xEF5C;    // data: invalidate by address
constexpr uint32_t kDcisw = 0xEF60;      // invalidate by set/way
constexpr uint32_t kDccimvac = 0xEF70;   // clean and invalidate by address
constexpr uint32_t kDccisw = 0xEF74;     // clean and invalidate by set/way

constexpr uint32_t kCsrEnable = 1u << 0;
constexpr uint32_t kCsrCountFlag = 1u << 16;
constexpr uint32_t kSysTickMask = 0x00FFFFFFu;

// CPUID reset values from ST's programming manuals: PM0214 (Cortex-M4, r0p1)
// and PM0253 (Cortex-M7, r1p0).
uint32_t cpuid_for(Core core) { return core == Core::CortexM4 ? 0x410FC241u : 0x411FC270u; }

}  // namespace

SystemControlSpace::SystemControlSpace(const BoardProfile& board, ScsListener& listener)
    : listener_(listener), clock_hz_(board.clock_hz), cpuid_(cpuid_for(board.core)), l1_(board.memory_system.l1) {
    // As if a debugger had enabled tracing: the ITM and all its ports are on,
    // so the markers reach the emulator without any set-up in the firmware.
    state_.storage[kItmTer] = 0xFFFFFFFFu;
    state_.storage[kItmTcr] = 1u;  // ITMENA
    state_.storage[kCcr] = kCcrStkAlign;  // reset value on Cortex-M4 r0p1 and later, and M7 (ARMv7-M ARM B3.2.8)
    // DWT_CTRL.NUMCOMP = 4 comparators, as on the STM32F4/F7/H7 parts.
    state_.storage[kDwtCtrl] = 4u << 28;
}

// CYCCNT counts only while DWT_CTRL.CYCCNTENA and DEMCR.TRCENA are both set:
// ARMv7-M ARM C1.8.7 (DWT_CTRL.CYCCNTENA enables CYCCNT) and C1.6.5 (TRCENA
// "0 = DWT and ITM units disabled"; with TRCENA clear, DWT register reads
// are UNKNOWN). Here the counter holds its value while either bit is clear.
// The ITM stays enabled whatever TRCENA says: it is the emulator's marker
// channel (see the constructor), as a debugger that set it up would leave it.
bool SystemControlSpace::cyccnt_counting() const {
    auto it = state_.storage.find(kDemcr);
    const bool trace_enabled = it != state_.storage.end() && (it->second & kDemcrTrcena) != 0;
    return state_.cyccnt_enabled && trace_enabled;
}

uint32_t SystemControlSpace::cyccnt(uint64_t now) const {
    return state_.cyccnt_base + static_cast<uint32_t>(cyccnt_counting() ? now - state_.cyccnt_since : 0);
}

// Call after changing CYCCNTENA or TRCENA, with whether CYCCNT counted before
// and the value it had then: restarts the count from there if that changed.
void SystemControlSpace::rebase_cyccnt(bool was_counting, uint32_t value_before, uint64_t now) {
    if (cyccnt_counting() == was_counting) return;
    state_.cyccnt_base = value_before;
    state_.cyccnt_since = now;
}

uint32_t SystemControlSpace::systick_current(uint64_t now) {
    if ((state_.systick_csr & kCsrEnable) == 0) return state_.storage[kSysTickCvr] & kSysTickMask;
    const uint64_t period = uint64_t(state_.systick_reload) + 1;
    const uint64_t elapsed = now - state_.systick_since;
    const uint64_t wraps = elapsed / period;
    if (wraps != state_.systick_wraps_seen) {
        state_.systick_csr |= kCsrCountFlag;
        state_.systick_wraps_seen = wraps;
    }
    return static_cast<uint32_t>(state_.systick_reload - elapsed % period);
}

uint32_t SystemControlSpace::read(uint32_t offset, unsigned size) {
    if (offset < kItmStimulusEnd) {
        return 1;  // FIFO ready: markers never wait
    }
    switch (offset) {
        case kDwtCyccnt: return cyccnt(listener_.cycles_at_access(kBase + offset, false));
        case kDwtCtrl: return state_.storage[kDwtCtrl] | (state_.cyccnt_enabled ? kDwtCtrlCyccntena : 0u);
        case kSysTickCvr: return systick_current(listener_.cycles_at_access(kBase + offset, false));
        case kSysTickCsr: {
            systick_current(listener_.cycles_at_access(kBase + offset, false));
            const uint32_t value = state_.systick_csr;
            state_.systick_csr &= ~kCsrCountFlag;  // COUNTFLAG clears on read
            return value;
        }
        case kSysTickRvr: return state_.systick_reload;
        case kSysTickCalib: return 0;
        case kCpuid: return cpuid_;
        // Cortex-M7 with both L1 caches: CLIDR Ctype1 = 0b011 (separate I and
        // D), LoUU = LoC = 1; CTR as ST's PM0253 (4.8.x) gives for the Cortex-M7.
        // Without L1 the registers read as zero (no cache).
        case kClidr: return l1_ ? 0x09000003u : 0u;
        case kCtr: return l1_ ? 0x8303C003u : 0u;
        case kCcsidr: return ccsidr();
        default: break;
    }
    auto it = state_.storage.find(offset & ~3u);
    if (it == state_.storage.end()) {
        ++unmodelled_;
        return 0;
    }
    const unsigned shift = (offset & 3u) * 8;
    const uint32_t mask = size >= 4 ? 0xFFFFFFFFu : ((1u << (size * 8)) - 1);
    return (it->second >> shift) & mask;
}

void SystemControlSpace::write(uint32_t offset, unsigned size, uint32_t value) {
    if (offset < kItmStimulusEnd) {
        listener_.on_itm_write(offset / 4, value, size, kBase + offset);
        return;
    }
    switch (offset) {
        case kDwtCyccnt: {
            const uint64_t now = listener_.cycles_at_access(kBase + offset, true);
            state_.cyccnt_base = value;
            state_.cyccnt_since = now;
            return;
        }
        case kDwtCtrl: {
            const uint64_t now = listener_.cycles_at_access(kBase + offset, true);
            const bool was_counting = cyccnt_counting();
            const uint32_t before = cyccnt(now);
            state_.cyccnt_enabled = (value & kDwtCtrlCyccntena) != 0;
            rebase_cyccnt(was_counting, before, now);
            state_.storage[kDwtCtrl] = (state_.storage[kDwtCtrl] & 0xF0000000u) | (value & 0x0FFFFFFEu);
            return;
        }
        case kDemcr: case kDemcr + 1: case kDemcr + 2: case kDemcr + 3: {  // byte writes too
            const uint64_t now = listener_.cycles_at_access(kBase + offset, true);
            const bool was_counting = cyccnt_counting();
            const uint32_t before = cyccnt(now);
            store(offset, size, value);
            rebase_cyccnt(was_counting, before, now);
            return;
        }
        case kSysTickCsr: {
            const uint64_t now = listener_.cycles_at_access(kBase + offset, true);
            if ((value & kCsrEnable) && !(state_.systick_csr & kCsrEnable)) {
                state_.systick_since = now;
                state_.systick_wraps_seen = 0;
            }
            state_.systick_csr = (value & 0x7u) | (state_.systick_csr & kCsrCountFlag);
            return;
        }
        case kSysTickRvr: state_.systick_reload = value & kSysTickMask; return;
        case kSysTickCvr: {
            // Any write clears the counter and COUNTFLAG.
            state_.systick_since = listener_.cycles_at_access(kBase + offset, true) + 1;
            state_.systick_wraps_seen = 0;
            state_.systick_csr &= ~kCsrCountFlag;
            state_.storage[kSysTickCvr] = 0;
            return;
        }
        case kCpuid: return;  // read-only
        default: break;
    }
    store(offset, size, value);
}

// A plain register: keeps what is written (byte and halfword writes merge).
void SystemControlSpace::store(uint32_t offset, unsigned size, uint32_t value) {
    uint32_t& word = state_.storage[offset & ~3u];
    const unsigned shift = (offset & 3u) * 8;
    const uint32_t mask = size >= 4 ? 0xFFFFFFFFu : ((1u << (size * 8)) - 1);
    word = (word & ~(mask << shift)) | ((value & mask) << shift);
}

// CCSIDR for the cache CSSELR selects (ARMv7-M ARM B4.8.3): NumSets - 1 in
// [27:13], Associativity - 1 in [12:3], LineSize = log2(words per line) - 2
// in [2:0]; the data cache is write-back, read- and write-allocate [31:28]
// as PM0253 gives for the Cortex-M7 data cache, the instruction cache
// read-allocate only.
uint32_t SystemControlSpace::ccsidr() const {
    if (!l1_) return 0;
    auto it = state_.storage.find(kCsselr);
    const bool instruction = it != state_.storage.end() && (it->second & 1u) != 0;
    const uint32_t bytes = instruction ? l1_->icache_bytes : l1_->dcache_bytes;
    const uint32_t ways = instruction ? l1_->icache_ways : l1_->dcache_ways;
    const uint32_t sets = bytes / l1_->line_bytes / ways;
    uint32_t line_size = 0;
    for (uint32_t words = l1_->line_bytes / 4; words > 4; words >>= 1) ++line_size;
    const uint32_t policy = instruction ? 0x2u << 28 : 0x7u << 28;
    return policy | (sets - 1) << 13 | (ways - 1) << 3 | line_size;
}

bool SystemControlSpace::icache_enabled() const {
    auto it = state_.storage.find(kCcr);
    return l1_ && it != state_.storage.end() && (it->second & kCcrIc) != 0;
}

bool SystemControlSpace::dcache_enabled() const {
    auto it = state_.storage.find(kCcr);
    return l1_ && it != state_.storage.end() && (it->second & kCcrDc) != 0;
}

SystemControlSpace::CacheEffect SystemControlSpace::cache_effect(uint32_t offset) const {
    switch (offset & ~3u) {
        case kCcr: return CacheEffect::Enables;
        case kIcialluis:
        case kIcimvau: return CacheEffect::InvalidateInstruction;
        case kDcimvac:
        case kDcisw:
        case kDccimvac:
        case kDccisw: return CacheEffect::InvalidateData;
        default: return CacheEffect::None;
    }
}

bool SystemControlSpace::divide_by_zero_trap() const {
    auto it = state_.storage.find(kCcr);
    return it != state_.storage.end() && (it->second & kCcrDiv0Trp) != 0;
}

}  // namespace mcuprof

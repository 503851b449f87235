#include "emulator/clock/stm32h7_clock.hpp"

#include "emulator/clock/ahb_prescaler.hpp"
#include "emulator/clock/stm32h7_registers.hpp"

#include <fmt/format.h>

namespace mcuprof {

using namespace stm32h7;

namespace {

uint32_t field(uint32_t word, unsigned pos, uint32_t mask) { return (word >> pos) & mask; }

uint32_t follow(uint32_t word, uint32_t enable, uint32_t ready) { return (word & enable) ? word | ready : word & ~ready; }

const char* source_name(uint32_t source) {
    switch (source) {
        case 0: return "HSI";
        case 1: return "CSI";
        case 2: return "HSE";
        default: return "no source";
    }
}

}  // namespace

Stm32h7Clock::Stm32h7Clock(const BoardClock& clock) : hsi_reset_hz_(clock.reset_hz), hse_hz_(clock.hse_hz) {
    registers_.add_block("RCC", kRccBase, kBlockSize);
    registers_.add_block("PWR", kPwrBase, kBlockSize);
    registers_.add_block("SYSCFG", kSyscfgBase, kBlockSize);
    registers_.add_block("FLASH", kFlashBase, kFlashBlockSize);
    registers_.set_reset(kRccCr, kRccCrReset);
    registers_.set_reset(kRccPllckselr, kPllckselrReset);
    registers_.set_reset(kRccPllcfgr, kPllcfgrReset);
    registers_.set_reset(kRccPll1divr, kPll1divrReset);
    registers_.set_reset(kPwrCr3, kPwrCr3Reset);
    registers_.set_reset(kPwrD3cr, kPwrD3crReset | kVosrdy);
    registers_.set_reset(kPwrCsr1, kActvosrdy | kPwrD3crReset);
    registers_.set_reset(kFlashAcr, kFlashAcrReset);
    start();
}

uint64_t Stm32h7Clock::hsi_hz() const {
    return hsi_reset_hz_ >> field(registers_.word(kRccCr), kHsidivPos, 3);
}

uint32_t Stm32h7Clock::pll_source() const { return field(registers_.word(kRccPllckselr), 0, 3); }

uint64_t Stm32h7Clock::pll_input_hz() const {
    switch (pll_source()) {
        case 0: return hsi_hz();
        case 1: return kCsiHz;
        case 2: return hse_hz_;
        default: return 0;
    }
}

// RM0433 8.7.11-13: DIVM1 = 0 disables the prescaler, PLLSRC 11 selects no
// clock, DIVN1 must be 3 .. 511 (N 4 .. 512). Such a PLL is taken never to
// lock (an assumption where the manual only calls the setting invalid).
bool Stm32h7Clock::pll_can_lock() const {
    const uint32_t m = field(registers_.word(kRccPllckselr), kDivm1Pos, 0x3F);
    const uint32_t n = field(registers_.word(kRccPll1divr), kDivn1Pos, 0x1FF);
    return m != 0 && n >= 3 && pll_input_hz() != 0;
}

uint32_t Stm32h7Clock::switch_status() const { return field(registers_.word(kRccCfgr), kSwsPos, 7); }

void Stm32h7Clock::settle(uint32_t, uint32_t) {
    // Oscillators and PLLs: ready as soon as enabled (no start-up time is
    // modelled); the HSI divider settles at once (HSIDIVF stays 1).
    uint32_t cr = registers_.word(kRccCr) | kHsidivf | kD1ckrdy | kD2ckrdy;
    // The oscillator driving sys_ck cannot be switched off (RM0433 8.7.2).
    if (switch_status() == kSwHsi) cr |= kHsion;
    if (switch_status() == kSwCsi) cr |= kCsion;
    if (switch_status() == kSwHse) cr |= kHseon;
    cr = follow(cr, kHsion, kHsirdy);
    cr = follow(cr, kCsion, kCsirdy);
    cr = follow(cr, kHsi48on, kHsi48rdy);
    cr = hse_hz_ != 0 ? follow(cr, kHseon, kHserdy) : cr & ~kHserdy;
    cr = follow(cr, kPll2on, kPll2rdy);
    cr = follow(cr, kPll3on, kPll3rdy);
    // PLLON cannot be cleared while the PLL drives SYSCLK (RM0090 6.3.1,
    // RM0385 5.3.1, RM0433 8.7.2).
    if (switch_status() == kSwPll1) cr |= kPll1on;
    // A PLL setting made invalid while the PLL drives SYSCLK (which the
    // manuals forbid: its registers are written with the PLL off) stops it;
    // SYSCLK then falls back to HSI, as on an HSE failure under the clock
    // security system (an assumption).
    const bool pll_lost = switch_status() == kSwPll1 && !pll_can_lock();
    cr = pll_can_lock() ? follow(cr, kPll1on, kPll1rdy) : cr & ~kPll1rdy;
    registers_.set_word(kRccCr, cr);
    if (pll_lost) registers_.set_word(kRccCfgr, registers_.word(kRccCfgr) & ~(7u << kSwsPos));

    // The switch happens once the selected source is ready (RM0433 8.5.6).
    uint32_t cfgr = registers_.word(kRccCfgr);
    const uint32_t sw = field(cfgr, kSwPos, 7);
    const bool ready = sw == kSwHsi ? (cr & kHsirdy) != 0 : sw == kSwCsi ? (cr & kCsirdy) != 0
                     : sw == kSwHse ? (cr & kHserdy) != 0 : sw == kSwPll1 ? (cr & kPll1rdy) != 0 : false;
    if (ready) cfgr = (cfgr & ~(7u << kSwsPos)) | (sw << kSwsPos);
    registers_.set_word(kRccCfgr, cfgr);

    // The supply configuration (CR3) is accepted at once (ACTVOSRDY stays 1),
    // and the voltage scale written in D3CR is reached at once (VOSRDY 1;
    // CSR1.ACTVOS reports it).
    const uint32_t d3cr = registers_.word(kPwrD3cr) | kVosrdy;
    registers_.set_word(kPwrD3cr, d3cr);
    registers_.set_word(kPwrCsr1, (registers_.word(kPwrCsr1) & ~(3u << kVosPos)) | kActvosrdy | (d3cr & (3u << kVosPos)));
}

ClockSetting Stm32h7Clock::compute() const {
    ClockSetting s;
    const uint32_t d1cpre = ahb_divisor(field(registers_.word(kRccD1cfgr), kD1cprePos, 0xF));
    uint64_t sysclk = hsi_hz();
    switch (switch_status()) {
        case kSwCsi:
            sysclk = kCsiHz;
            s.source = fmt::format("CSI {}", describe_hz(kCsiHz));
            break;
        case kSwHse:
            sysclk = hse_hz_;
            s.source = fmt::format("HSE {}", describe_hz(hse_hz_));
            break;
        case kSwPll1: {
            const uint32_t m = field(registers_.word(kRccPllckselr), kDivm1Pos, 0x3F);
            const uint32_t divr = registers_.word(kRccPll1divr);
            const uint64_t n = field(divr, kDivn1Pos, 0x1FF) + 1;
            const uint64_t p = field(divr, kDivp1Pos, 0x7F) + 1;
            const uint64_t frac = (registers_.word(kRccPllcfgr) & kPll1fracen)
                                      ? field(registers_.word(kRccPll1fracr), kFracn1Pos, 0x1FFF)
                                      : 0;
            // source * (N + frac / 8192) / (M * P), in integers: source < 2^26,
            // (N * 8192 + frac) < 2^23.
            sysclk = pll_input_hz() * (n * 8192 + frac) / (uint64_t(m) * p * 8192);
            const std::string n_text = frac == 0 ? std::to_string(n) : fmt::format("{} + {}/8192", n, frac);
            s.source = fmt::format("PLL1 from {} {} (M {}, N {}, P {})", source_name(pll_source()),
                                   describe_hz(pll_input_hz()), m, n_text, p);
            break;
        }
        default: s.source = fmt::format("HSI {}", describe_hz(hsi_hz())); break;
    }
    s.core_hz = sysclk / d1cpre;
    const bool hsi_divided = field(registers_.word(kRccCr), kHsidivPos, 3) != 0;
    s.configured = switch_status() != kSwHsi || d1cpre != 1 || hsi_divided;
    if (d1cpre != 1) s.source += fmt::format(", core prescaler D1CPRE /{}", d1cpre);
    if (!s.configured) s.source = "reset clock: " + s.source + ", the firmware never switched SYSCLK";

    const uint32_t acr = registers_.word(kFlashAcr);
    s.flash_latency = acr & 0xFu;
    s.flash_clock_divider = ahb_divisor(field(registers_.word(kRccD1cfgr), kHprePos, 0xF));
    s.write_high_freq = field(acr, kWrhighfreqPos, 3);
    return s;
}

}  // namespace mcuprof

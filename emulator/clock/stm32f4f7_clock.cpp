#include "emulator/clock/stm32f4f7_clock.hpp"

#include "emulator/clock/ahb_prescaler.hpp"
#include "emulator/clock/stm32f4f7_registers.hpp"

#include <fmt/format.h>

namespace mcuprof {

using namespace stm32f4f7;

namespace {

uint32_t field(uint32_t word, unsigned pos, uint32_t mask) { return (word >> pos) & mask; }

// A ready bit that follows its enable.
uint32_t follow(uint32_t word, uint32_t enable, uint32_t ready) { return (word & enable) ? word | ready : word & ~ready; }

}  // namespace

Stm32f4f7Clock::Stm32f4f7Clock(Stm32Family family, const BoardClock& clock)
    : family_(family), hsi_hz_(clock.reset_hz), hse_hz_(clock.hse_hz) {
    registers_.add_block("RCC", kRccBase, kBlockSize);
    registers_.add_block("FLASH", kFlashBase, kBlockSize);
    registers_.add_block("PWR", kPwrBase, kBlockSize);
    registers_.set_reset(kRccCr, kRccCrReset);
    registers_.set_reset(kRccPllcfgr, kPllcfgrReset);
    registers_.set_reset(kRccAhb1enr, kAhb1enrReset);
    registers_.set_reset(kPwrCr, kPwrCrReset);
    registers_.set_reset(kPwrCsr, kVosrdy);
    registers_.set_reset(kFlashCr, kFlashCrReset);
    start();
}

// RM0090 / RM0385: the PLL needs 2 <= M and 50 <= N <= 432 (PLLM and PLLN
// descriptions). A configuration outside that is taken never to lock (an
// assumption: the manuals call it "wrong configuration" without saying what
// the hardware then does).
bool Stm32f4f7Clock::pll_can_lock() const {
    const uint32_t cfg = registers_.word(kRccPllcfgr);
    const uint32_t m = field(cfg, kPllmPos, 0x3F), n = field(cfg, kPllnPos, 0x1FF);
    if (m < 2 || n < 50 || n > 432) return false;
    return (cfg & kPllsrcHse) == 0 || hse_hz_ != 0;
}

uint64_t Stm32f4f7Clock::pll_input_hz() const {
    return (registers_.word(kRccPllcfgr) & kPllsrcHse) ? hse_hz_ : hsi_hz_;
}

uint32_t Stm32f4f7Clock::switch_status() const { return field(registers_.word(kRccCfgr), kSwsPos, 3); }

void Stm32f4f7Clock::settle(uint32_t address, uint32_t) {
    if (address == kFlashAcr) {
        // ICRST / DCRST (F4) and ARTRST (F7) reset the caches and read back 0
        // here: the reset takes no time in the model.
        const uint32_t resets = family_ == Stm32Family::F4 ? (kIcrst | kDcrst) : kArtrst;
        const uint32_t written = registers_.word(kFlashAcr);
        if (family_ == Stm32Family::F4) {
            instruction_cache_resets_ += (written & kIcrst) != 0;
            data_cache_resets_ += (written & kDcrst) != 0;
        } else {
            instruction_cache_resets_ += (written & kArtrst) != 0;
        }
        registers_.set_word(kFlashAcr, registers_.word(kFlashAcr) & ~resets);
    }
    // Oscillators and PLLs: ready as soon as enabled (no start-up time is
    // modelled). HSE needs a crystal on the board; the PLL a valid setting.
    uint32_t cr = registers_.word(kRccCr);
    // The oscillator driving SYSCLK cannot be switched off (RM0090 6.3.1:
    // HSION/HSEON "cannot be cleared" while used as the system clock).
    if (switch_status() == kSwHsi) cr |= kHsion;
    if (switch_status() == kSwHse) cr |= kHseon;
    cr = follow(cr, kHsion, kHsirdy);
    cr = hse_hz_ != 0 ? follow(cr, kHseon, kHserdy) : cr & ~kHserdy;
    cr = follow(cr, kPlli2son, kPlli2srdy);
    cr = follow(cr, kPllsaion, kPllsairdy);
    // PLLON cannot be cleared while the PLL drives SYSCLK (RM0090 6.3.1,
    // RM0385 5.3.1, RM0433 8.7.2).
    if (switch_status() == kSwPll) cr |= kPllon;
    // A PLL setting made invalid while the PLL drives SYSCLK (which the
    // manuals forbid: its registers are written with the PLL off) stops it;
    // SYSCLK then falls back to HSI, as on an HSE failure under the clock
    // security system (an assumption).
    const bool pll_lost = switch_status() == kSwPll && !pll_can_lock();
    cr = pll_can_lock() ? follow(cr, kPllon, kPllrdy) : cr & ~kPllrdy;
    registers_.set_word(kRccCr, cr);
    if (pll_lost) registers_.set_word(kRccCfgr, registers_.word(kRccCfgr) & ~(3u << kSwsPos));

    // The switch to the selected source happens once that source is ready
    // (RM0090 6.2.6 / RM0385 5.2.6); until then SWS keeps the old source.
    uint32_t cfgr = registers_.word(kRccCfgr);
    const uint32_t sw = field(cfgr, kSwPos, 3);
    const bool ready = sw == kSwHsi ? (cr & kHsirdy) != 0 : sw == kSwHse ? (cr & kHserdy) != 0
                     : sw == kSwPll ? (cr & kPllrdy) != 0 : false;
    if (ready) cfgr = (cfgr & ~(3u << kSwsPos)) | (sw << kSwsPos);
    registers_.set_word(kRccCfgr, cfgr);

    // Voltage scaling is ready at once; over-drive and its switch follow
    // their enables.
    const uint32_t pwr = registers_.word(kPwrCr);
    uint32_t csr = registers_.word(kPwrCsr) | kVosrdy;
    csr = (pwr & kOden) ? csr | kOdrdy : csr & ~kOdrdy;
    csr = (pwr & kOdswen) ? csr | kOdswrdy : csr & ~kOdswrdy;
    registers_.set_word(kPwrCsr, csr);
}

ClockSetting Stm32f4f7Clock::compute() const {
    ClockSetting s;
    const uint32_t cfgr = registers_.word(kRccCfgr);
    const uint32_t hpre = ahb_divisor(field(cfgr, kHprePos, 0xF));
    uint64_t sysclk = hsi_hz_;
    switch (switch_status()) {
        case kSwHse:
            sysclk = hse_hz_;
            s.source = fmt::format("HSE {}", describe_hz(hse_hz_));
            break;
        case kSwPll: {
            const uint32_t pll = registers_.word(kRccPllcfgr);
            const uint32_t m = field(pll, kPllmPos, 0x3F), n = field(pll, kPllnPos, 0x1FF);
            const uint32_t p = 2 * (field(pll, kPllpPos, 3) + 1);
            sysclk = pll_input_hz() * n / (uint64_t(m) * p);
            s.source = fmt::format("PLL from {} {} (M {}, N {}, P {})", (pll & kPllsrcHse) ? "HSE" : "HSI",
                                   describe_hz(pll_input_hz()), m, n, p);
            break;
        }
        default: s.source = fmt::format("HSI {}", describe_hz(hsi_hz_)); break;
    }
    s.core_hz = sysclk / hpre;
    s.configured = switch_status() != kSwHsi || hpre != 1;
    if (hpre != 1) s.source += fmt::format(", AHB prescaler /{}", hpre);
    if (!s.configured) s.source = "reset clock: " + s.source + ", the firmware never switched SYSCLK";

    const uint32_t acr = registers_.word(kFlashAcr);
    s.flash_latency = acr & kLatencyMask;
    s.prefetch = (acr & kPrften) != 0;
    s.instruction_cache_resets = instruction_cache_resets_;
    s.data_cache_resets = data_cache_resets_;
    if (family_ == Stm32Family::F4) {
        s.icache = (acr & kIcen) != 0;
        s.dcache = (acr & kDcen) != 0;
    } else {
        s.art = (acr & kArten) != 0;
    }
    return s;
}

}  // namespace mcuprof

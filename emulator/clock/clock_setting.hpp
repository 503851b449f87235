// What the firmware's clock configuration exposes to the timing model: the
// core clock, where it comes from (in words, for the report), and the flash
// interface settings of the FLASH ACR register.
#pragma once

#include <cstdint>
#include <string>

namespace mcuprof {

struct ClockSetting {
    uint64_t core_hz = 0;
    // e.g. "PLL from HSE 25 MHz (M 25, N 432, P 2)" or "reset clock: HSI 16 MHz, the
    // firmware never switched SYSCLK".
    std::string source;
    bool configured = false;  // the firmware changed the core clock from the reset clock
    unsigned flash_latency = 0;  // FLASH ACR LATENCY: wait states of a flash read
    // Core cycles per cycle of the clock the flash runs on: 1 on the F4/F7
    // (HCLK); on the H7 the AXI clock, the core clock / HPRE (RM0433 8.5.x:
    // the flash interface is clocked by ACLK), so LATENCY counts AXI cycles.
    unsigned flash_clock_divider = 1;
    bool prefetch = false;       // ACR PRFTEN (F4/F7)
    bool icache = false;         // ACR ICEN: the F4's ART instruction cache
    bool dcache = false;         // ACR DCEN: the F4's ART data cache
    bool art = false;            // ACR ARTEN: the F7's ART accelerator (ITCM path)
    unsigned write_high_freq = 0;  // H7 ACR WRHIGHFREQ (programming delay)
    // How many times the firmware reset the ART's instruction / data lines
    // (F4 ACR ICRST / DCRST, F7 ARTRST): the timing model empties them.
    uint32_t instruction_cache_resets = 0;
    uint32_t data_cache_resets = 0;

    bool operator==(const ClockSetting&) const = default;
};

}  // namespace mcuprof

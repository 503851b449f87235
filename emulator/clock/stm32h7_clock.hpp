// The clock controller of the STM32H743 (RM0433, profile stm32h743): RCC,
// PWR, SYSCFG.PWRCR and FLASH as clock bring-up uses them. SYSCLK (sys_ck)
// is HSI (64 MHz / HSIDIV), CSI, HSE or PLL1's P output
// (source / DIVM1 * (DIVN1 + 1 + FRACN1 / 8192) / (DIVP1 + 1)); the core
// runs at sys_ck / D1CPRE.
#pragma once

#include "emulator/clock/clock_controller.hpp"

namespace mcuprof {

class Stm32h7Clock final : public ClockController {
public:
    explicit Stm32h7Clock(const BoardClock& clock);

    // sys_ck's source as CFGR.SWS reports it: 0 HSI, 1 CSI, 2 HSE, 3 PLL1.
    uint32_t switch_status() const;

private:
    void settle(uint32_t address, uint32_t before) override;
    ClockSetting compute() const override;
    uint64_t hsi_hz() const;
    // PLL1's reference source (0 HSI, 1 CSI, 2 HSE, 3 none) and its frequency.
    uint32_t pll_source() const;
    uint64_t pll_input_hz() const;
    bool pll_can_lock() const;

    uint64_t hsi_reset_hz_;
    uint64_t hse_hz_;
};

}  // namespace mcuprof

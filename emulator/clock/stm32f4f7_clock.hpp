// The clock controller of the STM32F4 (RM0090, profile stm32f427) and STM32F7
// (RM0385, profile stm32f746): RCC, PWR and FLASH as clock bring-up uses them.
// SYSCLK is HSI, HSE (the board's crystal) or the main PLL
// (source / M * N / P), and the core runs at SYSCLK / HPRE.
#pragma once

#include "emulator/clock/clock_controller.hpp"

namespace mcuprof {

enum class Stm32Family { F4, F7 };

class Stm32f4f7Clock final : public ClockController {
public:
    Stm32f4f7Clock(Stm32Family family, const BoardClock& clock);

    // SYSCLK's source as CFGR.SWS reports it: 0 HSI, 1 HSE, 2 PLL.
    uint32_t switch_status() const;

private:
    void settle(uint32_t address, uint32_t before) override;
    ClockSetting compute() const override;
    bool pll_can_lock() const;
    // The PLL's source frequency (HSI or HSE).
    uint64_t pll_input_hz() const;

    Stm32Family family_;
    uint64_t hsi_hz_;
    uint64_t hse_hz_;
    uint32_t instruction_cache_resets_ = 0;
    uint32_t data_cache_resets_ = 0;
};

}  // namespace mcuprof

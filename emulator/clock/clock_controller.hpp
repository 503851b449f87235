// A part's clock controller as the firmware sees it: the registers of the
// blocks clock bring-up touches (RCC, PWR, FLASH, ...), plain storage except
// for the bits a model gives meaning to, and the clock setting they describe.
//
// The emulator does not model oscillator start-up, PLL lock or regulator
// settling time: a ready or status bit follows its enable as soon as the
// enable is written (so a bring-up's wait loops end at their first read).
#pragma once

#include "emulator/board/board_profile.hpp"
#include "emulator/clock/clock_setting.hpp"
#include "emulator/clock/register_file.hpp"

#include <cstdint>
#include <memory>

namespace mcuprof {

class ClockController {
public:
    virtual ~ClockController() = default;

    // Whether address lies in a block this controller models.
    bool owns(uint32_t address) const { return registers_.holds(address); }
    // A read or write of 1, 2 or 4 bytes inside a block this controller owns.
    uint32_t read(uint32_t address, unsigned size) const { return registers_.read(address, size); }
    void write(uint32_t address, unsigned size, uint32_t value);

    const ClockSetting& setting() const { return setting_; }
    // Incremented each time setting() changes: the runner compares it after a
    // write to learn that the clock (or the flash settings) changed.
    uint64_t generation() const { return generation_; }

    // Aligned word of a modelled register, for tests and diagnostics.
    uint32_t word(uint32_t address) const { return registers_.word(address); }

protected:
    // Call at the end of a model's constructor, once the reset values are set.
    void start();
    // After each write to word `address` whose previous value was `before`:
    // apply self-clearing bits, then make every ready/status bit follow.
    virtual void settle(uint32_t address, uint32_t before) = 0;
    // The setting the registers describe now.
    virtual ClockSetting compute() const = 0;

    RegisterFile registers_;

private:
    static ClockSetting checked(ClockSetting setting);

    ClockSetting setting_;
    uint64_t generation_ = 0;
};

// The controller of board.clock.controller: an STM32 model, or a fixed clock
// (no registers) at board.clock_hz.
std::unique_ptr<ClockController> make_clock_controller(const BoardProfile& board);

// "25 MHz", "16.384 MHz", "32768 Hz": a frequency for messages.
std::string describe_hz(uint64_t hz);

}  // namespace mcuprof

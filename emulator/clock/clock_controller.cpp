#include "emulator/clock/clock_controller.hpp"

#include "emulator/clock/fixed_clock.hpp"
#include "emulator/clock/stm32f4f7_clock.hpp"
#include "emulator/clock/stm32h7_clock.hpp"

#include <fmt/format.h>

namespace mcuprof {

void ClockController::write(uint32_t address, unsigned size, uint32_t value) {
    const uint32_t word_address = address & ~3u;
    const uint32_t before = registers_.word(word_address);
    registers_.write(address, size, value);
    settle(word_address, before);
    ClockSetting now = checked(compute());
    if (!(now == setting_)) {
        setting_ = std::move(now);
        ++generation_;
    }
}

void ClockController::start() { setting_ = checked(compute()); }

// Dividers the manuals forbid can make a computed clock round down to 0 Hz
// (e.g. 1 MHz through every divider at its largest); 1 Hz keeps the timeline
// defined for such a firmware.
ClockSetting ClockController::checked(ClockSetting setting) {
    if (setting.core_hz == 0) setting.core_hz = 1;
    return setting;
}

std::unique_ptr<ClockController> make_clock_controller(const BoardProfile& board) {
    switch (board.clock.controller) {
        case ClockControllerKind::Fixed: break;
        case ClockControllerKind::Stm32f4: return std::make_unique<Stm32f4f7Clock>(Stm32Family::F4, board.clock);
        case ClockControllerKind::Stm32f7: return std::make_unique<Stm32f4f7Clock>(Stm32Family::F7, board.clock);
        case ClockControllerKind::Stm32h7: return std::make_unique<Stm32h7Clock>(board.clock);
    }
    return std::make_unique<FixedClock>(board.clock_hz);
}

std::string describe_hz(uint64_t hz) {
    if (hz >= 1'000'000 && hz % 1'000 == 0) {
        std::string text = fmt::format("{:.3f}", double(hz) / 1e6);
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
        return text + " MHz";
    }
    return fmt::format("{} Hz", hz);
}

}  // namespace mcuprof

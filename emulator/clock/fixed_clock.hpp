// A board without a clock controller (QEMU's mps2 machines): the core runs
// at the profile's clock_hz from reset to the end, and no register models it.
#pragma once

#include "emulator/clock/clock_controller.hpp"

namespace mcuprof {

class FixedClock final : public ClockController {
public:
    explicit FixedClock(uint64_t hz);

private:
    void settle(uint32_t, uint32_t) override {}
    ClockSetting compute() const override;

    uint64_t hz_;
};

}  // namespace mcuprof

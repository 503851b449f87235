#include "emulator/clock/fixed_clock.hpp"

namespace mcuprof {

FixedClock::FixedClock(uint64_t hz) : hz_(hz) { start(); }

ClockSetting FixedClock::compute() const {
    ClockSetting s;
    s.core_hz = hz_;
    s.source = "fixed clock: " + describe_hz(hz_) + " (the board has no clock controller; the profile's clock_hz)";
    return s;
}

}  // namespace mcuprof

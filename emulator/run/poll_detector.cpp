#include "emulator/run/poll_detector.hpp"

namespace mcuprof {

bool PollDetector::read(uint32_t address, const CoreState& state) {
    if (repeats_ > 0 && address == address_ && state == state_) {
        return ++repeats_ >= kRepeats;
    }
    address_ = address;
    state_ = state;
    repeats_ = 1;
    return false;
}

}  // namespace mcuprof

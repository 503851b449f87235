// Spots a wait on a peripheral that can never end. Under a tolerating
// peripheral policy every peripheral read returns 0, so firmware that waits
// for a ready bit (HAL clock start-up, a UART status flag) spins until the
// instruction limit, a minute later. When the same register is read again
// and again with the core in the same state each time (the general
// registers, the flags and the block the read is in), nothing the loop
// depends on is changing, short of memory the loop writes but never reads
// back: after kRepeats such reads in a row the wait is taken as endless.
// A loop that counts, or times out on DWT->CYCCNT, changes a register and
// is never flagged.
#pragma once

#include <array>
#include <cstdint>

namespace mcuprof {

class PollDetector {
public:
    // r0..r12, SP, LR, APSR and the current block's address.
    using CoreState = std::array<uint32_t, 17>;
    static constexpr uint32_t kRepeats = 10'000;

    // A tolerated read of `address`; true once it is the kRepeats-th read in
    // a row of that address from one unchanging state.
    bool read(uint32_t address, const CoreState& state);
    // Any other peripheral access breaks the run of reads.
    void other_access() { repeats_ = 0; }
    uint32_t repeats() const { return repeats_; }

private:
    uint32_t address_ = 0;
    CoreState state_{};
    uint32_t repeats_ = 0;
};

}  // namespace mcuprof

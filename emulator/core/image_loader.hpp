// Places a firmware image in the machine as a programmer and the reset logic
// would: every PT_LOAD segment at its load address (LMA), checked to lie in the
// board's flash or mapped RAM; then the initial SP and reset handler taken from
// the vector table at the start of the boot memory, as the silicon does.
#pragma once

#include "emulator/core/machine.hpp"
#include "emulator/elf/elf_image.hpp"

#include <cstdint>

namespace mcuprof {

struct BootState {
    uint32_t vector_table = 0;
    uint32_t initial_sp = 0;
    uint32_t reset_handler = 0;  // with the Thumb bit cleared
};

// Throws Error naming the segment and the overflow in bytes when a segment
// does not fit, and explaining a vector table that cannot boot.
BootState load_image(Machine& machine, const ElfImage& image);

}  // namespace mcuprof

// Where the stack and heap of a firmware are, from its linker symbols.
#pragma once

#include "emulator/board/board_profile.hpp"
#include "emulator/elf/elf_image.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace mcuprof {

struct StackBounds {
    uint32_t top = 0;        // initial SP (the stack grows down from here)
    uint32_t limit = 0;      // lowest address the stack may use
    uint32_t heap_base = 0;
    uint32_t heap_limit = 0;
    std::string limit_source;  // which symbol or flag gave the limit
};

// top is the initial SP from the vector table. The limit comes from
// `flag_limit` if given, else from the first defined symbol of __StackLimit,
// __stack_limit, _sstack, __HeapLimit, else from the end of static data
// (end, _end, __bss_end__, _ebss): then heap and stack are not told apart.
StackBounds find_stack_bounds(const ElfImage& image, uint32_t initial_sp, std::optional<uint32_t> flag_limit);

// A --stack-limit must leave the program's static data alone: the stack's
// dead bytes are repainted from the limit up, so a limit inside .data/.bss
// would overwrite live variables. Throws Error giving the lowest acceptable
// value when the limit lies below the end of the static data under the
// initial SP, or outside the RAM region that holds the stack.
void check_stack_limit_flag(const ElfImage& image, const BoardProfile& board, const StackBounds& bounds);

}  // namespace mcuprof

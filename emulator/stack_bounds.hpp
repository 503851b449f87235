// Where the stack and heap of a firmware are, from its linker symbols.
#pragma once

#include "emulator/elf_image.hpp"

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

}  // namespace mcuprof

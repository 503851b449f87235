// GNU ld linker scripts generated from a board profile, so no board has a
// hand-written script: the profile stays the single source of truth.
#pragma once

#include "emulator/board/board_profile.hpp"
#include "emulator/board/null_guard.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace mcuprof {

struct LinkerScriptOptions {
    // Bytes reserved for the main stack at the top of the RAM block.
    uint32_t stack_size = 8 * 1024;
    // Bytes reserved for the heap after .bss; 0 = everything between .bss and
    // the stack (newlib's sbrk grows up to the stack limit).
    uint32_t heap_size = 0;
    // RAM region that holds .data, .bss, heap and stack, extended by the RAM
    // regions contiguous with it; "" = the profile's main_ram.
    std::string ram_region;
    // The SRAM budget the firmware will run under: it fills RAM regions in
    // profile order, and the RAM block is cut to what it covers so that the
    // stack stays inside the budget. 0 = the profile's default budget.
    uint64_t sram_budget = 0;
    // The null guard the firmware will run under (`mcuprof run --null-guard`):
    // a RAM region starting below it (the F7/H7 ITCM at 0) starts after it, so
    // nothing is linked where the emulator traps every access.
    uint32_t null_guard = kDefaultNullGuard;
};

// The RAM block the script places data and stack in.
struct RamBlock {
    uint32_t base = 0;
    uint32_t size = 0;                       // bytes usable under the budget
    std::vector<const MemoryRegion*> parts;  // regions it spans, in address order
};

// Resolves options.ram_region and options.sram_budget to the RAM block.
// Throws Error when the region is unknown or the budget leaves it no room.
RamBlock main_ram_block(const BoardProfile& board, const LinkerScriptOptions& options);

// A complete script for arm-none-eabi-gcc: vector table (.isr_vector) at the
// start of flash, code and constants in flash, .data in RAM loaded from flash,
// .bss, heap and stack, and the symbols startup code and newlib expect
// (__StackTop, __StackLimit, __HeapBase, __HeapLimit, end, _sidata, _sdata,
// _edata, _sbss, _ebss, __bss_start__, __bss_end__, __end__, __stack).
// RAM regions outside the block get NOLOAD sections ".noinit.<region>".
std::string generate_linker_script(const BoardProfile& board, const LinkerScriptOptions& options);

}  // namespace mcuprof

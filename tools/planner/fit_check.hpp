// Does a plan fit a board? Checked before anything is built.
//
// The arena is one array in the board's main RAM block (the profile's
// main_ram and the RAM regions contiguous with it, cut by the SRAM budget: the
// block the generated linker script places .data, .bss and the stack in).
// Arena budget = block - stack - a reserve for the firmware's other static
// data. Or, with `arena_region`, a RAM region outside that block (e.g. the
// F427's CCM) holds the arena alone: budget = the part of it the SRAM budget
// covers (budgets fill RAM regions in profile order). Flash: parameter arrays + a reserve for code and constants must fit
// the flash region.
#pragma once

#include "emulator/board/board_profile.hpp"
#include "tools/planner/plan.hpp"

#include <cstdint>
#include <string>

namespace mcuprof::planner {

struct FitOptions {
    uint64_t sram_budget = 0;        // 0 = the profile's default
    uint32_t stack_bytes = 8 * 1024;
    uint32_t static_reserve = 1024;  // .data/.bss besides the arena (semihosting, startup)
    uint32_t code_reserve = 64 * 1024;  // code and constants besides the parameter arrays
    std::string arena_region;        // "" = the main RAM block, else a RAM region outside it
};

struct FitCheck {
    std::string board;
    std::string ram_block;   // e.g. "dtcm + sram1 + sram2", or the arena region's name
    std::string arena_section;  // "" (.bss in the main block) or ".noinit.<region>"
    uint32_t ram_block_base = 0;
    uint64_t ram_block_bytes = 0;
    int64_t arena_budget = 0;
    int64_t flash_budget = 0;  // flash bytes for parameters (flash - code reserve)
    bool sram_fits = false;
    bool flash_fits = false;
    int peak_layer = 0;
    int64_t sram_overshoot = 0;   // bytes over the arena budget at the peak layer (0 when it fits)
    int64_t flash_overshoot = 0;

    bool fits() const { return sram_fits && flash_fits; }
    // One line: why it does not fit (empty when it fits).
    std::string refusal(const Plan& plan) const;
};

FitCheck check_fit(const Plan& plan, const BoardProfile& board, const FitOptions& options);

}  // namespace mcuprof::planner

#include "tools/planner/fit_check.hpp"

#include "emulator/board/linker_script.hpp"
#include "emulator/text/error.hpp"

#include <fmt/format.h>

namespace mcuprof::planner {

FitCheck check_fit(const Plan& plan, const BoardProfile& board, const FitOptions& options) {
    FitCheck f;
    f.board = board.name;
    LinkerScriptOptions lso;
    lso.sram_budget = options.sram_budget;
    lso.stack_size = options.stack_bytes;
    const RamBlock block = main_ram_block(board, lso);
    if (options.arena_region.empty()) {
        for (const MemoryRegion* r : block.parts) f.ram_block += (f.ram_block.empty() ? "" : " + ") + r->name;
        f.ram_block_base = block.base;
        f.ram_block_bytes = block.size;
        f.arena_budget = int64_t(block.size) - options.stack_bytes - options.static_reserve;
    } else {
        const MemoryRegion* region = board.find_region(options.arena_region);
        if (region == nullptr || region->kind == RegionKind::Flash) {
            std::string names;
            for (const MemoryRegion* r : board.ram_regions()) names += (names.empty() ? "" : ", ") + r->name;
            fail("board '{}' has no RAM region '{}' for the arena; its RAM regions are: {}", board.name,
                 options.arena_region, names);
        }
        for (const MemoryRegion* r : block.parts) {
            if (r == region) {
                fail("arena region '{}' is part of the main RAM block of {}: leave --arena-region out to use it",
                     region->name, board.name);
            }
        }
        // The SRAM budget fills RAM regions in profile order.
        uint64_t budget = options.sram_budget != 0 ? options.sram_budget : board.sram_budget_default;
        uint64_t covered = 0;
        for (const MemoryRegion* r : board.ram_regions()) {
            const uint64_t take = std::min<uint64_t>(r->size, budget);
            budget -= take;
            if (r == region) covered = take;
        }
        f.ram_block = region->name;
        f.ram_block_base = region->base;
        f.ram_block_bytes = covered;
        f.arena_budget = int64_t(covered);
        f.arena_section = ".noinit." + region->name;
    }
    f.peak_layer = plan.peak_layer;
    f.sram_overshoot = std::max<int64_t>(0, plan.peak_bytes() - f.arena_budget);
    f.sram_fits = f.sram_overshoot == 0;
    f.flash_budget = int64_t(board.flash().size) - options.code_reserve;
    f.flash_overshoot = std::max<int64_t>(0, plan.flash_param_bytes - f.flash_budget);
    f.flash_fits = f.flash_overshoot == 0;
    return f;
}

std::string FitCheck::refusal(const Plan& plan) const {
    if (!sram_fits) {
        return fmt::format(
            "model '{}' ({}) does not fit {}: layer {} peaks at {} bytes of arena, {} bytes over the budget of {} "
            "({})",
            plan.model.name, plan.schedule.name(), board, plan.graph.layers[size_t(peak_layer)].name,
            plan.peak_bytes(), sram_overshoot, arena_budget,
            arena_section.empty()
                ? fmt::format("{} bytes of RAM block {} minus stack and static reserve", ram_block_bytes, ram_block)
                : fmt::format("the {} bytes of region {} the SRAM budget covers", ram_block_bytes, ram_block));
    }
    if (!flash_fits) {
        return fmt::format("model '{}' does not fit {}: {} bytes of parameters, {} bytes over the flash budget of {} "
                           "(flash minus a code reserve)",
                           plan.model.name, board, plan.flash_param_bytes, flash_overshoot, flash_budget);
    }
    return "";
}

}  // namespace mcuprof::planner

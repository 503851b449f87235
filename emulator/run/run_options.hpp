// What a user asks of one run (mcuprof run's flags, and what tests set).
#pragma once

#include "emulator/board/null_guard.hpp"
#include "emulator/profile/arena_plan.hpp"
#include "emulator/run/instruction_limit.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mcuprof {

class RunProgress;          // run_progress.hpp
class RunInterrupt;         // run_interrupt.hpp

struct RunOptions {
    std::string board;        // profile name or path to a .toml
    std::string elf_path;
    uint64_t sram_budget = 0;   // bytes; 0 = the board's RAM
    uint64_t flash_budget = 0;  // bytes; 0 = the board's flash
    // Bytes from address 0 left unmapped so null-pointer accesses fault
    // (1 KB pages; 0 maps whatever memory the board has there).
    uint32_t null_guard = kDefaultNullGuard;
    // Stack limit: from this flag, else a linker symbol (__StackLimit, ...).
    std::optional<uint32_t> stack_limit;
    // Runaway guard: the run stops with exit reason "limit" past this many
    // instructions. Generous by default (about a minute of emulation);
    // kNoInstructionLimit for none.
    uint64_t instruction_limit = kDefaultInstructionLimit;
    // Peripheral accesses: tolerated (reads return 0) or trapped; unset = profile.
    std::optional<bool> trap_peripherals;
    // Assumption for flash wait states in the cycle estimate.
    // "block" (default): fetch stalls per block; "memory": every load too.
    std::string timing = "block";
    std::string command_line;  // what SYS_GET_CMDLINE returns (default: the ELF's name)
    // Exact mode: memory hooks and a shadow map of every RAM byte.
    bool exact = false;
    // Exact replay: these layers (the first run of each name) are snapshotted
    // in the default-mode run and replayed afterwards with exact mode's hooks.
    std::vector<std::string> exact_layers;
    // Where the run publishes its progress at layer markers (none: not published).
    RunProgress* progress = nullptr;
    // Where a stop may be requested from another thread (none: cannot be interrupted).
    RunInterrupt* interrupt = nullptr;
    // A memory plan to poison dead arena bytes by and measure per-layer arena
    // peaks against (mcuprof profile); unset = no arena tracking.
    std::optional<ArenaPlan> arena;
};

}  // namespace mcuprof

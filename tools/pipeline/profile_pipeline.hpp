// plan -> generate -> cross-compile -> run (twice) -> compare, for one model,
// schedule and board: the engine of `mcuprof profile`.
//
// The firmware runs twice in the emulator with dead arena bytes poisoned by
// two complementary paints (emulator/profile/arena_tracker.hpp): a byte the firmware
// writes differs from at least one of them, so the per-layer arena peak is
// the larger of the two measurements, exact to the byte. Both runs must print
// exactly what the host reference prints (every tensor in its own memory);
// a plan with overlapping live buffers or lifetimes ending too early fails
// that output check.
#pragma once

#include "emulator/board/board_profile.hpp"
#include "emulator/profile/arena_plan.hpp"
#include "emulator/report/report.hpp"
#include "emulator/run/run_interrupt.hpp"
#include "tools/firmware_build/firmware_build.hpp"
#include "tools/planner/plan.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace mcuprof::profile {

struct ProfileOptions {
    planner::FirmwareBuildOptions build;
    uint64_t instruction_limit = 20'000'000'000ull;
    // Lets a signal stop the runs (their report then says "interrupted").
    RunInterrupt* interrupt = nullptr;
    // Stack assumed for a C-library or runtime function (memcpy, __aeabi_*),
    // which has no call-graph file: newlib's push at most a few registers.
    uint64_t library_frame_bytes = 64;
    // Run the firmware in exact mode too (per-tensor accesses, dead reads).
    bool exact = false;
    // Timing mode of the runs: "block" or "memory" (every load priced).
    std::string timing = "block";
    // Linker section of the arena ("" = .bss in the main RAM block), from the fit check.
    std::string arena_section;
};

struct ProfileOutcome {
    Report report;                 // the first run's, with arena peaks from both runs and predictions
    std::string expected_output;   // the host reference's print
    std::string outputs[2];        // what each run printed
    bool output_matches = false;   // both runs printed exactly the reference
    std::string elf;
    std::string source;            // the generated C file
    std::optional<uint64_t> model_stack_bound;  // whole run: Reset_Handler frame + deepest path from main

    bool ok() const { return output_matches && report.exit.reason == "exit" && report.exit.code == 0; }
};

// The plan as the emulator's arena plan (layers in order, live ranges, peaks).
ArenaPlan arena_plan(const planner::Plan& plan);

ProfileOutcome profile_plan(const planner::Plan& plan, const BoardProfile& board, const ProfileOptions& options);

}  // namespace mcuprof::profile

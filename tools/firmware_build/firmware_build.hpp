// Cross-compiles a generated model into a firmware ELF for a board, the way
// cmake/Firmware.cmake builds firmware: the board's -mcpu/-mfpu flags, the
// kernels, firmware/models/model_main.c, the startup and semihosting code, and
// a linker script generated from the board profile. Kernel objects are cached
// per core/FPU and rebuilt when a kernel source or header is newer.
//
// Sources are found under the source tree the build was configured from, or
// $MCUPROF_SOURCE_DIR; the compiler is $MCUPROF_ARM_GCC, the one CMake found,
// or arm-none-eabi-gcc on PATH.
#pragma once

#include "emulator/board/board_profile.hpp"

#include <cstdint>
#include <string>

namespace mcuprof::planner {

struct FirmwareBuildOptions {
    std::string work_dir;            // objects, linker script, map and ELF go here
    std::string cache_dir;           // kernel objects (shared between builds); "" = work_dir
    uint32_t stack_size = 8 * 1024;
    uint64_t sram_budget = 0;        // 0 = the profile's default
    std::string optimization = "-O2";
    // The board bring-up enables flash prefetch, ART and L1 caches (false:
    // leaves them off, MCUPROF_BOARD_CACHES=0, to measure what they are worth).
    bool board_caches = true;
};

struct FirmwareBuild {
    std::string elf;
    std::string map;
    std::string work_dir;    // the model's objects and their .su / .ci (call graph) files
    std::string kernel_dir;  // the kernel objects and their .su / .ci files
};

// Throws Error with the compiler's first error line when a step fails.
FirmwareBuild build_model_firmware(const BoardProfile& board, const std::string& model_c,
                                   const FirmwareBuildOptions& options);

std::string mcuprof_source_dir();

}  // namespace mcuprof::planner

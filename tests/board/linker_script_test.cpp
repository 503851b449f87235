// Linker scripts generated from board profiles: MEMORY lines follow the
// profile and the SRAM budget, the symbols startup code and newlib need are
// there, bad options are refused, and the firmware build linked with them.
#include "emulator/board/board_profile.hpp"
#include "emulator/board/linker_script.hpp"
#include "emulator/text/error.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <fstream>
#include <string>

namespace mcuprof {
namespace {

const std::string kProfiles = std::string(MCUPROF_SOURCE_DIR) + "/profiles";

BoardProfile board(const std::string& name) { return load_board_profile(kProfiles + "/" + name + ".toml"); }

bool has(const std::string& script, const std::string& text) { return script.find(text) != std::string::npos; }

std::string error_of(const BoardProfile& b, const LinkerScriptOptions& options) {
    try {
        generate_linker_script(b, options);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

TEST(LinkerScript, Stm32f746MemoryFollowsTheProfile) {
    const std::string s = generate_linker_script(board("stm32f746"), {});
    EXPECT_TRUE(has(s, "FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 0x00100000")) << s;
    // DTCM + SRAM1 + SRAM2: one contiguous 320 KB block, the default budget.
    EXPECT_TRUE(has(s, "RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 0x00050000  /* dtcm + sram1 + sram2 */")) << s;
    // ITCM RAM sits at 0: the first 1 KB is `mcuprof run`'s default null guard.
    EXPECT_TRUE(has(s, "ITCM (rwx) : ORIGIN = 0x00000400, LENGTH = 0x00003c00  /* after the 1024-byte null guard"))
        << s;
    EXPECT_TRUE(has(s, "BACKUP (rw) : ORIGIN = 0x40024000, LENGTH = 0x00001000")) << s;
    EXPECT_TRUE(has(s, "ENTRY(Reset_Handler)"));
}

TEST(LinkerScript, NullGuardFollowsTheOption) {
    LinkerScriptOptions options;
    options.null_guard = 0;
    EXPECT_TRUE(has(generate_linker_script(board("stm32f746"), options),
                    "ITCM (rwx) : ORIGIN = 0x00000000, LENGTH = 0x00004000\n"));
    options.null_guard = 4096;
    EXPECT_TRUE(has(generate_linker_script(board("stm32f746"), options), "ITCM (rwx) : ORIGIN = 0x00001000, LENGTH = 0x00003000"));
    // Flash at 0 (the MPS2 images boot from it) is never cut.
    const std::string mps2 = generate_linker_script(board("mps2-an386"), {});
    EXPECT_TRUE(has(mps2, "FLASH (rx) : ORIGIN = 0x00000000")) << mps2;
}

TEST(LinkerScript, ExportsStartupAndNewlibSymbols) {
    const std::string s = generate_linker_script(board("stm32f427"), {});
    for (const char* symbol :
         {"__StackTop = ORIGIN(RAM) + LENGTH(RAM);", "__StackLimit = __StackTop - 0x2000;", "__stack = __StackTop;",
          "_sidata = LOADADDR(.data);", "_sdata = .;", "_edata = .;", "_sbss = .;", "_ebss = .;", "__bss_start__ = .;",
          "__bss_end__ = .;", "__HeapBase = .;", "end = .;", "__end__ = .;", "__HeapLimit = __StackLimit;",
          "__exidx_start = .;", "__init_array_start = .", "KEEP(*(.init))"}) {
        EXPECT_TRUE(has(s, symbol)) << symbol;
    }
    // The vector table is the first thing in flash, .data is loaded from flash.
    EXPECT_LT(s.find("KEEP(*(.isr_vector))"), s.find("*(.text"));
    EXPECT_TRUE(has(s, "} > RAM AT > FLASH"));
    // Code for RAM is copied with .data.
    EXPECT_LT(s.find("_sdata = .;"), s.find("*(.ramfunc .ramfunc.*)"));
    EXPECT_LT(s.find("*(.ramfunc .ramfunc.*)"), s.find("_edata = .;"));
}

TEST(LinkerScript, Stm32f427KeepsCcmAsASeparateDataOnlyRegion) {
    const std::string s = generate_linker_script(board("stm32f427"), {});
    EXPECT_TRUE(has(s, "RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 0x00030000  /* sram1 + sram2 + sram3 */")) << s;
    EXPECT_TRUE(has(s, "CCM (rw) : ORIGIN = 0x10000000, LENGTH = 0x00010000")) << s;
    EXPECT_TRUE(has(s, "*(.noinit.ccm .noinit.ccm.*)")) << s;
}

TEST(LinkerScript, Stm32h743UsesTheAxiSram) {
    const std::string s = generate_linker_script(board("stm32h743"), {});
    EXPECT_TRUE(has(s, "RAM (rwx) : ORIGIN = 0x24000000, LENGTH = 0x00080000  /* axi_sram */")) << s;
    EXPECT_TRUE(has(s, "FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 0x00200000")) << s;
}

TEST(LinkerScript, QemuProfilesPutTheVectorTableAtZero) {
    const std::string s = generate_linker_script(board("mps2-an386"), {});
    EXPECT_TRUE(has(s, "FLASH (rx) : ORIGIN = 0x00000000, LENGTH = 0x00400000")) << s;
    EXPECT_TRUE(has(s, "RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 0x00400000  /* ssram23 */")) << s;
}

TEST(LinkerScript, TheBudgetCutsTheRamBlockSoTheStackStaysInside) {
    LinkerScriptOptions o;
    o.sram_budget = 128 * 1024;  // sram1 (112 KB) + the first 16 KB of sram2
    const std::string s = generate_linker_script(board("stm32f427"), o);
    EXPECT_TRUE(has(s, "RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 0x00020000  /* sram1 + sram2 */")) << s;
    const RamBlock block = main_ram_block(board("stm32f427"), o);
    EXPECT_EQ(block.base, 0x20000000u);
    EXPECT_EQ(block.size, 128u * 1024);
}

TEST(LinkerScript, OptionsChooseRegionStackAndHeap) {
    LinkerScriptOptions o;
    o.ram_region = "ccm";
    o.stack_size = 4096;
    o.heap_size = 16384;
    const std::string s = generate_linker_script(board("stm32f427"), o);
    EXPECT_TRUE(has(s, "RAM (rw) : ORIGIN = 0x10000000, LENGTH = 0x00010000  /* ccm */")) << s;
    EXPECT_TRUE(has(s, "SRAM1 (rwx) : ORIGIN = 0x20000000")) << s;
    EXPECT_TRUE(has(s, "__StackLimit = __StackTop - 0x1000;")) << s;
    EXPECT_TRUE(has(s, ". = . + 0x4000;\n    __HeapLimit = .;")) << s;
}

TEST(LinkerScript, RefusesImpossibleRequestsWithOneClearLine) {
    const BoardProfile f427 = board("stm32f427");
    LinkerScriptOptions unknown;
    unknown.ram_region = "sram9";
    EXPECT_EQ(error_of(f427, unknown),
              "board 'stm32f427' has no RAM region 'sram9'; its RAM regions are: sram1, sram2, sram3, ccm, backup");
    LinkerScriptOptions unreached;
    unreached.ram_region = "ccm";
    unreached.sram_budget = 64 * 1024;  // all of it goes to sram1
    EXPECT_TRUE(has(error_of(f427, unreached), "does not reach RAM region 'ccm'"));
    LinkerScriptOptions huge;
    huge.stack_size = 1024 * 1024;
    EXPECT_TRUE(has(error_of(f427, huge), "do not fit in the 196608 bytes of RAM at 0x20000000"));
    LinkerScriptOptions odd;
    odd.stack_size = 1001;
    EXPECT_EQ(error_of(f427, odd), "stack size 1001 bytes must be a positive multiple of 8");
    LinkerScriptOptions greedy;
    greedy.sram_budget = 300 * 1024;
    EXPECT_TRUE(has(error_of(f427, greedy), "exceeds the 266240 bytes of RAM"));
}

// The firmware build (cmake/Firmware.cmake) links hello for every board with a
// generated script: each ELF exists, is 32-bit Arm, and its entry point is in
// that board's flash.
TEST(LinkerScript, HelloFirmwareWasLinkedForEveryBoard) {
    for (const char* name : {"stm32f427", "stm32f746", "stm32h743", "mps2-an386", "mps2-an500"}) {
        const std::string path = std::string(MCUPROF_FIRMWARE_DIR) + "/hello-" + name + ".elf";
        std::ifstream in(path, std::ios::binary);
        ASSERT_TRUE(in) << path << " was not built";
        std::array<unsigned char, 52> header{};
        in.read(reinterpret_cast<char*>(header.data()), header.size());
        ASSERT_TRUE(in) << path;
        EXPECT_EQ(std::memcmp(header.data(), "\x7f" "ELF", 4), 0) << path;
        EXPECT_EQ(header[4], 1) << "ELFCLASS32: " << path;
        const unsigned machine = header[18] | (header[19] << 8);
        EXPECT_EQ(machine, 40u) << "EM_ARM: " << path;
        const uint32_t entry = header[24] | (header[25] << 8) | (header[26] << 16) | (uint32_t(header[27]) << 24);
        EXPECT_TRUE(board(name).flash().contains(entry & ~1u)) << path << " entry " << entry;
        EXPECT_EQ(entry & 1u, 1u) << "Thumb entry: " << path;
    }
}

}  // namespace
}  // namespace mcuprof

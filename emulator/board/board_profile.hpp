// A board profile: the memory map, core, FPU and clock of one real part, read
// from profiles/<name>.toml. The single source of truth for the emulator's
// memory map and for generated linker scripts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcuprof {

enum class Core { CortexM4, CortexM7 };
enum class RegionKind { Flash, Sram, Tcm, Ccm, Backup };

// How accesses to peripheral space (0x4000_0000..0x5FFF_FFFF and the other
// device ranges a profile lists) are treated when no model exists for them.
enum class PeripheralPolicy { Tolerate, Trap };

struct MemoryRegion {
    std::string name;        // e.g. "dtcm", "sram1", "flash"
    RegionKind kind = RegionKind::Sram;
    uint32_t base = 0;
    uint32_t size = 0;       // bytes, > 0, multiple of 1 KB
    bool executable = true;  // may the core fetch instructions from it
    // Flash: wait states at the profile clock when no clock controller sets
    // them (FLASH_ACR.LATENCY does on the STM32 parts). RAM: extra cycles of
    // an access no cache serves (the Cortex-M7's AXI path to SRAM).
    unsigned wait_states = 0;
    std::vector<uint32_t> aliases;  // other base addresses of the same memory
    int line = 0;            // line of the region's table in the TOML file

    uint64_t end() const { return uint64_t(base) + size; }
    bool contains(uint32_t address) const { return address >= base && address - base < size; }
};

struct PeripheralRange {
    std::string name;        // e.g. "apb-ahb1-low", for messages
    uint32_t base = 0;
    uint32_t size = 0;       // bytes, > 0, multiple of 1 KB
    int line = 0;

    uint64_t end() const { return uint64_t(base) + size; }
    bool contains(uint32_t address) const { return address >= base && address - base < size; }
};

// The parts of a part's memory system that decide instruction-fetch and load
// timing, from the profile's optional [memory_system] table. What the firmware
// switches on (flash latency, prefetch, ART, L1 caches) is run-time state; this
// is the hardware that exists. Sources are cited in the profiles.
struct ArtAccelerator {
    unsigned icache_lines = 0;    // instruction lines (fully associative)
    unsigned dcache_lines = 0;    // data lines (literal pools, constants); 0: none
    unsigned line_bytes = 16;
    // true: the ART serves only fetches through the flash's ITCM alias (F7);
    // false: every flash access (F4 I-Code and D-Code).
    bool itcm_alias_only = false;
};

struct L1Caches {
    uint32_t icache_bytes = 0;
    uint32_t dcache_bytes = 0;
    unsigned icache_ways = 2;
    unsigned dcache_ways = 4;
    unsigned line_bytes = 32;
};

struct MemorySystemProfile {
    // Bytes one instruction fetch from flash delivers (the flash line on the
    // F4's 128-bit I-Code path, the 64-bit AXI fetch of the Cortex-M7).
    unsigned fetch_bytes = 4;
    std::optional<ArtAccelerator> art;
    std::optional<L1Caches> l1;
    int line = 0;
};

// Which clock controller the part has: the RCC/PWR/FLASH family the emulator
// models (emulator/clock), or none (a fixed clock, as on QEMU's mps2 boards).
enum class ClockControllerKind { Fixed, Stm32f4, Stm32f7, Stm32h7 };

// The profile's [clock] table: how the part's core clock comes about.
struct BoardClock {
    ClockControllerKind controller = ClockControllerKind::Fixed;
    uint64_t reset_hz = 0;  // core clock out of reset (the HSI on STM32); the fixed clock for "fixed"
    uint64_t hse_hz = 0;    // crystal (or bypass clock) on the reference board's HSE pins; 0 = none
    int line = 0;           // line of the [clock] table
};

struct BoardProfile {
    std::string name;          // file stem, e.g. "stm32f746"
    std::string description;   // e.g. "STM32F746NG (Cortex-M7, 320 KB SRAM / 1 MB flash)"
    Core core = Core::CortexM4;
    std::string fpu;           // "fpv4-sp-d16", "fpv5-sp-d16", "fpv5-d16" or "none"
    uint64_t clock_hz = 0;     // the part's maximum core clock: the target of the generated firmware
    BoardClock clock;          // the controller the firmware configures (defaults: fixed at clock_hz)
    std::vector<MemoryRegion> regions;  // in file order; budgets fill RAM in this order
    MemorySystemProfile memory_system;  // defaults: 4-byte fetch, no ART, no L1
    uint64_t sram_budget_default = 0;   // bytes of RAM the "budget" covers by default
    PeripheralPolicy peripheral_policy = PeripheralPolicy::Tolerate;
    std::vector<PeripheralRange> peripherals;
    std::string main_ram;      // RAM region for .data/.bss/heap/stack; "" = first RAM region
    std::string qemu_machine;  // QEMU -M name when the profile models a QEMU machine, else ""
    std::string source_path;

    // The first flash region (code and constants). Every valid profile has one.
    const MemoryRegion& flash() const;
    // RAM regions (SRAM, TCM, CCM, backup) in file order.
    std::vector<const MemoryRegion*> ram_regions() const;
    // The region holding address (or one of its aliases), if any.
    const MemoryRegion* region_at(uint32_t address) const;
    uint64_t total_ram_bytes() const;
    // The region named by main_ram, else the first RAM region.
    const MemoryRegion& main_ram_region() const;
    // The region called name, if any.
    const MemoryRegion* find_region(const std::string& name) const;
    // The peripheral range holding address, if any.
    const PeripheralRange* peripheral_at(uint32_t address) const;
};

const char* to_string(Core core);
const char* to_string(RegionKind kind);
const char* to_string(PeripheralPolicy policy);
const char* to_string(ClockControllerKind controller);

// Parses and validates one profile file. Throws Error "<file>:<line>: <reason>"
// for malformed TOML, unknown keys or values, and inconsistent maps
// (overlapping regions, size 0, unaligned base or size, no flash, no RAM), and
// for what the emulator cannot map: more than 512 regions, aliases and
// peripheral ranges in all, more than 256 MiB of memory, a range in the
// Private Peripheral Bus (0xE000_0000..0xE00F_FFFF). The file is read through
// read_input_file (a regular file of at most 4 MiB) and its TOML may nest at
// most kMaxTomlDepth levels.
BoardProfile load_board_profile(const std::string& path);
// The same for a profile's text already in memory; path names it in messages
// and gives the board its name (the file stem).
BoardProfile parse_board_profile(std::string_view text, const std::string& path);

// Resolves a board given by name (looked up in the profiles directory) or by a
// path to a .toml file. The directory is $MCUPROF_PROFILES if set, else the
// source tree's profiles/.
BoardProfile find_board(const std::string& name_or_path);
std::string profiles_directory();
// Every profile in the profiles directory, sorted by name.
std::vector<BoardProfile> list_boards();

}  // namespace mcuprof

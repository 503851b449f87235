// `mcuprof boards`: every board profile as a table; --verbose adds each
// memory region and the peripheral ranges.
#include "commands.hpp"

#include "emulator/board/board_profile.hpp"

#include <fmt/core.h>

#include <memory>
#include <string>

namespace mcuprof::cli {

namespace {

std::string kib(uint64_t bytes) {
    return bytes % 1024 == 0 ? fmt::format("{} KB", bytes / 1024) : fmt::format("{} B", bytes);
}

std::string mhz(uint64_t hz) {
    return hz % 1000000 == 0 ? fmt::format("{} MHz", hz / 1000000) : fmt::format("{:.3f} MHz", hz / 1e6);
}

void print_regions(const BoardProfile& b) {
    fmt::print("  {:<10} {:<7} {:<10} {:<10} {:>8}  {:<5} {:>3}  {}\n", "region", "kind", "base", "end", "size", "exec",
               "ws", "aliases");
    for (const MemoryRegion& r : b.regions) {
        std::string aliases;
        for (uint32_t a : r.aliases) aliases += fmt::format("{}{:#010x}", aliases.empty() ? "" : " ", a);
        fmt::print("  {:<10} {:<7} {:#010x} {:#010x} {:>8}  {:<5} {:>3}  {}\n", r.name, to_string(r.kind), r.base,
                   r.end() - 1, kib(r.size), r.executable ? "yes" : "no", r.wait_states, aliases);
    }
    fmt::print("  peripherals: {} on access\n", to_string(b.peripheral_policy));
    for (const PeripheralRange& p : b.peripherals) {
        fmt::print("    {:<18} {:#010x} .. {:#010x}\n", p.name, p.base, p.end() - 1);
    }
}

}  // namespace

void register_boards_command(CLI::App& app) {
    auto verbose = std::make_shared<bool>(false);
    CLI::App* cmd = app.add_subcommand("boards", "List the board profiles: core, FPU, clock, flash, RAM and budget");
    cmd->add_flag("-v,--verbose", *verbose, "also list every memory region and peripheral range");
    cmd->callback([verbose] {
        const std::vector<BoardProfile> boards = list_boards();
        fmt::print("{:<12} {:<10} {:<12} {:>8} {:>8} {:>9} {:>8}  {}\n", "board", "core", "fpu", "clock", "flash",
                   "RAM", "budget", "description");
        for (const BoardProfile& b : boards) {
            fmt::print("{:<12} {:<10} {:<12} {:>8} {:>8} {:>9} {:>8}  {}\n", b.name, to_string(b.core), b.fpu,
                       mhz(b.clock_hz), kib(b.flash().size), kib(b.total_ram_bytes()), kib(b.sram_budget_default),
                       b.description);
            if (*verbose) {
                print_regions(b);
                fmt::print("\n");
            }
        }
        fmt::print("profiles: {}\n", profiles_directory());
    });
}

}  // namespace mcuprof::cli

// The benchmark's baseline: the same firmware on the same Unicorn machine with
// no profiling at all: no block hook, no SCS model, no painting. Only the
// interrupt hook that semihosting needs to print and exit, which costs nothing
// until a BKPT fires. Prints the wall time of emulation in seconds.
#include "emulator/board/board_profile.hpp"
#include "emulator/core/image_loader.hpp"
#include "emulator/core/machine.hpp"
#include "emulator/core/unicorn_error.hpp"
#include "emulator/elf/elf_image.hpp"
#include "emulator/semihost/semihosting.hpp"
#include "emulator/semihost/stdio_console.hpp"
#include "emulator/text/error.hpp"

#include <fmt/core.h>

#include <chrono>
#include <cstdio>
#include <string_view>

namespace {

struct Bare {
    mcuprof::Machine* machine;
    mcuprof::Semihosting* semihosting;
    int exit_code = -1;
};

void on_interrupt(uc_engine* uc, uint32_t intno, void* user) {
    auto* bare = static_cast<Bare*>(user);
    uint32_t pc = bare->machine->reg(UC_ARM_REG_PC);
    uint16_t insn = 0;
    bare->machine->read(pc, &insn, sizeof insn);
    if (intno != 7 || insn != 0xBEAB) {
        uc_emu_stop(uc);
        return;
    }
    const auto r = bare->semihosting->handle(bare->machine->reg(UC_ARM_REG_R0), bare->machine->reg(UC_ARM_REG_R1));
    if (r.exit || r.unhandled) {
        bare->exit_code = r.exit ? r.exit_code : -1;
        uc_emu_stop(uc);
        return;
    }
    bare->machine->set_reg(UC_ARM_REG_R0, r.r0);
    bare->machine->set_reg(UC_ARM_REG_PC, (pc + 2) | 1u);
}

}  // namespace

// --empty-block-hook adds a UC_HOOK_BLOCK whose callback only counts calls:
// the floor any block-hook profiler pays.
void on_block(uc_engine*, uint64_t, uint32_t, void* user) { ++*static_cast<uint64_t*>(user); }

// --empty-memory-hook adds read and write hooks over RAM whose callback only
// counts calls: the floor any exact (per-access) mode pays.
void on_memory(uc_engine*, uc_mem_type, uint64_t, int, int64_t, void* user) { ++*static_cast<uint64_t*>(user); }

int main(int argc, char** argv) {
    const std::string_view option = argc == 4 ? std::string_view(argv[3]) : std::string_view();
    const bool empty_hook = option == "--empty-block-hook";
    const bool memory_hook = option == "--empty-memory-hook";
    if (argc != 3 && !empty_hook && !memory_hook) {
        std::fprintf(stderr,
                     "usage: mcuprof-bare-unicorn BOARD FIRMWARE.elf [--empty-block-hook | --empty-memory-hook]\n");
        return 2;
    }
    try {
        const mcuprof::BoardProfile board = mcuprof::find_board(argv[1]);
        const mcuprof::ElfImage image = mcuprof::ElfImage::load(argv[2]);
        mcuprof::Machine machine(board, {});
        const mcuprof::BootState boot = mcuprof::load_image(machine, image);
        mcuprof::StdioConsole console;
        mcuprof::SemihostingConfig config;
        config.cycles = [] { return uint64_t(0); };
        config.clock_hz = board.clock_hz;
        config.heap = {0, 0, boot.initial_sp, 0};
        mcuprof::Semihosting semihosting(machine, console, config);
        Bare bare{&machine, &semihosting};
        uc_hook hook = 0;
        mcuprof::check_uc(uc_hook_add(machine.uc(), &hook, UC_HOOK_INTR, reinterpret_cast<void*>(&on_interrupt),
                                      &bare, 1, 0),
                          "adding the interrupt hook");
        // The System Control Space as plain RAM: start-up code writes CPACR.
        mcuprof::check_uc(uc_mem_map(machine.uc(), 0xE0000000u, 0x100000u, UC_PROT_READ | UC_PROT_WRITE),
                          "mapping the SCS");
        uint64_t blocks = 0;
        if (empty_hook) {
            mcuprof::check_uc(uc_hook_add(machine.uc(), &hook, UC_HOOK_BLOCK, reinterpret_cast<void*>(&on_block),
                                          &blocks, 1, 0),
                              "adding the block hook");
        }
        uint64_t accesses = 0;
        if (memory_hook) {
            for (const mcuprof::MemoryArea& area : machine.ram()) {
                if (area.mapped_bytes == 0) continue;
                mcuprof::check_uc(uc_hook_add(machine.uc(), &hook, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE,
                                              reinterpret_cast<void*>(&on_memory), &accesses, area.base,
                                              uint64_t(area.base) + area.mapped_bytes - 1),
                                  "adding the memory hook");
            }
        }
        machine.set_reg(UC_ARM_REG_SP, boot.initial_sp);
        const auto start = std::chrono::steady_clock::now();
        const uc_err err = uc_emu_start(machine.uc(), boot.reset_handler | 1u, 0xFFFFFFFEu, 0, 0);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (bare.exit_code != 0) {
            std::fprintf(stderr, "bare run did not exit cleanly (%s, exit code %d)\n", uc_strerror(err),
                         bare.exit_code);
            return 1;
        }
        fmt::print("bare_seconds {:.6f}\n", seconds);
        if (empty_hook) fmt::print("blocks {}\n", blocks);
        if (memory_hook) fmt::print("accesses {}\n", accesses);
        return 0;
    } catch (const mcuprof::Error& e) {
        std::fprintf(stderr, "mcuprof-bare-unicorn: error: %s\n", e.what());
        return 2;
    }
}

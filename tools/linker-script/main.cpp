// mcuprof-linker-script: writes the GNU ld script for one board profile. The
// firmware build runs it, so it links only mcuprof_board (no emulator).
#include "emulator/atomic_file.hpp"
#include "emulator/board_profile.hpp"
#include "emulator/byte_size.hpp"
#include "emulator/error.hpp"
#include "emulator/linker_script.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

// Rewrites the file only when the text changes, so builds stay incremental.
// Only a regular file of the same size is read back: an output given as
// /dev/zero or a FIFO must not be read forever or block.
void write_if_changed(const std::string& path, const std::string& text) {
    std::error_code error;
    if (std::filesystem::is_regular_file(path, error) && std::filesystem::file_size(path, error) == text.size()) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream old;
        old << in.rdbuf();
        if (in && old.str() == text) return;
    }
    mcuprof::write_file_atomically(path, text);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"mcuprof-linker-script: generate a GNU ld script from a board profile"};
    std::string board;
    std::string output;
    std::string stack = "8K";
    std::string heap = "0";
    std::string budget = "0";
    std::string null_guard = std::to_string(mcuprof::kDefaultNullGuard);
    mcuprof::LinkerScriptOptions options;
    app.add_option("--board", board, "board name (profiles directory) or path to a .toml profile")->required();
    app.add_option("-o,--output", output, "file to write")->required();
    app.add_option("--stack-size", stack, "main stack bytes (e.g. 8192, 0x2000, 8K)")->capture_default_str();
    app.add_option("--heap-size", heap, "heap bytes; 0 = all RAM between .bss and the stack")->capture_default_str();
    app.add_option("--ram-region", options.ram_region, "RAM region for data and stack (default: the profile's main_ram)");
    app.add_option("--sram-budget", budget, "SRAM budget the firmware runs under; 0 = the profile's default")
        ->capture_default_str();
    app.add_option("--null-guard", null_guard, "bytes from address 0 the firmware will run without; RAM there is "
                                                "not linked to")
        ->capture_default_str();
    try {
        app.parse(argc, argv);
        options.stack_size = uint32_t(mcuprof::parse_byte_size(stack, "--stack-size"));
        options.heap_size = uint32_t(mcuprof::parse_byte_size(heap, "--heap-size"));
        options.sram_budget = mcuprof::parse_byte_size(budget, "--sram-budget");
        options.null_guard = uint32_t(mcuprof::parse_byte_size(null_guard, "--null-guard"));
        const mcuprof::BoardProfile profile = mcuprof::find_board(board);
        write_if_changed(output, mcuprof::generate_linker_script(profile, options));
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const mcuprof::Error& e) {
        fmt::print(stderr, "mcuprof-linker-script: error: {}\n", e.what());
        return 2;
    }
    return 0;
}

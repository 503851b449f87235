// mcuprof-linker-script: writes the GNU ld script for one board profile. The
// firmware build runs it, so it links only mcuprof_board (no emulator).
#include "emulator/board/board_profile.hpp"
#include "emulator/board/linker_script.hpp"
#include "emulator/files/atomic_file.hpp"
#include "emulator/text/error.hpp"
#include "emulator/text/printable_text.hpp"
#include "tools/cli_options/byte_size_option.hpp"
#include "tools/cli_options/parse_failure.hpp"

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
    using mcuprof::cli::add_byte_size_option;
    CLI::App app{"mcuprof-linker-script: generate a GNU ld script from a board profile"};
    mcuprof::cli::use_one_line_parse_errors(app, "mcuprof-linker-script");
    std::string board;
    std::string output;
    mcuprof::LinkerScriptOptions options;
    app.add_option("--board", board, "board name (profiles directory) or path to a .toml profile")->required();
    app.add_option("-o,--output", output, "file to write")->required();
    add_byte_size_option(app, "--stack-size", options.stack_size, "main stack bytes (e.g. 8192, 0x2000, 8K)")
        ->capture_default_str();
    add_byte_size_option(app, "--heap-size", options.heap_size, "heap bytes; 0 = all RAM between .bss and the stack")
        ->capture_default_str();
    app.add_option("--ram-region", options.ram_region, "RAM region for data and stack (default: the profile's main_ram)");
    add_byte_size_option(app, "--sram-budget", options.sram_budget,
                         "SRAM budget the firmware runs under; 0 = the profile's default")
        ->capture_default_str();
    add_byte_size_option(app, "--null-guard", options.null_guard,
                         "bytes from address 0 the firmware will run without (multiple of 1024); RAM there is not "
                         "linked to",
                         mcuprof::cli::kNullGuardRule)
        ->capture_default_str();
    try {
        app.parse(argc, argv);
        const mcuprof::BoardProfile profile = mcuprof::find_board(board);
        write_if_changed(output, mcuprof::generate_linker_script(profile, options));
    } catch (const CLI::ParseError& e) {
        return mcuprof::cli::parse_failure_exit(app, e);
    } catch (const mcuprof::Error& e) {
        fmt::print(stderr, "mcuprof-linker-script: error: {}\n", mcuprof::printable(e.what()));
        return mcuprof::cli::kBadInputExit;
    }
    return 0;
}

// `mcuprof linker-script`: the GNU ld script for a board, to stdout or a file.
#include "commands.hpp"

#include "emulator/board/board_profile.hpp"
#include "emulator/board/linker_script.hpp"
#include "emulator/files/atomic_file.hpp"
#include "emulator/text/error.hpp"
#include "tools/cli_options/byte_size_option.hpp"

#include <fmt/core.h>

#include <memory>
#include <string>

namespace mcuprof::cli {

namespace {

struct LinkerScriptArgs {
    std::string board;
    std::string output;
    LinkerScriptOptions options;  // defaults: 8 KB stack, heap to the stack, the default null guard
};

void run(const LinkerScriptArgs& args) {
    const std::string script = generate_linker_script(find_board(args.board), args.options);
    write_file_atomically(args.output.empty() ? "-" : args.output, script);
}

}  // namespace

void register_linker_script_command(CLI::App& app) {
    auto args = std::make_shared<LinkerScriptArgs>();
    CLI::App* cmd = app.add_subcommand("linker-script", "Generate the GNU ld script for a board profile");
    cmd->add_option("--board", args->board, "board name or path to a .toml profile")->required();
    cmd->add_option("-o,--output", args->output, "file to write (default: standard output)");
    add_byte_size_option(*cmd, "--stack-size", args->options.stack_size, "main stack bytes (e.g. 8192, 0x2000, 8K)")
        ->capture_default_str();
    add_byte_size_option(*cmd, "--heap-size", args->options.heap_size,
                         "heap bytes; 0 = all RAM between .bss and the stack")
        ->capture_default_str();
    cmd->add_option("--ram-region", args->options.ram_region,
                    "RAM region for data and stack (default: the profile's main_ram)");
    add_byte_size_option(*cmd, "--sram-budget", args->options.sram_budget,
                         "SRAM budget the firmware runs under; 0 = the profile's default")
        ->capture_default_str();
    add_byte_size_option(*cmd, "--null-guard", args->options.null_guard,
                         "bytes from address 0 the firmware will run without (mcuprof run --null-guard; multiple of "
                         "1024): RAM there is not linked to",
                         kNullGuardRule)
        ->capture_default_str();
    cmd->callback([args] { run(*args); });
}

}  // namespace mcuprof::cli

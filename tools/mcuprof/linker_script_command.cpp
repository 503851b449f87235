// `mcuprof linker-script`: the GNU ld script for a board, to stdout or a file.
#include "commands.hpp"

#include "emulator/atomic_file.hpp"
#include "emulator/board_profile.hpp"
#include "emulator/byte_size.hpp"
#include "emulator/error.hpp"
#include "emulator/linker_script.hpp"

#include <fmt/core.h>

#include <memory>
#include <string>

namespace mcuprof::cli {

namespace {

struct LinkerScriptArgs {
    std::string board;
    std::string output;
    std::string stack = "8K";
    std::string heap = "0";
    std::string budget = "0";
    std::string ram_region;
    std::string null_guard = std::to_string(kDefaultNullGuard);
};

void run(const LinkerScriptArgs& args) {
    LinkerScriptOptions options;
    options.stack_size = uint32_t(parse_byte_size(args.stack, "--stack-size"));
    options.heap_size = uint32_t(parse_byte_size(args.heap, "--heap-size"));
    options.sram_budget = parse_byte_size(args.budget, "--sram-budget");
    options.ram_region = args.ram_region;
    options.null_guard = uint32_t(parse_byte_size(args.null_guard, "--null-guard"));
    const std::string script = generate_linker_script(find_board(args.board), options);
    write_file_atomically(args.output.empty() ? "-" : args.output, script);
}

}  // namespace

void register_linker_script_command(CLI::App& app) {
    auto args = std::make_shared<LinkerScriptArgs>();
    CLI::App* cmd = app.add_subcommand("linker-script", "Generate the GNU ld script for a board profile");
    cmd->add_option("--board", args->board, "board name or path to a .toml profile")->required();
    cmd->add_option("-o,--output", args->output, "file to write (default: standard output)");
    cmd->add_option("--stack-size", args->stack, "main stack bytes (e.g. 8192, 0x2000, 8K)")->capture_default_str();
    cmd->add_option("--heap-size", args->heap, "heap bytes; 0 = all RAM between .bss and the stack")
        ->capture_default_str();
    cmd->add_option("--ram-region", args->ram_region, "RAM region for data and stack (default: the profile's main_ram)");
    cmd->add_option("--sram-budget", args->budget, "SRAM budget the firmware runs under; 0 = the profile's default")
        ->capture_default_str();
    cmd->add_option("--null-guard", args->null_guard,
                    "bytes from address 0 the firmware will run without (mcuprof run --null-guard): RAM there is "
                    "not linked to")
        ->capture_default_str();
    cmd->callback([args] { run(*args); });
}

}  // namespace mcuprof::cli

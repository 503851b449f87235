// mcuprof: instruction-level Cortex-M4/M7 emulator and memory profiler.
#include "commands.hpp"

#include "emulator/text/error.hpp"
#include "emulator/text/printable_text.hpp"
#include "tools/cli_options/parse_failure.hpp"

#include <fmt/core.h>

#include <csignal>
#include <cstdio>

namespace mcuprof::cli {
namespace {
int g_exit_code = 0;
}
void set_exit_code(int code) { g_exit_code = code; }
int exit_code() { return g_exit_code; }
}  // namespace mcuprof::cli

int main(int argc, char** argv) {
    // An ignored SIGCHLD is inherited (some CI runners ignore it): the kernel
    // would reap the compiler before the firmware build can read its status.
    std::signal(SIGCHLD, SIG_DFL);
    CLI::App app{"mcuprof: run Cortex-M firmware on a real board's memory map, trap what leaves the budget, "
                 "and profile memory, instructions and cycles per layer"};
    app.require_subcommand(1);
    mcuprof::cli::use_one_line_parse_errors(app, "mcuprof");
    app.set_version_flag("--version", "mcuprof 0.1.0");
    mcuprof::cli::register_boards_command(app);
    mcuprof::cli::register_linker_script_command(app);
    mcuprof::cli::register_run_command(app);
    mcuprof::cli::register_check_command(app);
    mcuprof::cli::register_compare_command(app);
    mcuprof::cli::register_plan_command(app);
    mcuprof::cli::register_generate_command(app);
    mcuprof::cli::register_profile_command(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return mcuprof::cli::parse_failure_exit(app, e);
    } catch (const mcuprof::Error& e) {
        fmt::print(stderr, "mcuprof: error: {}\n", mcuprof::printable(e.what()));
        return mcuprof::cli::kBadInputExit;
    } catch (const std::exception& e) {
        fmt::print(stderr, "mcuprof: internal error: {}\n", mcuprof::printable(e.what()));
        return 3;
    }
    return mcuprof::cli::exit_code();
}

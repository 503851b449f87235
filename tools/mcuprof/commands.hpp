// Each mcuprof subcommand lives in its own file and registers itself here.
#pragma once

#include <CLI/CLI.hpp>

namespace mcuprof::cli {

// Each register_* adds one subcommand to app; its callback reports the
// process exit code through set_exit_code.
void register_boards_command(CLI::App& app);
void register_linker_script_command(CLI::App& app);
void register_run_command(CLI::App& app);
void register_check_command(CLI::App& app);

// The exit code the chosen subcommand wants (0 unless it set one).
void set_exit_code(int code);
int exit_code();

}  // namespace mcuprof::cli

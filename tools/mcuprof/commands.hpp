// Each mcuprof subcommand lives in its own file and registers itself here.
#pragma once

#include <CLI/CLI.hpp>

#include "emulator/board/board_profile.hpp"
#include "tools/model/model_weights.hpp"
#include "tools/planner/fit_check.hpp"

#include <string>

namespace mcuprof::cli {

// Each register_* adds one subcommand to app; its callback reports the
// process exit code through set_exit_code.
void register_boards_command(CLI::App& app);
void register_linker_script_command(CLI::App& app);
void register_run_command(CLI::App& app);
void register_check_command(CLI::App& app);
void register_compare_command(CLI::App& app);
void register_plan_command(CLI::App& app);
void register_generate_command(CLI::App& app);
void register_profile_command(CLI::App& app);

// Loads, plans and fit-checks a model (mcuprof plan and profile).
planner::Plan plan_model(const std::string& model_path, const std::string& schedule, const std::string& strategy,
                         const BoardProfile& board, const planner::FitOptions& fit_options, planner::FitCheck& fit);

// A model's plan, parameters, C source and the reference output it must print.
struct GeneratedModel {
    planner::Plan plan;
    planner::ModelWeights weights;
    std::string source;
    std::string expected_output;
};
GeneratedModel generate_model(const std::string& model_path, const std::string& schedule, const std::string& strategy);

// The exit code the chosen subcommand wants (0 unless it set one).
void set_exit_code(int code);
int exit_code();

}  // namespace mcuprof::cli

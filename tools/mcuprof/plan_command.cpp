// `mcuprof plan MODEL.yaml --board B [--schedule S] [--json plan.json]`:
// plan a model's memory, print the predicted peak per layer, and check that it
// fits the board (exit 1 naming the peak layer and the overshoot if not).
#include "commands.hpp"
#include "report_outputs.hpp"
#include "tools/cli_options/byte_size_option.hpp"

#include "emulator/board/board_profile.hpp"
#include "emulator/files/atomic_file.hpp"
#include "emulator/text/printable_text.hpp"
#include "tools/planner/fit_check.hpp"
#include "tools/planner/plan_json.hpp"

#include <fmt/core.h>

#include <memory>

namespace mcuprof::cli {
namespace {

constexpr int kDoesNotFit = 1;

struct PlanArgs {
    std::string model;
    std::string board;
    std::string schedule = "layerwise";
    std::string strategy = "greedy";
    std::string json_path;
    planner::FitOptions fit;
    bool quiet = false;
};

void print_plan(const planner::Plan& plan, const planner::FitCheck& fit) {
    fmt::print("model {} on {}: schedule {}, strategy {}\n", printable(plan.model.name), printable(fit.board),
               printable(plan.schedule.name()), printable(plan.strategy));
    fmt::print("{:<28} {:>12} {:>10} {:>10}\n", "layer", "predicted", "scratch", "staged");
    for (size_t l = 0; l < plan.layers.size(); ++l) {
        const auto& lp = plan.layers[l];
        fmt::print("{:<28} {:>12} {:>10} {:>10}{}\n", printable(plan.graph.layers[l].name), lp.predicted_peak, lp.scratch_bytes,
                   lp.staged_weight_bytes, int(l) == plan.peak_layer ? "  <- peak" : "");
    }
    fmt::print("arena {} bytes (budget {} in {}), flash parameters {} bytes, eq. 5 M = {} bytes\n", plan.arena_bytes,
               fit.arena_budget, printable(fit.ram_block), plan.flash_param_bytes, plan.eq5_m);
}

}  // namespace

// Shared with the profile command: the plan and its fit check, or a refusal.
planner::Plan plan_model(const std::string& model_path, const std::string& schedule, const std::string& strategy,
                         const BoardProfile& board, const planner::FitOptions& fit_options, planner::FitCheck& fit) {
    const planner::ModelConfig model = planner::load_model_config(model_path);
    const planner::Schedule s = planner::parse_schedule(schedule);
    const auto strat = planner::make_strategy(strategy);
    planner::Plan plan = planner::make_plan(model, s, *strat);
    fit = planner::check_fit(plan, board, fit_options);
    return plan;
}

void register_plan_command(CLI::App& app) {
    auto args = std::make_shared<PlanArgs>();
    CLI::App* cmd = app.add_subcommand(
        "plan", "Plan a model's memory for a board: tensors' offsets and lifetimes, predicted peak per layer, "
                "fit check. Exit status 1 if it does not fit, 2 for bad input.");
    cmd->add_option("model", args->model, "model config (YAML)")->required();
    cmd->add_option("--board,-b", args->board, "board profile name or .toml path")->required();
    cmd->add_option("--schedule,-s", args->schedule,
                    "layerwise|overwrite[,patch=K][,weights=flash|sram][,attention=row|full]")
        ->capture_default_str();
    cmd->add_option("--strategy", args->strategy, "offset strategy: greedy, lifetime or linear")->capture_default_str();
    cmd->add_option("--json", args->json_path, "write the plan as JSON to this file (atomically)");
    add_byte_size_option(*cmd, "--sram-budget", args->fit.sram_budget, "SRAM budget in bytes (default: the profile's)");
    cmd->add_option("--arena-region", args->fit.arena_region,
                    "RAM region for the arena outside the main RAM block (e.g. ccm); default: the main block");
    add_byte_size_option(*cmd, "--stack-size", args->fit.stack_bytes, "main stack bytes reserved in the RAM block")
        ->capture_default_str();
    cmd->add_flag("--quiet,-q", args->quiet, "print nothing but errors");
    cmd->callback([args] {
        const BoardProfile board = find_board(args->board);
        planner::FitCheck fit;
        const planner::Plan plan = plan_model(args->model, args->schedule, args->strategy, board, args->fit, fit);
        if (!args->json_path.empty()) {
            write_file_atomically(args->json_path, json_file_text(planner::plan_to_json(plan, &fit)));
        }
        if (!args->quiet) print_plan(plan, fit);
        if (!fit.fits()) {
            fmt::print(stderr, "mcuprof: {}\n", printable(fit.refusal(plan)));
            set_exit_code(kDoesNotFit);
        }
    });
}

}  // namespace mcuprof::cli

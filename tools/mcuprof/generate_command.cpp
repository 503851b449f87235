// `mcuprof generate MODEL.yaml --schedule S -o model.c [--reference out.txt]`:
// write the C source of a model under a schedule (and the host reference's
// output, the text the firmware must print).
#include "commands.hpp"

#include "emulator/files/atomic_file.hpp"
#include "tools/codegen/codegen.hpp"
#include "tools/model/reference.hpp"

#include <memory>

namespace mcuprof::cli {
namespace {

struct GenerateArgs {
    std::string model;
    std::string schedule = "layerwise";
    std::string strategy = "greedy";
    std::string output;
    std::string reference;
};

}  // namespace

GeneratedModel generate_model(const std::string& model_path, const std::string& schedule,
                              const std::string& strategy) {
    const planner::ModelConfig model = planner::load_model_config(model_path);
    const auto strat = planner::make_strategy(strategy);
    GeneratedModel g{planner::make_plan(model, planner::parse_schedule(schedule), *strat), {}, {}, {}};
    g.weights = planner::generate_weights(g.plan.model, g.plan.graph);
    g.source = planner::generate_model_c(g.plan, g.weights);
    g.expected_output = planner::format_output(planner::run_reference(g.plan.model, g.plan.graph, g.weights));
    return g;
}

void register_generate_command(CLI::App& app) {
    auto args = std::make_shared<GenerateArgs>();
    CLI::App* cmd = app.add_subcommand("generate", "Generate the C source of a model under a memory schedule.");
    cmd->add_option("model", args->model, "model config (YAML)")->required();
    cmd->add_option("--schedule,-s", args->schedule,
                    "layerwise|overwrite[,patch=K][,weights=flash|sram][,attention=row|full]")
        ->capture_default_str();
    cmd->add_option("--strategy", args->strategy, "offset strategy: greedy, lifetime or linear")->capture_default_str();
    cmd->add_option("-o,--output", args->output, "C file to write")->required();
    cmd->add_option("--reference", args->reference, "also write the host reference's output (the expected print)");
    cmd->callback([args] {
        const GeneratedModel g = generate_model(args->model, args->schedule, args->strategy);
        write_file_atomically(args->output, g.source);
        if (!args->reference.empty()) write_file_atomically(args->reference, g.expected_output);
    });
}

}  // namespace mcuprof::cli

#include "tools/pipeline/profile_pipeline.hpp"

#include "emulator/files/atomic_file.hpp"
#include "emulator/run/runner.hpp"
#include "emulator/semihost/console.hpp"
#include "emulator/text/error.hpp"
#include "tools/codegen/codegen.hpp"
#include "tools/firmware_build/stack_bound.hpp"
#include "tools/model/model_weights.hpp"
#include "tools/model/reference.hpp"

#include <algorithm>
#include <filesystem>

namespace mcuprof::profile {
namespace {

// Keeps what the firmware prints; echoes nothing.
class KeepingConsole final : public Console {
public:
    void write_stdout(std::string_view bytes) override { out.append(bytes); }
    void write_stderr(std::string_view bytes) override { out.append(bytes); }
    size_t read_stdin(std::span<char>) override { return 0; }
    std::string out;
};

}  // namespace

ArenaPlan arena_plan(const planner::Plan& plan) {
    ArenaPlan a;
    a.size = uint32_t(std::max<int64_t>(plan.arena_bytes, 8));
    for (size_t l = 0; l < plan.layers.size(); ++l) {
        ArenaLayerPlan layer;
        layer.name = plan.graph.layers[l].name;
        layer.predicted_peak = uint64_t(plan.layers[l].predicted_peak);
        for (int t : plan.layers[l].live) {
            const planner::Tensor& tensor = plan.graph.tensors[size_t(t)];
            layer.live.push_back(ArenaRange{uint32_t(plan.tensor_offset(t)), uint32_t(tensor.size), tensor.name});
        }
        a.layers.push_back(std::move(layer));
    }
    return a;
}

ProfileOutcome profile_plan(const planner::Plan& plan, const BoardProfile& board, const ProfileOptions& options) {
    ProfileOutcome outcome;
    const planner::ModelWeights weights = planner::generate_weights(plan.model, plan.graph);
    outcome.expected_output = planner::format_output(planner::run_reference(plan.model, plan.graph, weights));

    std::filesystem::create_directories(options.build.work_dir);
    outcome.source = (std::filesystem::path(options.build.work_dir) / "model.c").string();
    write_file_atomically(outcome.source, planner::generate_model_c(plan, weights, options.arena_section));
    const planner::FirmwareBuild build = planner::build_model_firmware(board, outcome.source, options.build);
    outcome.elf = build.elf;
    // A signal before or during the build: stop before any run (the caller reports it).
    if (options.interrupt != nullptr && options.interrupt->signal() != 0) fail("interrupted while building");

    RunOptions run;
    run.board = board.source_path.empty() ? board.name : board.source_path;
    run.elf_path = build.elf;
    run.sram_budget = options.build.sram_budget;
    run.instruction_limit = options.instruction_limit;
    run.arena = arena_plan(plan);
    run.interrupt = options.interrupt;
    run.timing = options.timing;

    Report second;
    for (int pass = 0; pass < 2; ++pass) {
        run.arena->paint_xor = pass == 0 ? 0x00 : 0xFF;
        // Exact mode's hooks are slow and its figures do not depend on the
        // paint: the first run carries them.
        run.exact = options.exact && pass == 0;
        KeepingConsole console;
        Report r = run_firmware(run, console);
        outcome.outputs[pass] = console.out;
        if (pass == 0) {
            outcome.report = std::move(r);
            if (outcome.report.exit.reason == "interrupted") break;  // no second run
        } else {
            second = std::move(r);
        }
    }
    // An interrupted second run makes the whole profile an interrupted one.
    if (second.exit.reason == "interrupted") outcome.report.exit = second.exit;
    // A written byte differs from at least one paint: the larger measurement.
    for (size_t i = 0; i < outcome.report.layers.size() && i < second.layers.size(); ++i) {
        auto& a = outcome.report.layers[i].arena_peak_bytes;
        const auto& b = second.layers[i].arena_peak_bytes;
        if (a && b) a = std::max(*a, *b);
    }
    // Static stack bound per layer: the frames of Reset_Handler, main and
    // mcuprof_model_run, plus the deepest call the layer makes.
    const planner::CallGraph graph = planner::CallGraph::load({build.work_dir, build.kernel_dir});
    const uint64_t lib = options.library_frame_bytes;
    // Reset_Handler's only indirect calls are the constructor loops, empty in
    // a C firmware: the run's bound is its frame plus main's deepest path.
    if (auto r = graph.frame("Reset_Handler"), m = graph.deepest("main", lib); r && m) {
        outcome.model_stack_bound = *r + *m;
    }
    std::optional<uint64_t> above;
    if (auto r = graph.frame("Reset_Handler"), m = graph.frame("main"), run = graph.frame("mcuprof_model_run");
        r && m && run) {
        above = *r + *m + *run;
    }
    for (size_t i = 0; i < outcome.report.layers.size() && i < plan.layers.size() && above; ++i) {
        std::optional<uint64_t> deepest = uint64_t(0);
        for (const std::string& call : planner::layer_calls(plan, int(i))) {
            const auto d = graph.deepest(call, lib);
            deepest = d && deepest ? std::optional<uint64_t>(std::max(*deepest, *d)) : std::nullopt;
        }
        if (deepest) outcome.report.layers[i].stack_bound_bytes = *above + *deepest;
    }
    outcome.output_matches =
        outcome.outputs[0] == outcome.expected_output && outcome.outputs[1] == outcome.expected_output;
    return outcome;
}

}  // namespace mcuprof::profile

// `mcuprof profile [MODEL.yaml] [--board B] [--schedule S] [--json out.json]`:
// plan the model, refuse it if it does not fit, generate its C source,
// cross-compile it for the board, run it in the emulator (twice, with dead
// arena bytes poisoned), check its output against the host reference, and
// print predicted vs measured arena peak per layer. No arguments: the default
// model (firmware/models/stm32f746.yaml) on stm32f746.
#include "commands.hpp"
#include "report_outputs.hpp"
#include "signal_watch.hpp"
#include "tools/cli_options/byte_size_option.hpp"

#include "emulator/files/atomic_file.hpp"
#include "emulator/files/output_path.hpp"
#include "emulator/report/exit_status.hpp"
#include "emulator/report/report_json.hpp"
#include "emulator/text/error.hpp"
#include "emulator/text/printable_text.hpp"
#include "tools/firmware_build/private_dir.hpp"
#include "tools/firmware_build/subprocess.hpp"
#include "tools/pipeline/profile_pipeline.hpp"
#include "tools/planner/plan_json.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <memory>

namespace mcuprof::cli {
namespace {

using exit_codes::kDoesNotFit;
using exit_codes::kOutputMismatch;

struct ProfileArgs {
    std::string model;
    std::string board = "stm32f746";
    std::string schedule = "overwrite";
    std::string strategy = "greedy";
    std::string json_path;
    std::string plan_json_path;
    ReportOutputs outputs;  // --markdown, --html, --trace, --collapsed
    std::string work_dir;
    planner::FitOptions fit;
    bool quiet = false;
    bool exact = false;
    std::string timing = "block";
    std::string board_caches = "on";
};

// A fresh private directory per run (see private_dir.hpp); the report's "elf"
// and "source" name files in it, so it is kept.
std::string default_work_dir(const planner::Plan& plan, const std::string& board) {
    return planner::make_private_dir(planner::private_base_dir(),
                                     fmt::format("profile-{}-{}-{}", plan.model.name, board, plan.schedule.slug()));
}

void print_table(std::FILE* out, const planner::Plan& plan, const profile::ProfileOutcome& o) {
    const Report& r = o.report;
    fmt::print(out, "\n{} on {} ({}, {} MHz), schedule {}, strategy {}\n", printable(plan.model.name), printable(r.board),
               printable(r.core), r.clock_hz / 1'000'000, printable(plan.schedule.name()), printable(plan.strategy));
    fmt::print(out, "{:<26} {:>13} {:>13} {:>9} {:>10} {:>10} {:>7} {:>6} {:>6}\n", "layer", "instructions", "cycles", "ms",
               "predicted", "measured", "delta", "stack", "bound");
    for (const LayerReport& l : r.layers) {
        const double ms = r.layer_ms(l);
        const std::string predicted = l.predicted_peak_bytes ? std::to_string(*l.predicted_peak_bytes) : "-";
        const std::string measured = l.arena_peak_bytes ? std::to_string(*l.arena_peak_bytes) : "-";
        const std::string delta = l.predicted_peak_bytes && l.arena_peak_bytes
                                      ? fmt::format("{:+}", int64_t(*l.arena_peak_bytes) - int64_t(*l.predicted_peak_bytes))
                                      : "-";
        const std::string bound = l.stack_bound_bytes ? std::to_string(*l.stack_bound_bytes) : "?";
        fmt::print(out, "{:<26} {:>13} {:>13} {:>9.3f} {:>10} {:>10} {:>7} {:>6} {:>6}\n", printable(l.name), l.instructions, l.cycles,
                   ms, predicted, measured, delta, l.stack_peak_bytes, bound);
    }
    uint64_t measured_peak = 0;
    for (const LayerReport& l : r.layers) measured_peak = std::max(measured_peak, l.arena_peak_bytes.value_or(0));
    fmt::print(out, "arena peak: predicted {} bytes ({}), measured {} bytes; eq. 5 M = {} bytes\n", plan.peak_bytes(),
               printable(plan.graph.layers[size_t(plan.peak_layer)].name), measured_peak, plan.eq5_m);
    fmt::print(out, "stack peak: measured {} bytes, static bound {} bytes (call graph, library functions assumed <= 64)\n",
               r.memory.stack_peak_bytes,
               o.model_stack_bound ? std::to_string(*o.model_stack_bound) : std::string("unknown"));
    fmt::print(out, "flash: {} bytes of parameters predicted, {} bytes of image; static RAM {} bytes\n",
               plan.flash_param_bytes, r.memory.flash_bytes, r.memory.static_bytes);
    fmt::print(out, "total: {} instructions, {} cycles, {:.3f} ms at {} MHz (estimate)\n", r.instructions, r.cycles,
               r.estimated_ms(), r.clock_hz / 1'000'000);
    fmt::print(out, "output check: {}\n", o.output_matches ? "logits identical to the host reference"
                                                      : "MISMATCH against the host reference");
}

nlohmann::json outcome_json(const planner::Plan& plan, const planner::FitCheck& fit, const profile::ProfileOutcome& o) {
    nlohmann::json j = report_to_json(o.report);
    j["plan"] = planner::plan_to_json(plan, &fit);
    j["output_check"] = {{"ok", o.output_matches},
                         {"expected", o.expected_output},
                         {"runs", {o.outputs[0], o.outputs[1]}}};
    j["elf"] = o.elf;
    j["stack_bound_bytes"] = o.model_stack_bound ? nlohmann::json(*o.model_stack_bound) : nlohmann::json();
    j["source"] = o.source;
    return j;
}

void profile_command(const ProfileArgs& args) {
    std::vector<std::string> outputs = args.outputs.paths();
    outputs.insert(outputs.end(), {args.json_path, args.plan_json_path});
    check_output_paths(outputs);
    if (!args.work_dir.empty()) planner::check_work_dir(args.work_dir, "--work-dir");
    std::string model = args.model;
    if (model.empty()) model = planner::mcuprof_source_dir() + "/firmware/models/stm32f746.yaml";
    const BoardProfile board = find_board(args.board);
    planner::FitCheck fit;
    const planner::Plan plan = plan_model(model, args.schedule, args.strategy, board, args.fit, fit);
    if (!args.plan_json_path.empty()) {
        write_file_atomically(args.plan_json_path, json_file_text(planner::plan_to_json(plan, &fit)));
    }
    if (!fit.fits()) {
        fmt::print(stderr, "mcuprof: {}\n", printable(fit.refusal(plan)));
        set_exit_code(kDoesNotFit);
        return;
    }
    if (!args.work_dir.empty()) planner::prepare_work_dir(args.work_dir, "--work-dir");
    profile::ProfileOptions options;
    options.build.work_dir = args.work_dir.empty() ? default_work_dir(plan, board.name) : args.work_dir;
    options.build.cache_dir = planner::private_subdir("kernel-cache");
    options.build.stack_size = args.fit.stack_bytes;
    options.build.sram_budget = args.fit.sram_budget;
    options.exact = args.exact;
    options.timing = args.timing;
    options.build.board_caches = args.board_caches == "on";
    options.arena_section = fit.arena_section;
    // A signal during the build stops the compiler and leaves no report; one
    // during the run ends it with the report of what ran.
    SignalWatch signals([](int signal) { planner::signal_running_program(signal); });
    options.interrupt = &signals.interrupt();
    profile::ProfileOutcome o;
    try {
        o = profile::profile_plan(plan, board, options);
    } catch (const Error&) {
        if (signals.signal() == 0) throw;
        fmt::print(stderr, "mcuprof: interrupted by {} while building the firmware; no report written\n",
                   signal_name(signals.signal()));
        set_exit_code(exit_codes::kSignalBase + signals.signal());
        return;
    }
    if (!args.json_path.empty()) {
        write_file_atomically(args.json_path, json_file_text(outcome_json(plan, fit, o)));
    }
    write_report_outputs(o.report, args.outputs);
    // A report on stdout (--json -) keeps stdout to itself: the table goes to stderr.
    if (!args.quiet) print_table(any_standard_output(outputs) ? stderr : stdout, plan, o);
    const ProcessExit firmware_exit = process_exit_for(o.report.exit);
    if (o.report.exit.reason == "interrupted") {
        fmt::print(stderr, "mcuprof: {}\n", printable(o.report.exit.detail));
        set_exit_code(firmware_exit.code);
    } else if (o.report.exit.reason != "exit") {
        fmt::print(stderr, "mcuprof: the firmware was stopped: {}\n", printable(o.report.exit.detail));
        set_exit_code(firmware_exit.code);
    } else if (!o.output_matches) {
        fmt::print(stderr, "mcuprof: output check failed: the firmware printed '{}' but the host reference prints '{}'\n",
                   printable(o.outputs[0].substr(0, o.outputs[0].find('\n'))),
                   printable(o.expected_output.substr(0, o.expected_output.find('\n'))));
        set_exit_code(kOutputMismatch);
    } else {
        if (!firmware_exit.note.empty()) fmt::print(stderr, "{}\n", firmware_exit.note);
        set_exit_code(firmware_exit.code);
    }
}

}  // namespace

void register_profile_command(CLI::App& app) {
    auto args = std::make_shared<ProfileArgs>();
    CLI::App* cmd = app.add_subcommand(
        "profile", "Plan, generate, cross-compile and run a model on a board; predicted vs measured arena peak per "
                   "layer. Exit status: 0, 1 if it does not fit (nothing built), 4 if its output differs from the "
                   "host reference, 125 if a violation stopped it, 2 for bad input, 3 for an internal error, "
                   "128+N (130, 143) when signal N interrupted it (no report during the build; during the run, "
                   "the report of what ran); otherwise " + std::string(kFirmwareExitHelp) + ".");
    cmd->add_option("model", args->model, "model config (YAML); default: firmware/models/stm32f746.yaml");
    cmd->add_option("--board,-b", args->board, "board profile name or .toml path")->capture_default_str();
    cmd->add_option("--schedule,-s", args->schedule,
                    "layerwise|overwrite[,patch=K][,weights=flash|sram][,attention=row|full]")
        ->capture_default_str();
    cmd->add_option("--strategy", args->strategy, "offset strategy: greedy, lifetime or linear")->capture_default_str();
    cmd->add_option("--json", args->json_path, "write the report (with the plan) as JSON (atomically)");
    cmd->add_option("--plan-json", args->plan_json_path, "write the plan as JSON (atomically)");
    add_report_output_options(*cmd, args->outputs, /*with_json=*/false);
    cmd->add_option("--work-dir", args->work_dir, "where the generated source, objects and ELF go");
    add_byte_size_option(*cmd, "--sram-budget", args->fit.sram_budget, "SRAM budget in bytes (default: the profile's)");
    cmd->add_option("--arena-region", args->fit.arena_region,
                    "RAM region for the arena outside the main RAM block (e.g. ccm); default: the main block");
    add_byte_size_option(*cmd, "--stack-size", args->fit.stack_bytes, "main stack bytes")->capture_default_str();
    cmd->add_flag("--quiet,-q", args->quiet, "print no table");
    cmd->add_option("--timing", args->timing,
                    "block: fetch stalls and literal loads per block (fast); memory: every load priced too, "
                    "weights read from flash included (a load hook, several times slower)")
        ->capture_default_str()
        ->check(CLI::IsMember({"block", "memory"}));
    cmd->add_option("--board-caches", args->board_caches,
                    "on: the generated firmware enables flash prefetch, ART and L1 caches (a deployable "
                    "firmware); off: same clock and flash latency without them")
        ->capture_default_str()
        ->check(CLI::IsMember({"on", "off"}));
    cmd->add_flag("--exact", args->exact,
                  "also run exact mode: per-tensor accesses, reads of dead or never-written arena bytes");
    cmd->callback([args] { profile_command(*args); });
}

}  // namespace mcuprof::cli

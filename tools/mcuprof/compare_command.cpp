// `mcuprof compare [MODEL.yaml] --board B ... [--family F ...] [--weights W ...]
// [--kernels K ...]`: one model across schedules, boards and patch kernels,
// run in parallel; one table (predicted and measured peak, flash,
// instructions, cycles, latency per schedule), the trade-off of peak memory
// against latency over k with its knee under both weight accountings.
#include "commands.hpp"
#include "report_outputs.hpp"

#include "emulator/files/atomic_file.hpp"
#include "emulator/files/output_path.hpp"
#include "emulator/render/report_html.hpp"
#include "emulator/render/report_markdown.hpp"
#include "emulator/report/tradeoff.hpp"
#include "emulator/text/printable_text.hpp"
#include "tools/cli_options/non_negative.hpp"
#include "tools/compare/compare_runner.hpp"
#include "tools/compare/comparison_json.hpp"
#include "tools/firmware_build/firmware_build.hpp"
#include "tools/firmware_build/private_dir.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <filesystem>
#include <memory>

namespace mcuprof::cli {
namespace {

constexpr int kRunFailed = 1;

struct CompareArgs {
    compare::CompareRequest request;
    std::string from_json;  // re-render a stored comparison instead of running
    std::string json;
    std::string markdown;
    std::string html;
    bool quiet = false;
};

void print_table(const Comparison& c) {
    fmt::print("\n{} across {} runs\n", printable(c.model), c.rows.size());
    fmt::print("{:<10} {:<34} {:>3} {:>6} {:>10} {:>10} {:>7} {:>9} {:>12} {:>12} {:>10}\n", "board", "schedule", "k",
               "weight", "predicted", "measured", "delta", "flash", "instructions", "cycles", "ms");
    for (const ComparisonRow& r : c.rows) {
        const std::string k = r.patch_kernel ? std::to_string(*r.patch_kernel) : "-";
        if (!r.fits) {
            fmt::print("{:<10} {:<34} {:>3} {:>6} {:>10}  does not fit: {}\n", printable(r.board),
                       printable(r.schedule), k, printable(r.weights), r.predicted_peak_bytes, printable(r.note));
            continue;
        }
        fmt::print("{:<10} {:<34} {:>3} {:>6} {:>10} {:>10} {:>+7} {:>9} {:>12} {:>12} {:>10.3f}{}\n", printable(r.board),
                   printable(r.schedule), k, printable(r.weights), r.predicted_peak_bytes, r.measured_peak_bytes,
                   int64_t(r.measured_peak_bytes) - int64_t(r.predicted_peak_bytes), r.flash_bytes, r.instructions,
                   r.cycles, r.latency_ms, r.ok ? "" : "  FAILED: " + printable(r.note));
    }
    const std::string knees = describe_knees(tradeoff_curves(c));
    if (!knees.empty()) fmt::print("\npeak memory against latency over k:\n{}", knees);
}

void compare_command(CompareArgs args) {
    if (args.request.model_path.empty()) {
        args.request.model_path = planner::mcuprof_source_dir() + "/firmware/models/stm32f746.yaml";
    }
    check_output_paths({args.json, args.markdown, args.html});
    // Each job builds in a fresh directory below the work directory: the
    // user's (checked), or a private one made for this run, removed at the end
    // unless a run failed (its build log is in it).
    const bool own_work_dir = args.request.work_dir.empty();
    if (args.from_json.empty()) {
        if (own_work_dir) {
            args.request.work_dir = planner::make_private_dir(planner::private_base_dir(), "compare");
        } else {
            planner::prepare_work_dir(args.request.work_dir, "--work-dir");
        }
        args.request.kernel_cache_dir = planner::private_subdir("kernel-cache");
    }
    const compare::JobDone progress = [&](const ComparisonRow& r, size_t done, size_t total) {
        if (args.quiet) return;
        fmt::print(stderr, "[{}/{}] {} {}: {}\n", done, total, printable(r.board), printable(r.schedule),
                   !r.fits  ? "does not fit"
                   : r.ok   ? fmt::format("peak {} B, {:.3f} ms", r.measured_peak_bytes, r.latency_ms)
                            : "FAILED: " + printable(r.note));
    };
    const Comparison c = args.from_json.empty() ? compare::run_comparison(args.request, progress)
                                                : compare::read_comparison_file(args.from_json);
    if (!args.json.empty()) write_file_atomically(args.json, json_file_text(compare::comparison_to_json(c)));
    if (!args.markdown.empty()) write_file_atomically(args.markdown, comparison_to_markdown(c));
    if (!args.html.empty()) write_file_atomically(args.html, comparison_to_html(c));
    if (!args.quiet) print_table(c);
    bool failed = false;
    for (const ComparisonRow& r : c.rows) failed = failed || (r.fits && !r.ok);
    if (args.from_json.empty() && own_work_dir && !failed) {
        std::error_code ignored;
        std::filesystem::remove_all(args.request.work_dir, ignored);
    }
    set_exit_code(failed ? kRunFailed : 0);
}

}  // namespace

void register_compare_command(CLI::App& app) {
    auto args = std::make_shared<CompareArgs>();
    CLI::App* cmd = app.add_subcommand(
        "compare", "Run one model across schedules, boards and patch kernels (in parallel) and compare peak memory "
                   "(predicted and measured), flash, instructions and latency; trade-off over k. Exit status: 0, 1 "
                   "if a run that fits failed (stopped or wrong output), 2 for bad input.");
    cmd->add_option("model", args->request.model_path, "model config (YAML); default: firmware/models/stm32f746.yaml");
    cmd->add_option("--board,-b", args->request.boards, "board(s) to run on")->capture_default_str();
    cmd->add_option("--family", args->request.families,
                    "schedule families without patch=/weights= (e.g. layerwise, overwrite, overwrite,attention=full)")
        ->capture_default_str();
    cmd->add_option("--weights", args->request.weights, "weight placements: flash, sram (eq. 5 accounting)")
        ->capture_default_str();
    cmd->add_option("--kernels,-k", args->request.kernels,
                    "patch kernels k to run (0 = undecomposed); default: 0 and every divisor of the patch")
        ->check(non_negative());
    cmd->add_option("--strategy", args->request.strategy, "offset strategy: greedy, lifetime or linear")
        ->capture_default_str();
    cmd->add_option("--timing", args->request.timing,
                    "block (fast) or memory: every load priced, so weights read from flash cost their wait states")
        ->capture_default_str()
        ->check(CLI::IsMember({"block", "memory"}));
    cmd->add_option("--jobs,-j", args->request.jobs, "parallel runs (default: the machine's cores)")->check(non_negative());
    cmd->add_option("--work-dir", args->request.work_dir, "where generated sources and ELFs go");
    cmd->add_option("--from-json", args->from_json,
                    "run nothing: read a comparison written by --json and write its table and reports again");
    cmd->add_option("--json", args->json, "write the comparison as JSON (atomically)");
    cmd->add_option("--markdown", args->markdown, "write the comparison as Markdown");
    cmd->add_option("--html", args->html, "write a self-contained HTML page with the comparison charts");
    cmd->add_flag("--quiet,-q", args->quiet, "print no progress and no table");
    cmd->callback([args] { compare_command(*args); });
}

}  // namespace mcuprof::cli

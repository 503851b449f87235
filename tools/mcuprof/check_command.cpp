// `mcuprof check --budgets B.toml REPORT.json` (or `--board B APP.elf`, which
// runs the firmware first): checks a run against budgets and an optional
// baseline. Exit 0 when every limit holds, 1 with the list of what broke,
// 2 on bad input.
#include "commands.hpp"
#include "report_outputs.hpp"
#include "signal_watch.hpp"
#include "tools/cli_options/non_negative.hpp"
#include "tools/mcuprof/instruction_limit_check.hpp"

#include "emulator/files/atomic_file.hpp"
#include "emulator/files/output_path.hpp"
#include "emulator/report/exit_status.hpp"
#include "emulator/report/report_json.hpp"
#include "emulator/report/report_json_read.hpp"
#include "emulator/run/instruction_limit.hpp"
#include "emulator/run/runner.hpp"
#include "emulator/semihost/stdio_console.hpp"
#include "emulator/text/error.hpp"
#include "emulator/text/printable_text.hpp"
#include "tools/check/budget_check.hpp"
#include "tools/check/check_junit.hpp"
#include "tools/check/check_markdown.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <memory>

namespace mcuprof::cli {
namespace {

constexpr int kCheckFailed = 1;

struct CheckArgs {
    std::string input;
    std::string budgets;
    std::string board;
    std::string baseline;
    std::string junit;
    std::string markdown;
    std::string json;
    std::string max_instructions = std::to_string(kDefaultInstructionLimit);
    bool quiet = false;
};

// Runs the ELF with the firmware's output on stderr so stdout keeps the verdict.
class StderrConsole final : public Console {
public:
    void write_stdout(std::string_view bytes) override { std::fwrite(bytes.data(), 1, bytes.size(), stderr); }
    void write_stderr(std::string_view bytes) override { std::fwrite(bytes.data(), 1, bytes.size(), stderr); }
    size_t read_stdin(std::span<char>) override { return 0; }
};

Report obtain_report(const CheckArgs& args) {
    if (args.board.empty()) return read_report_file(args.input);
    RunOptions options;
    options.board = args.board;
    options.elf_path = args.input;
    options.instruction_limit = parse_instruction_limit(args.max_instructions, "--max-instructions");
    SignalWatch signals;
    options.interrupt = &signals.interrupt();
    StderrConsole console;
    Report report = run_firmware(options, console);
    if (!args.json.empty()) {
        write_file_atomically(args.json, json_file_text(report_to_json(report)));
    }
    return report;
}

void check(const CheckArgs& args) {
    check_output_paths({args.junit, args.markdown, args.json});
    check::Budgets budgets = check::read_budgets(args.budgets);
    if (!args.baseline.empty()) {
        check::Baseline b = budgets.baseline.value_or(check::Baseline{});
        b.report_path = args.baseline;
        budgets.baseline = b;
    }
    std::optional<Report> baseline;
    if (budgets.baseline) baseline = read_report_file(budgets.baseline->report_path);
    const Report report = obtain_report(args);
    // The firmware's status as `mcuprof run` maps it: said on stderr when the
    // exit code (the check's verdict) cannot carry it.
    const ProcessExit firmware_exit = process_exit_for(report.exit);
    if (!args.board.empty() && report.exit.reason == "interrupted") {
        fmt::print(stderr, "mcuprof: {}\n", report.exit.detail);
        set_exit_code(firmware_exit.code);
        return;
    }
    if (!firmware_exit.note.empty()) fmt::print(stderr, "{}\n", firmware_exit.note);
    const check::CheckResult result = check::check_report(report, budgets, baseline ? &*baseline : nullptr);

    if (!args.junit.empty()) write_file_atomically(args.junit, check::check_to_junit(result));
    if (!args.markdown.empty()) write_file_atomically(args.markdown, check::check_to_markdown(result));
    for (const check::Finding& f : result.findings)
        if (!f.passed) fmt::print("FAIL {}\n", printable(f.message));
    if (!args.quiet) {
        fmt::print("mcuprof check: {}: {} of {} limits hold{}\n", printable(result.subject),
                   result.findings.size() - result.failures(), result.findings.size(),
                   result.passed() ? "" : fmt::format(", {} broken", result.failures()));
    }
    set_exit_code(result.passed() ? 0 : kCheckFailed);
}

}  // namespace

void register_check_command(CLI::App& app) {
    auto args = std::make_shared<CheckArgs>();
    CLI::App* cmd = app.add_subcommand(
        "check", "Check a run against memory, instruction and cycle budgets (and a baseline). Exit status: 0 when "
                 "every limit holds, 1 when one breaks (each listed with its layer and overshoot; a firmware that did not exit "
                 "with status 0 breaks the exit limit, and its status is also given on stderr as `mcuprof run` maps "
                 "it), 2 for bad input, 128+N when signal N interrupted the run.");
    cmd->add_option("input", args->input,
                    "a report from `mcuprof run --json`, or with --board a firmware ELF to run first")
        ->required();
    cmd->add_option("--budgets", args->budgets, "budgets file (TOML: [run], [layers.\"NAME\"], [baseline])")
        ->required();
    cmd->add_option("--board,-b", args->board, "run the input ELF on this board instead of reading a report");
    cmd->add_option("--baseline", args->baseline,
                    "baseline report (JSON); overrides [baseline] report, keeps its tolerances (default 0)");
    cmd->add_option("--junit", args->junit, "write JUnit XML (one test case per limit)");
    cmd->add_option("--markdown", args->markdown, "write a Markdown summary");
    cmd->add_option("--json", args->json, "with --board: also write the run's report as JSON");
    cmd->add_option("--max-instructions", args->max_instructions,
                    "with --board: stop as runaway after this many instructions (a positive count, or 'unlimited')")
        ->capture_default_str()
        ->check(instruction_limit_check());
    cmd->add_flag("--quiet,-q", args->quiet, "print only what broke");
    cmd->callback([args] { check(*args); });
}

}  // namespace mcuprof::cli

// `mcuprof run --board B app.elf [--json out.json] [--html ...]`: profile one firmware.
#include "commands.hpp"
#include "report_outputs.hpp"
#include "signal_watch.hpp"
#include "tools/cli_options/byte_size_option.hpp"
#include "tools/cli_options/non_negative.hpp"
#include "tools/mcuprof/instruction_limit_check.hpp"

#include "emulator/files/output_path.hpp"
#include "emulator/render/report_text.hpp"
#include "emulator/report/exit_status.hpp"
#include "emulator/run/instruction_limit.hpp"
#include "emulator/run/progress_display.hpp"
#include "emulator/run/runner.hpp"
#include "emulator/semihost/stdio_console.hpp"
#include "emulator/text/error.hpp"
#include "emulator/text/printable_text.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <memory>
#include <optional>

namespace mcuprof::cli {
namespace {

struct RunArgs {
    RunOptions options;
    ReportOutputs outputs;
    std::optional<uint64_t> stack_limit;
    std::string max_instructions = std::to_string(kDefaultInstructionLimit);
    bool trap_peripherals = false;
    bool tolerate_peripherals = false;
    bool quiet = false;
    size_t top = 15;
};

void run(const RunArgs& args) {
    check_output_paths(args.outputs.paths());
    RunOptions options = args.options;
    // 32 bits: checked while parsing (CLI::Range on --stack-limit).
    if (args.stack_limit) options.stack_limit = static_cast<uint32_t>(*args.stack_limit);
    if (args.trap_peripherals) options.trap_peripherals = true;
    if (args.tolerate_peripherals) options.trap_peripherals = false;
    options.instruction_limit = parse_instruction_limit(args.max_instructions, "--max-instructions");

    SignalWatch signals;  // before the progress display starts its thread
    options.interrupt = &signals.interrupt();
    StdioConsole console;
    // A report on stdout (--json -) gets stdout to itself: the console and the
    // summary go to stderr, and no progress line is drawn.
    const bool report_on_stdout = any_standard_output(args.outputs.paths());
    if (report_on_stdout) console.send_output_to_stderr();
    FILE* const text_out = report_on_stdout ? stderr : stdout;
    Report report;
    if (!report_on_stdout && ProgressDisplay::wanted(args.quiet)) {
        ProgressDisplay display(console, stdout);
        options.progress = &display.progress();
        report = run_firmware(options, display);
    } else {
        report = run_firmware(options, console);
    }
    write_report_outputs(report, args.outputs);
    if (!args.quiet) {
        std::fflush(stdout);
        fmt::print(text_out, "\n{}", report_to_text(report, TextOptions{args.top}));
    }
    const ProcessExit exit = process_exit_for(report.exit);
    std::fflush(stdout);
    if (report.exit.reason == "interrupted") fmt::print(stderr, "mcuprof: {}\n", printable(report.exit.detail));
    if (!exit.note.empty()) fmt::print(stderr, "{}\n", exit.note);
    set_exit_code(exit.code);
}

}  // namespace

void register_run_command(CLI::App& app) {
    auto args = std::make_shared<RunArgs>();
    CLI::App* cmd = app.add_subcommand(
        "run", fmt::format("Run a Cortex-M firmware ELF on a board's memory map and profile it. Exit status: {}; "
                           "125 if a violation (fault, budget, limit, hang) stopped it; 2 for bad input; 3 for an "
                           "internal error; 128+N (130, 143) when signal N interrupted the run (the report then "
                           "covers what ran).",
                           kFirmwareExitHelp));
    cmd->add_option("elf", args->options.elf_path, "firmware ELF (bare-metal, vector table at the start of flash)")
        ->required();
    cmd->add_option("--board,-b", args->options.board, "board profile name (see `mcuprof boards`) or .toml path")
        ->required();
    add_report_output_options(*cmd, args->outputs);
    add_byte_size_option(*cmd, "--sram-budget", args->options.sram_budget,
                         "bytes of RAM the firmware may use (filled in profile order; default: all RAM)");
    add_byte_size_option(*cmd, "--flash-budget", args->options.flash_budget, "bytes of flash the image may use");
    cmd->add_flag("--exact", args->options.exact,
                  "exact mode: memory hooks and a shadow of every RAM byte (byte-exact per-layer footprints, "
                  "reads of never-written memory, byte-granular budget); slower");
    cmd->add_option("--exact-layers", args->options.exact_layers,
                    "replay these layers (comma-separated names; the first run of each) under exact mode after a "
                    "default-mode run, from snapshots taken at their begin markers")
        ->delimiter(',')
        ->allow_extra_args(false);
    add_byte_size_option(*cmd, "--null-guard", args->options.null_guard,
                         "bytes from address 0 left unmapped so null-pointer accesses fault (multiple of 1024; 0 "
                         "maps the board's memory there, e.g. ITCM RAM)",
                         kNullGuardRule)
        ->capture_default_str();
    cmd->add_option("--stack-limit", args->stack_limit,
                    "lowest stack address (default: the __StackLimit symbol)")
        ->check(CLI::Range(uint64_t(0), uint64_t(UINT32_MAX)));
    cmd->add_option("--max-instructions", args->max_instructions,
                    "stop as runaway after this many instructions (a positive count, or 'unlimited')")
        ->capture_default_str()
        ->check(instruction_limit_check());
    cmd->add_option("--timing", args->options.timing,
                    "block: instruction fetches and literal loads priced per block (fast); memory: every load "
                    "priced through the flash, ART and data caches too (a load hook, several times slower)")
        ->capture_default_str()
        ->check(CLI::IsMember({"block", "memory"}));
    auto* trap = cmd->add_flag("--trap-peripherals", args->trap_peripherals,
                               "stop at the first peripheral access");
    cmd->add_flag("--tolerate-peripherals", args->tolerate_peripherals,
                  "let peripheral accesses pass (reads return 0)")
        ->excludes(trap);
    cmd->add_option("--cmdline", args->options.command_line, "what the firmware's semihosting command line reads");
    cmd->add_option("--top", args->top, "functions shown in the table")->check(non_negative());
    cmd->add_flag("--quiet,-q", args->quiet,
                  "print no summary and no progress line (firmware output still passes through)");
    cmd->callback([args] { run(*args); });
}

}  // namespace mcuprof::cli

// Command-line mistakes and byte counts (issue 12): every parse error is one
// line "mcuprof: error: ...; see mcuprof <sub> --help" with exit status 2,
// and every byte-count option of every command takes the same syntax (8192,
// 0x2000, 256K, 1M) under the same checks.
#include "paths_support.hpp"
#include "process_support.hpp"
#include "tools/cli_options/byte_size_option.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace mcuprof::test {
namespace {

const std::string kLinkerScriptTool = linker_script_tool();
const std::string kHello = firmware("hello-stm32f746");
const std::string kModel = std::string(MCUPROF_SOURCE_DIR) + "/firmware/models/stm32f746.yaml";

ProcessResult mcuprof(const std::string& args) { return run_command("timeout 60 " + mcuprof_command(args)); }

// Exactly one line: "<program>: error: ...<needle>...; see <see> --help", exit 2.
void expect_parse_error(const ProcessResult& r, const std::string& needle, const std::string& see = "mcuprof run",
                        const std::string& program = "mcuprof") {
    EXPECT_EQ(r.status, 2) << r.output;
    ASSERT_FALSE(r.output.empty());
    EXPECT_EQ(r.output.find('\n'), r.output.size() - 1) << "not one line: " << r.output;
    EXPECT_EQ(r.output.rfind(program + ": error: ", 0), 0u) << r.output;
    EXPECT_NE(r.output.find(needle), std::string::npos) << r.output;
    const std::string tail = "; see " + see + " --help\n";
    ASSERT_GE(r.output.size(), tail.size());
    EXPECT_EQ(r.output.substr(r.output.size() - tail.size()), tail) << r.output;
}

TEST(HostileCli, UnknownOptionIsOneErrorLine) {
    expect_parse_error(mcuprof("run --board stm32f746 " + kHello + " --no-such-flag"), "--no-such-flag");
}

TEST(HostileCli, MissingArgumentIsOneErrorLine) {
    expect_parse_error(mcuprof("run " + kHello + " --board"), "--board");
    expect_parse_error(mcuprof("run --board stm32f746"), "elf");
}

TEST(HostileCli, BadValueIsOneErrorLine) {
    expect_parse_error(mcuprof("run --board stm32f746 " + kHello + " --top many"), "--top");
    expect_parse_error(mcuprof("run --board stm32f746 " + kHello + " --timing fast"), "--timing");
}

// Unsigned counts would otherwise take -5 as 2^64 - 5.
TEST(HostileCli, NegativeCountsAreRefused) {
    expect_parse_error(mcuprof("run --board stm32f746 " + kHello + " --max-instructions=-5"), "--max-instructions");
    expect_parse_error(mcuprof("run --board stm32f746 " + kHello + " --top=-3"), "--top");
}

TEST(HostileCli, ExcludedFlagsAreOneErrorLine) {
    expect_parse_error(mcuprof("run --board stm32f746 " + kHello + " --trap-peripherals --tolerate-peripherals"),
                       "--tolerate-peripherals");
}

TEST(HostileCli, NoSubcommandPointsAtTheTopLevelHelp) {
    expect_parse_error(mcuprof(""), "subcommand", "mcuprof");
}

TEST(HostileCli, UnknownSubcommandIsNamed) {
    const ProcessResult r = mcuprof("frobnicate");
    expect_parse_error(r, "unknown command 'frobnicate'", "mcuprof");
    EXPECT_EQ(r.output, "mcuprof: error: unknown command 'frobnicate'; see mcuprof --help\n");
    expect_parse_error(mcuprof("Run --board stm32f746 " + kHello), "unknown command 'Run'", "mcuprof");
    expect_parse_error(mcuprof("--bogus"), "unknown option '--bogus'", "mcuprof");
}

TEST(HostileCli, CompareRefusesNegativeJobsAndKernels) {
    expect_parse_error(mcuprof("compare --jobs=-1"), "--jobs", "mcuprof compare");
    expect_parse_error(mcuprof("compare -j -4"), "negative", "mcuprof compare");
    expect_parse_error(mcuprof("compare --kernels 4 -2"), "--kernels", "mcuprof compare");
    expect_parse_error(mcuprof("compare --kernels=-1"), "negative", "mcuprof compare");
}

TEST(HostileCli, ArgumentsAreEchoedWithoutTerminalControls) {
    const ProcessResult r = mcuprof("run --board stm32f746 " + kHello + " $'\\x1b]0;owned\\x07\\x1b[31m'");
    expect_parse_error(r, "\\x1b]0;owned\\x07\\x1b[31m");
    EXPECT_EQ(r.output.find('\x1b'), std::string::npos);
}

TEST(HostileCli, HelpAndVersionStillExitZero) {
    const ProcessResult help = mcuprof("run --help");
    EXPECT_EQ(help.status, 0) << help.output;
    EXPECT_NE(help.output.find("--sram-budget"), std::string::npos) << help.output;
    EXPECT_EQ(help.output.find("mcuprof: error"), std::string::npos) << help.output;
    const ProcessResult version = mcuprof("--version");
    EXPECT_EQ(version.status, 0) << version.output;
    EXPECT_EQ(version.output, "mcuprof 0.1.0\n");
}

TEST(HostileCli, LinkerScriptToolReportsParseErrorsTheSameWay) {
    expect_parse_error(run_command(kLinkerScriptTool + " --board stm32f746 -o /dev/null --bogus"), "--bogus",
                       "mcuprof-linker-script", "mcuprof-linker-script");
}

// --- byte counts -----------------------------------------------------------

// Parses one value of a byte-count option as the commands do.
std::pair<bool, uint64_t> parse_size(const std::string& value, cli::ByteSizeRule rule = {}) {
    CLI::App app;
    uint64_t bytes = 0;
    cli::add_byte_size_option(app, "--size", bytes, "bytes", rule);
    try {
        app.parse(std::vector<std::string>{value, "--size"});  // CLI11 reads the vector from the back
    } catch (const CLI::ParseError&) {
        return {false, 0};
    }
    return {true, bytes};
}

TEST(HostileCliSizes, SuffixesArePowersOf1024AndHexAndDecimalStillWork) {
    EXPECT_EQ(parse_size("8192"), std::make_pair(true, uint64_t(8192)));
    EXPECT_EQ(parse_size("0x2000"), std::make_pair(true, uint64_t(8192)));
    EXPECT_EQ(parse_size("8K"), std::make_pair(true, uint64_t(8192)));
    EXPECT_EQ(parse_size("8k"), std::make_pair(true, uint64_t(8192)));
    EXPECT_EQ(parse_size("256KB"), std::make_pair(true, uint64_t(256 * 1024)));
    EXPECT_EQ(parse_size("2MiB"), std::make_pair(true, uint64_t(2 << 20)));
    EXPECT_EQ(parse_size("1M"), std::make_pair(true, uint64_t(1 << 20)));
    EXPECT_EQ(parse_size("4G"), std::make_pair(true, uint64_t(1) << 32));
    EXPECT_EQ(parse_size("010"), std::make_pair(true, uint64_t(10)));  // decimal, not octal
    EXPECT_EQ(parse_size("0"), std::make_pair(true, uint64_t(0)));
}

TEST(HostileCliSizes, NegativeOverflowingFractionalAndNonFiniteAreRefused) {
    for (const char* bad : {"-1", "-0x10", "-8K", "99999999999999999999999", "0x1ffffffffffffffff", "5G", "16E",
                            "1.5K", "1e3", "inf", "nan", "-inf", "K", "8Q", "0x", "0x2000K", "", " ", "+8"}) {
        EXPECT_FALSE(parse_size(bad).first) << "accepted '" << bad << "'";
    }
}

TEST(HostileCliSizes, TheNullGuardRuleIsWholeKilobytePages) {
    EXPECT_EQ(parse_size("4K", cli::kNullGuardRule), std::make_pair(true, uint64_t(4096)));
    EXPECT_FALSE(parse_size("100", cli::kNullGuardRule).first);
    EXPECT_FALSE(parse_size("1025", cli::kNullGuardRule).first);
}

TEST(HostileCliSizes, RunTakesTheSameSizeSyntaxAsLinkerScript) {
    // hello's stack sits at the top of the board's 320 KB of RAM.
    const ProcessResult run = mcuprof("run --board stm32f746 " + kHello + " --quiet --sram-budget 320K --flash-budget "
                                      "0x40000 --null-guard 1K");
    EXPECT_EQ(run.status, 0) << run.output;
    const ProcessResult too_small = mcuprof("run --board stm32f746 " + kHello + " --quiet --sram-budget 256K");
    EXPECT_EQ(too_small.status, 2) << too_small.output;
    EXPECT_NE(too_small.output.find("SRAM budget of 262144 bytes"), std::string::npos) << too_small.output;
    const ProcessResult ls = mcuprof("linker-script --board stm32f746 --sram-budget 256K --stack-size 0x2000");
    EXPECT_EQ(ls.status, 0) << ls.output;
}

TEST(HostileCliSizes, PlanTakesSuffixesToo) {
    const ProcessResult k = mcuprof("plan " + kModel + " --board stm32f746 --quiet --sram-budget 256K --stack-size 8K");
    const ProcessResult bytes = mcuprof("plan " + kModel + " --board stm32f746 --quiet --sram-budget 262144 "
                                        "--stack-size 8192");
    EXPECT_EQ(k.status, bytes.status) << k.output;
    EXPECT_EQ(k.output, bytes.output);
    EXPECT_NE(k.status, 2) << k.output;
}

TEST(HostileCliSizes, EveryCommandRefusesANullGuardOffThePageGrid) {
    expect_parse_error(mcuprof("run --board stm32f746 " + kHello + " --null-guard 100"), "multiple of 1024");
    expect_parse_error(mcuprof("linker-script --board stm32f746 --null-guard 100"), "multiple of 1024",
                       "mcuprof linker-script");
    expect_parse_error(run_command(kLinkerScriptTool + " --board stm32f746 -o /dev/null --null-guard 100"),
                       "multiple of 1024", "mcuprof-linker-script", "mcuprof-linker-script");
}

TEST(HostileCliSizes, BadSizesAreOneClearLine) {
    expect_parse_error(mcuprof("run --board stm32f746 " + kHello + " --sram-budget=-1"), "negative");
    expect_parse_error(mcuprof("run --board stm32f746 " + kHello + " --sram-budget 99999999999999999999999"),
                       "does not fit in 64 bits");
    expect_parse_error(mcuprof("run --board stm32f746 " + kHello + " --flash-budget 5G"), "address space");
    expect_parse_error(mcuprof("run --board stm32f746 " + kHello + " --sram-budget inf"), "not a byte count");
    expect_parse_error(mcuprof("run --board stm32f746 " + kHello + " --stack-limit 0x100000000"), "--stack-limit");
    expect_parse_error(mcuprof("plan " + kModel + " --board stm32f746 --stack-size 1.5K"), "not a byte count",
                       "mcuprof plan");
}

}  // namespace
}  // namespace mcuprof::test

// The progress line of `mcuprof run` on a terminal (a pseudo-terminal from
// util-linux's script(1)) during a multi-second run: drawn with the running
// layer, always cleared before the firmware's lines; absent when stdout is a
// pipe and with --quiet.
#include "paths_support.hpp"
#include "process_support.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace mcuprof::test {
namespace {

const std::string kClear = "\r\033[K";

// The multi-second kernel benchmark, as a command line.
std::string bench_command(const std::string& args) {
    return mcuprof_command("run --board stm32f746 " + firmware("bench-kernels-stm32f746") + " " + args);
}

std::string run_on_terminal(const std::string& args) {
    return run_command("script -qfec '" + bench_command(args) + "' /dev/null").output;
}

TEST(Progress, ShownOnATerminalAndClearedBeforeFirmwareOutput) {
    const std::string out = run_on_terminal("");
    EXPECT_NE(out.find(kClear + "mcuprof: "), std::string::npos) << out.substr(0, 400);
    EXPECT_TRUE(std::regex_search(out, std::regex("mcuprof: [0-9.]+ s  layer patch_embed_k[0-9]+  [0-9.]+ M "
                                                  "instructions")));
    // Every firmware line starts on a clean line: at the start, after a
    // newline, or right after the status line was cleared.
    for (size_t at = out.find("vit-bench"); at != std::string::npos; at = out.find("vit-bench", at + 1)) {
        const bool clean = at == 0 || out[at - 1] == '\n' || (at >= 4 && out.compare(at - 4, 4, kClear) == 0);
        EXPECT_TRUE(clean) << out.substr(at > 80 ? at - 80 : 0, 120);
    }
    // The summary follows a cleared line.
    EXPECT_NE(out.find("on stm32f746 (cortex-m7"), std::string::npos);
}

TEST(Progress, NotShownWithQuiet) {
    const std::string out = run_on_terminal("--quiet");
    EXPECT_NE(out.find("vit-bench mhsa_full"), std::string::npos) << out;
    EXPECT_EQ(out.find("\033[K"), std::string::npos);
}

TEST(Progress, NotShownWhenStdoutIsAPipe) {
    const ProcessResult r = run_command(bench_command("| cat"));
    EXPECT_NE(r.output.find("vit-bench mhsa_full"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("\033[K"), std::string::npos);
}

}  // namespace
}  // namespace mcuprof::test

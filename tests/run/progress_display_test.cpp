// The progress line: drawn in place after the delay with the layer from the
// last marker, cleared before the firmware's output and at the end, never
// drawn over a partial line of the firmware's output.
#include "emulator/run/progress_display.hpp"
#include "run_support.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <thread>

namespace mcuprof::test {
namespace {

using namespace std::chrono_literals;

// What the "terminal" (a temporary file) received.
std::string contents(FILE* f) {
    std::fflush(f);
    std::rewind(f);
    std::string s;
    char buf[4096];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
    return s;
}

TEST(ProgressDisplay, StatusLineNamesTheLayerAndCounts) {
    RunProgress p;
    EXPECT_EQ(ProgressDisplay::status_line(p.snapshot(), 1.25), "mcuprof: running, 1.2 s (no layer marker yet)");
    p.publish("block3.mlp.fc1", 12'345'678, 23'456'789);
    EXPECT_EQ(ProgressDisplay::status_line(p.snapshot(), 2.0),
              "mcuprof: 2.0 s  layer block3.mlp.fc1  12.3 M instructions, 23.5 M cycles at marker 1");
    p.publish("", 13'000'000, 24'000'000);
    EXPECT_NE(ProgressDisplay::status_line(p.snapshot(), 2.0).find("between layers"), std::string::npos);
}

TEST(ProgressDisplay, DrawsAfterTheDelayAndClearsBeforeOutputAndAtTheEnd) {
    FILE* terminal = std::tmpfile();
    ASSERT_NE(terminal, nullptr);
    CapturingConsole inner;
    {
        ProgressDisplay display(inner, terminal, {20ms, 5ms});
        display.progress().publish("embed", 1'000'000, 2'000'000);
        std::this_thread::sleep_for(80ms);
        display.write_stdout("logits 1 2 3\n");
    }
    const std::string t = contents(terminal);
    EXPECT_NE(t.find("\r\033[Kmcuprof: "), std::string::npos) << t;
    EXPECT_NE(t.find("layer embed  1.0 M instructions, 2.0 M cycles at marker 1"), std::string::npos);
    EXPECT_EQ(t.substr(t.size() - 4), "\r\033[K") << "cleared at the end";
    EXPECT_EQ(inner.out, "logits 1 2 3\n");
    std::fclose(terminal);
}

TEST(ProgressDisplay, ShortRunsShowNothing) {
    FILE* terminal = std::tmpfile();
    CapturingConsole inner;
    { ProgressDisplay display(inner, terminal, {10s, 5ms}); }
    EXPECT_EQ(contents(terminal), "");
    std::fclose(terminal);
}

TEST(ProgressDisplay, NeverDrawsOverAPartialLine) {
    FILE* terminal = std::tmpfile();
    CapturingConsole inner;
    {
        ProgressDisplay display(inner, terminal, {0ms, 5ms});
        std::this_thread::sleep_for(30ms);
        display.write_stdout("prompt> ");
        const long at = std::ftell(terminal);
        std::this_thread::sleep_for(50ms);
        EXPECT_EQ(std::ftell(terminal), at) << "drawn over the firmware's partial line";
        display.write_stdout("done\n");
        std::this_thread::sleep_for(30ms);
        EXPECT_GT(std::ftell(terminal), at) << "drawing resumes after a full line";
    }
    std::fclose(terminal);
}

}  // namespace
}  // namespace mcuprof::test

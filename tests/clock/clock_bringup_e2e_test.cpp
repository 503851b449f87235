// Clock bring-up end to end (firmware/tests/clock_bringup): on each STM32
// board the firmware's register-level bring-up completes and the report gives
// the clock it configured; a firmware that configures nothing runs at the
// reset clock and says why; the blocks' other registers are storage while
// other peripherals still trap; and time follows the clock timeline.
#include "run_support.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace mcuprof::test {
namespace {

struct Board {
    std::string name;
    uint64_t max_hz;
    uint64_t reset_hz;
    std::string pll;  // the report's source for the maximum clock
};

const std::vector<Board> kBoards = {
    {"stm32f427", 180'000'000, 16'000'000, "PLL from HSE 8 MHz (M 8, N 360, P 2)"},
    {"stm32f746", 216'000'000, 16'000'000, "PLL from HSE 25 MHz (M 25, N 432, P 2)"},
    {"stm32h743", 480'000'000, 64'000'000, "PLL1 from HSE 8 MHz (M 4, N 480, P 2)"},
};

void expect_at_maximum(const RunResult& r, const Board& b, const std::string& what) {
    EXPECT_EQ(r.report.exit.reason, "exit") << what << ": " << r.report.exit.detail;
    EXPECT_EQ(r.report.exit.code, 0) << what;
    EXPECT_TRUE(r.report.violations.empty()) << what;
    EXPECT_EQ(r.out, "done\n") << what;
    EXPECT_EQ(r.report.clock_hz, b.max_hz) << what;
    EXPECT_EQ(r.report.clock.hz, b.max_hz) << what;
    EXPECT_TRUE(r.report.clock.configured) << what;
    EXPECT_EQ(r.report.clock.source, b.pll) << what;
    // Reset clock first, the maximum from the switch on.
    ASSERT_EQ(r.report.clock.timeline.size(), 2u) << what;
    EXPECT_EQ(r.report.clock.timeline[0].hz, b.reset_hz) << what;
    EXPECT_EQ(r.report.clock.timeline[1].hz, b.max_hz) << what;
    EXPECT_GT(r.report.clock.timeline[1].from_cycle, 0u) << what;
}

TEST(ClockBringup, TheBoardLibraryReachesTheMaximumOnEveryBoard) {
    for (const Board& b : kBoards) expect_at_maximum(run(b.name, "clock_library_" + b.name), b, "library " + b.name);
}

TEST(ClockBringup, AHalOrderedSequenceCompletesToo) {
    for (const Board& b : kBoards) expect_at_maximum(run(b.name, "clock_hal_order_" + b.name), b, "hal " + b.name);
}

TEST(ClockBringup, AFirmwareThatConfiguresNothingRunsAtTheResetClock) {
    for (const Board& b : kBoards) {
        const RunResult r = run(b.name, "clock_none_" + b.name);
        EXPECT_EQ(r.report.exit.code, 0) << b.name;
        EXPECT_EQ(r.report.clock_hz, b.reset_hz) << b.name;
        EXPECT_FALSE(r.report.clock.configured) << b.name;
        EXPECT_EQ(r.report.clock.source, fmt::format("reset clock: HSI {} MHz, the firmware never switched SYSCLK",
                                                     b.reset_hz / 1'000'000))
            << b.name;
        ASSERT_EQ(r.report.clock.timeline.size(), 1u) << b.name;
        EXPECT_DOUBLE_EQ(r.report.estimated_ms(), 1000.0 * double(r.report.cycles) / double(b.reset_hz)) << b.name;
    }
}

TEST(ClockBringup, BlockRegistersAreStorageAndOtherPeripheralsStillTrap) {
    for (const Board& b : kBoards) {
        const RunResult r = run(b.name, "clock_storage_" + b.name);
        EXPECT_EQ(r.out, "storage ok\n") << b.name << ": " << r.report.exit.detail;
        ASSERT_EQ(r.report.violations.size(), 1u) << b.name;
        EXPECT_EQ(r.report.violations[0].kind, "peripheral") << b.name;
        EXPECT_EQ(r.report.violations[0].address, b.name == "stm32h743" ? 0x58020010u : 0x40020010u) << b.name;
        EXPECT_EQ(r.report.violations[0].access, "read") << b.name;
    }
}

TEST(ClockBringup, TimeAcrossAMidRunSwitchIsTheTimelinesExactSum) {
    for (const Board& b : kBoards) {
        const RunResult r = run(b.name, "clock_midway_" + b.name);
        ASSERT_EQ(r.report.exit.code, 0) << b.name << ": " << r.report.exit.detail;
        ASSERT_EQ(r.report.clock.timeline.size(), 2u) << b.name;
        const uint64_t n = r.report.clock.timeline[1].from_cycle;
        const uint64_t c = r.report.cycles;
        ASSERT_GT(n, 20'000u) << b.name;  // the first spin ran at the reset clock
        ASSERT_GT(c, n + 20'000u) << b.name;
        const double expected_ms = 1000.0 * (double(n) / double(b.reset_hz) + double(c - n) / double(b.max_hz));
        EXPECT_DOUBLE_EQ(r.report.estimated_ms(), expected_ms) << b.name;
        // Not the old figure at the profile's clock.
        EXPECT_GT(r.report.estimated_ms(), 1000.0 * double(c) / double(b.max_hz) * 1.5) << b.name;
    }
}

}  // namespace
}  // namespace mcuprof::test

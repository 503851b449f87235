// The clock timeline: cycles to seconds exactly across clock changes, and
// ticks of a fixed-rate clock counted exactly.
#include "emulator/clock/clock_timeline.hpp"
#include "emulator/text/error.hpp"

#include <gtest/gtest.h>

namespace mcuprof {
namespace {

TEST(ClockTimeline, OneClockIsCyclesOverHz) {
    const ClockTimeline t(16'000'000);
    EXPECT_DOUBLE_EQ(t.seconds(16'000'000), 1.0);
    EXPECT_EQ(t.final_hz(), 16'000'000u);
}

TEST(ClockTimeline, SumsTheSpansAcrossAChange) {
    ClockTimeline t(16'000'000);
    t.change(1'600'000, 216'000'000);
    EXPECT_DOUBLE_EQ(t.seconds(1'600'000 + 216'000'000), 1'600'000 / 16e6 + 216'000'000 / 216e6);
    EXPECT_DOUBLE_EQ(t.seconds_between(1'600'000, 1'600'000 + 2'160'000), 0.01);
    EXPECT_DOUBLE_EQ(t.seconds_between(0, 800'000), 0.05);
    EXPECT_EQ(t.hz_at(1'599'999), 16'000'000u);
    EXPECT_EQ(t.hz_at(1'600'000), 216'000'000u);
    ASSERT_EQ(t.spans().size(), 2u);
}

TEST(ClockTimeline, AChangeAtTheSameCycleReplacesAndSameHzIsNoChange) {
    ClockTimeline t(16'000'000);
    t.change(100, 16'000'000);
    EXPECT_EQ(t.spans().size(), 1u);
    t.change(100, 32'000'000);
    t.change(100, 48'000'000);
    ASSERT_EQ(t.spans().size(), 2u);
    EXPECT_EQ(t.spans()[1].hz, 48'000'000u);
    t.change(100, 16'000'000);  // back to the clock before: the spans merge
    EXPECT_EQ(t.spans().size(), 1u);
}

TEST(ClockTimeline, RefusesZeroHzAndChangesOutOfOrder) {
    ClockTimeline t(16'000'000);
    EXPECT_THROW(t.change(10, 0), Error);
    t.change(100, 32'000'000);
    EXPECT_THROW(t.change(50, 48'000'000), Error);
    EXPECT_THROW(ClockTimeline(0), Error);
}

TEST(ClockTimeline, TicksAtAFixedRateAreExact) {
    ClockTimeline t(16'000'000);
    EXPECT_EQ(t.ticks(1'000, 16'000'000), 1'000u);
    EXPECT_EQ(t.ticks(16, 216'000'000), 216u);
    t.change(16, 216'000'000);
    EXPECT_EQ(t.ticks(16 + 1'000, 216'000'000), 216u + 1'000u);
    // 3 cycles at 16 MHz = 40.5 ticks at 216 MHz, floored.
    ClockTimeline u(16'000'000);
    EXPECT_EQ(u.ticks(3, 216'000'000), 40u);
}

}  // namespace
}  // namespace mcuprof

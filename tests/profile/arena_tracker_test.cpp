// The arena tracker on a real machine's RAM, driven by marker writes as the
// firmware would make them: dead bytes are poisoned at a layer's begin, live
// ones kept; the measured peak is the highest byte not holding paint; a byte
// written with exactly its paint value is invisible to that paint only.
#include "emulator/board/board_profile.hpp"
#include "emulator/core/machine.hpp"
#include "emulator/profile/arena_tracker.hpp"
#include "emulator/profile/memory_painter.hpp"
#include "emulator/text/error.hpp"
#include "mcuprof/markers.h"

#include <gtest/gtest.h>

#include <string>

namespace mcuprof {
namespace {

constexpr uint32_t kBase = 0x20001000;  // in the F746's DTCM

void marker(ArenaTracker& t, uint32_t event, const std::string& name = "") {
    for (char c : name) t.on_itm_write(MCUPROF_ITM_PORT_NAME, uint8_t(c));
    t.on_itm_write(MCUPROF_ITM_PORT_EVENT, event);
}

ArenaPlan two_layers(uint8_t paint_xor) {
    ArenaPlan p;
    p.size = 64;
    p.paint_xor = paint_xor;
    p.layers = {ArenaLayerPlan{"a", {{0, 16}}, 16}, ArenaLayerPlan{"b", {{0, 16}, {32, 8}}, 40}};
    return p;
}

uint8_t paint(uint32_t offset, uint8_t paint_xor) { return MemoryPainter::paint_at(kBase + offset) ^ paint_xor; }

class ArenaTrackerTest : public ::testing::Test {
protected:
    Machine machine{find_board("stm32f746"), MachineOptions{}};
    uint8_t* arena() { return machine.host_pointer(kBase, 64); }
};

TEST_F(ArenaTrackerTest, PoisonsDeadBytesAndMeasuresTheHighestWritten) {
    for (int i = 0; i < 64; ++i) arena()[i] = 0;  // e.g. .bss cleared by the start-up code
    ArenaTracker t(machine, kBase, two_layers(0));
    marker(t, MCUPROF_EVENT_LAYER_BEGIN, "a");
    // Layer a: only [0, 16) is live; everything else now holds paint.
    for (uint32_t o = 16; o < 64; ++o) ASSERT_EQ(arena()[o], paint(o, 0)) << o;
    for (uint32_t o = 0; o < 16; ++o) ASSERT_EQ(arena()[o], 0) << o;
    for (uint32_t o = 0; o < 16; ++o) arena()[o] = uint8_t(~paint(o, 0));
    marker(t, MCUPROF_EVENT_LAYER_END);
    EXPECT_EQ(t.measured(0), 16u);

    marker(t, MCUPROF_EVENT_LAYER_BEGIN, "b");
    arena()[37] = uint8_t(~paint(37, 0));  // the layer writes inside its live range [32, 40)
    marker(t, MCUPROF_EVENT_LAYER_END);
    EXPECT_EQ(t.measured(1), 38u);
    EXPECT_TRUE(t.warnings().empty());
}

TEST_F(ArenaTrackerTest, AByteEqualToItsPaintIsSeenByTheOtherPaint) {
    for (uint8_t paint_xor : {uint8_t(0x00), uint8_t(0xFF)}) {
        ArenaTracker t(machine, kBase, two_layers(paint_xor));
        marker(t, MCUPROF_EVENT_LAYER_BEGIN, "a");
        // The firmware writes the value the first paint has at byte 15.
        // (Bytes 0..14 get values that differ from both paints.)
        for (uint32_t o = 0; o < 15; ++o) arena()[o] = paint(o, 0x55);
        arena()[15] = paint(15, 0);
        marker(t, MCUPROF_EVENT_LAYER_END);
        // The first paint misses byte 15, the complementary one sees it: the
        // profile pipeline takes the larger of the two measurements.
        EXPECT_EQ(t.measured(0), paint_xor == 0 ? 15u : 16u);
    }
}

TEST_F(ArenaTrackerTest, LayersNotMatchingThePlanAreNotMeasured) {
    ArenaTracker t(machine, kBase, two_layers(0));
    marker(t, MCUPROF_EVENT_LAYER_BEGIN, "x");
    marker(t, MCUPROF_EVENT_LAYER_END);
    EXPECT_FALSE(t.measured(0).has_value());
    ASSERT_EQ(t.warnings().size(), 1u);
    EXPECT_EQ(t.warnings()[0], "layer 0 'x' does not match the plan (expected 'a'): arena not measured");
}

TEST_F(ArenaTrackerTest, RejectsAnArenaOutsideMappedRamAndRangesOutsideTheArena) {
    EXPECT_THROW(ArenaTracker(machine, 0x60000000, two_layers(0)), Error);
    ArenaPlan bad = two_layers(0);
    bad.layers[1].live.push_back(ArenaRange{60, 8});
    EXPECT_THROW(ArenaTracker(machine, kBase, bad), Error);
}

}  // namespace
}  // namespace mcuprof

// MemoryPainter on a real Machine (stm32f746 map): touched-byte counts,
// the stack peak and the stack repaint, to the byte.
#include "emulator/board/board_profile.hpp"
#include "emulator/core/machine.hpp"
#include "emulator/profile/memory_painter.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace mcuprof {
namespace {

class PainterTest : public ::testing::Test {
protected:
    PainterTest()
        : board_(load_board_profile(std::string(MCUPROF_SOURCE_DIR) + "/profiles/stm32f746.toml")),
          machine_(board_, MachineOptions{}),
          painter_(machine_) {
        painter_.paint_all();
    }

    // Writes n bytes at address, each the complement of its paint (so every
    // one of them counts as touched).
    void scribble(uint32_t address, uint32_t n) {
        std::vector<uint8_t> bytes(n);
        for (uint32_t i = 0; i < n; ++i) bytes[i] = static_cast<uint8_t>(~MemoryPainter::paint_at(address + i));
        ASSERT_TRUE(machine_.write(address, bytes.data(), n));
    }
    void write_paint(uint32_t address) {
        const uint8_t b = MemoryPainter::paint_at(address);
        ASSERT_TRUE(machine_.write(address, &b, 1));
    }

    uint32_t ram_base() const { return machine_.ram().front().base; }

    BoardProfile board_;
    Machine machine_;
    MemoryPainter painter_;
};

TEST_F(PainterTest, FreshPaintIsUntouched) {
    EXPECT_EQ(painter_.touched_outside_stack(), 0u);
}

TEST_F(PainterTest, CountsWrittenBytesExactlyAcrossTileAndWordEdges) {
    const uint32_t base = ram_base();
    scribble(base + 1, 3);                // inside one word
    scribble(base + 4096 - 5, 11);        // across a 4 KB tile edge
    scribble(base + 8192 + 60, 130);      // across several 64-byte blocks
    scribble(base + 20000, 1);
    EXPECT_EQ(painter_.touched_outside_stack(), 3u + 11u + 130u + 1u);
    // A byte written with exactly its paint value is not seen (documented blind spot).
    write_paint(base + 30000);
    EXPECT_EQ(painter_.touched_outside_stack(), 145u);
}

TEST_F(PainterTest, StackIsExcludedAndItsPeakMeasuredToTheByte) {
    const uint32_t base = ram_base();
    const uint32_t limit = base + 0x10000;
    const uint32_t top = limit + 0x2000;
    painter_.set_stack(limit, top);
    scribble(top - 100, 100);             // a 100-byte frame
    scribble(base, 7);                    // static data
    EXPECT_EQ(painter_.stack_peak(), 100u);
    EXPECT_EQ(painter_.touched_outside_stack(), 7u);
    scribble(top - 300, 4);               // a deeper, sparse write
    EXPECT_EQ(painter_.stack_peak(), 300u);
}

TEST_F(PainterTest, RepaintBelowSpResetsThePeakToTheLiveStack) {
    const uint32_t base = ram_base();
    const uint32_t limit = base + 0x10000;
    const uint32_t top = limit + 0x2000;
    painter_.set_stack(limit, top);
    scribble(top - 512, 512);
    ASSERT_EQ(painter_.stack_peak(), 512u);
    // SP is back at top - 64: everything below it is dead and repainted.
    painter_.repaint_stack_below(top - 64);
    EXPECT_EQ(painter_.stack_peak(), 64u);
    painter_.repaint_stack_below(top);
    EXPECT_EQ(painter_.stack_peak(), 0u);
}

}  // namespace
}  // namespace mcuprof

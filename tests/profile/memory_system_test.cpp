// The memory system's stalls (memory_system.hpp) on the real profiles: flash
// wait states per fetch unit, prefetch overlap, the ART and L1 caches, literal
// loads and, for timing mode "memory", single loads.
#include "emulator/board/board_profile.hpp"
#include "emulator/profile/line_cache.hpp"
#include "emulator/profile/memory_system.hpp"

#include <gtest/gtest.h>

namespace mcuprof {
namespace {

TEST(LineCache, FillsOnMissAndEvictsRoundRobinPerSet) {
    LineCache c(/*total_bytes=*/256, /*line_bytes=*/32, /*ways=*/2);  // 4 sets of 2
    EXPECT_FALSE(c.access(0x1000));
    EXPECT_TRUE(c.access(0x101F));   // same line
    EXPECT_FALSE(c.access(0x1080));  // same set (4 sets x 32 bytes = 128-byte stride), second way
    EXPECT_TRUE(c.contains(0x1000));
    EXPECT_FALSE(c.access(0x1100));  // same set again: evicts way 0 (0x1000), not the last used
    EXPECT_FALSE(c.contains(0x1000));
    EXPECT_TRUE(c.contains(0x1080));
    EXPECT_TRUE(c.contains(0x1100));
    EXPECT_EQ(c.hits(), 1u);
    EXPECT_EQ(c.misses(), 3u);
    c.invalidate_all();
    EXPECT_FALSE(c.contains(0x1080));
}

// A block of three 16-byte units at the F427's flash base, 4 cycles each.
FetchLayout three_units(uint32_t base) {
    FetchLayout f;
    f.address = base;
    f.size = 48;
    f.unit_cycles = {4, 4, 4};
    return f;
}

TEST(MemorySystem, F427ResetStateCostsNothing) {
    const BoardProfile board = find_board("stm32f427");
    MemorySystem m(board);
    EXPECT_EQ(m.fetch_bytes(), 16u);
    EXPECT_EQ(m.enter_block(three_units(0x08000100), true).stall, 0u);
}

TEST(MemorySystem, F427FlashWithoutPrefetchWaitsEveryUnit) {
    const BoardProfile board = find_board("stm32f427");
    MemorySystem m(board);
    m.configure(MemoryEnables{.flash_latency = 5});
    const MemorySystem::BlockCost taken = m.enter_block(three_units(0x08000100), true);
    EXPECT_EQ(taken.stall, 15u);
    EXPECT_EQ(taken.resident[0], 15u);
    EXPECT_EQ(taken.resident[1], 15u);
    EXPECT_EQ(m.enter_block(three_units(0x08000100), false).stall, 15u);
}

TEST(MemorySystem, F427PrefetchOverlapsSequentialUnits) {
    const BoardProfile board = find_board("stm32f427");
    MemorySystem m(board);
    m.configure(MemoryEnables{.flash_latency = 5, .prefetch = true});
    // After a taken branch the first unit waits 5, each next one 5 - 4 = 1.
    EXPECT_EQ(m.enter_block(three_units(0x08000100), true).stall, 7u);
    // Straight from the previous block: its prefetch covered the first unit.
    EXPECT_EQ(m.enter_block(three_units(0x08000100), false).stall, 2u);
    // Units executing in at least the latency hide it completely.
    FetchLayout slow = three_units(0x08000100);
    slow.unit_cycles = {9, 9, 9};
    EXPECT_EQ(m.enter_block(slow, true).stall, 5u);
}

TEST(MemorySystem, F427ArtInstructionLinesHitAfterTheFirstPass) {
    const BoardProfile board = find_board("stm32f427");
    MemorySystem m(board);
    m.configure(MemoryEnables{.flash_latency = 5, .prefetch = true, .art_icache = true});
    const uint32_t before = m.generation();
    const MemorySystem::BlockCost first = m.enter_block(three_units(0x08000100), true);
    EXPECT_EQ(first.stall, 15u);  // three misses, each waiting the full latency
    EXPECT_TRUE(first.all_resident);
    EXPECT_NE(m.generation(), before);
    const uint32_t filled = m.generation();
    const MemorySystem::BlockCost second = m.enter_block(three_units(0x08000100), true);
    EXPECT_EQ(second.stall, 0u);
    EXPECT_EQ(second.resident[1], 0u);
    EXPECT_EQ(m.generation(), filled);  // hits change nothing
    m.invalidate_instruction_caches();
    EXPECT_EQ(m.enter_block(three_units(0x08000100), true).stall, 15u);
}

TEST(MemorySystem, F427ArtHoldsSixtyFourLines) {
    const BoardProfile board = find_board("stm32f427");
    MemorySystem m(board);
    m.configure(MemoryEnables{.flash_latency = 5, .art_icache = true});
    FetchLayout one;
    one.size = 16;
    one.unit_cycles = {4};
    for (uint32_t i = 0; i < 65; ++i) {  // 65 distinct lines: the 65th evicts the first
        one.address = 0x08000000 + i * 16;
        EXPECT_EQ(m.enter_block(one, true).stall, 5u);
    }
    one.address = 0x08000000 + 64 * 16;
    EXPECT_EQ(m.enter_block(one, true).stall, 0u);
    one.address = 0x08000000;
    EXPECT_EQ(m.enter_block(one, true).stall, 5u);
}

TEST(MemorySystem, F427LiteralLoadsGoThroughTheArtDataLines) {
    const BoardProfile board = find_board("stm32f427");
    MemorySystem m(board);
    FetchLayout f = three_units(0x20000000);  // code in SRAM: no fetch stall
    f.literals = {0x08001000};
    m.configure(MemoryEnables{.flash_latency = 5});
    EXPECT_EQ(m.enter_block(f, true).stall, 5u);
    m.configure(MemoryEnables{.flash_latency = 5, .art_dcache = true});
    EXPECT_EQ(m.enter_block(f, true).stall, 5u);  // miss fills the line
    EXPECT_EQ(m.enter_block(f, true).stall, 0u);
}

TEST(MemorySystem, F746AxiFlashFetchesEightBytesThroughTheL1ICache) {
    const BoardProfile board = find_board("stm32f746");
    MemorySystem m(board);
    EXPECT_EQ(m.fetch_bytes(), 8u);
    FetchLayout f;
    f.address = 0x08000200;  // one 32-byte L1 line, four 8-byte fetches of 2 cycles
    f.size = 32;
    f.unit_cycles = {2, 2, 2, 2};
    // Cache off: the core's prefetch queue overlaps each next fetch with 2 cycles.
    m.configure(MemoryEnables{.flash_latency = 7});
    EXPECT_EQ(m.enter_block(f, true).stall, 7u + 3 * 5u);
    // L1 I-cache on: one line fill, then nothing.
    m.configure(MemoryEnables{.flash_latency = 7, .l1_icache = true});
    EXPECT_EQ(m.enter_block(f, true).stall, 7u);
    EXPECT_EQ(m.enter_block(f, true).stall, 0u);
    // The ART serves only the ITCM alias: it changes nothing at the AXIM address.
    m.configure(MemoryEnables{.flash_latency = 7, .prefetch = true, .art_icache = true});
    EXPECT_EQ(m.enter_block(f, true).stall, 7u + 3 * 5u);
    f.address = 0x00200200;  // the same code through ITCM and the ART
    EXPECT_EQ(m.enter_block(f, true).stall, 7u);  // one 32-byte ART line filled, its other fetches hit
}

TEST(MemorySystem, DataLoadsInTimingModeMemory) {
    const BoardProfile board = find_board("stm32f746");
    MemorySystem m(board);
    m.set_data_hook_active(true);
    m.configure(MemoryEnables{.flash_latency = 7});
    EXPECT_EQ(m.data_load(0x08004000, 4), 7u);   // flash, no cache
    EXPECT_EQ(m.data_load(0x08004000, 4), 7u);
    EXPECT_EQ(m.data_load(0x20000100, 4), 0u);   // DTCM: zero wait
    m.configure(MemoryEnables{.flash_latency = 7, .l1_dcache = true});
    const uint32_t generation = m.generation();
    EXPECT_EQ(m.data_load(0x08004000, 4), 7u);   // miss
    EXPECT_EQ(m.data_load(0x0800401C, 4), 0u);   // same 32-byte line
    EXPECT_EQ(m.data_load(0x0800401E, 4), 7u);   // crosses into the next line
    EXPECT_EQ(m.generation(), generation);       // blocks do not depend on data lines here
}

TEST(MemorySystem, DescribesWhatIsSwitchedOn) {
    const BoardProfile board = find_board("stm32f746");
    EXPECT_EQ(describe(MemoryEnables{.flash_latency = 7, .prefetch = true, .art_icache = true, .l1_icache = true,
                                     .l1_dcache = true},
                       board),
              "flash latency 7 wait states, prefetch on, ART on, L1 I-cache on, D-cache on");
}

}  // namespace
}  // namespace mcuprof

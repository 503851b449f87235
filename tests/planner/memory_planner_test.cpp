// Offset strategies: hand-computed offsets, and no two live buffers overlap
// (every pair checked) for random inputs and for every schedule of the test model.
#include "emulator/text/error.hpp"
#include "tools/planner/memory_planner.hpp"
#include "tools/planner/plan.hpp"

#include <gtest/gtest.h>

#include <random>

namespace mcuprof::planner {
namespace {

// A (100, 0..1), B (50, 1..2), C (60, 2..3), D (30, 0..3).
const std::vector<BufferRequest> kFour = {{100, 0, 1}, {50, 1, 2}, {60, 2, 3}, {30, 0, 3}};

TEST(GreedyBySize, HandComputedOffsets) {
    // Largest first: A at 0; C (no overlap with A) at 0; B overlaps A and C,
    // goes above A at 100; D overlaps all, above B: 150 aligned to 152.
    const auto offsets = GreedyBySizeStrategy().assign(kFour, 4);
    EXPECT_EQ(offsets, (std::vector<int64_t>{0, 100, 0, 152}));
    EXPECT_EQ(arena_size(kFour, offsets), 182);
}

TEST(GreedyBySize, FillsAGapBelowALaterBuffer) {
    // X (40, 0..0) and Y (40, 2..2) at 0; Z (100, 0..2) above both at... Z is
    // largest so it goes first at 0, X and Y above it at 100. W (20, 1..1)
    // overlaps only Z: 100.
    const std::vector<BufferRequest> r = {{40, 0, 0}, {40, 2, 2}, {100, 0, 2}, {20, 1, 1}};
    EXPECT_EQ(GreedyBySizeStrategy().assign(r, 4), (std::vector<int64_t>{100, 100, 0, 100}));
    // A gap: P (10, 0..1) at 0 after Q (64, 1..2) ... Q first at 0, P above at 64,
    // R (8, 0..0) overlaps only P (64..74): fits below at 0.
    const std::vector<BufferRequest> g = {{10, 0, 1}, {64, 1, 2}, {8, 0, 0}};
    EXPECT_EQ(GreedyBySizeStrategy().assign(g, 4), (std::vector<int64_t>{64, 0, 0}));
}

TEST(LongestLifetime, HandComputedOffsets) {
    // D lives longest: 0. Then by size: A above D at 32 (aligned); C overlaps
    // only D: 32; B overlaps D, A and C: above A at 132.
    const auto offsets = LongestLifetimeStrategy().assign(kFour, 4);
    EXPECT_EQ(offsets, (std::vector<int64_t>{32, 132, 32, 0}));
    EXPECT_EQ(arena_size(kFour, offsets), 182);
}

TEST(Linear, OneAfterTheOtherAligned) {
    const auto offsets = LinearStrategy().assign(kFour, 4);
    EXPECT_EQ(offsets, (std::vector<int64_t>{0, 100, 152, 212}));
    EXPECT_EQ(arena_size(kFour, offsets), 242);
    EXPECT_EQ(LinearStrategy().assign(kFour, 1), (std::vector<int64_t>{0, 100, 150, 210}));
}

TEST(Strategies, UnknownNameAndBadAlignmentAreErrors) {
    EXPECT_THROW(make_strategy("best"), Error);
    EXPECT_THROW(GreedyBySizeStrategy().assign(kFour, 3), Error);
}

TEST(FindConflict, DetectsOverlapOfLiveBuffers) {
    EXPECT_EQ(find_conflict(kFour, {0, 100, 0, 152}), std::make_pair(-1, -1));
    EXPECT_EQ(find_conflict(kFour, {0, 99, 0, 152}), std::make_pair(0, 1));   // A and B share byte 99
    EXPECT_EQ(find_conflict(kFour, {0, 200, 0, 40}), std::make_pair(0, 3));  // D inside A
    // Disjoint lifetimes may share memory.
    EXPECT_EQ(find_conflict({{10, 0, 0}, {10, 1, 1}}, {0, 0}), std::make_pair(-1, -1));
}

TEST(Strategies, NoTwoLiveBuffersOverlapOnRandomInputs) {
    std::mt19937 rng(12345);
    for (int round = 0; round < 300; ++round) {
        std::vector<BufferRequest> r;
        const int n = 1 + int(rng() % 30);
        for (int i = 0; i < n; ++i) {
            const int first = int(rng() % 20);
            r.push_back(BufferRequest{1 + int64_t(rng() % 1000), first, first + int(rng() % 6)});
        }
        for (const auto& strategy : {make_strategy("greedy"), make_strategy("lifetime"), make_strategy("linear")}) {
            const auto offsets = strategy->assign(r, 4);
            ASSERT_EQ(find_conflict(r, offsets), std::make_pair(-1, -1)) << strategy->name() << " round " << round;
            for (int64_t o : offsets) ASSERT_EQ(o % 4, 0);
        }
        // Greedy never needs more than the sum of all sizes (linear).
        EXPECT_LE(arena_size(r, GreedyBySizeStrategy().assign(r, 4)), arena_size(r, LinearStrategy().assign(r, 4)));
    }
}

}  // namespace
}  // namespace mcuprof::planner

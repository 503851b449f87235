// Double-precision FP data processing on a single-precision part (FPv4-SP,
// FPv5-SP): the block decoder gives the first such instruction an Undefined
// entry check, and leaves the D-register loads, stores and core moves alone.
#include "emulator/board/fpu.hpp"
#include "emulator/profile/block_decoder.hpp"
#include "emulator/profile/cycle_model.hpp"

#include "asm_fixture.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace mcuprof {
namespace {

constexpr uint32_t kBase = 0x08000000;

// The Undefined checks only (VLDR.64 also gets a word-alignment check).
std::vector<EntryCheck> undefined_checks(const BlockInfo& b) {
    std::vector<EntryCheck> out;
    for (const EntryCheck& c : b.entry_checks) {
        if (c.kind == EntryCheck::Kind::Undefined) out.push_back(c);
    }
    return out;
}

BlockInfo decode(const std::string& name, bool double_precision) {
    static const test::AsmFixture fixture("m7_timing");
    BlockDecoder decoder(CycleModel::for_core(Core::CortexM7), double_precision);
    return decoder.decode(fixture.code(name), fixture.size(name), kBase + fixture.offset(name));
}

TEST(DoublePrecisionTrap, FpuNamesWithDoublePrecision) {
    EXPECT_TRUE(fpu_has_double_precision("fpv5-d16"));
    EXPECT_FALSE(fpu_has_double_precision("fpv5-sp-d16"));
    EXPECT_FALSE(fpu_has_double_precision("fpv4-sp-d16"));
    EXPECT_FALSE(fpu_has_double_precision("none"));
}

TEST(DoublePrecisionTrap, FirstDoubleArithmeticIsUndefinedOnASinglePrecisionFpu) {
    const BlockInfo b = decode("dp_on_sp", false);
    ASSERT_EQ(b.instructions, 6u);
    const std::vector<EntryCheck> checks = undefined_checks(b);
    ASSERT_EQ(checks.size(), 1u);
    EXPECT_EQ(checks[0].index, 3u);  // vadd.f64, after vldr d0 / vmov r2,r3,d0 / vmov d1,r2,r3
    EXPECT_EQ(b.undefined_text, "vadd.f64 d2, d0, d1");
}

TEST(DoublePrecisionTrap, NothingIsUndefinedWithDoublePrecision) {
    const BlockInfo b = decode("dp_on_sp", true);
    EXPECT_TRUE(undefined_checks(b).empty());
    EXPECT_TRUE(b.undefined_text.empty());
}

TEST(DoublePrecisionTrap, AConditionalInstructionInAnItBlockIsNotChecked) {
    const BlockInfo b = decode("dp_in_it", false);
    ASSERT_EQ(b.instructions, 3u);
    EXPECT_TRUE(undefined_checks(b).empty());
}

}  // namespace
}  // namespace mcuprof

// The block decoder on assembled Thumb-2 blocks: instruction counts of 16/32-bit
// mixes, how every branch form ends a block, SP flags, and find_access picking
// the instruction that made a memory access.
#include "emulator/profile/block_decoder.hpp"
#include "emulator/text/error.hpp"

#include "asm_fixture.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

namespace mcuprof {
namespace {

constexpr uint32_t kBase = 0x08000000;

class BlockDecoderTest : public ::testing::Test {
protected:
    BlockInfo block(const std::string& name) {
        return decoder.decode(fx.code(name), fx.size(name), address(name));
    }
    uint32_t address(const std::string& name) const { return kBase + fx.offset(name); }

    // Register file for find_access; unset registers read as 0.
    std::array<uint32_t, 16> regs{};
    std::function<uint32_t(unsigned)> read_reg = [this](unsigned r) { return regs.at(r); };

    test::AsmFixture fx{"blocks"};
    BlockDecoder decoder{CycleModel::for_core(Core::CortexM4)};
};

TEST_F(BlockDecoderTest, CountsAMixOfSixteenAndThirtyTwoBitInstructions) {
    BlockInfo b = block("mixed_widths");
    EXPECT_EQ(b.address, address("mixed_widths"));
    EXPECT_EQ(b.size, 14u);
    EXPECT_EQ(b.instructions, 5u);
    std::vector<unsigned> sizes, offsets;
    for (const InsnInfo& insn : b.insns) {
        sizes.push_back(insn.size);
        offsets.push_back(insn.offset);
    }
    EXPECT_EQ(sizes, (std::vector<unsigned>{2, 4, 2, 4, 2}));
    EXPECT_EQ(offsets, (std::vector<unsigned>{0, 2, 6, 8, 12}));
    EXPECT_EQ(b.insns[1].cls, InsnClass::AluShifted);
    EXPECT_EQ(b.insns[3].cls, InsnClass::Load);
    EXPECT_EQ(b.end, EndKind::FallThrough);
    EXPECT_FALSE(b.has_target);
    EXPECT_EQ(b.fall_through, address("mixed_widths") + 14);
    EXPECT_EQ(b.cycles, 1u + 1u + 1u + 2u + 1u);
    EXPECT_FALSE(b.starts_wide_unaligned);
}

struct EndCase {
    const char* block;
    EndKind end;
    bool conditional;
    const char* target;  // symbol of the static target, or nullptr
};

TEST_F(BlockDecoderTest, ClassifiesEveryWayABlockEnds) {
    const EndCase cases[] = {
        {"end_direct", EndKind::DirectBranch, false, "end_direct_target"},
        {"end_conditional", EndKind::ConditionalBranch, true, "end_conditional"},
        {"end_conditional_wide", EndKind::ConditionalBranch, true, "end_conditional_wide"},
        {"end_cbz", EndKind::ConditionalBranch, true, "end_cbz_target"},
        {"end_cbnz", EndKind::ConditionalBranch, true, "end_cbnz_target"},
        {"end_call", EndKind::Call, false, "end_call_target"},
        {"end_indirect_call", EndKind::IndirectCall, false, nullptr},
        {"end_bx_lr", EndKind::Return, false, nullptr},
        {"end_pop_pc", EndKind::Return, false, nullptr},
        {"end_ldr_pc_sp", EndKind::Return, false, nullptr},
        {"end_ldm_sp_pc", EndKind::Return, false, nullptr},
        {"end_bx_reg", EndKind::IndirectBranch, false, nullptr},
        {"end_ldr_pc_other", EndKind::IndirectBranch, false, nullptr},
        {"end_tbb", EndKind::IndirectBranch, false, nullptr},
        {"end_tbh", EndKind::IndirectBranch, false, nullptr},
        {"end_mov_pc", EndKind::IndirectBranch, false, nullptr},
        {"end_ldm_other_pc", EndKind::IndirectBranch, false, nullptr},
        {"end_bkpt", EndKind::Exception, false, nullptr},
        {"end_svc", EndKind::Exception, false, nullptr},
        {"end_udf", EndKind::Exception, false, nullptr},
        {"end_fall_through", EndKind::FallThrough, false, nullptr},
        {"end_it_return", EndKind::Return, true, nullptr},
    };
    for (const EndCase& c : cases) {
        SCOPED_TRACE(c.block);
        BlockInfo b = block(c.block);
        EXPECT_EQ(to_string(b.end), std::string(to_string(c.end)));
        EXPECT_EQ(b.conditional_end, c.conditional);
        EXPECT_EQ(b.has_target, c.target != nullptr);
        if (c.target != nullptr) {
            EXPECT_EQ(b.target, address(c.target));
        }
        EXPECT_EQ(b.fall_through, address(c.block) + fx.size(c.block));
    }
}

TEST_F(BlockDecoderTest, EndKindDeterminesTheExitCost) {
    BlockInfo svc = block("end_svc");
    EXPECT_EQ(resolve_exit(decoder.model(), svc, 0x1234).cycles, 0u);
    BlockInfo fall = block("end_fall_through");
    EXPECT_EQ(resolve_exit(decoder.model(), fall, fall.fall_through).cycles, 0u);
    BlockInfo call = block("end_call");
    ExitCost exit = resolve_exit(decoder.model(), call, call.target);
    EXPECT_TRUE(exit.taken);
    EXPECT_EQ(exit.cycles, 1u);
    // A predicated return that did not return: no refill.
    BlockInfo ret = block("end_it_return");
    EXPECT_FALSE(resolve_exit(decoder.model(), ret, ret.fall_through).taken);
    EXPECT_EQ(resolve_exit(decoder.model(), ret, 0x08000100).cycles, 3u);
}

TEST_F(BlockDecoderTest, ABlockCutInsideAnItBlockDoesNotLeakItsCondition) {
    // Only "cmp r0, #0; it eq" of end_it_return: the IT block stays open.
    BlockInfo cut = decoder.decode(fx.code("end_it_return"), 4, address("end_it_return"));
    EXPECT_EQ(cut.instructions, 2u);
    BlockInfo next = block("end_bx_lr");
    EXPECT_EQ(next.end, EndKind::Return);
    EXPECT_FALSE(next.conditional_end);
}

struct SpCase {
    const char* block;
    bool writes;
    bool lowers;
    uint32_t drop;  // constant bytes the block moves SP down by (rises not counted)
    bool unknown;   // moves SP by a register amount
};

TEST_F(BlockDecoderTest, FlagsBlocksThatWriteOrLowerTheStackPointer) {
    const SpCase cases[] = {
        {"sp_push", true, true, 8, false},
        {"sp_sub", true, true, 16, false},
        {"sp_sub_wide", true, true, 512, false},
        {"sp_str_writeback", true, true, 8, false},
        {"sp_vpush", true, true, 8, false},
        {"sp_pop", true, false, 0, false},
        {"sp_add", true, false, 0, false},
        {"sp_mov", true, false, 0, true},
        {"sp_sub_reg", true, true, 0, true},
        {"sp_load_sp", true, false, 0, true},
        {"sp_msr_control", false, false, 0, true},  // may switch to the process stack
        // 20 (push) + 24 (sub) + 8 (strd!) + 16 (stmdb!); the add is not subtracted.
        {"sp_prologue", true, true, 68, false},
        {"sp_read_only", false, false, 0, false},
        {"mixed_widths", false, false, 0, false},
        {"end_pop_pc", true, false, 0, false},
        {"end_ldm_sp_pc", true, false, 0, false},
    };
    for (const SpCase& c : cases) {
        SCOPED_TRACE(c.block);
        BlockInfo b = block(c.block);
        EXPECT_EQ(b.writes_sp, c.writes);
        EXPECT_EQ(b.lowers_sp, c.lowers);
        EXPECT_EQ(b.sp_drop, c.drop);
        EXPECT_EQ(b.sp_unknown, c.unknown);
    }
}

TEST_F(BlockDecoderTest, FindAccessPicksTheStoreThatWroteTheAddress) {
    BlockInfo b = block("two_stores");
    regs[1] = 0x20000000;
    regs[3] = 0x20000100;
    EXPECT_EQ(find_access(b, 0x20000000, true, read_reg), 0u);
    EXPECT_EQ(find_access(b, 0x20000003, true, read_reg), 0u);
    EXPECT_EQ(find_access(b, 0x20000108, true, read_reg), 1u);
    EXPECT_EQ(find_access(b, 0x2000010B, true, read_reg), 1u);
    EXPECT_EQ(find_access(b, 0x20000000, false, read_reg), 2u);  // the load, not a store
    EXPECT_EQ(find_access(b, 0x20000104, true, read_reg), std::nullopt);
    EXPECT_EQ(find_access(b, 0x2000010C, true, read_reg), std::nullopt);
}

TEST_F(BlockDecoderTest, FindAccessCoversTheWholeStoreMultipleRange) {
    BlockInfo b = block("store_multiple");
    regs[0] = 0x20001000;
    regs[7] = 0x20002000;
    for (uint32_t a = 0x20001000; a < 0x20001010; ++a) EXPECT_EQ(find_access(b, a, true, read_reg), 1u);
    EXPECT_EQ(find_access(b, 0x20001010, true, read_reg), std::nullopt);
    EXPECT_EQ(find_access(b, 0x20000FFF, true, read_reg), std::nullopt);
    EXPECT_EQ(find_access(b, 0x20002000, true, read_reg), 2u);
    EXPECT_EQ(b.insns[1].mem.count, 4u);
    EXPECT_TRUE(b.insns[1].mem.writeback);
}

TEST_F(BlockDecoderTest, FindAccessPlacesAPushBelowTheStackPointer) {
    BlockInfo b = block("push_frame");
    regs[13] = 0x20010000;  // as it stands before the PUSH
    EXPECT_EQ(find_access(b, 0x2000FFFC, true, read_reg), 0u);  // LR slot
    EXPECT_EQ(find_access(b, 0x2000FFEC, true, read_reg), 0u);  // R4 slot
    EXPECT_EQ(find_access(b, 0x2000FFEB, true, read_reg), std::nullopt);
    EXPECT_EQ(find_access(b, 0x20010000, true, read_reg), std::nullopt);
    regs[13] = 0x2000FFE4;  // after PUSH (20 bytes) and SUB SP, #8: the STR's view
    EXPECT_EQ(find_access(b, 0x2000FFE8, true, read_reg), 2u);
    EXPECT_TRUE(b.lowers_sp);
}

TEST_F(BlockDecoderTest, FindAccessHandlesIndexedAndDoublewordForms) {
    BlockInfo b = block("indexed_forms");
    regs[1] = 0x1000;
    regs[2] = 3;           // index of the LDR.W, base of the LDRD
    regs[4] = 0x2000;
    regs[6] = 0x3000;
    regs[8] = 0x4000;
    regs[9] = 0x5000;
    EXPECT_EQ(find_access(b, 0x100C, false, read_reg), 0u);     // [r1, r2, lsl #2]
    EXPECT_EQ(find_access(b, 0x100F, false, read_reg), 0u);
    EXPECT_EQ(find_access(b, 0x1FFD, true, read_reg), 1u);      // strb [r4, #-3]
    EXPECT_EQ(find_access(b, 0x3001, false, read_reg), 2u);     // ldrh [r6], #2: post-indexed
    EXPECT_EQ(find_access(b, 0x3002, false, read_reg), std::nullopt);
    EXPECT_EQ(find_access(b, 0x4004, true, read_reg), 3u);      // str [r8, #4]!
    EXPECT_EQ(find_access(b, 0x4000, true, read_reg), std::nullopt);
    EXPECT_EQ(find_access(b, 0xFFFFFFFB, false, read_reg), 4u); // ldrd [r2, #-8] wraps below 0
    EXPECT_EQ(find_access(b, 0x00000002, false, read_reg), 4u);
    EXPECT_EQ(find_access(b, 0x5017, true, read_reg), 5u);      // strd [r9, #16], 8 bytes
    EXPECT_EQ(find_access(b, 0x5018, true, read_reg), std::nullopt);
    EXPECT_EQ(b.insns[2].mem.index_mode, MemOperand::Index::PostIndex);
    EXPECT_EQ(b.insns[2].mem.imm, 2);
    EXPECT_EQ(b.insns[3].mem.index_mode, MemOperand::Index::PreIndex);
}

TEST_F(BlockDecoderTest, LiteralLoadsUseTheWordAlignedPc) {
    BlockInfo b = block("literal_load");
    EXPECT_EQ(b.insns[1].cls, InsnClass::LoadLiteral);
    uint32_t pool = address("literal_load_pool");
    EXPECT_EQ(find_access(b, pool, false, read_reg), 1u);
    EXPECT_EQ(find_access(b, pool + 3, false, read_reg), 1u);
    EXPECT_EQ(find_access(b, pool + 4, false, read_reg), std::nullopt);
    std::optional<AccessRange> range = access_range(b, 1, read_reg);
    ASSERT_TRUE(range);
    EXPECT_EQ(range->start, pool);
    EXPECT_EQ(access_range(b, 0, read_reg), std::nullopt);  // NOP: no access
}

TEST_F(BlockDecoderTest, TableBranchReadsItsTableFromThePc) {
    BlockInfo b = block("end_tbb");
    regs[1] = 5;
    EXPECT_EQ(find_access(b, address("end_tbb") + 4 + 5, false, read_reg), 0u);
    BlockInfo h = block("end_tbh");
    regs[0] = 0x300;
    regs[1] = 2;
    EXPECT_EQ(find_access(h, 0x304, false, read_reg), 0u);
    EXPECT_EQ(find_access(h, 0x305, false, read_reg), 0u);
    EXPECT_EQ(find_access(h, 0x306, false, read_reg), std::nullopt);
}

TEST_F(BlockDecoderTest, FloatingPointLoadsAndStores) {
    BlockInfo b = block("fp_memory");
    regs[0] = 0x100;
    regs[1] = 0x200;
    regs[2] = 0x300;
    regs[3] = 0x400;
    regs[13] = 0x500;
    EXPECT_EQ(find_access(b, 0x10B, false, read_reg), 0u);  // vldr s0, [r0, #8]
    EXPECT_EQ(find_access(b, 0x1F0, true, read_reg), 1u);   // vstr d1, [r1, #-16]: 8 bytes
    EXPECT_EQ(find_access(b, 0x1F7, true, read_reg), 1u);
    EXPECT_EQ(find_access(b, 0x2F0, true, read_reg), 2u);   // vstmdb r2!, {s4-s7}
    EXPECT_EQ(find_access(b, 0x2FF, true, read_reg), 2u);
    EXPECT_EQ(find_access(b, 0x300, true, read_reg), std::nullopt);
    EXPECT_EQ(find_access(b, 0x40F, false, read_reg), 3u);  // vldmia r3, {d2-d3}: 16 bytes
    EXPECT_EQ(find_access(b, 0x503, false, read_reg), 4u);  // vpop {s8}
    EXPECT_EQ(b.insns[3].mem.count, 4u);
    EXPECT_EQ(b.insns[1].cls, InsnClass::FpStore64);
}

TEST_F(BlockDecoderTest, ExclusiveAccesses) {
    BlockInfo b = block("exclusive");
    regs[1] = 0x600;
    regs[4] = 0x700;
    EXPECT_EQ(find_access(b, 0x604, false, read_reg), 0u);
    EXPECT_EQ(find_access(b, 0x700, true, read_reg), 1u);
    EXPECT_EQ(b.insns[1].cls, InsnClass::StoreExclusive);
}

TEST_F(BlockDecoderTest, UndecodableBytesBecomeUnmodelledInstructions) {
    // Encodings Capstone rejects: a 32-bit one (first halfword 0xFFFF) and a
    // 16-bit one (0xB680), then a NOP.
    const uint8_t code[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x80, 0xB6, 0x00, 0xBF};
    BlockInfo b = decoder.decode(code, sizeof(code), 0x08000000);
    ASSERT_EQ(b.instructions, 3u);
    EXPECT_EQ(b.insns[0].size, 4u);
    EXPECT_EQ(b.insns[0].cls, InsnClass::Unknown);
    EXPECT_EQ(b.insns[1].size, 2u);
    EXPECT_EQ(b.insns[1].offset, 4u);
    EXPECT_EQ(b.insns[1].cls, InsnClass::Unknown);
    EXPECT_EQ(b.insns[2].cls, InsnClass::Hint);
    EXPECT_EQ(b.unmodelled, 2u);
    EXPECT_EQ(b.cycles, 3u);
}

TEST_F(BlockDecoderTest, RejectsARangeLargerThanAnyTranslationBlock) {
    std::vector<uint8_t> nops(0x10000 + 2);
    for (size_t i = 0; i + 1 < nops.size(); i += 2) {
        nops[i] = 0x00;
        nops[i + 1] = 0xBF;
    }
    EXPECT_THROW(decoder.decode(nops.data(), nops.size(), 0x08000000), Error);
    BlockInfo ok = decoder.decode(nops.data(), 0x100, 0x08000000);
    EXPECT_EQ(ok.instructions, 0x80u);
}

TEST_F(BlockDecoderTest, WideFirstInstructionAtAHalfwordAddress) {
    BlockInfo b = decoder.decode(fx.code("end_conditional_wide") + 2, 4, address("end_conditional_wide") + 2);
    EXPECT_EQ(b.instructions, 1u);
    EXPECT_TRUE(b.starts_wide_unaligned);
}

}  // namespace
}  // namespace mcuprof

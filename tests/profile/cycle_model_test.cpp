// The cycle model against the Cortex-M4 TRM (ARM DDI 0439D) Tables 3-1, 3-2,
// 7-1 and section 3.3.2, on assembled Thumb-2 sequences, and the Cortex-M7
// estimate's documented rules.
#include "emulator/profile/block_decoder.hpp"
#include "emulator/profile/cycle_model.hpp"

#include "asm_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <string>
#include <vector>

namespace mcuprof {
namespace {

constexpr uint32_t kBase = 0x08000000;

const CycleModel& m4() { return CycleModel::for_core(Core::CortexM4); }
const CycleModel& m7() { return CycleModel::for_core(Core::CortexM7); }

class CoreFixture {
public:
    CoreFixture(const std::string& file, const CycleModel& model) : asm_(file), decoder_(model) {}
    BlockInfo block(const std::string& name) {
        return decoder_.decode(asm_.code(name), asm_.size(name), kBase + asm_.offset(name));
    }
    uint32_t address(const std::string& name) const { return kBase + asm_.offset(name); }

private:
    test::AsmFixture asm_;
    BlockDecoder decoder_;
};

std::vector<uint32_t> cycles_before(const BlockInfo& block) {
    std::vector<uint32_t> out;
    for (const InsnInfo& insn : block.insns) out.push_back(insn.cycles_before);
    return out;
}

TEST(CycleModelTables, EveryRowHasASourceAndTheM7IsAnEstimate) {
    for (size_t i = 0; i < kInsnClassCount; ++i) {
        auto cls = static_cast<InsnClass>(i);
        EXPECT_STRNE(m4().timing(cls).source, "") << to_string(cls);
        EXPECT_STRNE(m7().timing(cls).source, "") << to_string(cls);
        EXPECT_STRNE(to_string(cls), "invalid");
    }
    EXPECT_FALSE(m4().is_estimate());
    EXPECT_TRUE(m7().is_estimate());
    EXPECT_EQ(m4().core(), Core::CortexM4);
    EXPECT_EQ(m7().core(), Core::CortexM7);
    EXPECT_FALSE(m4().has_predictor());
    EXPECT_TRUE(m7().has_predictor());
    EXPECT_EQ(m7().mispredict_penalty(), 8u);
    EXPECT_FALSE(m4().timing(InsnClass::Unknown).sourced);
    EXPECT_FALSE(m4().timing(InsnClass::ExceptionGen).sourced);
}

TEST(CycleModelTables, CortexM4StandaloneFiguresFollowTheTrm) {
    const CycleModel& m = m4();
    EXPECT_EQ(m.standalone_cycles(InsnClass::Alu), 1u);
    EXPECT_EQ(m.standalone_cycles(InsnClass::Multiply), 1u);       // MUL..SMLAD: 1
    EXPECT_EQ(m.standalone_cycles(InsnClass::BitfieldDsp), 1u);
    EXPECT_EQ(m.standalone_cycles(InsnClass::Divide), 7u);         // 2..12, midpoint
    EXPECT_EQ(m.standalone_cycles(InsnClass::Load), 2u);
    EXPECT_EQ(m.standalone_cycles(InsnClass::StoreImm), 1u);       // 3.3.2
    EXPECT_EQ(m.standalone_cycles(InsnClass::StoreReg), 2u);
    EXPECT_EQ(m.standalone_cycles(InsnClass::LoadDual, 2), 3u);    // 1 + N
    EXPECT_EQ(m.standalone_cycles(InsnClass::LoadMultiple, 3), 4u);
    EXPECT_EQ(m.standalone_cycles(InsnClass::StoreMultiple, 8), 9u);
    EXPECT_EQ(m.standalone_cycles(InsnClass::InstructionBarrier), 4u);  // 1 + B, B = P = 3
    EXPECT_EQ(m.standalone_cycles(InsnClass::Barrier), 1u);
    EXPECT_EQ(m.standalone_cycles(InsnClass::StatusRegister), 2u);
    EXPECT_EQ(m.standalone_cycles(InsnClass::FpArith), 1u);
    EXPECT_EQ(m.standalone_cycles(InsnClass::FpMac), 3u);
    EXPECT_EQ(m.standalone_cycles(InsnClass::FpDiv), 14u);
    EXPECT_EQ(m.standalone_cycles(InsnClass::FpSqrt), 14u);
    EXPECT_EQ(m.standalone_cycles(InsnClass::FpLoad32), 2u);
    EXPECT_EQ(m.standalone_cycles(InsnClass::FpLoad64), 3u);
    EXPECT_EQ(m.standalone_cycles(InsnClass::FpLoadMultiple, 4), 5u);  // 1 + N
    EXPECT_EQ(m.standalone_cycles(InsnClass::FpMoveCore), 2u);
    EXPECT_EQ(m.standalone_cycles(InsnClass::FpMoveCoreHalf), 1u);
    EXPECT_EQ(m.timing(InsnClass::Branch).refill, 1u);
    EXPECT_EQ(m.timing(InsnClass::Branch).refill_unaligned_wide, 2u);
    EXPECT_EQ(m.timing(InsnClass::BranchRegister).refill, 3u);
    EXPECT_EQ(m.timing(InsnClass::LoadMultiple).refill, 3u);
}

TEST(CycleModelTables, CortexM7MultiplesMoveTwoRegistersPerCycle) {
    EXPECT_EQ(m7().standalone_cycles(InsnClass::LoadMultiple, 4), 2u);
    EXPECT_EQ(m7().standalone_cycles(InsnClass::StoreMultiple, 5), 3u);
    EXPECT_EQ(m7().standalone_cycles(InsnClass::LoadMultiple, 1), 1u);
    EXPECT_EQ(m7().standalone_cycles(InsnClass::LoadDual, 2), 1u);
    EXPECT_EQ(m7().standalone_cycles(InsnClass::FpDiv), 16u);
}

class CortexM4Sequences : public ::testing::Test {
protected:
    CoreFixture fx{"m4_timing", m4()};
};

TEST_F(CortexM4Sequences, FourConsecutiveLoadsCostFive) {
    BlockInfo b = fx.block("ldr4");
    EXPECT_EQ(b.instructions, 4u);
    EXPECT_EQ(b.cycles, 5u);
    EXPECT_EQ(cycles_before(b), (std::vector<uint32_t>{0, 2, 3, 4}));
}

TEST_F(CortexM4Sequences, AnAluInstructionBreaksLoadPipelining) {
    EXPECT_EQ(fx.block("ldr_add_ldr").cycles, 2u + 1u + 2u);
}

TEST_F(CortexM4Sequences, ALoadWhoseAddressIsThePreviousLoadResultDoesNotPipeline) {
    EXPECT_EQ(fx.block("ldr_dependent").cycles, 4u);
}

TEST_F(CortexM4Sequences, AnAddressFromTheDataProcessingOpBeforeStalls) {
    EXPECT_EQ(fx.block("alu_address_stall").cycles, 1u + 2u + 1u);
}

TEST_F(CortexM4Sequences, TheTrmsOwnPipeliningExamples) {
    EXPECT_EQ(fx.block("trm_ldr_str_imm").cycles, 3u);
    EXPECT_EQ(fx.block("trm_ldr_str_reg").cycles, 3u);
    EXPECT_EQ(fx.block("trm_three_loads").cycles, 4u);
}

TEST_F(CortexM4Sequences, NothingPipelinesAfterAStore) {
    EXPECT_EQ(fx.block("str_then_ldr").cycles, 1u + 2u);
    EXPECT_EQ(fx.block("str_reg_twice").cycles, 2u + 2u);
}

TEST_F(CortexM4Sequences, WritebackLoadsPipelineOnlyOnDifferentBases) {
    EXPECT_EQ(fx.block("ldr_post_two_bases").cycles, 3u);
    EXPECT_EQ(fx.block("ldr_post_same_base").cycles, 4u);
}

TEST_F(CortexM4Sequences, PushAndPopAreOnePlusN) {
    EXPECT_EQ(fx.block("push5").cycles, 6u);
    EXPECT_EQ(fx.block("ldm3").cycles, 4u);
    EXPECT_EQ(fx.block("ldrd1").cycles, 3u);
}

TEST_F(CortexM4Sequences, PopWithPcIsOnePlusNPlusP) {
    BlockInfo b = fx.block("pop_pc");
    EXPECT_EQ(b.cycles, 3u);  // 1 + N, N = 2 (r4, pc)
    EXPECT_EQ(b.taken_extra, 3u);
    ExitCost exit = resolve_exit(m4(), b, 0x08001000);
    EXPECT_TRUE(exit.taken);
    EXPECT_EQ(b.cycles + exit.cycles, 1u + 2u + 3u);
}

TEST_F(CortexM4Sequences, DspMultiplyIsOneCycle) {
    EXPECT_EQ(fx.block("smlad1").cycles, 1u);
    EXPECT_EQ(fx.block("sdiv1").cycles, 7u);
}

TEST_F(CortexM4Sequences, ConditionalBranchTakenAndNotTaken) {
    BlockInfo b = fx.block("cmp_bne");
    EXPECT_EQ(b.cycles, 2u);
    ExitCost not_taken = resolve_exit(m4(), b, b.fall_through);
    EXPECT_FALSE(not_taken.taken);
    EXPECT_EQ(not_taken.cycles, 0u);
    ExitCost taken = resolve_exit(m4(), b, b.target);
    EXPECT_TRUE(taken.taken);
    EXPECT_EQ(taken.cycles, 1u);
    ExitCost to_unaligned_wide = resolve_exit(m4(), b, b.target, true);
    EXPECT_EQ(to_unaligned_wide.cycles, 2u);
}

TEST_F(CortexM4Sequences, Int8DotProductLoop) {
    BlockInfo b = fx.block("dot_loop");
    EXPECT_EQ(b.instructions, 7u);
    // ldr 2, ldr (other base, pipelined) 1, sxtb16 1, sxtb16 1, smlad 1, subs 1, bne 1.
    EXPECT_EQ(b.cycles, 8u);
    EXPECT_EQ(b.target, fx.address("dot_loop"));
    EXPECT_EQ(resolve_exit(m4(), b, b.target).cycles, 1u);
}

TEST_F(CortexM4Sequences, ItFoldsOnlyAfterANarrowInstruction) {
    BlockInfo folded = fx.block("it_folded");
    EXPECT_EQ(folded.instructions, 3u);
    EXPECT_EQ(folded.cycles, 2u);
    EXPECT_EQ(fx.block("it_not_folded").cycles, 3u);
}

TEST_F(CortexM4Sequences, RegisterAndTableBranchesRefillThreeCycles) {
    BlockInfo bx = fx.block("bx_lr");
    EXPECT_EQ(bx.cycles, 1u);
    EXPECT_EQ(resolve_exit(m4(), bx, 0x08000400).cycles, 3u);
    BlockInfo tbb = fx.block("tbb1");
    EXPECT_EQ(tbb.cycles + resolve_exit(m4(), tbb, 0x08000400).cycles, 6u);
}

TEST_F(CortexM4Sequences, FloatingPoint) {
    EXPECT_EQ(fx.block("fp_vldr_vmla").cycles, 2u + 2u + 3u);
    EXPECT_EQ(fx.block("fp_dependent").cycles, 1u + 1u + 1u);
    EXPECT_EQ(fx.block("fp_mac_addend").cycles, 1u + 3u);
    // vdiv 14, vsqrt 14, vpush {4 floats} 5, vmov r0,s0 2, vldr.64 3.
    EXPECT_EQ(fx.block("fp_misc").cycles, 14u + 14u + 5u + 2u + 3u);
}

TEST_F(CortexM4Sequences, InstructionsWithoutAFigureAreCountedUnmodelled) {
    BlockInfo b = fx.block("unmodelled");
    EXPECT_EQ(b.instructions, 3u);
    EXPECT_EQ(b.unmodelled, 2u);  // PLD, YIELD
    EXPECT_EQ(b.cycles, 3u);
    EXPECT_EQ(fx.block("ldr4").unmodelled, 0u);
}

class CortexM7Sequences : public ::testing::Test {
protected:
    CoreFixture fx{"m7_timing", m7()};
};

TEST_F(CortexM7Sequences, IndependentSimplePairsDualIssue) {
    BlockInfo b = fx.block("alu_pairs");
    EXPECT_EQ(b.cycles, 2u);
    EXPECT_EQ(cycles_before(b), (std::vector<uint32_t>{0, 1, 1, 2}));
    EXPECT_EQ(fx.block("alu_chain").cycles, 4u);
}

TEST_F(CortexM7Sequences, NoDualStoreButLoadPlusStore) {
    EXPECT_EQ(fx.block("two_stores").cycles, 2u);
    EXPECT_EQ(fx.block("load_store").cycles, 1u);
}

TEST_F(CortexM7Sequences, MultiplesMoveTwoRegistersPerCycle) {
    EXPECT_EQ(fx.block("ldm4").cycles, 2u);
    EXPECT_EQ(fx.block("push5").cycles, 3u);
}

TEST_F(CortexM7Sequences, MultiplyPairingAndLatency) {
    EXPECT_EQ(fx.block("mul_mul").cycles, 2u);
    EXPECT_EQ(fx.block("mul_store").cycles, 2u);
    EXPECT_EQ(fx.block("mul_use").cycles, 1u + 1u + 1u);
}

TEST_F(CortexM7Sequences, BitfieldOnlyInTheOlderSlot) {
    EXPECT_EQ(fx.block("add_uxtb").cycles, 2u);
    EXPECT_EQ(fx.block("uxtb_add").cycles, 1u);
}

TEST_F(CortexM7Sequences, PredictorChargesEightCyclesPerMisprediction) {
    BlockInfo b = fx.block("countdown");
    EXPECT_EQ(b.end, EndKind::ConditionalBranch);
    EXPECT_EQ(b.taken_extra, 0u);
    // Four taken iterations, then the loop exit.
    std::vector<uint32_t> costs;
    for (int i = 0; i < 4; ++i) costs.push_back(resolve_exit(m7(), b, b.target).cycles);
    ExitCost last = resolve_exit(m7(), b, b.fall_through);
    costs.push_back(last.cycles);
    EXPECT_EQ(costs, (std::vector<uint32_t>{8, 0, 0, 0, 8}));
    EXPECT_TRUE(last.mispredicted);
    EXPECT_FALSE(last.taken);
}

TEST(CycleModelBranches, M7IndirectBranchesPredictTheLastTarget) {
    BranchSite site;
    const CycleModel& m = m7();
    EXPECT_EQ(m.branch_exit(InsnClass::BranchRegister, false, site, true, 0x100, false).cycles, 8u);
    EXPECT_EQ(m.branch_exit(InsnClass::BranchRegister, false, site, true, 0x100, false).cycles, 0u);
    EXPECT_EQ(m.branch_exit(InsnClass::BranchRegister, false, site, true, 0x200, false).cycles, 8u);
    EXPECT_EQ(m.branch_exit(InsnClass::BranchRegister, false, site, true, 0x200, false).cycles, 0u);
}

TEST(CycleModelBranches, M4PaysRefillOnlyWhenTaken) {
    BranchSite site;
    EXPECT_EQ(m4().branch_exit(InsnClass::Branch, true, site, false, 0, false).cycles, 0u);
    EXPECT_EQ(m4().branch_exit(InsnClass::Branch, true, site, true, 0x40, false).cycles, 1u);
    EXPECT_EQ(m4().branch_exit(InsnClass::LoadPc, false, site, true, 0x40, false).cycles, 3u);
}

TEST(CycleModelRules, SequenceRulesOnHandBuiltInstructions) {
    // Two independent loads on the M4: 2 + 1; with the second address from the first: 2 + 2.
    TimedInsn load_a{.cls = InsnClass::Load, .size = 2, .reads = reg_bit(1), .writes = reg_bit(0),
                     .address_reads = reg_bit(1)};
    TimedInsn load_b{.cls = InsnClass::Load, .size = 2, .reads = reg_bit(2), .writes = reg_bit(3),
                     .address_reads = reg_bit(2)};
    TimedInsn load_dep{.cls = InsnClass::Load, .size = 2, .reads = reg_bit(0), .writes = reg_bit(3),
                       .address_reads = reg_bit(0)};
    std::vector<uint32_t> out(2);
    std::vector<TimedInsn> pair = {load_a, load_b};
    m4().sequence_cycles(pair, out);
    EXPECT_EQ(out, (std::vector<uint32_t>{2, 1}));
    pair = {load_a, load_dep};
    m4().sequence_cycles(pair, out);
    EXPECT_EQ(out, (std::vector<uint32_t>{2, 2}));
    // On the M7 two loads share the load port: no pairing.
    m7().sequence_cycles(std::vector<TimedInsn>{load_a, load_b}, out);
    EXPECT_EQ(out, (std::vector<uint32_t>{1, 1}));
}


// The table-driven predictor against the rules written out directly (a 2-bit
// direction counter for conditional branches, the last taken target), over
// random sequences of outcomes and targets on conditional and unconditional
// sites.
TEST(CycleModelBranches, M7PredictorTableFollowsTheRules) {
    struct Reference {
        uint32_t last_target = 0;
        uint8_t counter = 1;
        bool seen = false;
        uint32_t exit(bool conditional, bool taken, uint32_t target, uint32_t penalty) {
            const bool predict_taken = conditional ? counter >= 2 : seen;
            const bool right = taken ? (predict_taken && seen && last_target == target) : !predict_taken;
            if (conditional) counter = taken ? std::min(counter + 1, 3) : std::max(counter - 1, 0);
            if (taken) {
                last_target = target;
                seen = true;
            }
            return right ? 0 : penalty;
        }
    };
    const CycleModel& m = m7();
    uint32_t rng = 12345;
    auto next = [&rng] { return rng = rng * 1664525u + 1013904223u; };
    uint64_t mispredicts = 0;
    for (int site_kind = 0; site_kind < 2; ++site_kind) {
        const bool conditional = site_kind == 1;
        for (int run = 0; run < 50; ++run) {
            BranchSite site;
            Reference ref;
            for (int i = 0; i < 200; ++i) {
                const bool taken = !conditional || (next() >> 28) < 11;  // biased, as loops are
                const uint32_t target = 0x100u + ((next() >> 30) << 4);   // four possible targets
                const uint32_t expected = ref.exit(conditional, taken, target, m.mispredict_penalty());
                ASSERT_EQ(m.predicted_exit(site, conditional, taken, target), expected)
                    << "conditional " << conditional << " run " << run << " step " << i;
                mispredicts += expected != 0;
            }
        }
    }
    EXPECT_GT(mispredicts, 0u);  // the sequences exercise both outcomes
}

}  // namespace
}  // namespace mcuprof

namespace mcuprof {
namespace {

// The rows LLVM's Cortex-M7 scheduling model prices ([L] in cycle_model.cpp)
// are sourced; WFI/WFE, SVC/BKPT/UDF and YIELD still have no figure.
TEST(CycleModelTables, M7RowsPricedFromLlvmsSchedulingModel) {
    for (InsnClass cls : {InsnClass::Divide, InsnClass::TableBranch, InsnClass::Barrier,
                          InsnClass::InstructionBarrier, InsnClass::StatusRegister, InsnClass::FpStatus,
                          InsnClass::Preload}) {
        EXPECT_TRUE(m7().timing(cls).sourced) << to_string(cls);
    }
    EXPECT_EQ(m7().standalone_cycles(InsnClass::Divide), 7u);
    EXPECT_EQ(m7().standalone_cycles(InsnClass::Barrier), 3u);
    EXPECT_EQ(m7().standalone_cycles(InsnClass::InstructionBarrier), 3u);
    EXPECT_EQ(m7().standalone_cycles(InsnClass::FpStatus), 1u);
    EXPECT_EQ(m7().timing(InsnClass::Divide).pair, PairRule::Never);
    EXPECT_EQ(m7().timing(InsnClass::FpStatus).pair, PairRule::Never);
    EXPECT_FALSE(m7().timing(InsnClass::WaitFor).sourced);
    EXPECT_FALSE(m7().timing(InsnClass::ExceptionGen).sourced);
    EXPECT_FALSE(m7().timing(InsnClass::Unknown).sourced);
    // The M4 TRM lists no PLD: still a default there.
    EXPECT_FALSE(m4().timing(InsnClass::Preload).sourced);
}

// Each unsourced instruction of a block is named by Capstone's mnemonic.
TEST(CycleModelTables, UnpricedInstructionsAreNamedPerBlock) {
    CoreFixture m7_fx("m7_timing", m7());
    const BlockInfo b = m7_fx.block("m7_priced_and_not");
    ASSERT_EQ(b.instructions, 4u);
    EXPECT_EQ(b.insns[0].cls, InsnClass::Preload);
    EXPECT_EQ(b.insns[1].cls, InsnClass::FpStatus);
    EXPECT_EQ(b.unmodelled, 2u);
    ASSERT_EQ(b.unpriced.size(), 2u);
    EXPECT_EQ(b.unpriced[0].index, 2u);
    EXPECT_EQ(b.unpriced[0].mnemonic, "yield");
    EXPECT_EQ(b.unpriced[1].index, 3u);
    EXPECT_EQ(b.unpriced[1].mnemonic, "wfi");

    CoreFixture m4_fx("m4_timing", m4());
    const BlockInfo m4_block = m4_fx.block("unmodelled");
    ASSERT_EQ(m4_block.unpriced.size(), 2u);
    EXPECT_EQ(m4_block.unpriced[0].mnemonic, "pld");
    EXPECT_EQ(m4_block.unpriced[1].mnemonic, "yield");
}

}  // namespace
}  // namespace mcuprof

// Runs the micro-benchmark firmware (firmware/tests/microbench) and checks the
// profiler's figures against numbers derived by hand: instruction counts from
// the code, Cortex-M4 cycles from the TRM's Table 3-1 with the model's stated
// choices (P = 1 for direct branches to 16-bit or aligned targets, P = 3 for
// register/stack targets; N pipelined loads cost N + 1).
#include "run_support.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace mcuprof::test {
namespace {

class Microbench : public ::testing::TestWithParam<std::string> {};

const RunResult& m4_run() {
    static const RunResult r = run("stm32f427", "microbench_stm32f427");
    return r;
}

TEST(ProfilerM4, RunExitsNormally) {
    const Report& r = m4_run().report;
    EXPECT_EQ(r.exit.reason, "exit");
    EXPECT_EQ(r.exit.code, 0);
    EXPECT_TRUE(r.violations.empty());
    EXPECT_EQ(r.core, "cortex-m4");
}

// count_loop(1000): movs; 1000 x (adds, subs, bne); mov; bx lr.
TEST(ProfilerM4, CountLoopInstructionsAndCycles) {
    const FunctionReport* f = function(m4_run().report, "count_loop");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->instructions, 1u + 3u * 1000u + 2u);
    // 1 + 1000 x 3 + 999 taken back edges x P(1) + mov 1 + bx lr (1 + 3).
    EXPECT_EQ(f->cycles, 1u + 3000u + 999u + 1u + 4u);
    EXPECT_EQ(f->calls, 1u);
}

// Four back-to-back LDRs pipeline: 4 + 1 cycles; adds 1; bx lr 1 + 3.
TEST(ProfilerM4, LdrRun) {
    const FunctionReport* f = function(m4_run().report, "ldr_run");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->instructions, 6u);
    EXPECT_EQ(f->cycles, 5u + 1u + 4u);
}

// push {r4,lr} 1+2; movs 1; 32 x (ldr 2, ldr 1 (pipelined), smlad 1, subs 1,
// bne 1) + 31 taken x P(1); mov 1; pop {r4,pc} 1 + 2 + P(3).
TEST(ProfilerM4, SmladLoop) {
    const FunctionReport* f = function(m4_run().report, "smlad_loop");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->instructions, 2u + 5u * 32u + 2u);
    EXPECT_EQ(f->cycles, 3u + 1u + 32u * 6u + 31u + 1u + 6u);
}

// Not taken: each beq costs 1; taken: 1 + P(1). Same loop otherwise.
TEST(ProfilerM4, TakenVersusNotTakenBranches) {
    const FunctionReport* nt = function(m4_run().report, "branch_not_taken");
    const FunctionReport* t = function(m4_run().report, "branch_taken");
    ASSERT_NE(nt, nullptr);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(nt->instructions, 1u + 5u * 100u + 2u);
    EXPECT_EQ(t->instructions, 1u + 4u * 100u + 2u);
    // not taken: 100 x (cmp, beq, adds, subs, bne) + 99 back edges.
    EXPECT_EQ(nt->cycles, 1u + 100u * 5u + 99u + 1u + 4u);
    // taken: 100 x (cmp 1, beq 2, subs 1, bne 1) + 99 back edges.
    EXPECT_EQ(t->cycles, 1u + 100u * 5u + 99u + 1u + 4u);
}

// push {r4,r5,lr} 1+3; ldm {r1-r4} 1+4; adds 1; pop {r4,r5,pc} 1+3+P(3).
TEST(ProfilerM4, LdmAndPopWithPc) {
    const FunctionReport* f = function(m4_run().report, "ldm_pop_pc");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->instructions, 4u);
    EXPECT_EQ(f->cycles, 4u + 5u + 1u + 7u);
}

TEST(ProfilerM4, FirmwareResultsAreRight) {
    const std::string& out = m4_run().out;
    EXPECT_NE(out.find("count_loop=1000\n"), std::string::npos) << out;
    EXPECT_NE(out.find("ldr_run=3\n"), std::string::npos) << out;
    EXPECT_NE(out.find("ldm_pop_pc=5\n"), std::string::npos) << out;
    // sum over i < 64 of (i - 20) * (3i + 1)
    int32_t expected = 0;
    for (int i = 0; i < 64; ++i) expected += (i - 20) * (3 * i + 1);
    EXPECT_NE(out.find("smlad_loop=" + std::to_string(expected) + "\n"), std::string::npos) << out;
}

// known_frame pushes 8 bytes and opens a 1000-byte frame below main's SP, and
// writes the lowest word: the layer's stack peak is exact to the byte.
TEST(ProfilerM4, StackPeakOfKnownFrameToTheByte) {
    const RunResult& r = m4_run();
    std::smatch m;
    ASSERT_TRUE(std::regex_search(r.out, m, std::regex("main_sp=(\\d+)"))) << r.out;
    const uint64_t main_sp = std::stoull(m[1]);
    const LayerReport* l = layer(r.report, "known_frame");
    ASSERT_NE(l, nullptr);
    EXPECT_EQ(l->stack_peak_bytes, r.report.memory.stack_top - main_sp + 8 + 1000);
    EXPECT_GE(r.report.memory.stack_peak_bytes, l->stack_peak_bytes);
}

void expect_sums_match(const Report& r) {
    uint64_t layer_insns = r.outside_layers.instructions;
    uint64_t layer_cycles = r.outside_layers.cycles;
    for (const LayerReport& l : r.layers) {
        layer_insns += l.instructions;
        layer_cycles += l.cycles;
    }
    EXPECT_EQ(layer_insns, r.instructions);
    EXPECT_EQ(layer_cycles, r.cycles);
    uint64_t fn_insns = 0;
    uint64_t fn_cycles = 0;
    for (const FunctionReport& f : r.functions) {
        fn_insns += f.instructions;
        fn_cycles += f.cycles;
        EXPECT_GE(f.inclusive_instructions, f.instructions) << f.name;
        EXPECT_LE(f.inclusive_instructions, r.instructions) << f.name;
    }
    EXPECT_EQ(fn_insns, r.instructions);
    EXPECT_EQ(fn_cycles, r.cycles);
}

TEST_P(Microbench, LayersAndFunctionsSumToTotals) {
    const RunResult r = run(GetParam(), "microbench_" + GetParam());
    ASSERT_EQ(r.report.exit.reason, "exit");
    ASSERT_EQ(r.report.layers.size(), 7u);
    expect_sums_match(r.report);
    // The reset handler's activation spans the whole run.
    const FunctionReport* reset = function(r.report, "Reset_Handler");
    ASSERT_NE(reset, nullptr);
    EXPECT_EQ(reset->inclusive_instructions, r.report.instructions);
    // The layer around count_loop holds the loop and the marker code only.
    const LayerReport* l = layer(r.report, "count_loop");
    ASSERT_NE(l, nullptr);
    EXPECT_GE(l->instructions, 3003u);
    EXPECT_LT(l->instructions, 3003u + 60u);
}

INSTANTIATE_TEST_SUITE_P(Boards, Microbench,
                         ::testing::Values("stm32f427", "stm32f746", "stm32h743", "mps2-an386", "mps2-an500"),
                         [](const auto& info) {
                             std::string name = info.param;
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

// A stopped run still sums: the faulting block's unexecuted tail is removed.
TEST(ProfilerFault, SumsHoldWhenARunStops) {
    const RunResult r = run("stm32f746", "trap_unmapped_read_stm32f746");
    ASSERT_EQ(r.report.exit.reason, "fault");
    expect_sums_match(r.report);
}

}  // namespace
}  // namespace mcuprof::test

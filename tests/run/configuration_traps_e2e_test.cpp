// Faithful traps for the board's configuration (firmware/tests/traps): a
// double-precision instruction on a single-precision FPU is undefined, CYCCNT
// counts only with DEMCR.TRCENA and DWT_CTRL.CYCCNTENA, and instructions
// without a published figure are listed per mnemonic and function.
#include "file_support.hpp"
#include "run_support.hpp"

#include "emulator/report/report_json.hpp"
#include "emulator/report/report_json_read.hpp"

#include <gtest/gtest.h>

namespace mcuprof::test {
namespace {

int trap_line(const std::string& function) {
    return marked_line(std::string(MCUPROF_SOURCE_DIR) + "/firmware/tests/traps/traps.c", "TRAP LINE",
                       {" " + function + "(", "noinline"});
}

TEST(ConfigurationTraps, DoublePrecisionIsUndefinedOnSinglePrecisionFpus) {
    for (const std::string board : {"stm32f427", "stm32f746"}) {
        const RunResult r = run(board, "trap_double_precision_" + board);
        EXPECT_EQ(r.report.exit.reason, "fault") << board;
        ASSERT_EQ(r.report.violations.size(), 1u) << board;
        const Violation& v = r.report.violations[0];
        EXPECT_EQ(v.kind, "undefined-instruction") << board;
        EXPECT_EQ(v.function, "double_precision") << board;
        EXPECT_EQ(v.line, trap_line("double_precision")) << board;
        EXPECT_EQ(v.layer.value_or(""), "trap") << board;
        EXPECT_NE(v.detail.find("vadd.f64 d2, d0, d1"), std::string::npos) << v.detail;
        EXPECT_NE(v.detail.find("has no double precision"), std::string::npos) << v.detail;
        EXPECT_EQ(r.out, "before\n") << board;
    }
}

TEST(ConfigurationTraps, DoublePrecisionRunsOnADoublePrecisionFpu) {
    const RunResult r = run("stm32h743", "trap_double_precision_stm32h743");
    EXPECT_EQ(r.report.exit.reason, "exit");
    EXPECT_TRUE(r.report.violations.empty());
    EXPECT_EQ(r.out, "before\nafter\n");
}

TEST(ConfigurationTraps, DoubleRegisterLoadsStoresAndMovesRunOnSinglePrecisionFpus) {
    for (const std::string board : {"stm32f427", "stm32f746"}) {
        const RunResult r = run(board, "trap_double_moves_" + board);
        EXPECT_EQ(r.report.exit.reason, "exit") << board;
        EXPECT_TRUE(r.report.violations.empty()) << board;
        EXPECT_EQ(r.out, "before\nmoves ok\nafter\n") << board;
    }
}

TEST(ConfigurationTraps, CyccntCountsOnlyWithTrcenaAndCyccntena) {
    for (const std::string board : {"stm32f427", "stm32f746", "stm32h743"}) {
        const RunResult r = run(board, "trap_cyccnt_gating_" + board);
        EXPECT_EQ(r.report.exit.reason, "exit") << board;
        EXPECT_EQ(r.out, "before\nctrl only: still\nboth: counts\ntrcena cleared: still\nafter\n") << board;
    }
}

const UnpricedInstruction* unpriced(const Report& r, const std::string& mnemonic, const std::string& function) {
    for (const UnpricedInstruction& u : r.model.unpriced) {
        if (u.mnemonic == mnemonic && u.function == function) return &u;
    }
    return nullptr;
}

TEST(ConfigurationTraps, UnpricedInstructionsAreCountedPerMnemonicAndFunction) {
    const RunResult r = run("stm32f427", "trap_unpriced_pld_stm32f427");
    EXPECT_EQ(r.report.exit.reason, "exit");
    const UnpricedInstruction* pld = unpriced(r.report, "pld", "unpriced_pld");
    ASSERT_NE(pld, nullptr);
    EXPECT_EQ(pld->count, 3u);
    uint64_t total = 0;
    for (const UnpricedInstruction& u : r.report.model.unpriced) total += u.count;
    EXPECT_EQ(total, r.report.model.unmodelled_instructions);
    // The JSON carries the list and reads back the same.
    const Report back = parse_report_json(report_to_json(r.report).dump(), "report.json");
    ASSERT_EQ(back.model.unpriced.size(), r.report.model.unpriced.size());
    const UnpricedInstruction* read = unpriced(back, "pld", "unpriced_pld");
    ASSERT_NE(read, nullptr);
    EXPECT_EQ(read->count, 3u);
    // The Cortex-M7 estimate prices PLD (LLVM's Cortex-M7 model).
    const RunResult m7 = run("stm32f746", "trap_unpriced_pld_stm32f746");
    EXPECT_EQ(unpriced(m7.report, "pld", "unpriced_pld"), nullptr);
}

}  // namespace
}  // namespace mcuprof::test

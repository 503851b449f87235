// Code in RAM (firmware/tests/ram_code): copied there, run, then overwritten
// in place by a routine of the same byte size but fewer instructions. The
// instruction counts must follow the code actually there, in ITCM (after the
// null guard the generated linker script leaves) and in SRAM.
#include "run_support.hpp"

#include <gtest/gtest.h>

namespace mcuprof::test {
namespace {

constexpr uint64_t kRunsSix = 1000;  // firmware/tests/ram_code/main.c
constexpr uint64_t kRunsFour = 700;

struct Case {
    std::string board;
    std::string elf;
    uint64_t sram_budget;
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.elf; }

class RamCode : public ::testing::TestWithParam<Case> {};

TEST_P(RamCode, CountsTheCodeThatIsThereNow) {
    const Case& c = GetParam();
    RunOptions options;
    options.sram_budget = c.sram_budget;
    const RunResult r = run(c.board, c.elf, options);
    ASSERT_EQ(r.report.exit.reason, "exit") << r.err;
    EXPECT_EQ(r.report.exit.code, 0);
    EXPECT_EQ(r.out, "ram-code six 5000 four 4900\n");

    // The routines have no symbol: 6 instructions per call, then 4.
    const FunctionReport* routines = function(r.report, "(no symbol)");
    ASSERT_NE(routines, nullptr);
    EXPECT_EQ(routines->instructions, kRunsSix * 6 + kRunsFour * 4);

    // ... and the call loop, which includes them, accounts for the difference.
    const FunctionReport* loop = function(r.report, "call_many");
    ASSERT_NE(loop, nullptr);
    EXPECT_EQ(loop->inclusive_instructions, loop->instructions + routines->instructions);
}

INSTANTIATE_TEST_SUITE_P(Firmware, RamCode,
                         ::testing::Values(Case{"stm32f746", "ram_code_itcm_stm32f746", 348160},
                                           Case{"stm32f427", "ram_code_sram_stm32f427", 0}));

}  // namespace
}  // namespace mcuprof::test

// Loading across region boundaries: a segment may span contiguous regions
// (the F427's SRAM1..SRAM3), and every byte of it lands where it belongs.
#include "run_support.hpp"

#include "emulator/elf/elf_image.hpp"
#include "emulator/text/error.hpp"

#include <gtest/gtest.h>

namespace mcuprof::test {
namespace {

TEST(Loader, SegmentsSpanContiguousRamRegions) {
    const ElfImage image = ElfImage::load(firmware("big_data_stm32f427"));
    const ElfSection* data = image.section(".data");
    const ElfSection* bss = image.section(".bss");
    ASSERT_NE(data, nullptr);
    ASSERT_NE(bss, nullptr);
    // The test is only meaningful if the data really crosses SRAM1's end.
    ASSERT_GT(uint64_t(bss->address) + bss->size, 0x2001C000u);
    const RunResult r = run("stm32f427", "big_data_stm32f427");
    EXPECT_EQ(r.report.exit.reason, "exit");
    EXPECT_TRUE(r.report.violations.empty());
    EXPECT_EQ(r.out, "sum 13 last 0x00c0ffee\n");
    EXPECT_EQ(r.report.memory.static_bytes, uint64_t(data->size) + bss->size);
}

std::string load_error(const std::string& board, const std::string& elf, const RunOptions& options) {
    try {
        run(board, elf, options);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

// firmware/tests/ram_code's ITCM image has a segment at 0x400, just past the
// default null guard: it loads when the budget covers the ITCM, and otherwise
// the error names the cause and the bytes involved.
TEST(Loader, SegmentOutsideTheBudgetOrInTheNullGuardIsNamed) {
    RunOptions options;
    options.sram_budget = 348160;  // all of the F746's RAM, ITCM included
    EXPECT_EQ(run("stm32f746", "ram_code_itcm_stm32f746", options).report.exit.reason, "exit");

    options.null_guard = 2048;
    const std::string guard = load_error("stm32f746", "ram_code_itcm_stm32f746", options);
    EXPECT_NE(guard.find("run address 0x00000400"), std::string::npos) << guard;
    EXPECT_NE(guard.find("lies in the null guard, the first 2048 bytes of memory"), std::string::npos) << guard;

    options = {};  // the default budget: 320 KB without the ITCM
    const std::string budget = load_error("stm32f746", "ram_code_itcm_stm32f746", options);
    EXPECT_NE(budget.find("does not fit the SRAM budget of 327680 bytes: 80 bytes past it in itcm"), std::string::npos)
        << budget;
}

}  // namespace
}  // namespace mcuprof::test

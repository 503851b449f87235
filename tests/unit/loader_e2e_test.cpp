// Loading across region boundaries: a segment may span contiguous regions
// (the F427's SRAM1..SRAM3), and every byte of it lands where it belongs.
#include "run_support.hpp"

#include "emulator/elf_image.hpp"

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

}  // namespace
}  // namespace mcuprof::test

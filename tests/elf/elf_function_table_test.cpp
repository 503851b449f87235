// build_function_table on hand-made symbol lists: the cases a compiler-built
// fixture cannot produce on demand (overlapping sizes, sizeless functions at
// the end of a section or outside any section, absolute symbols).
#include "emulator/elf/elf_function_table.hpp"

#include <elf.h>

#include <gtest/gtest.h>

namespace mcuprof {
namespace {

ElfRawSymbol function(const char* name, uint32_t value, uint32_t size, unsigned section = 1, int rank = 0) {
    return {name, value, size, section, true, rank};
}

ElfRawSymbol object(const char* name, uint32_t value, unsigned section = 1) {
    return {name, value, 0, section, false, 0};
}

ElfSection text(uint32_t address, uint32_t size, unsigned index = 1) {
    ElfSection section;
    section.index = index;
    section.name = ".text";
    section.address = address;
    section.size = size;
    section.alloc = true;
    section.exec = true;
    return section;
}

TEST(ElfFunctionTable, SortsAndClearsTheThumbBit) {
    auto table = build_function_table({function("b", 0x1011, 8), function("a", 0x1001, 16)}, {text(0x1000, 0x100)});
    ASSERT_EQ(table.size(), 2u);
    EXPECT_EQ(table[0].name, "a");
    EXPECT_EQ(table[0].address, 0x1000u);
    EXPECT_EQ(table[0].size, 16u);
    EXPECT_FALSE(table[0].size_inferred);
    EXPECT_EQ(table[1].name, "b");
    EXPECT_EQ(table[1].address, 0x1010u);
}

TEST(ElfFunctionTable, OverlappingRangeIsCutAtTheNextFunction) {
    auto table = build_function_table({function("long", 0x1001, 0x40), function("next", 0x1021, 8)},
                                      {text(0x1000, 0x100)});
    ASSERT_EQ(table.size(), 2u);
    EXPECT_EQ(table[0].size, 0x20u);
    EXPECT_EQ(table[0].end(), table[1].address);
}

TEST(ElfFunctionTable, AliasesJoinTheBestRankedName) {
    auto table = build_function_table({function("weak_b", 0x1001, 6, 1, 1), function("local", 0x1001, 6, 1, 2),
                                       function("global", 0x1001, 6, 1, 0), function("weak_a", 0x1001, 6, 1, 1),
                                       function("global", 0x1001, 6, 1, 0)},
                                      {text(0x1000, 0x100)});
    ASSERT_EQ(table.size(), 1u);
    EXPECT_EQ(table[0].name, "global");
    EXPECT_EQ(table[0].aliases, (std::vector<std::string>{"weak_a", "weak_b", "local"}));
}

TEST(ElfFunctionTable, SizelessFunctionStopsAtTheNextSymbolOfAnyKind) {
    auto table = build_function_table({function("bare", 0x1001, 0), object("table", 0x1010)},
                                      {text(0x1000, 0x100)});
    ASSERT_EQ(table.size(), 1u);
    EXPECT_TRUE(table[0].size_inferred);
    EXPECT_EQ(table[0].size, 0x10u);
}

TEST(ElfFunctionTable, SizelessFunctionStopsAtTheEndOfItsSection) {
    // The next symbol lies beyond the section: the section end bounds the function.
    auto table = build_function_table({function("bare", 0x10F1, 0), object("data", 0x2000, 2)},
                                      {text(0x1000, 0x100), text(0x2000, 0x100, 2)});
    ASSERT_EQ(table.size(), 1u);
    EXPECT_EQ(table[0].size, 0x10u);  // 0x10F0 .. 0x1100
}

TEST(ElfFunctionTable, AbsoluteSizelessFunctionFindsItsSectionByAddress) {
    auto table = build_function_table({function("abs", 0x1081, 0, SHN_ABS)}, {text(0x1000, 0x100)});
    ASSERT_EQ(table.size(), 1u);
    EXPECT_EQ(table[0].size, 0x80u);
}

TEST(ElfFunctionTable, SizelessFunctionWithNothingAfterItStaysEmpty) {
    auto table = build_function_table({function("lost", 0x5001, 0, SHN_ABS)}, {text(0x1000, 0x100)});
    ASSERT_EQ(table.size(), 1u);
    EXPECT_TRUE(table[0].size_inferred);
    EXPECT_EQ(table[0].size, 0u);
    EXPECT_FALSE(table[0].contains(0x5000));
}

TEST(ElfFunctionTable, NoFunctions) {
    EXPECT_TRUE(build_function_table({object("x", 0x1000)}, {text(0x1000, 0x100)}).empty());
    EXPECT_TRUE(build_function_table({}, {}).empty());
}

}  // namespace
}  // namespace mcuprof

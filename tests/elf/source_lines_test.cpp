// SourceLines against the fixture ELFs of tests/fixtures, built from fixture.c
// with DWARF 4, DWARF 5 and no debug info. Expected lines come from the
// "LINE:<name>" markers in fixture.c, found by reading the file.
#include "emulator/elf/source_lines.hpp"

#include "emulator/elf/elf_image.hpp"
#include "emulator/text/error.hpp"
#include "file_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <random>

namespace mcuprof {
namespace {

const std::string kFixtures = MCUPROF_FIXTURES_DIR;
const std::string kFixtureSource = std::string(MCUPROF_SOURCE_DIR) + "/tests/fixtures/fixture.c";

// The 1-based line of fixture.c that carries "LINE:<name> " (name followed by a space).
uint32_t marker_line(const std::string& name) {
    const int line = test::marked_line(kFixtureSource, "LINE:" + name + " ");
    EXPECT_GT(line, 0) << "no LINE:" << name << " in " << kFixtureSource;
    return line > 0 ? uint32_t(line) : 0;
}

class SourceLinesTest : public ::testing::TestWithParam<const char*> {
protected:
    std::string path = kFixtures + "/" + GetParam();
    ElfImage image = ElfImage::load(path);
    SourceLines lines = SourceLines::load(path);

    const ElfFunction& function(const char* name) const {
        const ElfFunction* f = image.function_named(name);
        EXPECT_NE(f, nullptr) << name;
        return f ? *f : image.functions().front();
    }
};

TEST_P(SourceLinesTest, FirstInstructionOfAFunctionIsOnItsMarkedLine) {
    for (const char* name : {"fixture_add", "fixture_sum", "Default_Handler", "Reset_Handler"}) {
        SCOPED_TRACE(name);
        std::optional<SourceLocation> at = lines.lookup(function(name).address);
        ASSERT_TRUE(at);
        EXPECT_EQ(at->line, marker_line(name));
        EXPECT_EQ(at->file, kFixtureSource);  // the full path, as the compiler was given it
        EXPECT_EQ(at->short_file(), "fixture.c");
    }
}

TEST_P(SourceLinesTest, EveryInstructionOfAFunctionMapsInsideIt) {
    const ElfFunction& add = function("fixture_add");
    uint32_t open = marker_line("fixture_add");
    uint32_t body = marker_line("fixture_add_body");
    bool body_seen = false;
    for (uint32_t address = add.address; address < add.end(); address += 2) {
        std::optional<SourceLocation> at = lines.lookup(address);
        ASSERT_TRUE(at) << std::hex << address;
        EXPECT_GE(at->line, open);
        EXPECT_LE(at->line, open + 2);  // brace, body, closing brace
        body_seen = body_seen || at->line == body;
    }
    EXPECT_TRUE(body_seen);
}

TEST_P(SourceLinesTest, AddressesWithoutLines) {
    EXPECT_FALSE(lines.lookup(0x08000000u));                        // vector table (data)
    EXPECT_FALSE(lines.lookup(*image.symbol("fixture_table")));     // constants
    EXPECT_FALSE(lines.lookup(function("fixture_bare").address));   // assembly without debug info
    EXPECT_FALSE(lines.lookup(0x20000000u));                        // RAM
    EXPECT_FALSE(lines.lookup(0xFFFFFFFFu));
}

TEST_P(SourceLinesTest, PaddingBetweenFunctionsHasNoLine) {
    // A line sequence ends with its function; the alignment padding before
    // the next function belongs to no line.
    const ElfSection* text = image.section(".text");
    ASSERT_NE(text, nullptr);
    unsigned padding = 0;
    for (uint32_t address = text->address; address < text->end(); address += 2) {
        if (image.function_at(address)) continue;
        ++padding;
        EXPECT_FALSE(lines.lookup(address)) << std::hex << address;
    }
    EXPECT_GT(padding, 0u);  // fixture_sum is 4-byte aligned after fixture_add's 26 bytes
}

TEST_P(SourceLinesTest, CodeRemovedByTheLinkerLeavesNoLines) {
    // fixture_unused was dropped by --gc-sections; its line rows remain at the
    // linker's tombstone address 0 and must not be reported anywhere.
    EXPECT_FALSE(lines.lookup(0));
    EXPECT_FALSE(lines.lookup(8));
    uint32_t unused = marker_line("fixture_unused");
    const ElfSection* text = image.section(".text");
    ASSERT_NE(text, nullptr);
    for (uint32_t address = text->address; address < text->end(); address += 2) {
        std::optional<SourceLocation> at = lines.lookup(address);
        if (at) {
            EXPECT_NE(at->line, unused) << std::hex << address;
        }
    }
}

TEST_P(SourceLinesTest, FileTable) {
    EXPECT_FALSE(lines.empty());
    EXPECT_GT(lines.range_count(), 10u);
    EXPECT_EQ(lines.files(), std::vector<std::string>{kFixtureSource});
}

TEST_P(SourceLinesTest, MovedTableKeepsItsViews) {
    std::optional<SourceLocation> before = lines.lookup(function("fixture_sum").address);
    ASSERT_TRUE(before);
    SourceLines moved = std::move(lines);
    std::optional<SourceLocation> after = moved.lookup(function("fixture_sum").address);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->line, before->line);
    EXPECT_EQ(before->file, kFixtureSource);  // the view taken before the move still reads
}

INSTANTIATE_TEST_SUITE_P(DwarfVersions, SourceLinesTest,
                         ::testing::Values("fixture_dwarf4.elf", "fixture_dwarf5.elf"));

TEST(SourceLinesNoDebugInfo, EmptyTableAndNoError) {
    std::string path = kFixtures + "/fixture_nodebug.elf";
    SourceLines lines = SourceLines::load(path);
    EXPECT_TRUE(lines.empty());
    EXPECT_TRUE(lines.files().empty());
    ElfImage image = ElfImage::load(path);
    EXPECT_FALSE(lines.lookup(image.function_named("fixture_add")->address));
}

std::string load_error(const std::string& path) {
    try {
        SourceLines::load(path);
    } catch (const Error& error) {
        return error.what();
    }
    ADD_FAILURE() << "SourceLines::load(" << path << ") did not fail";
    return {};
}

TEST(SourceLinesErrors, MissingFile) {
    std::string path = kFixtures + "/no_such_file.elf";
    std::string message = load_error(path);
    EXPECT_EQ(message.rfind(path + ": cannot open the ELF file: No such file or directory", 0), 0u) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(SourceLinesErrors, TruncatedBeforeTheSectionTable) {
    // libelf alone would see "no sections" here, and so no debug info.
    std::string source = kFixtures + "/fixture_dwarf5.elf";
    std::ifstream in(source, std::ios::binary);
    std::vector<char> bytes{std::istreambuf_iterator<char>(in), {}};
    bytes.resize(bytes.size() - 100);
    std::string path = ::testing::TempDir() + "/mcuprof_source_lines_test_cut.elf";
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(bytes.size()));
    std::string message = load_error(path);
    EXPECT_NE(message.find("'" + path + "' is truncated or malformed: the section header table"),
              std::string::npos) << message;
}

TEST(SourceLinesErrors, NotAnElfFile) {
    std::string path = ::testing::TempDir() + "/mcuprof_source_lines_test_random.elf";
    {
        std::mt19937 random(99);
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        for (int i = 0; i < 1000; ++i) out.put(char(i == 0 ? 'M' : random()));
    }
    std::string message = load_error(path);
    EXPECT_NE(message.find("'" + path + "' is not an ELF file"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

}  // namespace
}  // namespace mcuprof

// The fuzz targets' committed corpora (tests/fuzz/corpus), replayed in the
// ordinary test suite through the file-based entry points: every input is
// accepted or rejected with mcuprof::Error, never anything worse; the broken
// seeds are rejected by the stage they break; and the in-memory entry points
// the fuzz targets use judge each input exactly as the file-based ones do.
#include "emulator/board/board_profile.hpp"
#include "emulator/core/image_loader.hpp"
#include "emulator/core/machine.hpp"
#include "emulator/elf/elf_image.hpp"
#include "emulator/elf/source_lines.hpp"
#include "emulator/report/report_json_read.hpp"
#include "emulator/text/error.hpp"
#include "tools/check/budgets.hpp"
#include "tools/compare/comparison_json.hpp"
#include "tools/model/model_config.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <vector>

namespace mcuprof {
namespace {

const std::filesystem::path kCorpus = std::filesystem::path(MCUPROF_SOURCE_DIR) / "tests/fuzz/corpus";

std::vector<std::filesystem::path> corpus(const std::string& target) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(kCorpus / target)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<char> read_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// "" when run() returns, else the message of the mcuprof::Error it throws;
// any other exception fails the test that called it.
std::string outcome(const std::function<void()>& run) {
    try {
        run();
        return "";
    } catch (const Error& e) {
        return e.what();
    }
}

// The stage of the ELF pipeline that rejects each broken seed, by file name.
enum class Stage { None, Image, Lines, Load };
const std::map<std::string, Stage> kElfVerdicts = {
    {"big-endian.elf", Stage::Image},
    {"class64.elf", Stage::Image},
    {"debug-info-unit-short.elf", Stage::Lines},
    {"debug-line-length-huge.elf", Stage::Lines},
    {"debug-line-scrambled.elf", Stage::Lines},
    {"debug-line-version-9.elf", Stage::Lines},
    {"dwarf4.elf", Stage::None},
    {"dwarf5-zlib.elf", Stage::None},
    {"dwarf5.elf", Stage::None},
    {"nodebug.elf", Stage::None},
    {"reset-vector-arm.elf", Stage::Load},
    {"segment-filesz-huge.elf", Stage::Image},
    {"segment-memsz-wraps.elf", Stage::Image},
    {"segment-outside-board.elf", Stage::Load},
    {"shnum-zero.elf", Stage::Image},
    {"shoff-past-end.elf", Stage::Image},
    {"shstrndx-out-of-range.elf", Stage::Image},
    {"stripped.elf", Stage::None},
    {"symtab-entsize-zero.elf", Stage::Image},
    {"symtab-link-bogus.elf", Stage::Image},
    {"symtab-size-huge.elf", Stage::Image},
    {"truncated-debug.elf", Stage::Image},
    {"truncated-half.elf", Stage::Image},
    {"truncated-header.elf", Stage::Image},
};

TEST(FuzzCorpusTest, ElfSeedsAreJudgedByTheStageTheyBreak) {
    Machine machine(find_board(std::string(MCUPROF_SOURCE_DIR) + "/profiles/stm32f746.toml"), MachineOptions{});
    for (const std::filesystem::path& file : corpus("elf_loader")) {
        const std::string name = file.filename().string();
        SCOPED_TRACE(name);
        const std::string path = file.string();
        const std::vector<char> bytes = read_bytes(file);

        std::string image_error = outcome([&] { ElfImage::load(path); });
        EXPECT_EQ(image_error, outcome([&] { ElfImage::from_memory(path, bytes); }));
        std::string lines_error = outcome([&] { SourceLines::load(path); });
        EXPECT_EQ(lines_error, outcome([&] { SourceLines::from_memory(path, bytes); }));
        std::string load_error;
        if (image_error.empty()) {
            load_error = outcome([&] { load_image(machine, ElfImage::load(path)); });
        }

        Stage stage = !image_error.empty() ? Stage::Image
                      : !load_error.empty() ? Stage::Load
                      : !lines_error.empty() ? Stage::Lines
                                             : Stage::None;
        auto verdict = kElfVerdicts.find(name);
        ASSERT_NE(verdict, kElfVerdicts.end()) << "a new seed: add its verdict to kElfVerdicts";
        EXPECT_EQ(int(stage), int(verdict->second))
            << "image: " << image_error << "\nlines: " << lines_error << "\nload: " << load_error;
    }
}

TEST(FuzzCorpusTest, BrokenProfilesAreRejectedWithFileAndLine) {
    for (const std::filesystem::path& file : corpus("board_profile")) {
        SCOPED_TRACE(file.filename().string());
        const std::string path = file.string();
        const std::string error = outcome([&] { load_board_profile(path); });
        EXPECT_EQ(error.rfind(path + ":", 0), 0u) << error;
        const std::vector<char> bytes = read_bytes(file);
        EXPECT_EQ(error, outcome([&] { parse_board_profile(std::string_view(bytes.data(), bytes.size()), path); }));
    }
}

// Broken model configs, and what the fuzzer found (complex-key-crash.yaml: a
// `? key` made yaml-cpp throw past the parser), are rejected as one clear
// error naming the file.
TEST(FuzzCorpusTest, BrokenModelConfigsAreRejectedWithTheFile) {
    const std::vector<std::filesystem::path> files = corpus("model_config");
    ASSERT_GE(files.size(), 5u);
    for (const std::filesystem::path& file : files) {
        SCOPED_TRACE(file.filename().string());
        const std::vector<char> bytes = read_bytes(file);
        const std::string error =
            outcome([&] { planner::parse_model_config(std::string(bytes.begin(), bytes.end()), file.string()); });
        EXPECT_EQ(error.rfind(file.string() + ":", 0), 0u) << error;
    }
}

TEST(FuzzCorpusTest, BrokenBudgetsAreRejectedWithTheFile) {
    const std::vector<std::filesystem::path> files = corpus("budgets");
    ASSERT_GE(files.size(), 5u);
    for (const std::filesystem::path& file : files) {
        SCOPED_TRACE(file.filename().string());
        const std::vector<char> bytes = read_bytes(file);
        const std::string error = outcome(
            [&] { check::parse_budgets(std::string_view(bytes.data(), bytes.size()), file.string()); });
        EXPECT_EQ(error.rfind(file.string() + ":", 0), 0u) << error;
    }
}

// Broken reports and comparisons (invalid or truncated JSON, a number beyond
// a double, 20000 levels of nesting, wrong types) are rejected as one error
// naming the file, the same from the file as from memory.
TEST(FuzzCorpusTest, BrokenReportsAreRejectedWithTheFile) {
    const std::vector<std::filesystem::path> files = corpus("report_json");
    ASSERT_GE(files.size(), 5u);
    for (const std::filesystem::path& file : files) {
        SCOPED_TRACE(file.filename().string());
        const std::vector<char> bytes = read_bytes(file);
        const std::string error =
            outcome([&] { parse_report_json(std::string_view(bytes.data(), bytes.size()), file.string()); });
        EXPECT_EQ(error.rfind(file.string() + ":", 0), 0u) << error;
        EXPECT_EQ(error, outcome([&] { read_report_file(file.string()); }));
    }
}

TEST(FuzzCorpusTest, BrokenComparisonsAreRejectedWithTheFile) {
    const std::vector<std::filesystem::path> files = corpus("comparison_json");
    ASSERT_GE(files.size(), 5u);
    for (const std::filesystem::path& file : files) {
        SCOPED_TRACE(file.filename().string());
        const std::vector<char> bytes = read_bytes(file);
        const std::string error = outcome(
            [&] { compare::parse_comparison_json(std::string_view(bytes.data(), bytes.size()), file.string()); });
        EXPECT_EQ(error.rfind(file.string() + ":", 0), 0u) << error;
        EXPECT_EQ(error, outcome([&] { compare::read_comparison_file(file.string()); }));
    }
}

TEST(FuzzCorpusTest, ShippedProfilesParseTheSameFromMemory) {
    for (const auto& entry : std::filesystem::directory_iterator(std::string(MCUPROF_SOURCE_DIR) + "/profiles")) {
        if (entry.path().extension() != ".toml") continue;
        SCOPED_TRACE(entry.path().string());
        const BoardProfile from_file = load_board_profile(entry.path().string());
        const std::vector<char> bytes = read_bytes(entry.path());
        const BoardProfile from_memory =
            parse_board_profile(std::string_view(bytes.data(), bytes.size()), entry.path().string());
        EXPECT_EQ(from_file.name, from_memory.name);
        EXPECT_EQ(from_file.clock_hz, from_memory.clock_hz);
        ASSERT_EQ(from_file.regions.size(), from_memory.regions.size());
        for (size_t i = 0; i < from_file.regions.size(); ++i) {
            EXPECT_EQ(from_file.regions[i].base, from_memory.regions[i].base);
            EXPECT_EQ(from_file.regions[i].size, from_memory.regions[i].size);
            EXPECT_EQ(from_file.regions[i].line, from_memory.regions[i].line);
        }
    }
}

}  // namespace
}  // namespace mcuprof

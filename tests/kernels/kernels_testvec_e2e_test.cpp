// The kernel test vectors are bit-identical on the host (portable C path),
// in mcuprof (Cortex-M4 and Cortex-M7 boards, DSP path) and under QEMU
// (mps2-an386 = Cortex-M4, mps2-an500 = Cortex-M7): every line
// "vit-testvec <name> <checksum> <status>" the firmware prints must equal
// the line vit_testvec_dump prints, in the same order, all with status 0.
#include "paths_support.hpp"
#include "process_support.hpp"
#include "scratch_dir_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

extern "C" {
#include "testvec.h"
}

namespace mcuprof::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::string firmware_elf(const std::string& board) { return firmware("kernels-testvec-" + board); }

// Every case printed once, named uniquely, with status 0.
void expect_complete_and_ok(const std::vector<std::string>& lines, const std::string& who) {
    EXPECT_EQ(lines.size(), static_cast<size_t>(vit_testvec_count())) << who;
    std::set<std::string> names;
    for (const std::string& line : lines) {
        std::istringstream fields(line);
        std::string tag, name, checksum, status;
        fields >> tag >> name >> checksum >> status;
        EXPECT_EQ(tag, "vit-testvec") << who << ": " << line;
        EXPECT_EQ(checksum.size(), 8u) << who << ": " << line;
        EXPECT_EQ(status, "0") << who << ": " << line;
        EXPECT_TRUE(names.insert(name).second) << who << ": duplicate case " << name;
    }
}

// "mps2-an386" -> "mps2_an386": test names allow no dashes.
std::string board_test_name(const ::testing::TestParamInfo<std::string>& info) {
    std::string name = info.param;
    for (char& ch : name) {
        if (ch == '-') ch = '_';
    }
    return name;
}

const std::vector<std::string>& host_lines() {
    static const std::vector<std::string> lines = [] {
        const ProcessResult host = run_command(VIT_TESTVEC_DUMP);
        EXPECT_EQ(host.status, 0) << host.output;
        return lines_of(host.output);
    }();
    return lines;
}

TEST(KernelTestVectors, HostDumpHasEveryCase) {
    // The test suite's golden table has 21 cases; the firmware must print them all.
    ASSERT_EQ(vit_testvec_count(), 21);
    expect_complete_and_ok(host_lines(), "host");
}

class KernelTestVectorsMcuprof : public ScratchDir, public ::testing::WithParamInterface<std::string> {
protected:
    void SetUp() override {
        ScratchDir::SetUp();
        json_ = dir_ / "report.json";
    }
    fs::path json_;
};

TEST_P(KernelTestVectorsMcuprof, BitIdenticalToHost) {
    const std::string& board = GetParam();
    const ProcessResult ours =
        mcuprof("run -q --board " + board + " " + firmware_elf(board) + " --json " + json_.string());
    EXPECT_EQ(ours.status, 0) << ours.output;
    const std::vector<std::string> lines = lines_of(ours.output);
    expect_complete_and_ok(lines, board);
    EXPECT_EQ(lines, host_lines());

    // The firmware refuses to build without the DSP path (__ARM_FEATURE_DSP);
    // check that its matrix multiply, which every linear case uses, ran.
    std::ifstream in(json_);
    ASSERT_TRUE(in) << "no report at " << json_;
    const nlohmann::json report = nlohmann::json::parse(in);
    uint64_t matmul_instructions = 0;
    for (const auto& f : report.at("functions")) {
        if (f.at("name") == "vit_matmul_s8") matmul_instructions = f.at("instructions").get<uint64_t>();
    }
    EXPECT_GT(matmul_instructions, 0u) << "vit_matmul_s8 did not run on " << board;
}

INSTANTIATE_TEST_SUITE_P(Boards, KernelTestVectorsMcuprof, ::testing::Values("stm32f427", "stm32f746"),
                         board_test_name);

class KernelTestVectorsQemu : public ::testing::TestWithParam<std::string> {};

TEST_P(KernelTestVectorsQemu, BitIdenticalToHost) {
    const std::string& board = GetParam();
    // CI installs QEMU: its absence is a failure, not a reason to skip.
    ASSERT_EQ(run_command("command -v qemu-system-arm").status, 0) << "qemu-system-arm is not installed";
    const ProcessResult qemu = run_command("timeout 120 " + qemu_command(board, firmware_elf(board)));
    EXPECT_EQ(qemu.status, 0) << qemu.output;
    const std::vector<std::string> lines = lines_of(qemu.output);
    expect_complete_and_ok(lines, board);
    EXPECT_EQ(lines, host_lines());

    // mcuprof on the same ELF prints the same bytes.
    const ProcessResult ours = mcuprof("run -q --board " + board + " " + firmware_elf(board));
    EXPECT_EQ(ours.status, 0);
    EXPECT_EQ(ours.output, qemu.output);
}

INSTANTIATE_TEST_SUITE_P(Boards, KernelTestVectorsQemu, ::testing::Values("mps2-an386", "mps2-an500"),
                         board_test_name);

}  // namespace
}  // namespace mcuprof::test

// Bad input to `mcuprof run` and `mcuprof boards`: one clear error line,
// a non-zero exit status, no crash and no report file.
#include "paths_support.hpp"
#include "process_support.hpp"
#include "scratch_dir_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace mcuprof::test {
namespace {

namespace fs = std::filesystem;

class CliErrors : public ScratchDir {
protected:
    void expect_one_line_error(const ProcessResult& r, const std::string& needle) {
        EXPECT_EQ(r.status, 2) << r.output;
        ASSERT_FALSE(r.output.empty());
        EXPECT_EQ(r.output.find('\n'), r.output.size() - 1) << "more than one line: " << r.output;
        EXPECT_EQ(r.output.rfind("mcuprof: error: ", 0), 0u) << r.output;
        EXPECT_NE(r.output.find(needle), std::string::npos) << r.output;
        EXPECT_FALSE(fs::exists(dir_ / "out.json"));
    }

    std::string write(const std::string& name, const std::string& content) {
        const fs::path p = dir_ / name;
        std::ofstream(p, std::ios::binary) << content;
        return p.string();
    }
};

std::string hello() { return firmware("hello-stm32f746"); }

TEST_F(CliErrors, MissingFile) {
    expect_one_line_error(mcuprof("run --board stm32f746 " + (dir_ / "nope.elf").string() + " --json " +
                                  (dir_ / "out.json").string()),
                          "nope.elf");
}

TEST_F(CliErrors, NotAnElf) {
    const std::string bad = write("random.elf", std::string(4096, 'x'));
    expect_one_line_error(mcuprof("run --board stm32f746 " + bad + " --json " + (dir_ / "out.json").string()),
                          "random.elf");
}

TEST_F(CliErrors, TruncatedElf) {
    std::ifstream in(hello(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    const std::string cut = write("cut.elf", bytes.substr(0, bytes.size() / 3));
    expect_one_line_error(mcuprof("run --board stm32f746 " + cut + " --json " + (dir_ / "out.json").string()),
                          "cut.elf");
}

TEST_F(CliErrors, HostElfIsNotArm) {
    expect_one_line_error(
        mcuprof("run --board stm32f746 " + std::string(MCUPROF_BINARY) + " --json " + (dir_ / "out.json").string()),
        "ARM");
}

TEST_F(CliErrors, UnknownBoard) {
    expect_one_line_error(mcuprof("run --board stm32f999 " + hello() + " --json " + (dir_ / "out.json").string()),
                          "stm32f999");
}

TEST_F(CliErrors, ProfileWithOverlappingRegions) {
    const std::string profile = write("overlap.toml", R"(description = "overlapping test board"
core = "cortex-m4"
fpu = "fpv4-sp-d16"
clock_hz = 100_000_000
sram_budget_default = 65536

[[region]]
name = "flash"
kind = "flash"
base = 0x0800_0000
size = 0x0010_0000
executable = true

[[region]]
name = "sram1"
kind = "sram"
base = 0x2000_0000
size = 0x0001_0000
executable = true

[[region]]
name = "sram2"
kind = "sram"
base = 0x2000_8000
size = 0x0001_0000
executable = true
)");
    const ProcessResult r =
        mcuprof("run --board " + profile + " " + hello() + " --json " + (dir_ / "out.json").string());
    expect_one_line_error(r, "overlap.toml:");
    EXPECT_NE(r.output.find("overlap"), std::string::npos);
}

TEST_F(CliErrors, ImageTooLargeForFlashBudget) {
    const ProcessResult r = mcuprof("run --board stm32f746 --flash-budget 1024 " + hello() + " --json " +
                                    (dir_ / "out.json").string());
    expect_one_line_error(r, "bytes");
}

TEST_F(CliErrors, ReportIsWrittenOnAFault) {
    const std::string elf = firmware("trap_flash_write_stm32f746");
    const ProcessResult r =
        mcuprof("run -q --board stm32f746 " + elf + " --json " + (dir_ / "out.json").string());
    EXPECT_EQ(r.status, 125) << r.output;
    std::ifstream in(dir_ / "out.json");
    std::string json((std::istreambuf_iterator<char>(in)), {});
    EXPECT_NE(json.find("\"reason\": \"fault\""), std::string::npos) << json;
    EXPECT_NE(json.find("\"kind\": \"flash-write\""), std::string::npos) << json;
    EXPECT_NE(json.find("\"schema\": \"mcuprof.report/1\""), std::string::npos);
}

}  // namespace
}  // namespace mcuprof::test

// Hostile files where mcuprof expects an input (issue 12): a FIFO, /dev/zero,
// a directory or an oversized file given as board profile, model config,
// budgets file, report, baseline, stored comparison or firmware ELF. Each must
// give one clear error line and exit 2, never block, read forever or reach a
// parser. `timeout` only guards against the hang being tested for.
#include "process_support.hpp"
#include "scratch_dir_support.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace mcuprof::test {
namespace {

namespace fs = std::filesystem;

// One input of one command: how to run mcuprof with `path` in that place.
struct InputUse {
    const char* name;
    const char* what;  // as the error message calls it
    std::string (*command)(const std::string& path, const fs::path& dir);
};

std::string budgets(const fs::path& dir) {
    const fs::path p = dir / "ok-budgets.toml";
    std::ofstream(p) << "[run]\ncycles = 1\n";
    return p.string();
}

const std::vector<InputUse> kUses = {
    {"profile", "board profile",
     [](const std::string& p, const fs::path&) { return "linker-script --board " + p; }},
    {"model", "model config",
     [](const std::string& p, const fs::path&) { return "plan " + p + " --board stm32f746"; }},
    {"budgets", "budgets file",
     [](const std::string& p, const fs::path& d) { return "check " + (d / "r.json").string() + " --budgets " + p; }},
    {"report", "report", [](const std::string& p, const fs::path& d) { return "check " + p + " --budgets " + budgets(d); }},
    {"baseline", "report",
     [](const std::string& p, const fs::path& d) {
         return "check " + (d / "r.json").string() + " --budgets " + budgets(d) + " --baseline " + p;
     }},
    {"comparison", "comparison file",
     [](const std::string& p, const fs::path&) { return "compare --quiet --from-json " + p; }},
    {"elf", "ELF file",
     [](const std::string& p, const fs::path&) { return "run --board stm32f746 --max-instructions 1000 " + p; }},
};

class HostileInputFiles : public ScratchDir {
protected:

    ProcessResult mcuprof(const std::string& args) { return run_command("timeout 20 " + mcuprof_command(args)); }

    // Exit 2 and one line: "mcuprof: error: <path>: ..." holding `needle`.
    static void expect_one_line(const ProcessResult& r, const std::string& path, const std::string& needle) {
        EXPECT_EQ(r.status, 2) << r.output;
        EXPECT_EQ(r.output.find('\n'), r.output.size() - 1) << "not one line: " << r.output;
        EXPECT_EQ(r.output.rfind("mcuprof: error: " + path + ": ", 0), 0u) << r.output;
        EXPECT_NE(r.output.find(needle), std::string::npos) << r.output;
    }

    void expect_refused_everywhere(const std::string& path, const std::string& kind) {
        for (const InputUse& use : kUses) {
            SCOPED_TRACE(use.name);
            expect_one_line(mcuprof(use.command(path, dir_)), path,
                            std::string("the ") + use.what + " is " + kind + ", not a regular file; give ");
        }
    }

};

TEST_F(HostileInputFiles, FifoIsRefusedWithoutWaitingForAWriter) {
    const std::string fifo = (dir_ / "input.fifo").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    expect_refused_everywhere(fifo, "a FIFO (named pipe)");
}

TEST_F(HostileInputFiles, DevZeroIsRefusedInsteadOfReadForever) {
    expect_refused_everywhere("/dev/zero", "a character device");
}

TEST_F(HostileInputFiles, DirectoryIsRefusedBeforeAnyParser) {
    expect_refused_everywhere(dir_.string(), "a directory");
}

TEST_F(HostileInputFiles, SymlinkToADeviceIsJudgedByWhatItOpens) {
    const fs::path link = dir_ / "profile.toml";
    fs::create_symlink("/dev/zero", link);
    expect_one_line(mcuprof("linker-script --board " + link.string()), link.string(),
                    "the board profile is a character device, not a regular file");
}

// A sparse file: no disk space used, and its size is what fstat reports.
std::string sparse_file(const fs::path& path, uint64_t bytes) {
    std::ofstream(path, std::ios::binary).put('x');
    fs::resize_file(path, bytes);
    return path.string();
}

TEST_F(HostileInputFiles, TextConfigsOverTheirLimitAreRefusedBySize) {
    const uint64_t over = (uint64_t(4) << 20) + 1;
    const std::string profile = sparse_file(dir_ / "big.toml", over);
    expect_one_line(mcuprof("linker-script --board " + profile), profile,
                    "the board profile is 4194305 bytes, over the limit of 4 MiB for a board profile");
    const std::string model = sparse_file(dir_ / "big.yaml", over);
    expect_one_line(mcuprof("plan " + model + " --board stm32f746"), model,
                    "the model config is 4194305 bytes, over the limit of 4 MiB");
    const std::string limits = sparse_file(dir_ / "big-budgets.toml", over);
    expect_one_line(mcuprof("check x.json --budgets " + limits), limits,
                    "the budgets file is 4194305 bytes, over the limit of 4 MiB");
}

TEST_F(HostileInputFiles, ReportsAndElfOverTheirLimitAreRefusedBySize) {
    const std::string report = sparse_file(dir_ / "big.json", (uint64_t(64) << 20) + 1);
    expect_one_line(mcuprof("check " + report + " --budgets " + budgets(dir_)), report,
                    "the report is 67108865 bytes, over the limit of 64 MiB");
    expect_one_line(mcuprof("compare --quiet --from-json " + report), report,
                    "the comparison file is 67108865 bytes, over the limit of 64 MiB");
    const std::string elf = sparse_file(dir_ / "big.elf", (uint64_t(600) << 20));
    expect_one_line(mcuprof("run --board stm32f746 " + elf), elf, "the ELF file is 629145600 bytes, over the limit of 512 MiB");
}

TEST_F(HostileInputFiles, MissingInputNamesThePathAndTheReason) {
    const std::string missing = (dir_ / "nope.toml").string();
    expect_one_line(mcuprof("linker-script --board " + missing), missing,
                    "cannot open the board profile: No such file or directory; check the path");
}

// A report number beyond a double was an uncaught nlohmann exception (exit 3).
TEST_F(HostileInputFiles, JsonNumberOverflowIsBadInput) {
    const fs::path report = dir_ / "overflow.json";
    std::ofstream(report) << "{\"schema\": 1e999}\n";
    expect_one_line(mcuprof("check " + report.string() + " --budgets " + budgets(dir_)), report.string(),
                    "number overflow");
    expect_one_line(mcuprof("compare --quiet --from-json " + report.string()), report.string(), "number overflow");
}

// The standalone linker-script tool (run by the firmware build) reads its
// output back to keep builds incremental: /dev/zero must not be read forever.
TEST_F(HostileInputFiles, LinkerScriptToolDoesNotReadADeviceOutputBack) {
    const std::string tool = linker_script_tool();
    const ProcessResult r = run_command("timeout 20 " + tool + " --board stm32f746 -o /dev/zero");
    EXPECT_EQ(r.status, 0) << r.output;
    const std::string fifo = (dir_ / "profile.fifo").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const ProcessResult bad = run_command("timeout 20 " + tool + " --board " + fifo + " -o " + (dir_ / "x.ld").string());
    EXPECT_EQ(bad.status, 2) << bad.output;
    EXPECT_NE(bad.output.find(fifo + ": the board profile is a FIFO (named pipe), not a regular file"),
              std::string::npos)
        << bad.output;
}

}  // namespace
}  // namespace mcuprof::test

// How a run ends (issue 12): the one mapping of firmware exit statuses onto
// mcuprof's exit codes, --max-instructions (default shown, 0 refused,
// "unlimited"), the hang watch on store-free loops polling RAM, SIGINT and
// SIGTERM leaving a report, and the summary line's wording.
#include "file_support.hpp"
#include "process_support.hpp"
#include "run_support.hpp"
#include "scratch_dir_support.hpp"

#include "emulator/render/report_text.hpp"
#include "emulator/report/exit_status.hpp"
#include "emulator/run/instruction_limit.hpp"

#include <fmt/format.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>

#include <sys/wait.h>
#include <unistd.h>

namespace mcuprof::test {
namespace {

namespace fs = std::filesystem;

// ---- The exit-code mapping ---------------------------------------------------

ExitInfo firmware_exit(int status) { return ExitInfo{"exit", status, ""}; }

TEST(HostileRunExit, FirmwareStatusesMapOntoCodesMcuprofNeverUsesForItself) {
    EXPECT_EQ(process_exit_for(firmware_exit(0)).code, 0);
    EXPECT_TRUE(process_exit_for(firmware_exit(0)).note.empty());
    for (int passed : {5, 7, 64, 124}) {
        EXPECT_EQ(process_exit_for(firmware_exit(passed)).code, passed);
        EXPECT_TRUE(process_exit_for(firmware_exit(passed)).note.empty());
    }
    // 256 used to become 0 (status & 0xFF): a failing firmware passed CI.
    for (int own : {1, 2, 3, 4, 125, 126, 127, 128, 130, 143, 255, 256, 257, 512, -1, -128, INT32_MIN, INT32_MAX}) {
        const ProcessExit e = process_exit_for(firmware_exit(own));
        EXPECT_EQ(e.code, 126) << own;
        EXPECT_EQ(e.note.rfind(fmt::format("mcuprof: firmware exited with status {} (exit code 126", own), 0), 0u)
            << e.note;
    }
    EXPECT_EQ(process_exit_for(ExitInfo{"fault", 0, "x"}).code, 125);
    EXPECT_EQ(process_exit_for(ExitInfo{"limit", 0, "x"}).code, 125);
    EXPECT_EQ(process_exit_for(ExitInfo{"interrupted", SIGINT, "x"}).code, 130);
    EXPECT_EQ(process_exit_for(ExitInfo{"interrupted", SIGTERM, "x"}).code, 143);
}

TEST(HostileRunExit, SummaryLineSaysHowTheRunEnded) {
    Report r;
    r.elf = "app.elf";
    r.board = "stm32f746";
    r.exit = ExitInfo{"exit", 0, "SYS_EXIT_EXTENDED: ApplicationExit, subcode 0"};
    std::string text = report_to_text(r, TextOptions{});
    EXPECT_EQ(text.find("exit exit"), std::string::npos) << text;
    EXPECT_NE(text.find("firmware exited with status 0: SYS_EXIT_EXTENDED"), std::string::npos) << text;
    r.exit = ExitInfo{"fault", 0, "unmapped: read"};
    text = report_to_text(r, TextOptions{});
    EXPECT_NE(text.find("stopped (fault): unmapped: read"), std::string::npos) << text;
}

// ---- The CLI ------------------------------------------------------------------

class HostileRunCli : public ScratchDir {
protected:

    // stderr captured, stdout to stdout.txt.
    ProcessResult mcuprof(const std::string& args) {
        return run_command("{ timeout 60 " + mcuprof_command(args) + " 2>&1 >" + (dir_ / "stdout.txt").string() +
                           "; }");
    }
    std::string json_path() const { return (dir_ / "out.json").string(); }
    nlohmann::json report() const { return nlohmann::json::parse(slurp(json_path())); }
};

std::string exit_status_elf() { return firmware("exit_status"); }

TEST_F(HostileRunCli, FirmwareStatusReachesTheExitCodeByTheMapping) {
    struct Case {
        std::string argument;
        int status;  // in the report
        int code;    // the process's
    };
    for (const Case& c : std::vector<Case>{{"0", 0, 0}, {"7", 7, 7}, {"124", 124, 124}, {"2", 2, 126},
                                           {"125", 125, 126}, {"256", 256, 126}, {"-1", -1, 126}}) {
        const ProcessResult r = mcuprof("run --quiet --board stm32f746 " + exit_status_elf() + " --cmdline 'x " +
                                        c.argument + "' --json " + json_path());
        EXPECT_EQ(r.status, c.code) << c.argument << ": " << r.output;
        const nlohmann::json j = report();
        EXPECT_EQ(j["exit"]["reason"], "exit");
        EXPECT_EQ(j["exit"]["code"], c.status) << c.argument;
        if (c.code == 126) {
            EXPECT_EQ(r.output, fmt::format("mcuprof: firmware exited with status {} (exit code 126: only statuses 0 "
                                            "and 5..124 pass through unchanged; the report keeps the full status)\n",
                                            c.status));
        } else {
            EXPECT_EQ(r.output, "") << c.argument;
        }
    }
}

TEST_F(HostileRunCli, SysExitWithAnAbnormalReasonFails) {
    const ProcessResult r =
        mcuprof("run --quiet --board stm32f746 " + exit_status_elf() + " --cmdline 'x abort' --json " + json_path());
    EXPECT_EQ(r.status, 126) << r.output;
    EXPECT_EQ(report()["exit"]["code"], 1);
    EXPECT_NE(report()["exit"]["detail"].get<std::string>().find("SYS_EXIT: RunTimeErrorUnknown"), std::string::npos);
}

TEST_F(HostileRunCli, MaxInstructionsZeroOrNegativeIsRefused) {
    for (const std::string bad : {"0", "-1", "-5", "x", "1e9", ""}) {
        const ProcessResult r = mcuprof("run --board stm32f746 " + exit_status_elf() + " --max-instructions '" + bad +
                                        "' --json " + json_path());
        EXPECT_EQ(r.status, 2) << bad << ": " << r.output;
        EXPECT_EQ(r.output.rfind("mcuprof: error: --max-instructions: '" + bad + "' is not a positive instruction "
                                 "count", 0), 0u) << r.output;
        EXPECT_EQ(r.output.find('\n'), r.output.size() - 1) << r.output;
        EXPECT_FALSE(fs::exists(json_path()));
    }
}

TEST_F(HostileRunCli, MaxInstructionsUnlimitedAndTheDefaultIsShown) {
    ProcessResult r = mcuprof("run --quiet --board stm32f746 " + exit_status_elf() +
                              " --cmdline 'x 0' --max-instructions unlimited --json " + json_path());
    EXPECT_EQ(r.status, 0) << r.output;
    r = mcuprof("run --help");
    EXPECT_EQ(r.status, 0);
    const std::string help = slurp(dir_ / "stdout.txt");
    EXPECT_NE(help.find("20000000000"), std::string::npos) << help;
    EXPECT_NE(help.find("unlimited"), std::string::npos) << help;
    EXPECT_NE(help.find("5..124 pass through unchanged"), std::string::npos) << help;
}

// ---- The hang watch -----------------------------------------------------------------

int hang_line() {
    return marked_line(std::string(MCUPROF_SOURCE_DIR) + "/firmware/tests/hang/hang.c", "HANG LINE",
                       {" wait_ready(", "noinline"});
}

class HangWatch : public ::testing::TestWithParam<std::string> {};

TEST_P(HangWatch, RamFlagNobodySetsIsAHangAtTheLoop) {
    const RunResult r = run("stm32f746", "hang_ram_flag_" + GetParam());
    ASSERT_EQ(r.report.violations.size(), 1u) << r.report.exit.detail;
    const Violation& v = r.report.violations[0];
    EXPECT_EQ(v.kind, "hang") << v.detail;
    EXPECT_EQ(v.function, "wait_ready");
    EXPECT_EQ(v.line, hang_line());
    EXPECT_EQ(v.layer.value_or(""), "hang");
    EXPECT_NE(v.detail.find("endless loop"), std::string::npos) << v.detail;
    // Found at the first hang check, long before the instruction limit.
    EXPECT_LT(r.report.instructions, 3 * (uint64_t(1) << 22));
}

TEST_P(HangWatch, LoopThatCountsInARegisterRunsThrough) {
    const RunResult r = run("stm32f746", "hang_counter_" + GetParam());
    EXPECT_EQ(r.report.exit.reason, "exit") << r.report.exit.detail;
    EXPECT_EQ(r.report.exit.code, 0);
    EXPECT_EQ(r.out, "before\ncounted\nafter\n");
    EXPECT_GT(r.report.instructions, 2 * (uint64_t(1) << 22));  // the watch looked at it more than once
}

INSTANTIATE_TEST_SUITE_P(Opt, HangWatch, ::testing::Values("O0", "O2"));

// ---- Signals ---------------------------------------------------------------------

// Starts mcuprof with its stdout on a pipe, waits until the firmware says it
// is counting (inside its layer), sends `signal`, and returns the exit status (-1 if it died of a signal).
int run_and_signal(const std::vector<std::string>& args, int signal, std::string& output) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) return -2;
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(pipe_fds[1], STDOUT_FILENO);
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        ::alarm(60);  // hang guard: survives exec, and SIGALRM is not caught
        std::vector<char*> argv;
        for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(pipe_fds[1]);
    char buffer[4096];
    bool signalled = false;
    for (;;) {
        const ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
        if (n <= 0) break;
        output.append(buffer, size_t(n));
        if (!signalled && output.find("counting\n") != std::string::npos) {
            ::kill(pid, signal);
            signalled = true;
        }
    }
    ::close(pipe_fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(HostileRunCli, SignalLeavesTheReportOfWhatRan) {
    for (const int signal : {SIGTERM, SIGINT}) {
        fs::remove(json_path());
        std::string output;
        const int status = run_and_signal({MCUPROF_BINARY, "run", "--board", "stm32f746", firmware("hang_forever"),
                                           "--max-instructions", "unlimited", "--json", json_path()},
                                          signal, output);
        EXPECT_EQ(status, 128 + signal) << output;
        ASSERT_TRUE(fs::exists(json_path()));
        const nlohmann::json j = report();
        EXPECT_EQ(j["exit"]["reason"], "interrupted");
        EXPECT_EQ(j["exit"]["code"], signal);
        EXPECT_GT(j["instructions"].get<uint64_t>(), 0u);
        ASSERT_EQ(j["layers"].size(), 1u);
        EXPECT_EQ(j["layers"][0]["name"], "hang");
        EXPECT_GT(j["layers"][0]["instructions"].get<uint64_t>(), 0u);
        bool main_seen = false;
        for (const auto& f : j["functions"]) main_seen |= f["name"] == "main";
        EXPECT_TRUE(main_seen);
        EXPECT_NE(output.find("stopped (interrupted): interrupted by SIG"), std::string::npos) << output;
    }
}

}  // namespace
}  // namespace mcuprof::test

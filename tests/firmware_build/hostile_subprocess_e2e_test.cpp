// The cross-compiler runs of the firmware build (issue 12): the build log is
// created anew, never opened through a link planted at its path (which would
// truncate the link's target as root), and a parent that ignores SIGCHLD, as
// some CI runners do, neither hangs the build nor breaks it.
#include "paths_support.hpp"
#include "process_support.hpp"
#include "scratch_dir_support.hpp"

#include "emulator/text/error.hpp"
#include "file_support.hpp"
#include "tools/firmware_build/subprocess.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <fstream>

#include <unistd.h>

namespace mcuprof::test {
namespace {

namespace fs = std::filesystem;

using HostileSubprocess = ScratchDir;

TEST_F(HostileSubprocess, LogSymlinkIsNotFollowed) {
    const std::string victim = path("victim");
    std::ofstream(victim) << "precious";
    const std::string log = path("model.o.log");
    fs::create_symlink(victim, log);
    EXPECT_EQ(planner::run_program({"sh", "-c", "echo compiler output"}, log), 0);
    EXPECT_EQ(slurp(victim), "precious");
    EXPECT_FALSE(fs::is_symlink(log));
    EXPECT_EQ(slurp(log), "compiler output\n");
}

TEST_F(HostileSubprocess, LogPlantedByAnotherUserIsRefused) {
    const std::string victim = path("victim");
    std::ofstream(victim) << "precious";
    const std::string log = path("link.log");
    fs::create_symlink(victim, log);
    ASSERT_EQ(::lchown(log.c_str(), kOtherUser, kOtherUser), 0);
    try {
        planner::run_program({"true"}, log);
        FAIL() << "the planted log was used";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot create the build log " + log + ": File exists"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_EQ(slurp(victim), "precious");
}

TEST_F(HostileSubprocess, IgnoredSigchldIsAnErrorNotAHang) {
    // The child is reaped by the kernel; before the fix waitpid's ECHILD was
    // retried forever. The alarm kills the test instead of hanging the suite.
    std::signal(SIGCHLD, SIG_IGN);
    ::alarm(30);
    std::string message;
    try {
        planner::run_program({"true"}, path("log"));
    } catch (const Error& e) {
        message = e.what();
    }
    ::alarm(0);
    std::signal(SIGCHLD, SIG_DFL);
    EXPECT_NE(message.find("cannot get the exit status of true"), std::string::npos) << message;
}

TEST_F(HostileSubprocess, ProfileBuildsUnderAParentIgnoringSigchld) {
    // `trap "" CHLD` makes the shell ignore SIGCHLD, which exec passes on.
    const ProcessResult r = run_command("TMPDIR=" + dir_.string() + " timeout 300 sh -c 'trap \"\" CHLD; exec " +
                                        mcuprof_command("profile " + kTinyModel + " -q --work-dir " + path("work")) +
                                        "'");
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_TRUE(fs::exists(path("work/model.elf")));
}

}  // namespace
}  // namespace mcuprof::test

// Report outputs under a root run on a shared machine (issue 12): the writer
// follows a symlink only under the protected_symlinks rule and then replaces
// the file it points to, not the link; it never writes into a directory
// another user controls; "-" and /dev/stdout go to standard output in place;
// a FIFO nobody reads is an error, not a hang; and every command checks its
// output paths before the run, not after it.
#include "paths_support.hpp"
#include "process_support.hpp"
#include "scratch_dir_support.hpp"

#include "emulator/files/atomic_file.hpp"
#include "emulator/text/error.hpp"
#include "file_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

namespace mcuprof::test {
namespace {

namespace fs = std::filesystem;

class HostileOutputPaths : public ScratchDir {
protected:
    // The Error message of writing content to path ("" if it was written).
    static std::string write_error(const std::string& path, const std::string& content = "report") {
        try {
            write_file_atomically(path, content);
        } catch (const Error& e) {
            return e.what();
        }
        return "";
    }
    std::string victim() {
        const std::string v = path("victim");
        std::ofstream(v) << "precious";
        return v;
    }
};

std::string hello() { return firmware("hello-stm32f746"); }

void expect_one_line_error(const ProcessResult& r, const std::string& needle) {
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_EQ(r.output.find('\n'), r.output.size() - 1) << "not one line: " << r.output;
    EXPECT_EQ(r.output.rfind("mcuprof: error: ", 0), 0u) << r.output;
    EXPECT_NE(r.output.find(needle), std::string::npos) << r.output;
}

TEST_F(HostileOutputPaths, OwnSymlinkWritesItsTargetAndStaysALink) {
    const std::string target = victim();
    const std::string link = path("report.json");
    fs::create_symlink(target, link);
    ASSERT_EQ(write_error(link, "new report"), "");
    EXPECT_TRUE(fs::is_symlink(link)) << "the link was replaced by a file";
    EXPECT_EQ(slurp(target), "new report");
    EXPECT_EQ(fs::status(target).permissions(), fs::perms(0644));
}

TEST_F(HostileOutputPaths, SymlinkPlantedByAnotherUserInAStickyDirectoryIsNotFollowed) {
    const std::string target = victim();
    const fs::path shared = dir_ / "shared";  // like /tmp: world-writable with the sticky bit
    fs::create_directory(shared);
    ::chmod(shared.c_str(), 01777);
    const std::string link = (shared / "report.json").string();
    fs::create_symlink(target, link);
    ASSERT_EQ(::lchown(link.c_str(), kOtherUser, kOtherUser), 0);
    const std::string e = write_error(link);
    EXPECT_NE(e.find("refusing to follow symlink " + link), std::string::npos) << e;
    EXPECT_NE(e.find("uid 12345"), std::string::npos) << e;
    EXPECT_EQ(slurp(target), "precious");
    EXPECT_TRUE(fs::is_symlink(link));
}

TEST_F(HostileOutputPaths, DirectoryOwnedByAnotherUserIsRefused) {
    const fs::path theirs = dir_ / "theirs";
    fs::create_directory(theirs);
    ASSERT_EQ(::chown(theirs.c_str(), kOtherUser, kOtherUser), 0);
    const std::string e = write_error((theirs / "r.json").string());
    EXPECT_NE(e.find("directory " + theirs.string() + " is owned by another user (uid 12345)"), std::string::npos)
        << e;
    EXPECT_TRUE(fs::is_empty(theirs));
}

TEST_F(HostileOutputPaths, AncestorOwnedByAnotherUserIsRefused) {
    // They could rename "sub" and put a link to /etc in its place.
    const fs::path theirs = dir_ / "theirs";
    fs::create_directories(theirs / "sub");
    ASSERT_EQ(::chown(theirs.c_str(), kOtherUser, kOtherUser), 0);
    const std::string e = write_error((theirs / "sub" / "r.json").string());
    EXPECT_NE(e.find("directory " + theirs.string() + " is owned by another user"), std::string::npos) << e;
    EXPECT_TRUE(fs::is_empty(theirs / "sub"));
}

TEST_F(HostileOutputPaths, WorldWritableDirectoryWithoutStickyBitIsRefused) {
    const fs::path open = dir_ / "open";
    fs::create_directory(open);
    ::chmod(open.c_str(), 0777);
    const std::string e = write_error((open / "r.json").string());
    EXPECT_NE(e.find("writable by every user (mode 0777, no sticky bit)"), std::string::npos) << e;
    EXPECT_TRUE(fs::is_empty(open));
}

TEST_F(HostileOutputPaths, FifoWithoutReaderIsAnErrorNotAHang) {
    const std::string fifo = path("pipe");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    // timeout: before the fix the open waited for a reader forever.
    const ProcessResult r =
        run_command("timeout 20 " + mcuprof_command("plan " + kTinyModel + " --board stm32f746 -q --json " + fifo));
    expect_one_line_error(r, "it is a FIFO with no reader");
    EXPECT_TRUE(fs::is_fifo(fifo));
}

TEST_F(HostileOutputPaths, DashIsStandardOutputForEveryWriter) {
    const ProcessResult plan = run_command("cd " + dir_.string() + " && " +
                                           mcuprof_command("plan " + kTinyModel + " --board stm32f746 -q --json -"));
    EXPECT_EQ(plan.status, 0) << plan.output;
    EXPECT_EQ(plan.output.rfind("{", 0), 0u) << plan.output;
    const ProcessResult gen =
        run_command("cd " + dir_.string() + " && " + mcuprof_command("generate " + kTinyModel + " -o -"));
    EXPECT_EQ(gen.status, 0) << gen.output;
    EXPECT_NE(gen.output.find("#include"), std::string::npos);
    const ProcessResult run = run_command("cd " + dir_.string() + " && " +
                                          mcuprof_command("run --board stm32f746 -q " + hello() + " --markdown -"));
    EXPECT_EQ(run.status, 0) << run.output;
    EXPECT_NE(run.output.find("| "), std::string::npos) << run.output;
    EXPECT_FALSE(fs::exists(dir_ / "-")) << "a file named '-' was written";
}

TEST_F(HostileOutputPaths, DevStdoutRedirectedToAFileIsWrittenInPlace) {
    // As root, the old writer renamed a temporary file over /dev/stdout itself.
    const std::string out = path("out.txt");
    const ProcessResult r =
        run_command(mcuprof_command("plan " + kTinyModel + " --board stm32f746 -q --json /dev/stdout") + " > " + out);
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(slurp(out).rfind("{", 0), 0u);
    EXPECT_TRUE(fs::is_symlink("/dev/stdout")) << "/dev/stdout was replaced";
}

// A report sent to stdout is all that stdout holds: the firmware's console and
// the summary go to stderr (run), the table too (profile would print it).
TEST_F(HostileOutputPaths, ReportOnStdoutIsNotMixedWithTheConsoleOrTheSummary) {
    const std::string out = path("report.json");
    for (const std::string target : {"-", "/dev/stdout"}) {
        const ProcessResult r = run_command(
            "{ " + mcuprof_command("run --board stm32f746 " + hello() + " --json " + target) + " 2>/dev/null > " + out +
            "; }");
        EXPECT_EQ(r.status, 0) << target;
        const std::string text = slurp(out);
        EXPECT_EQ(text.rfind("{", 0), 0u) << target << ": " << text.substr(0, 200);
        EXPECT_TRUE(nlohmann::json::accept(text)) << target << ": not one JSON document";
    }
    // run_command merges stderr into what it reads; stdout is thrown away.
    const ProcessResult both =
        run_command("{ " + mcuprof_command("run --board stm32f746 " + hello() + " --json -") + " >/dev/null; }");
    EXPECT_NE(both.output.find("hello from mcuprof firmware"), std::string::npos) << both.output;
    EXPECT_NE(both.output.find("instructions"), std::string::npos) << "summary on stderr: " << both.output;
}

TEST_F(HostileOutputPaths, BadOutputPathFailsBeforeTheRun) {
    // run: the firmware's output and the summary would come first if the
    // path were checked only when the report is written.
    const ProcessResult run = mcuprof("run --board stm32f746 " + hello() + " --html " + dir_.string());
    expect_one_line_error(run, "it is a directory");
    const ProcessResult check =
        mcuprof("check --budgets /dev/null --board stm32f746 " + hello() + " --junit " + path("missing/j.xml"));
    expect_one_line_error(check, "directory " + path("missing") + " does not exist");
    // profile and compare: nothing is built.
    const std::string work = path("work");
    const ProcessResult profile =
        mcuprof("profile " + kTinyModel + " --work-dir " + work + " --json " + path("missing/p.json"));
    expect_one_line_error(profile, "does not exist");
    EXPECT_FALSE(fs::exists(work));
    const ProcessResult compare =
        mcuprof("compare " + kTinyModel + " --work-dir " + work + " --markdown " + dir_.string());
    expect_one_line_error(compare, "it is a directory");
    EXPECT_FALSE(fs::exists(work));
}

}  // namespace
}  // namespace mcuprof::test

// Build directories of `mcuprof profile` and `compare` under a root run on a
// shared machine (issue 12): never a fixed path another user can create
// first, never a directory someone else owns or can write, a --work-dir that
// is not a usable directory is bad input (exit 2), and the kernel cache in
// the private base still saves the second build its kernel compiles.
#include "paths_support.hpp"
#include "process_support.hpp"
#include "scratch_dir_support.hpp"

#include "emulator/text/error.hpp"
#include "file_support.hpp"
#include "tools/firmware_build/private_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

#include <sys/stat.h>
#include <unistd.h>

namespace mcuprof::test {
namespace {

namespace fs = std::filesystem;

class HostileWorkDir : public ScratchDir {
protected:
    ProcessResult mcuprof(const std::string& args) {
        return run_command("TMPDIR=" + dir_.string() + " timeout 300 " + mcuprof_command(args));
    }
    fs::path base() const { return dir_ / ("mcuprof-" + std::to_string(::geteuid())); }
    std::string base_error() {
        ::setenv("TMPDIR", dir_.c_str(), 1);
        std::string message;
        try {
            planner::private_base_dir();
        } catch (const Error& e) {
            message = e.what();
        }
        ::unsetenv("TMPDIR");
        return message;
    }
};

void expect_one_line_error(const ProcessResult& r, const std::string& needle) {
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_EQ(r.output.find('\n'), r.output.size() - 1) << "not one line: " << r.output;
    EXPECT_EQ(r.output.rfind("mcuprof: error: ", 0), 0u) << r.output;
    EXPECT_NE(r.output.find(needle), std::string::npos) << r.output;
}

mode_t mode_of(const fs::path& p) {
    struct stat st {};
    ::lstat(p.c_str(), &st);
    return st.st_mode & 07777;
}

TEST_F(HostileWorkDir, BaseIsCreatedPrivate) {
    EXPECT_EQ(base_error(), "");
    EXPECT_EQ(mode_of(base()), 0700u);
}

TEST_F(HostileWorkDir, BaseCreatedByAnotherUserIsRefused) {
    fs::create_directory(base());
    ::chmod(base().c_str(), 0700);
    ASSERT_EQ(::chown(base().c_str(), kOtherUser, kOtherUser), 0);
    const std::string e = base_error();
    EXPECT_NE(e.find("refusing to build in " + base().string() + ": it is a directory owned by uid 12345"),
              std::string::npos)
        << e;
    // The CLI: before the fix profile built in $TMPDIR/mcuprof-profile/..., a
    // path the other user could have made first.
    const ProcessResult r = mcuprof("profile " + kTinyModel + " -q");
    expect_one_line_error(r, "refusing to build in " + base().string());
    EXPECT_TRUE(fs::is_empty(base()));
}

TEST_F(HostileWorkDir, BaseThatIsASymlinkOrOpenToOthersIsRefused) {
    fs::create_directory(dir_ / "elsewhere");
    fs::create_directory_symlink(dir_ / "elsewhere", base());
    EXPECT_NE(base_error().find("it is a symlink"), std::string::npos);
    fs::remove(base());
    fs::create_directory(base());
    ::chmod(base().c_str(), 0755);
    EXPECT_NE(base_error().find("with mode 0755"), std::string::npos);
}

TEST_F(HostileWorkDir, WorkDirThatIsAFileIsBadInput) {
    const std::string file = path("file");
    std::ofstream(file) << "x";
    // Before the fix: exit 3, "internal error".
    expect_one_line_error(mcuprof("profile " + kTinyModel + " -q --work-dir " + file),
                          "--work-dir " + file + " exists and is a regular file, not a directory");
    expect_one_line_error(mcuprof("compare " + kTinyModel + " -q --kernels 0 --work-dir " + file),
                          "not a directory");
    EXPECT_EQ(slurp(file), "x");
}

TEST_F(HostileWorkDir, WorkDirThatIsALinkOrSomeoneElsesIsRefused) {
    fs::create_directory(dir_ / "real");
    fs::create_directory_symlink(dir_ / "real", dir_ / "link");
    expect_one_line_error(mcuprof("profile " + kTinyModel + " -q --work-dir " + path("link")), "is a symlink");
    fs::create_directory(dir_ / "theirs");
    ASSERT_EQ(::chown((dir_ / "theirs").c_str(), kOtherUser, kOtherUser), 0);
    expect_one_line_error(mcuprof("profile " + kTinyModel + " -q --work-dir " + path("theirs")), "owned by uid 12345");
    fs::create_directory(dir_ / "open");
    ::chmod((dir_ / "open").c_str(), 0777);
    expect_one_line_error(mcuprof("compare " + kTinyModel + " -q --kernels 0 --work-dir " + path("open")),
                          "writable by every user");
    EXPECT_TRUE(fs::is_empty(dir_ / "real") && fs::is_empty(dir_ / "theirs") && fs::is_empty(dir_ / "open"));
}

TEST_F(HostileWorkDir, MissingWorkDirIsCreatedPrivate) {
    const fs::path work = dir_ / "new" / "work";
    planner::prepare_work_dir(work.string(), "--work-dir");
    EXPECT_EQ(mode_of(work), 0700u);
}

// Two default profiles: each in its own fresh 0700 directory in the private
// base, the second reusing the kernel objects of the first.
TEST_F(HostileWorkDir, DefaultProfileRunsArePrivateAndShareTheKernelCache) {
    auto elf_of = [&](const std::string& json) {
        const ProcessResult r = mcuprof("profile " + kTinyModel + " --board stm32f427 -q --json " + path(json));
        EXPECT_EQ(r.status, 0) << r.output;
        return nlohmann::json::parse(slurp(path(json)))["elf"].get<std::string>();
    };
    auto kernel_objects = [&] {
        std::map<std::string, fs::file_time_type> times;
        for (const auto& e : fs::recursive_directory_iterator(base() / "kernel-cache"))
            if (e.path().extension() == ".o") times[e.path().string()] = e.last_write_time();
        return times;
    };
    const fs::path first = fs::path(elf_of("a.json")).parent_path();
    const auto objects = kernel_objects();
    ASSERT_FALSE(objects.empty());
    const fs::path second = fs::path(elf_of("b.json")).parent_path();
    EXPECT_EQ(kernel_objects(), objects) << "kernel objects were compiled again";
    EXPECT_NE(first, second);
    for (const fs::path& w : {first, second}) {
        EXPECT_EQ(w.parent_path(), base()) << w;
        EXPECT_EQ(w.filename().string().rfind("profile-tiny-stm32f427-", 0), 0u) << w;
        EXPECT_EQ(mode_of(w), 0700u) << w;
    }
    EXPECT_EQ(mode_of(base() / "kernel-cache"), 0700u);
}

}  // namespace
}  // namespace mcuprof::test

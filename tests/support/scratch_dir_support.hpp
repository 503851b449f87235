// Private scratch directories for tests (mkdtemp below MCUPROF_TEST_WORK_DIR,
// mode 0700, never a predictable path another user could plant first), each
// removed with its contents afterwards: one per test (ScratchDir) or one for a
// whole suite whose SetUpTestSuite runs mcuprof once for all of its tests
// (SuiteScratchDir). And the uid the hostile tests give files to stand for
// another local user (as root, chown needs no real account).
#pragma once

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace mcuprof::test {

constexpr uid_t kOtherUser = 12345;

inline std::filesystem::path make_scratch_dir() {
    std::filesystem::create_directories(MCUPROF_TEST_WORK_DIR);
    std::string tmpl = std::string(MCUPROF_TEST_WORK_DIR) + "/scratch-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::system_error(errno, std::generic_category(), "mkdtemp " + tmpl);
    return tmpl;
}

inline void remove_scratch_dir(const std::filesystem::path& dir) {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
}

class ScratchDir : public ::testing::Test {
protected:
    void SetUp() override { dir_ = make_scratch_dir(); }
    void TearDown() override { remove_scratch_dir(dir_); }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    std::filesystem::path dir_;
};

// A derived suite's own SetUpTestSuite calls SuiteScratchDir::SetUpTestSuite()
// first.
class SuiteScratchDir : public ::testing::Test {
protected:
    static void SetUpTestSuite() { dir_ = make_scratch_dir(); }
    static void TearDownTestSuite() { remove_scratch_dir(dir_); }
    static std::string path(const std::string& name) { return (dir_ / name).string(); }

    static inline std::filesystem::path dir_;
};

}  // namespace mcuprof::test

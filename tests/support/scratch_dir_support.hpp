// A fresh scratch directory for one test (mkdtemp below MCUPROF_TEST_WORK_DIR),
// removed afterwards; and the uid the hostile tests give files to stand for
// another local user (as root, chown needs no real account).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace mcuprof::test {

constexpr uid_t kOtherUser = 12345;

class ScratchDir : public ::testing::Test {
protected:
    void SetUp() override {
        std::filesystem::create_directories(MCUPROF_TEST_WORK_DIR);
        std::string tmpl = std::string(MCUPROF_TEST_WORK_DIR) + "/scratch-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    std::filesystem::path dir_;
};

}  // namespace mcuprof::test

// Atomic report writes: a regular file is replaced whole; a FIFO (like
// /dev/stdout or /dev/null, a special file) is written in place and stays a
// FIFO; a directory is refused with a clear error.
#include "emulator/files/atomic_file.hpp"
#include "emulator/text/error.hpp"
#include "scratch_dir_support.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace mcuprof {
namespace {

namespace fs = std::filesystem;

using AtomicFile = test::ScratchDir;

TEST_F(AtomicFile, ReplacesARegularFileAndLeavesNoTemporary) {
    const fs::path p = dir_ / "r.json";
    std::ofstream(p) << "old content that is longer";
    write_file_atomically(p.string(), "new");
    std::stringstream s;
    s << std::ifstream(p).rdbuf();
    EXPECT_EQ(s.str(), "new");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(AtomicFile, WritesIntoAFifoInsteadOfReplacingIt) {
    const fs::path fifo = dir_ / "pipe";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    ASSERT_GE(reader, 0);
    write_file_atomically(fifo.string(), "through the pipe");
    char buf[64] = {};
    const ssize_t n = ::read(reader, buf, sizeof buf);
    ::close(reader);
    EXPECT_EQ(std::string(buf, n > 0 ? size_t(n) : 0), "through the pipe");
    EXPECT_TRUE(fs::is_fifo(fifo)) << "the FIFO was replaced by a file";
}

TEST_F(AtomicFile, RefusesADirectory) {
    try {
        write_file_atomically(dir_.string(), "x");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("it is a directory"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace mcuprof

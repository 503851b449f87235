// StdioConsole on the real file descriptors 0, 1 and 2 (redirected to pipes
// and temporary files for the test), and its replay of recorded input.
#include "emulator/semihost/stdio_console.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace mcuprof {
namespace {

// Points file descriptor `fd` at `replacement` until destroyed.
class FdRedirect {
public:
    FdRedirect(int fd, int replacement) : fd_(fd), saved_(::dup(fd)) {
        EXPECT_GE(saved_, 0);
        EXPECT_GE(::dup2(replacement, fd), 0);
    }
    ~FdRedirect() {
        ::dup2(saved_, fd_);
        ::close(saved_);
    }

private:
    int fd_;
    int saved_;
};

std::string read_all(int fd) {
    std::string out;
    char buf[256];
    ::lseek(fd, 0, SEEK_SET);
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) {
        out.append(buf, size_t(n));
    }
    return out;
}

std::string read_some(Console& console, size_t n) {
    std::string buf(n, '\0');
    buf.resize(console.read_stdin(std::span<char>(buf)));
    return buf;
}

TEST(StdioConsole, LiveInputIsReadAndRecorded) {
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    ASSERT_EQ(::write(p[1], "first line\nsecond", 17), 17);
    ::close(p[1]);
    StdioConsole console;
    {
        FdRedirect in(STDIN_FILENO, p[0]);
        EXPECT_EQ(read_some(console, 6), "first ");
        EXPECT_EQ(read_some(console, 100), "line\nsecond");
        EXPECT_EQ(read_some(console, 100), "");  // end of input
        EXPECT_EQ(read_some(console, 100), "");  // and it stays ended
    }
    ::close(p[0]);
    EXPECT_EQ(console.stdin_chunks(), (std::vector<std::string>{"first ", "line\nsecond"}));
}

TEST(StdioConsole, ReplayServesTheRecordedChunks) {
    StdioConsole console(std::vector<std::string>{"abc", "", "defgh"});
    EXPECT_EQ(read_some(console, 10), "abc");
    EXPECT_EQ(read_some(console, 2), "de");  // a smaller request splits a chunk
    EXPECT_EQ(read_some(console, 10), "fgh");
    EXPECT_EQ(read_some(console, 10), "");
    EXPECT_EQ(console.stdin_chunks(), (std::vector<std::string>{"abc", "de", "fgh"}));

    // Replaying a recording gives the same chunks, so a re-run sees the same reads.
    StdioConsole again(std::vector<std::string>{"abc", "de", "fgh"});
    EXPECT_EQ(read_some(again, 10), "abc");
    EXPECT_EQ(read_some(again, 10), "de");
    EXPECT_EQ(read_some(again, 10), "fgh");
    EXPECT_EQ(again.stdin_chunks(), console.stdin_chunks());
}

TEST(StdioConsole, ReplayNeverReadsTheRealStdin) {
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    ASSERT_EQ(::write(p[1], "live", 4), 4);
    ::close(p[1]);
    StdioConsole console(std::vector<std::string>{"recorded"});
    {
        FdRedirect in(STDIN_FILENO, p[0]);
        EXPECT_EQ(read_some(console, 100), "recorded");
        EXPECT_EQ(read_some(console, 100), "");
    }
    char buf[8];
    EXPECT_EQ(::read(p[0], buf, sizeof buf), 4);  // still unread
    ::close(p[0]);
}

TEST(StdioConsole, EmptyBufferReadsNothing) {
    StdioConsole console(std::vector<std::string>{"x"});
    char c;
    EXPECT_EQ(console.read_stdin(std::span<char>(&c, 0)), 0u);
    EXPECT_EQ(read_some(console, 1), "x");
}

TEST(StdioConsole, OutputInterleavesWithTheProcessesOwnStdio) {
    char path[] = "/tmp/mcuprof-console-XXXXXX";
    const int fd = ::mkstemp(path);
    ASSERT_GE(fd, 0);
    ::unlink(path);
    StdioConsole console;
    std::fflush(stdout);
    std::fflush(stderr);
    {
        FdRedirect out(STDOUT_FILENO, fd);
        FdRedirect err(STDERR_FILENO, fd);
        std::fputs("[mcuprof] start\n", stdout);  // buffered by stdio, not yet flushed
        console.write_stderr("guest error\n");
        console.write_stdout(std::string_view("guest out\0put\n", 14));
        std::fputs("[mcuprof] end\n", stderr);
        std::fflush(stdout);
        std::fflush(stderr);
    }
    using namespace std::string_literals;
    EXPECT_EQ(read_all(fd), "[mcuprof] start\nguest error\nguest out\0put\n[mcuprof] end\n"s);
    ::close(fd);
}

}  // namespace
}  // namespace mcuprof

#include "emulator/semihost/stdio_console.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace mcuprof {

namespace {

void write_flushed(std::FILE* stream, std::string_view bytes) {
    if (!bytes.empty()) {
        // A short write (closed pipe, full disk) is the host's problem: see console.hpp.
        (void)std::fwrite(bytes.data(), 1, bytes.size(), stream);
    }
    (void)std::fflush(stream);
}

}  // namespace

StdioConsole::StdioConsole(std::vector<std::string> replay_chunks)
    : replay_(std::move(replay_chunks)) {}

void StdioConsole::write_stdout(std::string_view bytes) {
    if (output_to_stderr_) return write_stderr(bytes);
    write_flushed(stdout, bytes);
}

void StdioConsole::write_stderr(std::string_view bytes) {
    // Whatever mcuprof printed to stdout so far comes first.
    (void)std::fflush(stdout);
    write_flushed(stderr, bytes);
}

size_t StdioConsole::read_stdin(std::span<char> buffer) {
    if (buffer.empty()) {
        return 0;
    }
    const size_t n = replay_ ? read_replay(buffer) : read_live(buffer);
    if (n > 0) {
        recorded_.emplace_back(buffer.data(), n);
    }
    return n;
}

size_t StdioConsole::read_live(std::span<char> buffer) {
    if (live_eof_) {
        return 0;  // end of input is final, as a replay would see it
    }
    // Output the guest wrote before asking for input (a prompt) must be visible.
    (void)std::fflush(stdout);
    (void)std::fflush(stderr);
    for (;;) {
        const ssize_t got = ::read(STDIN_FILENO, buffer.data(), buffer.size());
        if (got > 0) {
            return size_t(got);
        }
        if (got < 0 && errno == EINTR) {
            continue;
        }
        // End of file, or stdin is closed or unreadable: both end the input.
        live_eof_ = true;
        return 0;
    }
}

size_t StdioConsole::read_replay(std::span<char> buffer) {
    const std::vector<std::string>& chunks = *replay_;
    // Skip empty chunks: they carry no bytes (a recording never holds any).
    while (replay_index_ < chunks.size() && replay_offset_ >= chunks[replay_index_].size()) {
        ++replay_index_;
        replay_offset_ = 0;
    }
    if (replay_index_ >= chunks.size()) {
        return 0;
    }
    const std::string& chunk = chunks[replay_index_];
    // A smaller request than the recorded one (a run that diverged) gets the
    // chunk in pieces; an identical run always takes whole chunks.
    const size_t n = std::min(buffer.size(), chunk.size() - replay_offset_);
    std::memcpy(buffer.data(), chunk.data() + replay_offset_, n);
    replay_offset_ += n;
    return n;
}

}  // namespace mcuprof

// The firmware console on the mcuprof process's own standard streams.
//
// Output: every write goes through C stdio and is flushed at once, so the
// guest's lines interleave in order with mcuprof's own messages (fmt::print and
// std::cout, which is synchronised with stdio, use the same FILE streams).
//
// Input is replayable. Each read is one read(2) on file descriptor 0 (on a
// terminal, one line), and the bytes each read returned are recorded as one
// chunk. Given the chunks of an earlier run, a console serves exactly those
// chunks again, in order, without touching the real stdin, and reports end of
// input after the last: a deterministic re-run sees the same bytes split the same
// way, so the guest executes the same instructions.
#pragma once

#include "emulator/semihost/console.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mcuprof {

class StdioConsole final : public Console {
public:
    // Live console: input comes from file descriptor 0.
    StdioConsole() = default;
    // Replaying console: input comes from replay_chunks (a previous run's
    // stdin_chunks()); the real stdin is never read.
    explicit StdioConsole(std::vector<std::string> replay_chunks);

    // The guest's stdout goes to mcuprof's stderr from now on (a report is
    // being written to mcuprof's stdout and must not be mixed with it).
    void send_output_to_stderr() { output_to_stderr_ = true; }

    void write_stdout(std::string_view bytes) override;
    void write_stderr(std::string_view bytes) override;
    size_t read_stdin(std::span<char> buffer) override;

    // What each read_stdin call returned so far, one chunk per call that got
    // bytes (end of input is not recorded: it is what follows the last chunk).
    const std::vector<std::string>& stdin_chunks() const { return recorded_; }

private:
    size_t read_live(std::span<char> buffer);
    size_t read_replay(std::span<char> buffer);

    std::optional<std::vector<std::string>> replay_;
    size_t replay_index_ = 0;   // next chunk to serve
    size_t replay_offset_ = 0;  // bytes of that chunk already served
    bool live_eof_ = false;
    bool output_to_stderr_ = false;
    std::vector<std::string> recorded_;
};

}  // namespace mcuprof

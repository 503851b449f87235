// The firmware's console as the host provides it: semihosting sends the guest's
// stdout, stderr and stdin through this interface, so tests substitute an
// in-memory fake and the CLI uses StdioConsole (stdio_console.hpp).
//
// Writes cannot fail as far as the guest is concerned: a run must behave the same
// whatever the host does with the output (a closed pipe, a full disk), so the
// guest is told every byte was written and host-side failures stay on the host.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace mcuprof {

class Console {
public:
    virtual ~Console() = default;

    virtual void write_stdout(std::string_view bytes) = 0;
    virtual void write_stderr(std::string_view bytes) = 0;
    // Reads up to buffer.size() bytes of console input, waiting until at least
    // one byte is available. Returns the number of bytes stored, 0 at the end of
    // input (or for an empty buffer). An interactive console typically returns
    // one line at a time, fewer bytes than asked for.
    virtual size_t read_stdin(std::span<char> buffer) = 0;
};

}  // namespace mcuprof

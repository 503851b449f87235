// The file handles semihosting gives the firmware. mcuprof exposes no host files
// (see semihosting.hpp), so a handle names one of four things: the console's
// input, output or error stream (":tt"), or the ":semihosting-features" byte
// sequence with its read position.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace mcuprof::semihosting {

enum class Stream { ConsoleIn, ConsoleOut, ConsoleErr, Features };

struct OpenHandle {
    Stream stream = Stream::ConsoleIn;
    uint32_t position = 0;  // read position; meaningful for Features only
};

class HandleTable {
public:
    // Handles are 1..kMaxOpen: the specification wants a nonzero handle, and
    // newlib treats any negative value as failure.
    static constexpr uint32_t kMaxOpen = 64;

    // The lowest free handle, now open on stream; nullopt when all are in use.
    std::optional<uint32_t> open(Stream stream);
    // The open handle, or nullptr for a handle that is not open (any value).
    OpenHandle* find(uint32_t handle);
    // False when handle was not open.
    bool close(uint32_t handle);
    size_t open_count() const;

private:
    std::vector<std::optional<OpenHandle>> slots_;  // slots_[h - 1] is handle h
};

}  // namespace mcuprof::semihosting

// The last N bytes of an unbounded byte stream, plus how many bytes it carried:
// what the report keeps of the firmware's console output, however much the
// firmware prints.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mcuprof {

class OutputTail {
public:
    // limit: bytes kept, > 0 (Error otherwise).
    explicit OutputTail(size_t limit);

    void append(std::string_view bytes);

    // The last min(limit, total_bytes()) bytes appended.
    std::string text() const;
    uint64_t total_bytes() const { return total_; }
    // True when older bytes were dropped: text() is not everything.
    bool truncated() const { return total_ > limit_; }
    size_t limit() const { return limit_; }

private:
    size_t limit_;
    std::string buffer_;  // holds at most 2 * limit_ bytes; the tail is at its end
    uint64_t total_ = 0;
};

}  // namespace mcuprof

#include "emulator/semihost/output_tail.hpp"

#include "emulator/text/error.hpp"

namespace mcuprof {

OutputTail::OutputTail(size_t limit) : limit_(limit) {
    if (limit == 0) {
        fail("output capture limit must be at least 1 byte");
    }
}

void OutputTail::append(std::string_view bytes) {
    total_ += bytes.size();
    if (bytes.size() >= limit_) {
        buffer_.assign(bytes.substr(bytes.size() - limit_));
        return;
    }
    buffer_.append(bytes);
    // Trim only once the buffer holds twice the limit: appends stay amortised O(n).
    if (buffer_.size() > 2 * limit_) {
        buffer_.erase(0, buffer_.size() - limit_);
    }
}

std::string OutputTail::text() const {
    if (buffer_.size() <= limit_) {
        return buffer_;
    }
    return buffer_.substr(buffer_.size() - limit_);
}

}  // namespace mcuprof

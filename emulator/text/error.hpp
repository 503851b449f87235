// The one error type of the C++ side: every failure (bad input file, a Unicorn
// or Capstone error, an impossible request) becomes an mcuprof::Error carrying a
// single human-readable line: what went wrong, where, and what to do.
#pragma once

#include <fmt/format.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace mcuprof {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Throws an Error whose message is formatted with fmt.
template <typename... Args>
[[noreturn]] void fail(fmt::format_string<Args...> format, Args&&... args) {
    throw Error(fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace mcuprof

// Byte-count options, parsed and checked the same way by every command
// (mcuprof run, profile, plan, linker-script and mcuprof-linker-script):
// a decimal number (8192), a hexadecimal one (0x2000) or a number with a
// binary unit through CLI11's AsSizeValue (8K, 256KB, 1M, 2MiB: K = 1024,
// M = 1024*1024, case-insensitive). Negative, fractional, overflowing and
// non-numeric values are refused, as are values beyond the 32-bit address
// space or not a multiple of what the option needs (the null guard: 1 KB).
#pragma once

#include "emulator/board/null_guard.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <charconv>
#include <cstdint>
#include <limits>
#include <string>

namespace mcuprof::cli {

struct ByteSizeRule {
    uint64_t max = uint64_t(1) << 32;  // the Cortex-M address space
    uint64_t multiple_of = 1;
};

// The null guard's rule, shared by run and both linker-script front ends:
// Unicorn maps 1 KB pages, so a guard is whole pages.
inline constexpr ByteSizeRule kNullGuardRule{(uint64_t(1) << 32) - 1024, 1024};

namespace detail {

inline constexpr const char* kByteSizeHint = "write a byte count such as 8192, 0x2000, 256K or 1M (K = 1024)";

// Parses text into bytes, or returns why it is not a byte count.
inline std::string parse_byte_count(std::string text, uint64_t& bytes) {
    CLI::detail::trim(text);
    const std::string shown = "'" + text + "'";
    if (text.empty()) return fmt::format("an empty value is not a byte count; {}", kByteSizeHint);
    if (text[0] == '-') return fmt::format("{} is negative; {}", shown, kByteSizeHint);
    std::string digits = text;
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        digits = text.substr(2);
        base = 16;
    } else if (!std::isdigit(static_cast<unsigned char>(text[0]))) {
        return fmt::format("{} is not a byte count; {}", shown, kByteSizeHint);
    } else {
        // Decimal, never octal: drop leading zeros before CLI11 reads the number.
        const size_t first = std::min(text.find_first_not_of('0'), text.size() - 1);
        digits = text.substr(first);
        try {
            const std::string unit_error = CLI::AsSizeValue(false)(digits);
            if (!unit_error.empty()) return fmt::format("{}: {}; {}", shown, unit_error, kByteSizeHint);
        } catch (const CLI::ValidationError& e) {
            const std::string why = e.what();
            if (why.find("overflow") != std::string::npos) {
                return fmt::format("{} does not fit in 64 bits; {}", shown, kByteSizeHint);
            }
            return fmt::format("{} is not a byte count; {}", shown, kByteSizeHint);
        }
    }
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), bytes, base);
    if (error == std::errc::result_out_of_range) {
        return fmt::format("{} does not fit in 64 bits; {}", shown, kByteSizeHint);
    }
    if (error != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
        return fmt::format("{} is not a byte count; {}", shown, kByteSizeHint);
    }
    return {};
}

}  // namespace detail

// A CLI11 transform: checks the value against rule and leaves it in decimal.
inline CLI::Validator byte_size(ByteSizeRule rule) {
    return CLI::Validator(
        [rule](std::string& text) -> std::string {
            uint64_t bytes = 0;
            if (std::string error = detail::parse_byte_count(text, bytes); !error.empty()) return error;
            if (bytes > rule.max) {
                return fmt::format("'{}' is {} bytes, more than the {} the 32-bit address space allows", text, bytes,
                                   rule.max);
            }
            if (bytes % rule.multiple_of != 0) {
                return fmt::format("'{}' is not a multiple of {}; give {} or {}", text, rule.multiple_of,
                                   bytes / rule.multiple_of * rule.multiple_of,
                                   (bytes / rule.multiple_of + 1) * rule.multiple_of);
            }
            text = std::to_string(bytes);
            return {};
        },
        "", "BYTE_SIZE");
}

// Adds a byte-count option bound to target (uint32_t or uint64_t).
template <typename T>
CLI::Option* add_byte_size_option(CLI::App& cmd, const std::string& name, T& target, const std::string& description,
                                  ByteSizeRule rule = {}) {
    rule.max = std::min<uint64_t>(rule.max, std::numeric_limits<T>::max());
    return cmd.add_option(name, target, description)->transform(byte_size(rule))->type_name("SIZE");
}

}  // namespace mcuprof::cli

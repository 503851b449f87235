// Byte counts given on command lines: "8192", "0x2000", "8K", "4M".
#pragma once

#include "emulator/error.hpp"

#include <cctype>
#include <cstdint>
#include <string>

namespace mcuprof {

// Parses a byte count; what names the option in the error message.
inline uint64_t parse_byte_size(const std::string& text, const std::string& what) {
    size_t used = 0;
    unsigned long long value = 0;
    if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) {
        fail("{}: '{}' is not a byte count; write e.g. 8192, 0x2000, 8K or 1M", what, text);
    }
    try {
        value = std::stoull(text, &used, 0);
    } catch (const std::exception&) {
        fail("{}: '{}' is not a byte count; write e.g. 8192, 0x2000, 8K or 1M", what, text);
    }
    std::string suffix = text.substr(used);
    uint64_t scale = 1;
    if (suffix == "K" || suffix == "k" || suffix == "KB" || suffix == "KiB") {
        scale = 1024;
    } else if (suffix == "M" || suffix == "MB" || suffix == "MiB") {
        scale = 1024 * 1024;
    } else if (!suffix.empty()) {
        fail("{}: '{}' has an unknown unit '{}'; use K or M (powers of 1024)", what, text, suffix);
    }
    if (value > (uint64_t(1) << 32) / scale) fail("{}: '{}' is larger than the 4 GiB address space", what, text);
    return uint64_t(value) * scale;
}

}  // namespace mcuprof

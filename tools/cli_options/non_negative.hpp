// Refuses a negative value for an unsigned count (--max-instructions, --top):
// CLI11 reads unsigned options with strtoull, which takes -5 as 2^64 - 5.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace mcuprof::cli {

inline CLI::Validator non_negative() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            const size_t first = text.find_first_not_of(" \t");
            if (first != std::string::npos && text[first] == '-') return "'" + text + "' is negative; give 0 or more";
            return {};
        },
        "", "NON_NEGATIVE");
}

}  // namespace mcuprof::cli

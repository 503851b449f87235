// --max-instructions checked while the command line is parsed, so a bad
// count is a parse error like any other (one line ending in "see ... --help")
// rather than an error raised after the run was set up.
#pragma once

#include "emulator/run/instruction_limit.hpp"
#include "emulator/text/error.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace mcuprof::cli {

inline CLI::Validator instruction_limit_check() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            try {
                parse_instruction_limit(text, "");
            } catch (const Error&) {
                return "'" + text + "' is not a positive instruction count: give 1 or more, or 'unlimited'";
            }
            return {};
        },
        "", "INSTRUCTION_LIMIT");
}

}  // namespace mcuprof::cli

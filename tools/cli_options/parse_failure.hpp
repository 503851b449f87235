// Command-line mistakes (unknown option, missing or bad value, excluded
// flags) reported as one line in the same form as every other bad input:
//   mcuprof: error: <what CLI11 found>; see mcuprof <subcommand> --help
// with exit status 2. --help and --version still print normally and exit 0.
// The arguments are echoed escaped: they may hold terminal control bytes.
#pragma once

#include "emulator/text/printable_text.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <string>
#include <vector>

namespace mcuprof::cli {

inline constexpr int kBadInputExit = 2;

// The subcommand path the user had reached when parsing failed ("run", "" at top level).
inline std::string selected_command_path(const CLI::App& top) {
    std::string path;
    for (const CLI::App* app = &top; !app->get_subcommands().empty();) {
        app = app->get_subcommands().front();
        path += " " + app->get_name();
    }
    return path;
}

// CLI11 checks "a subcommand is required" before it complains about the
// words it could not place, so `mcuprof frobnicate` would only say that a
// subcommand is required: when no subcommand was reached and words are left
// over, the first one is what went wrong.
inline std::string unplaced_word_or(const CLI::App& top, std::string what) {
    if (top.get_require_subcommand_min() == 0 || !top.get_subcommands().empty()) return what;
    const std::vector<std::string> left = top.remaining();
    if (left.empty()) return what;
    const std::string& word = left.front();
    return fmt::format("unknown {} '{}'", !word.empty() && word.front() == '-' ? "option" : "command", word);
}

// Installs the one-line failure message on program's top-level app.
inline void use_one_line_parse_errors(CLI::App& app, const std::string& program) {
    app.failure_message([program](const CLI::App* top, const CLI::Error& e) {
        std::string what = unplaced_word_or(*top, e.what());
        while (!what.empty() && (what.back() == '\n' || what.back() == ' ' || what.back() == '.')) what.pop_back();
        return fmt::format("{}: error: {}; see {}{} --help\n", program, printable(what), program,
                           selected_command_path(*top));
    });
}

// The exit status for a CLI11 parse error: 0 for --help/--version, 2 otherwise.
inline int parse_failure_exit(const CLI::App& app, const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kBadInputExit;
}

}  // namespace mcuprof::cli

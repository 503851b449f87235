// Helpers for tests that run firmware in-process: a console that keeps what
// the firmware writes, a run of a firmware the build produced (found with
// paths_support.hpp), and the layers and functions of its report by name.
#pragma once

#include "paths_support.hpp"

#include "emulator/report/report.hpp"
#include "emulator/run/run_options.hpp"
#include "emulator/run/runner.hpp"
#include "emulator/semihost/console.hpp"

#include <algorithm>
#include <string>

namespace mcuprof::test {

class CapturingConsole final : public Console {
public:
    void write_stdout(std::string_view bytes) override { out.append(bytes); }
    void write_stderr(std::string_view bytes) override { err.append(bytes); }
    size_t read_stdin(std::span<char>) override { return 0; }
    std::string out;
    std::string err;
};

struct RunResult {
    Report report;
    std::string out;
    std::string err;
};

inline RunResult run(const std::string& board, const std::string& elf, RunOptions options = {}) {
    options.board = board;
    options.elf_path = firmware(elf);
    CapturingConsole console;
    Report report = run_firmware(options, console);
    return RunResult{std::move(report), console.out, console.err};
}

inline const LayerReport* layer(const Report& r, const std::string& name) {
    auto it = std::find_if(r.layers.begin(), r.layers.end(), [&](const LayerReport& l) { return l.name == name; });
    return it == r.layers.end() ? nullptr : &*it;
}

inline const FunctionReport* function(const Report& r, const std::string& name) {
    auto it =
        std::find_if(r.functions.begin(), r.functions.end(), [&](const FunctionReport& f) { return f.name == name; });
    return it == r.functions.end() ? nullptr : &*it;
}

}  // namespace mcuprof::test

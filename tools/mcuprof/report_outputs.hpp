// The report files a command can write (--json, --markdown, --html, --trace,
// --collapsed), their flags, and writing them, each atomically.
#pragma once

#include "emulator/report/comparison.hpp"
#include "emulator/report/report.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace mcuprof::cli {

struct ReportOutputs {
    std::string json;
    std::string markdown;
    std::string html;
    std::string trace;
    std::string collapsed;
    std::string collapsed_by = "function";

    std::vector<std::string> paths() const { return {json, markdown, html, trace, collapsed}; }
};

// with_json = false for commands that write their own --json (mcuprof profile).
void add_report_output_options(CLI::App& cmd, ReportOutputs& outputs, bool with_json = true);

// JSON file text; bytes that are not UTF-8 (firmware-controlled names and
// output) become U+FFFD instead of making the dump throw.
std::string json_file_text(const nlohmann::json& j);

void write_report_outputs(const Report& report, const ReportOutputs& outputs,
                          const Comparison* comparison = nullptr);

}  // namespace mcuprof::cli

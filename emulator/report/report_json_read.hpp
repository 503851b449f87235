// Reads a report back from its JSON form (schema "mcuprof.report/1", as
// report_json.cpp writes it), e.g. for `mcuprof check` and baselines.
// Bad input throws Error naming the file, the key and what to do.
#pragma once

#include "emulator/report/report.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace mcuprof {

// `source` names the input in error messages (usually the file path).
Report report_from_json(const nlohmann::json& json, const std::string& source);

// The same from the file's text (the fuzz target's entry point).
Report parse_report_json(std::string_view text, const std::string& source);
Report read_report_file(const std::string& path);

}  // namespace mcuprof

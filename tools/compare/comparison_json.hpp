// The JSON form of a comparison (schema "mcuprof.compare/1"): every run's row
// and the trade-off curves over k with their knees.
#pragma once

#include "emulator/report/comparison.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace mcuprof::compare {

nlohmann::json comparison_to_json(const Comparison& comparison);

// Reads the runs back (the curves are derived again); throws Error naming the
// file and the key on bad input.
Comparison comparison_from_json(const nlohmann::json& json, const std::string& source);
// The same from the file's text (the fuzz target's entry point).
Comparison parse_comparison_json(std::string_view text, const std::string& source);
Comparison read_comparison_file(const std::string& path);

}  // namespace mcuprof::compare

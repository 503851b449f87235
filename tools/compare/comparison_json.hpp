// The JSON form of a comparison (schema "mcuprof.compare/1"): every run's row
// and the trade-off curves over k with their knees.
#pragma once

#include "emulator/comparison.hpp"

#include <nlohmann/json.hpp>

namespace mcuprof::compare {

nlohmann::json comparison_to_json(const Comparison& comparison);

}  // namespace mcuprof::compare

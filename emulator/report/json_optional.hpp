// An optional value as JSON: the value, or null. Shared by the report writers.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>

namespace mcuprof {

template <typename T>
nlohmann::json optional_json(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace mcuprof

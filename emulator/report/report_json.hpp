// The JSON writer of the report tree (schema "mcuprof.report/1", see README).
#pragma once

#include "emulator/report/report.hpp"

#include <nlohmann/json.hpp>

namespace mcuprof {

nlohmann::json report_to_json(const Report& report);
// Everything but the optional sections (exact mode).
nlohmann::json report_core_json(const Report& report);

}  // namespace mcuprof

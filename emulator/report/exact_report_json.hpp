// JSON of exact mode's part of the report (the "exact" object).
#pragma once

#include "emulator/report/exact_report.hpp"

#include <nlohmann/json.hpp>

namespace mcuprof {

nlohmann::json exact_to_json(const ExactReport& exact);

}  // namespace mcuprof

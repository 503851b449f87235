// The plan as JSON (schema "mcuprof.plan/1"): every tensor's buffer, offset,
// size and lifetime, every layer's live tensors and predicted peak, flash
// bytes, eq. 5's M, and the fit check when one was made.
#pragma once

#include "tools/planner/fit_check.hpp"
#include "tools/planner/plan.hpp"

#include <nlohmann/json.hpp>

namespace mcuprof::planner {

nlohmann::json plan_to_json(const Plan& plan, const FitCheck* fit);

}  // namespace mcuprof::planner

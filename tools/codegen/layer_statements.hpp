// One layer's code inside the generated mcuprof_model_run(): the layer
// markers around a block that stages the layer's weights into the arena when
// the schedule asks for it, then calls the layer's kernel on its planned
// arena offsets and stops the run with the layer's name if the kernel fails.
#pragma once

#include "tools/model/model_weights.hpp"
#include "tools/planner/plan.hpp"

#include <cstddef>
#include <string>

namespace mcuprof::planner::codegen {

void emit_layer_statements(std::string& out, const Plan& plan, size_t layer, const LayerParams& params);

}  // namespace mcuprof::planner::codegen

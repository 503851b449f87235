// Which kernel functions a layer calls under its schedule. The generated call
// (layer_statements.cpp) and layer_calls() (the functions the pipeline expects
// to see in the layer's profile) both read this one choice, so they cannot
// name different kernels.
#pragma once

#include "tools/planner/plan.hpp"

#include <string>

namespace mcuprof::planner::codegen {

// A decomposed patch embedding with staged weights: a loop over tokens and
// sub-kernels (token_start, stage_subkernel, accumulate, token_finish) instead
// of one call.
bool stages_subkernels(const Plan& plan, const Layer& layer);

// The one kernel the layer calls: "" for the input (a copy) and for a layer
// that stages_subkernels.
std::string layer_kernel(const Plan& plan, const Layer& layer);

}  // namespace mcuprof::planner::codegen

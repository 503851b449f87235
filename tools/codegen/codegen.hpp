// The code generator: one C source per (model, schedule) holding the
// parameters as const arrays (flash), the arena (`mcuprof_arena`, sized by the
// plan), and mcuprof_model_run(), which runs the layers in order at the plan's
// arena offsets, each between layer markers named like "block3.mlp.fc1".
// Staged weights are copied from flash into their arena buffer inside their
// layer. The same source compiles for the host (MCUPROF_HOST: markers vanish)
// and for a board; firmware/models/model_main.c prints the logits.
//
// codegen.cpp writes the file's frame; layer_parameters.cpp each layer's const
// data, from the declarations of c_syntax.hpp; layer_statements.cpp each
// layer's code; layer_kernels.cpp picks the kernel a layer calls.
#pragma once

#include "tools/model/model_weights.hpp"
#include "tools/planner/plan.hpp"

#include <string>

namespace mcuprof::planner {

// arena_section: "" puts the arena in .bss (the main RAM block); else the
// linker section to place it in on a board (".noinit.ccm"), ignored on the host.
std::string generate_model_c(const Plan& plan, const ModelWeights& weights, const std::string& arena_section = "");

// The functions the generated mcuprof_model_run() calls for layer i (the
// kernel, and memcpy when it copies an image or staged weights). Defined in
// layer_kernels.cpp.
std::vector<std::string> layer_calls(const Plan& plan, int layer);

}  // namespace mcuprof::planner

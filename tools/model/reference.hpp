// Runs a model on the host with every tensor in memory of its own (no arena,
// nothing shared, out-of-place kernels): the reference the firmware's output
// is checked against. Independent of the plan's offsets, so a plan that lets
// live tensors overlap or ends a lifetime too early changes the firmware's
// logits but not these.
#pragma once

#include "tools/model/model_graph.hpp"
#include "tools/model/model_weights.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace mcuprof::planner {

struct ModelOutput {
    std::vector<int8_t> logits;
    int32_t top_class = -1;
};

// Throws Error naming the layer when a kernel returns an error.
ModelOutput run_reference(const ModelConfig& model, const Graph& graph, const ModelWeights& weights);

// The line the generated firmware prints: "logits: 1 -2 ... class: K".
std::string format_output(const ModelOutput& output);

}  // namespace mcuprof::planner

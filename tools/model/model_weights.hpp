// Deterministic parameters for every layer of a graph, from the model's seed:
// int8 weights, int32 biases and per-channel multipliers/shifts, LayerNorm
// channels, attention, GeLU, residual and pooling parameters, the sample image
// and the position table. Real scales are tracked per tensor and turned into
// kernel integers with vit/quant.h, so the activations stay in range.
//
// The kernel parameter structs are filled with their array pointers left NULL:
// the code generator emits the arrays and points the structs at them; the host
// reference points them at the vectors here.
#pragma once

#include "tools/model/model_graph.hpp"

extern "C" {
#include "vit/vit.h"
}

#include <cstdint>
#include <vector>

namespace mcuprof::planner {

struct LinearArrays {
    std::vector<int8_t> weights;
    std::vector<int32_t> bias;  // empty = no bias (NULL)
    std::vector<int32_t> mult;
    std::vector<int32_t> shift;
};

struct LayerParams {
    // Input: the image; PosEmbed: the position table.
    std::vector<int8_t> table;
    // PatchEmbed, Linear (full rank), Classifier: `linear` (and `patch`);
    // low-rank Linear: `v` then `u`.
    LinearArrays linear, v, u;
    vit_linear_params linear_params{};
    vit_lowrank_params lowrank_params{};
    vit_patch_embed_params patch_params{};
    // LayerNorm.
    std::vector<int8_t> gamma;
    std::vector<int32_t> beta, ln_mult, ln_shift;
    vit_layernorm_params ln_params{};
    vit_mhsa_params mhsa_params{};
    vit_gelu_params gelu_params{};
    vit_residual_params residual_params{};
    vit_pool_mean_params pool_params{};
};

struct ModelWeights {
    std::vector<LayerParams> layers;  // per graph layer
};

ModelWeights generate_weights(const ModelConfig& model, const Graph& graph);

// Points the parameter structs of `p` at its own arrays (for host execution).
void bind_arrays(LayerParams& p);

}  // namespace mcuprof::planner

// The operator sequence of a model under a schedule, with its tensors and the
// buffers they live in. Tensors that an in-place operator overwrites share a
// buffer; scratch memory and staged weights are tensors living for one layer.
//
// Lifetimes are layer indices: a tensor is live from the layer that writes it
// (first) to the last layer that reads it (last), both inclusive.
#pragma once

#include "tools/model/model_config.hpp"
#include "tools/model/schedule.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace mcuprof::planner {

enum class OpKind { Input, PatchEmbed, PosEmbed, LayerNorm, Linear, Attention, Residual, Gelu, MeanPool, Classifier };

const char* to_string(OpKind op);

enum class TensorRole { Activation, Scratch, StagedWeights };

struct Tensor {
    std::string name;
    int64_t size = 0;
    int buffer = -1;
    int first = 0;
    int last = 0;
    TensorRole role = TensorRole::Activation;
};

struct Buffer {
    std::string name;
    int64_t size = 0;  // the largest tensor it holds, or the in-place kernel's buffer size
    int first = 0;
    int last = 0;
};

// The shape of a layer with a weight matrix (linear, low-rank, classifier).
struct LinearShape {
    int32_t in_dim = 0;
    int32_t out_dim = 0;
    int32_t rank = 0;      // 0 = full rank
    bool inplace = false;  // token overwriting
};

struct Layer {
    std::string name;   // e.g. "block3.mlp.fc1"
    OpKind op = OpKind::Input;
    int block = -1;     // transformer block, -1 outside the blocks
    std::vector<int> inputs;  // tensor ids read
    int output = -1;          // tensor id written
    int scratch = -1;         // tensor id of the kernel's scratch, or -1
    int staged = -1;          // tensor id of the staged weights, or -1
    int32_t tokens = 0;
    LinearShape linear;       // Linear and Classifier
    bool inplace = false;     // output written over an input (any operator)
    int64_t weight_bytes = 0; // int8 weight matrix bytes: what staging copies into SRAM
    int64_t param_bytes = 0;  // every parameter array of the layer, as stored in flash
    int64_t eq5_weight_elems = 0;  // h_f * w_f of eq. 5 (fully connected layers), else 0
    int64_t eq5_in_bytes = 0;      // h_i * w_i
    int64_t eq5_out_bytes = 0;     // h_o * w_o
};

struct Graph {
    std::vector<Layer> layers;
    std::vector<Tensor> tensors;
    std::vector<Buffer> buffers;
};

// Builds the layers of `model` under `schedule` (check_schedule first).
// Scratch sizes come from the kernels' *_get_buffer_size functions.
Graph build_graph(const ModelConfig& model, const Schedule& schedule);

}  // namespace mcuprof::planner

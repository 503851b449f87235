#include "tools/model/model_graph.hpp"

#include "emulator/text/error.hpp"

extern "C" {
#include "vit/vit.h"
}

#include <algorithm>

namespace mcuprof::planner {

const char* to_string(OpKind op) {
    switch (op) {
        case OpKind::Input: return "input";
        case OpKind::PatchEmbed: return "patch_embed";
        case OpKind::PosEmbed: return "pos_embed";
        case OpKind::LayerNorm: return "layernorm";
        case OpKind::Linear: return "linear";
        case OpKind::Attention: return "attention";
        case OpKind::Residual: return "residual";
        case OpKind::Gelu: return "gelu";
        case OpKind::MeanPool: return "mean_pool";
        case OpKind::Classifier: return "classifier";
    }
    return "?";
}

namespace {

// A size from a kernel's size function: negative values are its error codes.
int64_t kernel_size(int32_t value, const char* what) {
    if (value <= 0) fail("kernel size function {} rejected the model's dimensions (status {})", what, value);
    return value;
}

class Builder {
public:
    Builder(const ModelConfig& m, const Schedule& s) : m_(m), s_(s) {}

    Graph build();

private:
    int layer(const std::string& name, OpKind op, int block = -1) {
        Layer l;
        l.name = name;
        l.op = op;
        l.block = block;
        l.tokens = m_.tokens();
        g_.layers.push_back(std::move(l));
        return int(g_.layers.size()) - 1;
    }
    // A tensor written by layer `at`, in `buffer` (-1: a new buffer of its own).
    int produce(int at, const std::string& name, int64_t size, int buffer = -1,
                TensorRole role = TensorRole::Activation) {
        if (buffer < 0) {
            g_.buffers.push_back(Buffer{name, 0, at, at});
            buffer = int(g_.buffers.size()) - 1;
        }
        g_.tensors.push_back(Tensor{name, size, buffer, at, at, role});
        return int(g_.tensors.size()) - 1;
    }
    void consume(int at, int tensor) {
        Tensor& t = g_.tensors[size_t(tensor)];
        t.last = std::max(t.last, at);
        g_.layers[size_t(at)].inputs.push_back(tensor);
    }
    void reserve(int tensor, int64_t bytes) {
        Buffer& b = g_.buffers[size_t(g_.tensors[size_t(tensor)].buffer)];
        b.size = std::max(b.size, bytes);
    }
    int buffer_of(int tensor) const { return g_.tensors[size_t(tensor)].buffer; }
    // weight_bytes: the layer's int8 weights; staged_bytes: what one staging
    // buffer holds (all of them, or one sub-kernel of a decomposed patch embedding).
    void stage(int at, int64_t weight_bytes, int64_t staged_bytes = -1) {
        Layer& l = g_.layers[size_t(at)];
        l.weight_bytes = weight_bytes;
        if (s_.weights == WeightPlacement::Sram) {
            l.staged = produce(at, l.name + ".weights", staged_bytes < 0 ? weight_bytes : staged_bytes, -1,
                               TensorRole::StagedWeights);
        }
    }
    void scratch(int at, int64_t bytes) {
        Layer& l = g_.layers[size_t(at)];
        l.scratch = produce(at, l.name + ".scratch", bytes, -1, TensorRole::Scratch);
    }

    // Out-of-place operators write a new buffer; in-place ones the input's.
    int output_buffer(int input, bool inplace) const { return inplace ? buffer_of(input) : -1; }

    int linear(const std::string& name, int block, int input, int32_t in_dim, int32_t out_dim, int32_t rank);
    int layernorm(const std::string& name, int block, int input, bool inplace);
    int residual(const std::string& name, int block, int a, int b);

    const ModelConfig& m_;
    const Schedule& s_;
    Graph g_;
};

int Builder::linear(const std::string& name, int block, int input, int32_t in_dim, int32_t out_dim, int32_t rank) {
    const int at = layer(name, OpKind::Linear, block);
    const int32_t n = m_.tokens();
    const bool inplace = s_.token_overwriting;
    Layer& l = g_.layers[size_t(at)];
    l.linear = LinearShape{in_dim, out_dim, rank, inplace};
    l.inplace = inplace;
    const int64_t weights = rank == 0 ? int64_t(in_dim) * out_dim : int64_t(rank) * (in_dim + out_dim);
    // Full rank: weights + bias, multiplier and shift per output channel; low
    // rank: V (no bias) then U with the layer's bias.
    l.param_bytes = rank == 0 ? weights + 12 * int64_t(out_dim) : weights + 8 * int64_t(rank) + 12 * int64_t(out_dim);
    l.eq5_weight_elems = weights;
    l.eq5_in_bytes = int64_t(n) * in_dim;
    l.eq5_out_bytes = int64_t(n) * out_dim;
    consume(at, input);
    if (inplace) reserve(input, kernel_size(vit_linear_s8_inplace_get_tensor_size(n, in_dim, out_dim),
                                            "vit_linear_s8_inplace_get_tensor_size"));
    const int out = produce(at, name + ".out", int64_t(n) * out_dim, output_buffer(input, inplace));
    g_.layers[size_t(at)].output = out;
    if (rank != 0) {
        scratch(at, kernel_size(vit_linear_s8_lowrank_get_buffer_size(rank), "vit_linear_s8_lowrank_get_buffer_size"));
    } else if (inplace) {
        scratch(at, kernel_size(vit_linear_s8_inplace_get_buffer_size(in_dim, out_dim),
                                "vit_linear_s8_inplace_get_buffer_size"));
    }
    stage(at, weights);
    return out;
}

int Builder::layernorm(const std::string& name, int block, int input, bool inplace) {
    const int at = layer(name, OpKind::LayerNorm, block);
    const int64_t d = m_.embed_dim;
    g_.layers[size_t(at)].param_bytes = d + 12 * d;  // gamma int8; beta, multiplier, shift int32
    g_.layers[size_t(at)].inplace = inplace;
    consume(at, input);
    const int out = produce(at, name + ".out", int64_t(m_.tokens()) * d, output_buffer(input, inplace));
    g_.layers[size_t(at)].output = out;
    return out;
}

int Builder::residual(const std::string& name, int block, int a, int b) {
    const int at = layer(name, OpKind::Residual, block);
    const bool inplace = s_.token_overwriting;
    g_.layers[size_t(at)].inplace = inplace;
    consume(at, a);
    consume(at, b);
    const int out = produce(at, name + ".out", int64_t(m_.tokens()) * m_.embed_dim, output_buffer(a, inplace));
    g_.layers[size_t(at)].output = out;
    return out;
}

Graph Builder::build() {
    const int32_t n = m_.tokens();
    const int32_t d = m_.embed_dim;
    const int32_t p = m_.patch_size;
    const bool ow = s_.token_overwriting;

    int at = layer("input", OpKind::Input);
    const int64_t image_bytes = int64_t(m_.image_size) * m_.image_size * m_.channels;
    g_.layers[size_t(at)].param_bytes = image_bytes;  // the sample image, in flash
    int x = produce(at, "image", image_bytes);
    g_.layers[size_t(at)].output = x;

    at = layer("patch_embed", OpKind::PatchEmbed);
    {
        Layer& l = g_.layers[size_t(at)];
        const int64_t weights = int64_t(d) * p * p * m_.channels;
        l.param_bytes = weights + 12 * int64_t(d);
        consume(at, x);
        x = produce(at, "patch_embed.out", int64_t(n) * d);
        g_.layers[size_t(at)].output = x;
        if (s_.patch_kernel != 0) {
            scratch(at, kernel_size(vit_patch_embed_s8_decomposed_get_buffer_size(d),
                                    "vit_patch_embed_s8_decomposed_get_buffer_size"));
        }
        // Decomposed and staged: one k x k sub-kernel's weights at a time.
        stage(at, weights,
              s_.patch_kernel != 0 ? kernel_size(vit_patch_embed_s8_subkernel_size(d, s_.patch_kernel, m_.channels),
                                                 "vit_patch_embed_s8_subkernel_size")
                                   : weights);
    }

    at = layer("pos_embed", OpKind::PosEmbed);
    g_.layers[size_t(at)].param_bytes = int64_t(n) * d;
    g_.layers[size_t(at)].inplace = ow;
    consume(at, x);
    x = produce(at, "pos_embed.out", int64_t(n) * d, output_buffer(x, ow));
    g_.layers[size_t(at)].output = x;

    for (int b = 0; b < m_.depth; ++b) {
        const std::string pre = fmt::format("block{}.", b);
        int h = layernorm(pre + "attn.norm", b, x, false);
        const int qkv = linear(pre + "attn.qkv", b, h, d, 3 * d, 0);

        at = layer(pre + "attn.mhsa", OpKind::Attention, b);
        consume(at, qkv);
        int a = produce(at, pre + "attn.mhsa.out", int64_t(n) * d);
        g_.layers[size_t(at)].output = a;
        scratch(at, s_.attention == AttentionSchedule::Row
                        ? kernel_size(vit_mhsa_s8_get_buffer_size(n), "vit_mhsa_s8_get_buffer_size")
                        : kernel_size(vit_mhsa_s8_full_get_buffer_size(n), "vit_mhsa_s8_full_get_buffer_size"));

        a = linear(pre + "attn.proj", b, a, d, d, 0);
        x = residual(pre + "attn.residual", b, x, a);

        h = layernorm(pre + "mlp.norm", b, x, false);
        const int32_t hidden = m_.hidden_dim(b);
        h = linear(pre + "mlp.fc1", b, h, d, hidden, m_.mlp_rank(d, hidden));

        at = layer(pre + "mlp.gelu", OpKind::Gelu, b);
        g_.layers[size_t(at)].inplace = ow;
        consume(at, h);
        h = produce(at, pre + "mlp.gelu.out", int64_t(n) * hidden, output_buffer(h, ow));
        g_.layers[size_t(at)].output = h;

        h = linear(pre + "mlp.fc2", b, h, hidden, d, m_.mlp_rank(hidden, d));
        x = residual(pre + "mlp.residual", b, x, h);
    }

    x = layernorm("norm", -1, x, ow);

    at = layer("pool", OpKind::MeanPool);
    consume(at, x);
    x = produce(at, "pool.out", d);
    g_.layers[size_t(at)].output = x;

    at = layer("head", OpKind::Classifier);
    {
        Layer& l = g_.layers[size_t(at)];
        l.tokens = 1;
        l.linear = LinearShape{d, m_.classes, 0, false};
        l.param_bytes = int64_t(d) * m_.classes + 12 * int64_t(m_.classes);
        l.eq5_weight_elems = int64_t(d) * m_.classes;
        l.eq5_in_bytes = d;
        l.eq5_out_bytes = m_.classes;
        consume(at, x);
        const int logits = produce(at, "logits", m_.classes);
        g_.layers[size_t(at)].output = logits;
        // The logits are read after the last layer (printed): live to the end.
        stage(at, int64_t(d) * m_.classes);
    }

    // Buffers: the union of their tensors' lifetimes, the largest size.
    for (Buffer& buf : g_.buffers) {
        buf.first = INT32_MAX;
        buf.last = -1;
    }
    for (const Tensor& t : g_.tensors) {
        Buffer& buf = g_.buffers[size_t(t.buffer)];
        buf.size = std::max(buf.size, t.size);
        buf.first = std::min(buf.first, t.first);
        buf.last = std::max(buf.last, t.last);
    }
    return std::move(g_);
}

}  // namespace

Graph build_graph(const ModelConfig& model, const Schedule& schedule) {
    validate_model_config(model);
    check_schedule(schedule, model);
    return Builder(model, schedule).build();
}

}  // namespace mcuprof::planner

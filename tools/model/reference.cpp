#include "tools/model/reference.hpp"

#include "emulator/text/error.hpp"

namespace mcuprof::planner {

ModelOutput run_reference(const ModelConfig& m, const Graph& g, const ModelWeights& weights) {
    std::vector<std::vector<int8_t>> t(g.tensors.size());
    for (size_t i = 0; i < g.tensors.size(); ++i) t[i].assign(size_t(g.tensors[i].size), 0);
    ModelOutput result;
    for (size_t i = 0; i < g.layers.size(); ++i) {
        const Layer& l = g.layers[i];
        LayerParams p = weights.layers[i];
        bind_arrays(p);
        const int8_t* in = l.inputs.empty() ? nullptr : t[size_t(l.inputs[0])].data();
        int8_t* out = t[size_t(l.output)].data();
        vit_status st = VIT_OK;
        switch (l.op) {
            case OpKind::Input: std::copy(p.table.begin(), p.table.end(), out); break;
            case OpKind::PatchEmbed: st = vit_patch_embed_s8(&p.patch_params, in, out); break;
            case OpKind::PosEmbed:
                st = vit_residual_add_s8(&p.residual_params, in, p.table.data(), out, int32_t(p.table.size()));
                break;
            case OpKind::LayerNorm: st = vit_layernorm_s8(&p.ln_params, l.tokens, in, out); break;
            case OpKind::Linear:
                if (l.linear.rank == 0) {
                    st = vit_linear_s8(&p.linear_params, l.tokens, in, out);
                } else {
                    std::vector<uint32_t> scratch(size_t(vit_linear_s8_lowrank_get_buffer_size(l.linear.rank)) / 4 + 1);
                    vit_scratch sc{scratch.data(), int32_t(scratch.size() * 4)};
                    st = vit_linear_s8_lowrank(&p.lowrank_params, l.tokens, in, out, &sc);
                }
                break;
            case OpKind::Attention: {
                std::vector<uint32_t> scratch(size_t(vit_mhsa_s8_get_buffer_size(l.tokens)) / 4 + 1);
                vit_scratch sc{scratch.data(), int32_t(scratch.size() * 4)};
                const int32_t d = m.embed_dim;
                st = vit_mhsa_s8(&p.mhsa_params, in, in + d, in + 2 * d, out, &sc);
                break;
            }
            case OpKind::Residual:
                st = vit_residual_add_s8(&p.residual_params, in, t[size_t(l.inputs[1])].data(), out,
                                         int32_t(g.tensors[size_t(l.output)].size));
                break;
            case OpKind::Gelu: st = vit_gelu_s8(&p.gelu_params, in, out, int32_t(g.tensors[size_t(l.output)].size)); break;
            case OpKind::MeanPool: st = vit_pool_mean_s8(&p.pool_params, in, out); break;
            case OpKind::Classifier: st = vit_classifier_s8(&p.linear_params, in, out, &result.top_class); break;
        }
        if (st != VIT_OK) fail("reference run: layer {} failed with kernel status {}", l.name, int(st));
    }
    result.logits = t[size_t(g.layers.back().output)];
    return result;
}

std::string format_output(const ModelOutput& output) {
    std::string s = "logits:";
    for (int8_t v : output.logits) s += fmt::format(" {}", int(v));
    s += fmt::format("\nclass: {}\n", output.top_class);
    return s;
}

}  // namespace mcuprof::planner

#include "tools/codegen/codegen.hpp"

#include "emulator/text/comment_text.hpp"
#include "emulator/text/error.hpp"

#include <fmt/format.h>

#include <iterator>

namespace mcuprof::planner {
namespace {

std::string ident(const std::string& layer_name) {
    std::string s = layer_name;
    for (char& c : s) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return s;
}

template <typename T>
void emit_array(std::string& out, const char* type, const std::string& name, const std::vector<T>& values) {
    auto it = std::back_inserter(out);
    fmt::format_to(it, "static const {} {}[{}] = {{", type, name, values.size());
    for (size_t i = 0; i < values.size(); ++i) {
        if (i % 16 == 0) out += "\n   ";
        fmt::format_to(it, " {},", int64_t(values[i]));
    }
    out += "\n};\n";
}

// A field of a C designated initializer: ".name = value".
struct Field {
    std::string_view name;
    std::string value;
};

// A parameter value as C source (int8_t fields print as numbers).
template <typename T>
std::string num(T value) {
    return fmt::format("{}", +value);
}

// "{.a = 1, .b = x_w}"
std::string designated(std::initializer_list<Field> fields) {
    std::string s = "{";
    for (const Field& f : fields) fmt::format_to(std::back_inserter(s), "{}.{} = {}", s.size() > 1 ? ", " : "", f.name, f.value);
    return s + "}";
}

// "static const TYPE ID_p = {...};"
void emit_params(std::string& out, std::string_view type, const std::string& id, std::initializer_list<Field> fields) {
    fmt::format_to(std::back_inserter(out), "static const {} {}_p = {};\n", type, id, designated(fields));
}

std::string linear_init(const vit_linear_params& p, const std::string& base, bool has_bias) {
    return designated({{"in_dim", num(p.in_dim)}, {"out_dim", num(p.out_dim)}, {"weights", base + "_w"},
                       {"bias", has_bias ? base + "_b" : std::string("0")}, {"out_mult", base + "_m"},
                       {"out_shift", base + "_s"}, {"in_zp", num(p.in_zp)}, {"out_zp", num(p.out_zp)},
                       {"act_min", num(p.act_min)}, {"act_max", num(p.act_max)}});
}

void emit_residual_params(std::string& out, const std::string& id, const vit_residual_params& r) {
    emit_params(out, "vit_residual_params", id,
                {{"a_zp", num(r.a_zp)}, {"b_zp", num(r.b_zp)}, {"out_zp", num(r.out_zp)}, {"a_mult", num(r.a_mult)},
                 {"b_mult", num(r.b_mult)}, {"shift", num(r.shift)}, {"act_min", num(r.act_min)},
                 {"act_max", num(r.act_max)}});
}

void emit_linear_arrays(std::string& out, const std::string& base, const LinearArrays& a) {
    emit_array(out, "int8_t", base + "_w", a.weights);
    if (!a.bias.empty()) emit_array(out, "int32_t", base + "_b", a.bias);
    emit_array(out, "int32_t", base + "_m", a.mult);
    emit_array(out, "int32_t", base + "_s", a.shift);
}

class Generator {
public:
    Generator(const Plan& plan, const ModelWeights& w, std::string section)
        : plan_(plan), w_(w), section_(std::move(section)) {}
    std::string run();

private:
    std::string ptr(int tensor) const { return fmt::format("(a + {})", plan_.tensor_offset(tensor)); }
    std::string in(const Layer& l, size_t i = 0) const { return "(const int8_t *)" + ptr(l.inputs.at(i)); }
    std::string out(const Layer& l) const { return "(int8_t *)" + ptr(l.output); }
    int64_t buffer_size(int tensor) const {
        return plan_.graph.buffers[size_t(plan_.graph.tensors[size_t(tensor)].buffer)].size;
    }
    std::string scratch(const Layer& l) const {
        if (l.scratch < 0) fail("layer {} has no scratch buffer", l.name);
        return fmt::format("const vit_scratch sc = {{a + {}, {}}};", plan_.tensor_offset(l.scratch),
                           plan_.graph.tensors[size_t(l.scratch)].size);
    }
    void params(size_t i);
    void body(size_t i);

    const Plan& plan_;
    const ModelWeights& w_;
    std::string section_;
    std::string data_;
    std::string code_;
};

void Generator::params(size_t i) {
    const Layer& l = plan_.graph.layers[i];
    const LayerParams& p = w_.layers[i];
    const std::string id = ident(l.name);
    auto it = std::back_inserter(data_);
    fmt::format_to(it, "\n/* {} ({}) */\n", l.name, to_string(l.op));
    switch (l.op) {
        case OpKind::Input:
        case OpKind::PosEmbed:
            emit_array(data_, "int8_t", id + "_table", p.table);
            if (l.op == OpKind::PosEmbed) emit_residual_params(data_, id, p.residual_params);
            break;
        case OpKind::PatchEmbed: {
            emit_linear_arrays(data_, id, p.linear);
            const vit_patch_embed_params& s = p.patch_params;
            emit_params(data_, "vit_patch_embed_params", id,
                        {{"height", num(s.height)}, {"width", num(s.width)}, {"channels", num(s.channels)},
                         {"patch", num(s.patch)}, {"embed_dim", num(s.embed_dim)}, {"weights", id + "_w"},
                         {"bias", id + "_b"}, {"out_mult", id + "_m"}, {"out_shift", id + "_s"},
                         {"in_zp", num(s.in_zp)}, {"out_zp", num(s.out_zp)}, {"act_min", num(s.act_min)},
                         {"act_max", num(s.act_max)}});
            break;
        }
        case OpKind::LayerNorm: {
            emit_array(data_, "int8_t", id + "_g", p.gamma);
            emit_array(data_, "int32_t", id + "_b", p.beta);
            emit_array(data_, "int32_t", id + "_m", p.ln_mult);
            emit_array(data_, "int32_t", id + "_s", p.ln_shift);
            const vit_layernorm_params& s = p.ln_params;
            emit_params(data_, "vit_layernorm_params", id,
                        {{"dim", num(s.dim)}, {"gamma", id + "_g"}, {"beta", id + "_b"}, {"out_mult", id + "_m"},
                         {"out_shift", id + "_s"}, {"in_zp", num(s.in_zp)}, {"out_zp", num(s.out_zp)},
                         {"var_eps", num(s.var_eps)}, {"sqrt_iters", num(s.sqrt_iters)}});
            break;
        }
        case OpKind::Linear:
        case OpKind::Classifier:
            if (l.linear.rank == 0) {
                emit_linear_arrays(data_, id, p.linear);
                fmt::format_to(it, "static const vit_linear_params {}_p = {};\n", id,
                               linear_init(p.linear_params, id, !p.linear.bias.empty()));
            } else {
                emit_linear_arrays(data_, id + "_v", p.v);
                emit_linear_arrays(data_, id + "_u", p.u);
                fmt::format_to(it, "static const vit_lowrank_params {}_p = {{.v = {}, .u = {}}};\n", id,
                               linear_init(p.lowrank_params.v, id + "_v", !p.v.bias.empty()),
                               linear_init(p.lowrank_params.u, id + "_u", !p.u.bias.empty()));
            }
            break;
        case OpKind::Attention: {
            const vit_mhsa_params& s = p.mhsa_params;
            emit_params(data_, "vit_mhsa_params", id,
                        {{"n_tokens", num(s.n_tokens)}, {"n_heads", num(s.n_heads)}, {"head_dim", num(s.head_dim)},
                         {"qkv_stride", num(s.qkv_stride)}, {"out_stride", num(s.out_stride)}, {"q_zp", num(s.q_zp)},
                         {"k_zp", num(s.k_zp)}, {"v_zp", num(s.v_zp)}, {"out_zp", num(s.out_zp)},
                         {"score_mult", num(s.score_mult)}, {"score_shift", num(s.score_shift)},
                         {"out_mult", num(s.out_mult)}, {"out_shift", num(s.out_shift)}});
            break;
        }
        case OpKind::Residual:
            emit_residual_params(data_, id, p.residual_params);
            break;
        case OpKind::Gelu: {
            const vit_gelu_params& s = p.gelu_params;
            emit_params(data_, "vit_gelu_params", id,
                        {{"in_zp", num(s.in_zp)}, {"out_zp", num(s.out_zp)}, {"sig_mult", num(s.sig_mult)},
                         {"sig_shift", num(s.sig_shift)}, {"out_mult", num(s.out_mult)}, {"out_shift", num(s.out_shift)}});
            break;
        }
        case OpKind::MeanPool: {
            const vit_pool_mean_params& s = p.pool_params;
            emit_params(data_, "vit_pool_mean_params", id,
                        {{"n_tokens", num(s.n_tokens)}, {"dim", num(s.dim)}, {"in_zp", num(s.in_zp)},
                         {"out_zp", num(s.out_zp)}, {"mult", num(s.mult)}, {"shift", num(s.shift)}});
            break;
        }
    }
}

void Generator::body(size_t i) {
    const Layer& l = plan_.graph.layers[i];
    const LayerParams& p = w_.layers[i];
    const std::string id = ident(l.name);
    const Schedule& s = plan_.schedule;
    auto it = std::back_inserter(code_);
    fmt::format_to(it, "\n    MCUPROF_MODEL_LAYER_BEGIN(\"{}\");\n    {{\n", l.name);
    // Staged weights: copied from flash into the layer's arena buffer first.
    std::string params = "&" + id + "_p";
    const bool staged_subkernels = l.op == OpKind::PatchEmbed && l.staged >= 0 && s.patch_kernel != 0;
    if (staged_subkernels) {
        // One sub-kernel's weights at a time, copied for every token.
        const int32_t d = plan_.model.embed_dim;
        const int32_t sub = plan_.model.patch_size / s.patch_kernel;
        fmt::format_to(it,
                       "        int32_t *acc = (int32_t *)(a + {0});\n"
                       "        int8_t *w = (int8_t *)(a + {1});\n"
                       "        st = VIT_OK;\n"
                       "        for (int32_t t = 0; t < {2} && st == VIT_OK; ++t) {{\n"
                       "            st = vit_patch_embed_s8_token_start({3}, acc);\n"
                       "            for (int32_t sy = 0; sy < {4} && st == VIT_OK; ++sy) {{\n"
                       "                for (int32_t sx = 0; sx < {4} && st == VIT_OK; ++sx) {{\n"
                       "                    st = vit_patch_embed_s8_stage_subkernel({3}, {5}, sy, sx, w);\n"
                       "                    if (st == VIT_OK) st = vit_patch_embed_s8_accumulate({3}, {5}, t, sy, sx, w, {6}, acc);\n"
                       "                }}\n"
                       "            }}\n"
                       "            if (st == VIT_OK) st = vit_patch_embed_s8_token_finish({3}, acc, {7} + t * {8});\n"
                       "        }}\n",
                       plan_.tensor_offset(l.scratch), plan_.tensor_offset(l.staged), l.tokens, params, sub,
                       s.patch_kernel, in(l), out(l), d);
    } else if (l.staged >= 0) {
        const int64_t at = plan_.tensor_offset(l.staged);
        const char* type = l.op == OpKind::PatchEmbed ? "vit_patch_embed_params"
                           : l.linear.rank != 0       ? "vit_lowrank_params"
                                                      : "vit_linear_params";
        fmt::format_to(it, "        {} p = {}_p;\n", type, id);
        if (l.op == OpKind::Linear && l.linear.rank != 0) {
            const size_t vbytes = p.v.weights.size();
            fmt::format_to(it, "        memcpy(a + {}, {}_v_w, {});\n        p.v.weights = (const int8_t *)(a + {});\n",
                           at, id, vbytes, at);
            fmt::format_to(it, "        memcpy(a + {}, {}_u_w, {});\n        p.u.weights = (const int8_t *)(a + {});\n",
                           at + int64_t(vbytes), id, p.u.weights.size(), at + int64_t(vbytes));
        } else {
            fmt::format_to(it, "        memcpy(a + {}, {}_w, {});\n        p.weights = (const int8_t *)(a + {});\n", at,
                           id, p.linear.weights.size(), at);
        }
        params = "&p";
    }
    std::string call;
    switch (l.op) {
        case OpKind::Input:
            fmt::format_to(it, "        memcpy(a + {}, {}_table, {});\n        st = VIT_OK;\n",
                           plan_.tensor_offset(l.output), id, p.table.size());
            break;
        case OpKind::PatchEmbed:
            if (staged_subkernels) {
                break;  // emitted above
            } else if (s.patch_kernel != 0) {
                fmt::format_to(it, "        {}\n        st = vit_patch_embed_s8_decomposed({}, {}, {}, {}, &sc);\n",
                               scratch(l), params, s.patch_kernel, in(l), out(l));
            } else {
                fmt::format_to(it, "        st = vit_patch_embed_s8({}, {}, {});\n", params, in(l), out(l));
            }
            break;
        case OpKind::PosEmbed:
            fmt::format_to(it, "        st = vit_residual_add_s8({}, {}, {}_table, {}, {});\n", params, in(l), id, out(l),
                           p.table.size());
            break;
        case OpKind::LayerNorm:
            fmt::format_to(it, "        st = vit_layernorm_s8({}, {}, {}, {});\n", params, l.tokens, in(l), out(l));
            break;
        case OpKind::Linear:
            if (l.linear.inplace) {
                fmt::format_to(it, "        {}\n        st = vit_linear_s8{}_inplace({}, {}, {}, {}, &sc);\n",
                               scratch(l), l.linear.rank != 0 ? "_lowrank" : "", params, l.tokens, out(l),
                               buffer_size(l.output));
            } else if (l.linear.rank != 0) {
                fmt::format_to(it, "        {}\n        st = vit_linear_s8_lowrank({}, {}, {}, {}, &sc);\n", scratch(l),
                               params, l.tokens, in(l), out(l));
            } else {
                fmt::format_to(it, "        st = vit_linear_s8({}, {}, {}, {});\n", params, l.tokens, in(l), out(l));
            }
            break;
        case OpKind::Attention: {
            const int64_t q = plan_.tensor_offset(l.inputs[0]);
            const int32_t d = plan_.model.embed_dim;
            fmt::format_to(it,
                           "        {}\n        st = vit_mhsa_s8{}({}, (const int8_t *)(a + {}), (const int8_t *)(a + {}), "
                           "(const int8_t *)(a + {}), {}, &sc);\n",
                           scratch(l), s.attention == AttentionSchedule::Full ? "_full" : "", params, q, q + d,
                           q + 2 * d, out(l));
            break;
        }
        case OpKind::Residual:
            fmt::format_to(it, "        st = vit_residual_add_s8({}, {}, {}, {}, {});\n", params, in(l), in(l, 1), out(l),
                           plan_.graph.tensors[size_t(l.output)].size);
            break;
        case OpKind::Gelu:
            fmt::format_to(it, "        st = vit_gelu_s8({}, {}, {}, {});\n", params, in(l), out(l),
                           plan_.graph.tensors[size_t(l.output)].size);
            break;
        case OpKind::MeanPool:
            fmt::format_to(it, "        st = vit_pool_mean_s8({}, {}, {});\n", params, in(l), out(l));
            break;
        case OpKind::Classifier:
            fmt::format_to(it, "        st = vit_classifier_s8({}, {}, {}, &mcuprof_model_top_class);\n", params, in(l),
                           out(l));
            break;
    }
    fmt::format_to(it, "    }}\n    MCUPROF_MODEL_LAYER_END();\n    if (st != VIT_OK) return mcuprof_model_fail(\"{}\", st);\n",
                   l.name);
}

std::string Generator::run() {
    const Graph& g = plan_.graph;
    for (size_t i = 0; i < g.layers.size(); ++i) {
        params(i);
        body(i);
    }
    const int last = g.layers.back().output;
    std::string s;
    auto it = std::back_inserter(s);
    fmt::format_to(it,
                   "/* Generated by mcuprof from model '{}' ({}), schedule {}, strategy {}. Do not edit:\n"
                   " * change the model config or the schedule and regenerate.\n"
                   " * Arena {} bytes; predicted peak {} bytes at layer {}. */\n"
                   "#include <stdint.h>\n#include <string.h>\n\n#include \"vit/vit.h\"\n#include \"mcuprof_model.h\"\n\n",
                   plan_.model.name, comment_text(plan_.model.source_path), comment_text(plan_.schedule.name()),
                   comment_text(plan_.strategy), plan_.arena_bytes,
                   plan_.peak_bytes(), g.layers[size_t(plan_.peak_layer)].name);
    fmt::format_to(it,
                   "/* The arena: every activation, scratch and staged-weight buffer at its planned offset. */\n"
                   "{}"
                   "uint8_t mcuprof_arena[{}] MCUPROF_ARENA_PLACEMENT;\n"
                   "const int32_t mcuprof_model_classes = {};\n"
                   "int32_t mcuprof_model_top_class = -1;\n"
                   "const char *mcuprof_model_failed_layer = 0;\n\n"
                   "const int8_t *mcuprof_model_logits(void) {{ return (const int8_t *)(mcuprof_arena + {}); }}\n\n"
                   "static int mcuprof_model_fail(const char *layer, vit_status st) {{\n"
                   "    mcuprof_model_failed_layer = layer;\n    return (int)st;\n}}\n",
                   section_.empty()
                       ? std::string("#define MCUPROF_ARENA_PLACEMENT __attribute__((aligned(8)))\n")
                       : fmt::format("#ifdef MCUPROF_HOST\n#define MCUPROF_ARENA_PLACEMENT __attribute__((aligned(8)))\n"
                                     "#else\n#define MCUPROF_ARENA_PLACEMENT __attribute__((aligned(8), section(\"{}\")))\n"
                                     "#endif\n",
                                     section_),
                   std::max<int64_t>(plan_.arena_bytes, 8), plan_.model.classes, plan_.tensor_offset(last));
    s += data_;
    s += "\nint mcuprof_model_run(void) {\n    uint8_t *const a = mcuprof_arena;\n    vit_status st;\n";
    s += code_;
    s += "    return 0;\n}\n";
    return s;
}

}  // namespace

std::string generate_model_c(const Plan& plan, const ModelWeights& weights, const std::string& arena_section) {
    return Generator(plan, weights, arena_section).run();
}

std::vector<std::string> layer_calls(const Plan& plan, int layer) {
    const Layer& l = plan.graph.layers.at(size_t(layer));
    const Schedule& s = plan.schedule;
    std::vector<std::string> calls;
    if (l.staged >= 0 || l.op == OpKind::Input) calls.push_back("memcpy");
    switch (l.op) {
        case OpKind::Input: break;
        case OpKind::PatchEmbed:
            if (s.patch_kernel != 0 && l.staged >= 0) {
                calls = {"vit_patch_embed_s8_token_start", "vit_patch_embed_s8_stage_subkernel",
                         "vit_patch_embed_s8_accumulate", "vit_patch_embed_s8_token_finish"};
            } else {
                calls.push_back(s.patch_kernel != 0 ? "vit_patch_embed_s8_decomposed" : "vit_patch_embed_s8");
            }
            break;
        case OpKind::PosEmbed:
        case OpKind::Residual: calls.push_back("vit_residual_add_s8"); break;
        case OpKind::LayerNorm: calls.push_back("vit_layernorm_s8"); break;
        case OpKind::Linear:
            calls.push_back(std::string("vit_linear_s8") + (l.linear.rank != 0 ? "_lowrank" : "") +
                            (l.linear.inplace ? "_inplace" : ""));
            break;
        case OpKind::Attention:
            calls.push_back(s.attention == AttentionSchedule::Full ? "vit_mhsa_s8_full" : "vit_mhsa_s8");
            break;
        case OpKind::Gelu: calls.push_back("vit_gelu_s8"); break;
        case OpKind::MeanPool: calls.push_back("vit_pool_mean_s8"); break;
        case OpKind::Classifier: calls.push_back("vit_classifier_s8"); break;
    }
    return calls;
}

}  // namespace mcuprof::planner

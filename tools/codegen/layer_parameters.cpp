// Each operator's parameter block, built from the one quantized-linear part
// emitter and the C declarations of c_syntax.hpp.
#include "tools/codegen/layer_parameters.hpp"

#include "tools/codegen/c_syntax.hpp"

#include <iterator>

namespace mcuprof::planner::codegen {
namespace {

bool has_weight_matrix(OpKind op) {
    return op == OpKind::PatchEmbed || op == OpKind::Linear || op == OpKind::Classifier;
}

std::string bias_array_name(const LinearPart& part) {
    return part.arrays.bias.empty() ? std::string("0") : part.base + "_b";
}

void emit_linear_arrays(std::string& out, const LinearPart& part) {
    emit_const_array(out, "int8_t", weights_array_name(part), part.arrays.weights);
    if (!part.arrays.bias.empty()) emit_const_array(out, "int32_t", bias_array_name(part), part.arrays.bias);
    emit_const_array(out, "int32_t", part.base + "_m", part.arrays.mult);
    emit_const_array(out, "int32_t", part.base + "_s", part.arrays.shift);
}

// The fields a quantized-linear kernel struct (vit_linear_params,
// vit_patch_embed_params) shares: `shape` first, then the part's arrays, zero
// points and clamp.
template <typename Params>
std::vector<Field> linear_fields(std::vector<Field> shape, const LinearPart& part, const Params& p) {
    shape.insert(shape.end(), {{"weights", weights_array_name(part)}, {"bias", bias_array_name(part)},
                               {"out_mult", part.base + "_m"}, {"out_shift", part.base + "_s"},
                               {"in_zp", c_number(p.in_zp)}, {"out_zp", c_number(p.out_zp)},
                               {"act_min", c_number(p.act_min)}, {"act_max", c_number(p.act_max)}});
    return shape;
}

std::vector<Field> linear_fields(const LinearPart& part, const vit_linear_params& p) {
    return linear_fields({{"in_dim", c_number(p.in_dim)}, {"out_dim", c_number(p.out_dim)}}, part, p);
}

std::vector<Field> residual_fields(const vit_residual_params& r) {
    return {{"a_zp", c_number(r.a_zp)}, {"b_zp", c_number(r.b_zp)}, {"out_zp", c_number(r.out_zp)},
            {"a_mult", c_number(r.a_mult)}, {"b_mult", c_number(r.b_mult)}, {"shift", c_number(r.shift)},
            {"act_min", c_number(r.act_min)}, {"act_max", c_number(r.act_max)}};
}

// The parameter struct's initializer fields.
std::vector<Field> struct_fields(const Layer& l, const LayerParams& p, const std::vector<LinearPart>& parts) {
    const std::string id = c_identifier(l.name);
    switch (l.op) {
        case OpKind::Input: break;
        case OpKind::PatchEmbed: {
            const vit_patch_embed_params& s = p.patch_params;
            return linear_fields({{"height", c_number(s.height)}, {"width", c_number(s.width)},
                                  {"channels", c_number(s.channels)}, {"patch", c_number(s.patch)},
                                  {"embed_dim", c_number(s.embed_dim)}},
                                 parts.at(0), s);
        }
        case OpKind::PosEmbed:
        case OpKind::Residual: return residual_fields(p.residual_params);
        case OpKind::LayerNorm: {
            const vit_layernorm_params& s = p.ln_params;
            return {{"dim", c_number(s.dim)}, {"gamma", id + "_g"}, {"beta", id + "_b"}, {"out_mult", id + "_m"},
                    {"out_shift", id + "_s"}, {"in_zp", c_number(s.in_zp)}, {"out_zp", c_number(s.out_zp)},
                    {"var_eps", c_number(s.var_eps)}, {"sqrt_iters", c_number(s.sqrt_iters)}};
        }
        case OpKind::Linear:
        case OpKind::Classifier:
            if (l.linear.rank == 0) return linear_fields(parts.at(0), p.linear_params);
            return {{"v", designated(linear_fields(parts.at(0), p.lowrank_params.v))},
                    {"u", designated(linear_fields(parts.at(1), p.lowrank_params.u))}};
        case OpKind::Attention: {
            const vit_mhsa_params& s = p.mhsa_params;
            return {{"n_tokens", c_number(s.n_tokens)}, {"n_heads", c_number(s.n_heads)},
                    {"head_dim", c_number(s.head_dim)}, {"qkv_stride", c_number(s.qkv_stride)},
                    {"out_stride", c_number(s.out_stride)}, {"q_zp", c_number(s.q_zp)}, {"k_zp", c_number(s.k_zp)},
                    {"v_zp", c_number(s.v_zp)}, {"out_zp", c_number(s.out_zp)}, {"score_mult", c_number(s.score_mult)},
                    {"score_shift", c_number(s.score_shift)}, {"out_mult", c_number(s.out_mult)},
                    {"out_shift", c_number(s.out_shift)}};
        }
        case OpKind::Gelu: {
            const vit_gelu_params& s = p.gelu_params;
            return {{"in_zp", c_number(s.in_zp)}, {"out_zp", c_number(s.out_zp)}, {"sig_mult", c_number(s.sig_mult)},
                    {"sig_shift", c_number(s.sig_shift)}, {"out_mult", c_number(s.out_mult)},
                    {"out_shift", c_number(s.out_shift)}};
        }
        case OpKind::MeanPool: {
            const vit_pool_mean_params& s = p.pool_params;
            return {{"n_tokens", c_number(s.n_tokens)}, {"dim", c_number(s.dim)}, {"in_zp", c_number(s.in_zp)},
                    {"out_zp", c_number(s.out_zp)}, {"mult", c_number(s.mult)}, {"shift", c_number(s.shift)}};
        }
    }
    return {};
}

}  // namespace

std::vector<LinearPart> linear_parts(const Layer& layer, const LayerParams& params) {
    const std::string id = c_identifier(layer.name);
    if (!has_weight_matrix(layer.op)) return {};
    if (layer.linear.rank != 0) return {{id + "_v", "v.", params.v}, {id + "_u", "u.", params.u}};
    return {{id, "", params.linear}};
}

const char* parameter_struct_type(const Layer& layer) {
    switch (layer.op) {
        case OpKind::Input: return "";
        case OpKind::PatchEmbed: return "vit_patch_embed_params";
        case OpKind::PosEmbed:
        case OpKind::Residual: return "vit_residual_params";
        case OpKind::LayerNorm: return "vit_layernorm_params";
        case OpKind::Linear:
        case OpKind::Classifier: return layer.linear.rank != 0 ? "vit_lowrank_params" : "vit_linear_params";
        case OpKind::Attention: return "vit_mhsa_params";
        case OpKind::Gelu: return "vit_gelu_params";
        case OpKind::MeanPool: return "vit_pool_mean_params";
    }
    return "";
}

std::string parameter_struct_name(const Layer& layer) { return c_identifier(layer.name) + "_p"; }

std::string weights_array_name(const LinearPart& part) { return part.base + "_w"; }

std::string table_array_name(const Layer& layer) { return c_identifier(layer.name) + "_table"; }

void emit_layer_parameters(std::string& out, const Layer& l, const LayerParams& p) {
    const std::string id = c_identifier(l.name);
    fmt::format_to(std::back_inserter(out), "\n/* {} ({}) */\n", l.name, to_string(l.op));
    if (l.op == OpKind::Input || l.op == OpKind::PosEmbed) {
        emit_const_array(out, "int8_t", table_array_name(l), p.table);
    }
    if (l.op == OpKind::LayerNorm) {
        emit_const_array(out, "int8_t", id + "_g", p.gamma);
        emit_const_array(out, "int32_t", id + "_b", p.beta);
        emit_const_array(out, "int32_t", id + "_m", p.ln_mult);
        emit_const_array(out, "int32_t", id + "_s", p.ln_shift);
    }
    const std::vector<LinearPart> parts = linear_parts(l, p);
    for (const LinearPart& part : parts) emit_linear_arrays(out, part);
    if (l.op != OpKind::Input) {
        emit_const_struct(out, parameter_struct_type(l), parameter_struct_name(l), struct_fields(l, p, parts));
    }
}

}  // namespace mcuprof::planner::codegen

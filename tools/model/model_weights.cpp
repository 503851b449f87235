#include "tools/model/model_weights.hpp"

#include "emulator/text/error.hpp"

#include <cmath>
#include <map>

namespace mcuprof::planner {
namespace {

// xorshift32 seeded from the model seed and the layer name (FNV-1a), so a
// layer's parameters do not depend on the schedule or on other layers.
class Rng {
public:
    Rng(uint32_t seed, const std::string& name) {
        uint32_t h = 2166136261u ^ seed;
        for (char c : name) h = (h ^ uint8_t(c)) * 16777619u;
        state_ = h == 0 ? 0x9E3779B9u : h;
    }
    uint32_t next() {
        state_ ^= state_ << 13;
        state_ ^= state_ >> 17;
        state_ ^= state_ << 5;
        return state_;
    }
    int8_t weight() { return int8_t(int32_t(next() % 255u) - 127); }
    double uniform(double lo, double hi) { return lo + (hi - lo) * double(next() >> 8) / double(1u << 24); }
    int32_t integer(int32_t lo, int32_t hi) { return lo + int32_t(next() % uint32_t(hi - lo + 1)); }

private:
    uint32_t state_;
};

// Activation quantization of a tensor: real = scale * (q - zp).
struct Quant {
    double scale = 1.0;
    int32_t zp = 0;
};

constexpr double kWeightStd = 73.3;   // std of uniform int8 weights in [-127, 127]
constexpr double kActStd = 40.0;      // target std of activations, in LSB

void check(vit_status st, const std::string& what) {
    if (st != VIT_OK) fail("quantizing {} failed (status {})", what, int(st));
}

// Weights, bias and per-channel multipliers of a layer with `out` channels and
// dot products of `in` terms; returns the output quantization.
Quant make_linear(Rng& rng, const std::string& name, int32_t in, int32_t out, const Quant& qin, bool with_bias,
                  LinearArrays& a) {
    a.weights.resize(size_t(in) * size_t(out));
    for (int8_t& w : a.weights) w = rng.weight();
    // Output scale chosen so that the accumulator's std maps to kActStd LSB.
    const double w_scale = 1.0 / 127.0;
    Quant q;
    q.scale = qin.scale * w_scale * std::sqrt(double(in)) * kWeightStd;
    q.zp = rng.integer(-8, 8);
    a.mult.resize(size_t(out));
    a.shift.resize(size_t(out));
    if (with_bias) a.bias.resize(size_t(out));
    const double acc_std = std::sqrt(double(in)) * kActStd * kWeightStd;
    for (int32_t o = 0; o < out; ++o) {
        const double s_w = w_scale * rng.uniform(0.75, 1.25);
        check(vit_quantize_multiplier(qin.scale * s_w / q.scale, &a.mult[size_t(o)], &a.shift[size_t(o)]),
              name + " multiplier");
        if (with_bias) a.bias[size_t(o)] = int32_t(rng.uniform(-0.25, 0.25) * acc_std);
    }
    return q;
}

vit_linear_params linear_struct(int32_t in, int32_t out, int32_t in_zp, int32_t out_zp) {
    vit_linear_params p{};
    p.in_dim = in;
    p.out_dim = out;
    p.in_zp = in_zp;
    p.out_zp = out_zp;
    p.act_min = -128;
    p.act_max = 127;
    return p;
}

Quant residual(Rng& rng, const Quant& a, const Quant& b, vit_residual_params& p, const std::string& name) {
    Quant q;
    q.scale = std::sqrt(a.scale * a.scale + b.scale * b.scale);
    q.zp = rng.integer(-4, 4);
    check(vit_residual_s8_params_init(a.scale, a.zp, b.scale, b.zp, q.scale, q.zp, &p), name);
    return q;
}

}  // namespace

void bind_arrays(LayerParams& p) {
    auto bind = [](vit_linear_params& s, const LinearArrays& a) {
        s.weights = a.weights.data();
        s.bias = a.bias.empty() ? nullptr : a.bias.data();
        s.out_mult = a.mult.data();
        s.out_shift = a.shift.data();
    };
    bind(p.linear_params, p.linear);
    bind(p.lowrank_params.v, p.v);
    bind(p.lowrank_params.u, p.u);
    p.patch_params.weights = p.linear.weights.data();
    p.patch_params.bias = p.linear.bias.empty() ? nullptr : p.linear.bias.data();
    p.patch_params.out_mult = p.linear.mult.data();
    p.patch_params.out_shift = p.linear.shift.data();
    p.ln_params.gamma = p.gamma.data();
    p.ln_params.beta = p.beta.data();
    p.ln_params.out_mult = p.ln_mult.data();
    p.ln_params.out_shift = p.ln_shift.data();
}

ModelWeights generate_weights(const ModelConfig& m, const Graph& g) {
    ModelWeights w;
    w.layers.resize(g.layers.size());
    std::map<int, Quant> quant;  // per tensor
    const int32_t n = m.tokens();
    const int32_t d = m.embed_dim;
    for (size_t i = 0; i < g.layers.size(); ++i) {
        const Layer& l = g.layers[i];
        LayerParams& p = w.layers[i];
        Rng rng(m.seed, l.name);
        const Quant qin = l.inputs.empty() ? Quant{} : quant.at(l.inputs[0]);
        Quant qout;
        switch (l.op) {
            case OpKind::Input: {
                p.table.resize(size_t(g.tensors[size_t(l.output)].size));
                for (int8_t& v : p.table) v = int8_t(rng.integer(-128, 127));
                qout = Quant{1.0 / 128.0, 0};
                break;
            }
            case OpKind::PatchEmbed: {
                const int32_t k = m.patch_size * m.patch_size * m.channels;
                qout = make_linear(rng, l.name, k, d, qin, true, p.linear);
                vit_patch_embed_params& s = p.patch_params;
                s.height = m.image_size;
                s.width = m.image_size;
                s.channels = m.channels;
                s.patch = m.patch_size;
                s.embed_dim = d;
                s.in_zp = qin.zp;
                s.out_zp = qout.zp;
                s.act_min = -128;
                s.act_max = 127;
                break;
            }
            case OpKind::PosEmbed: {
                p.table.resize(size_t(n) * size_t(d));
                for (int8_t& v : p.table) v = int8_t(rng.integer(-100, 100));
                const Quant qpos{qin.scale * 0.5, 0};
                qout = residual(rng, qin, qpos, p.residual_params, l.name);
                break;
            }
            case OpKind::LayerNorm: {
                qout = Quant{1.0 / 32.0, rng.integer(-4, 4)};
                p.gamma.resize(size_t(d));
                p.beta.resize(size_t(d));
                p.ln_mult.resize(size_t(d));
                p.ln_shift.resize(size_t(d));
                for (int32_t c = 0; c < d; ++c) {
                    check(vit_layernorm_s8_quantize_channel(rng.uniform(0.5, 1.5), rng.uniform(-0.25, 0.25),
                                                            qout.scale, &p.gamma[size_t(c)], &p.beta[size_t(c)],
                                                            &p.ln_mult[size_t(c)], &p.ln_shift[size_t(c)]),
                          l.name);
                }
                vit_layernorm_params& s = p.ln_params;
                s.dim = d;
                s.in_zp = qin.zp;
                s.out_zp = qout.zp;
                s.var_eps = vit_layernorm_s8_var_eps(1e-5, qin.scale, d);
                s.sqrt_iters = 3;  // the paper's choice
                break;
            }
            case OpKind::Linear:
            case OpKind::Classifier: {
                const LinearShape& sh = l.linear;
                if (sh.rank == 0) {
                    qout = make_linear(rng, l.name, sh.in_dim, sh.out_dim, qin, true, p.linear);
                    p.linear_params = linear_struct(sh.in_dim, sh.out_dim, qin.zp, qout.zp);
                } else {
                    const Quant qmid = make_linear(rng, l.name + ".v", sh.in_dim, sh.rank, qin, false, p.v);
                    qout = make_linear(rng, l.name + ".u", sh.rank, sh.out_dim, qmid, true, p.u);
                    p.lowrank_params.v = linear_struct(sh.in_dim, sh.rank, qin.zp, qmid.zp);
                    p.lowrank_params.u = linear_struct(sh.rank, sh.out_dim, qmid.zp, qout.zp);
                }
                break;
            }
            case OpKind::Attention: {
                vit_mhsa_params& s = p.mhsa_params;
                s.n_tokens = n;
                s.n_heads = m.heads;
                s.head_dim = m.head_dim();
                s.qkv_stride = 3 * d;
                s.out_stride = d;
                s.q_zp = s.k_zp = s.v_zp = qin.zp;
                qout = Quant{qin.scale, rng.integer(-4, 4)};
                s.out_zp = qout.zp;
                check(vit_mhsa_s8_set_scales(qin.scale, qin.scale, qin.scale, qout.scale, &s), l.name);
                break;
            }
            case OpKind::Residual: {
                qout = residual(rng, quant.at(l.inputs[0]), quant.at(l.inputs[1]), p.residual_params, l.name);
                break;
            }
            case OpKind::Gelu: {
                qout = Quant{qin.scale, -32};
                check(vit_gelu_s8_params_init(qin.scale, qin.zp, qout.scale, qout.zp, &p.gelu_params), l.name);
                break;
            }
            case OpKind::MeanPool: {
                vit_pool_mean_params& s = p.pool_params;
                s.n_tokens = n;
                s.dim = d;
                s.in_zp = qin.zp;
                qout = Quant{qin.scale, qin.zp};
                s.out_zp = qout.zp;
                check(vit_quantize_multiplier(1.0 / n, &s.mult, &s.shift), l.name);
                break;
            }
        }
        quant[l.output] = qout;
        bind_arrays(p);
    }
    return w;
}

}  // namespace mcuprof::planner

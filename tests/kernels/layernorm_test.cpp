// Integer square root (Algorithm 1) and integer LayerNorm.
#include <gtest/gtest.h>

#include <cstdio>

#include "kernel_test_util.hpp"

using namespace vit_test;

namespace {

uint32_t floor_sqrt(uint64_t x)
{
    uint64_t r = static_cast<uint64_t>(std::sqrt(static_cast<double>(x)));
    while (r * r > x) {
        --r;
    }
    while ((r + 1) * (r + 1) <= x) {
        ++r;
    }
    return static_cast<uint32_t>(r);
}

std::vector<uint32_t> sqrt_inputs()
{
    std::vector<uint32_t> xs;
    for (uint32_t x = 0; x < 70000; ++x) {
        xs.push_back(x);
    }
    for (int b = 1; b < 32; ++b) {
        const uint32_t p = 1u << b;
        xs.insert(xs.end(), {p - 1, p, p + 1});
    }
    xs.push_back(UINT32_MAX);
    std::mt19937 rng(21);
    for (int i = 0; i < 200000; ++i) {
        xs.push_back(static_cast<uint32_t>(rng()));
    }
    return xs;
}

TEST(Isqrt, ZeroAndSmallValues)
{
    EXPECT_EQ(vit_isqrt_u32(0, 3), 0u);
    EXPECT_EQ(vit_isqrt_u32(1, 1), 1u);
    EXPECT_EQ(vit_isqrt_u32(4, 4), 2u);
    EXPECT_EQ(vit_isqrt_u32(4294836225u, 6), 65535u);  // 65535^2
    // For x = k^2 - 1 the integer iteration alternates between k - 1 and k.
    const uint32_t r = vit_isqrt_u32(UINT32_MAX, 6);
    EXPECT_TRUE(r == 65535u || r == 65536u) << r;
    // Zero iterations return the starting point 2^ceil(ceil(log2 x) / 2).
    EXPECT_EQ(vit_isqrt_u32(17, 0), 8u);
    EXPECT_EQ(vit_isqrt_u32(16, 0), 4u);
}

// Algorithm 1 never goes below floor(sqrt(x)); the over-estimate shrinks
// quadratically with the iteration count. Relative bounds are stated on
// [2^30, 2^32), the range LayerNorm feeds it; everywhere, from 4 iterations
// on, the result is floor(sqrt(x)) or floor(sqrt(x)) + 1.
TEST(Isqrt, ErrorAsAFunctionOfIterations)
{
    const auto xs = sqrt_inputs();
    const double rel_bound[7] = {0, 0.2501, 0.0251, 3.1e-4, 3.1e-5, 3.1e-5, 3.1e-5};
    for (int t = 1; t <= 6; ++t) {
        double worst_rel = 0;
        uint32_t worst_abs_all = 0;
        for (uint32_t x : xs) {
            if (x == 0) {
                continue;
            }
            const uint32_t f = floor_sqrt(x);
            const uint32_t a = vit_isqrt_u32(x, t);
            ASSERT_GE(a, f) << "x " << x << " t " << t;
            worst_abs_all = std::max(worst_abs_all, a - f);
            if (x >= (1u << 30)) {
                worst_rel = std::max(worst_rel, double(a - f) / f);
            }
        }
        std::printf("[isqrt] iterations %d: max relative over-estimate on [2^30, 2^32) %.3g, "
                    "max absolute over all inputs %u\n",
                    t, worst_rel, worst_abs_all);
        EXPECT_LE(worst_rel, rel_bound[t]) << "t " << t;
        if (t >= 4) {
            EXPECT_LE(worst_abs_all, 1u) << "t " << t;
        }
    }
}

struct LnLayer {
    std::vector<double> gamma_r, beta_r;
    std::vector<int8_t> gamma;
    std::vector<int32_t> beta, mult, shift;
    vit_layernorm_params p{};
    double s_in, s_out, eps;
    int32_t in_zp, out_zp;

    LnLayer(std::mt19937 &rng, int32_t dim, double s_in_, int32_t in_zp_, double s_out_,
            int32_t out_zp_, int32_t iters, double eps_ = 1e-5)
        : s_in(s_in_), s_out(s_out_), eps(eps_), in_zp(in_zp_), out_zp(out_zp_)
    {
        std::uniform_real_distribution<double> g(0.3, 2.0), b(-1.0, 1.0);
        std::bernoulli_distribution neg(0.2);
        gamma.resize(dim);
        beta.resize(dim);
        mult.resize(dim);
        shift.resize(dim);
        for (int i = 0; i < dim; ++i) {
            gamma_r.push_back(neg(rng) ? -g(rng) : g(rng));
            beta_r.push_back(b(rng));
            EXPECT_EQ(vit_layernorm_s8_quantize_channel(gamma_r[i], beta_r[i], s_out, &gamma[i],
                                                        &beta[i], &mult[i], &shift[i]),
                      VIT_OK);
        }
        p = vit_layernorm_params{dim,    gamma.data(), beta.data(),
                                 mult.data(), shift.data(), in_zp,
                                 out_zp, vit_layernorm_s8_var_eps(eps, s_in, dim), iters};
    }
};

// Integer reference written from the documented arithmetic (own square root).
uint32_t ref_alg1(uint32_t x, int t)
{
    if (x == 0) {
        return 0;
    }
    int P = 0;
    while ((uint64_t{1} << P) < x) {
        ++P;
    }
    uint64_t xi = uint64_t{1} << ((P + 1) / 2);
    for (int i = 0; i < t; ++i) {
        xi = (xi + x / xi) / 2;
    }
    return static_cast<uint32_t>(xi);
}

std::vector<int8_t> ref_layernorm(const vit_layernorm_params &p, int32_t n, const int8_t *in)
{
    std::vector<int8_t> out(static_cast<size_t>(n) * p.dim);
    for (int t = 0; t < n; ++t) {
        const int8_t *x = in + t * p.dim;
        int64_t sum = 0, sumsq = 0;
        for (int i = 0; i < p.dim; ++i) {
            sum += x[i] - p.in_zp;
            sumsq += int64_t{x[i] - p.in_zp} * (x[i] - p.in_zp);
        }
        uint64_t v = static_cast<uint64_t>((p.dim * sumsq - sum * sum) * 256 + p.var_eps);
        int m = 0;
        int64_t recip = 0;
        int b = 0;
        if (v != 0) {
            while (v < (uint64_t{1} << 30)) {
                v *= 4;
                ++m;
            }
            while (v >= (uint64_t{1} << 32)) {
                v /= 4;
                --m;
            }
            const uint32_t s = ref_alg1(static_cast<uint32_t>(v), p.sqrt_iters);
            while ((uint64_t{1} << (b + 1)) <= s) {
                ++b;
            }
            recip = static_cast<int64_t>((uint64_t{1} << (31 + b)) / s);
        }
        for (int i = 0; i < p.dim; ++i) {
            const int64_t c = int64_t{p.dim} * (x[i] - p.in_zp) - sum;
            const int sh = 31 + b - (m + 4) - 16;
            const int64_t nq = floor_div_pow2(c * recip + (int64_t{1} << (sh - 1)), sh);
            const int64_t acc = p.gamma[i] * nq + (p.beta ? p.beta[i] : 0);
            out[t * p.dim + i] = static_cast<int8_t>(
                clamp_i(ref_rescale(acc, p.out_mult[i], p.out_shift[i]) + p.out_zp, -128, 127));
        }
    }
    return out;
}

// Float LayerNorm of quantized inputs, in output units (before rounding).
std::vector<double> float_layernorm(const LnLayer &l, int32_t n, const int8_t *in)
{
    const int d = l.p.dim;
    std::vector<double> out(static_cast<size_t>(n) * d);
    for (int t = 0; t < n; ++t) {
        double mean = 0, var = 0;
        for (int i = 0; i < d; ++i) {
            mean += l.s_in * (in[t * d + i] - l.in_zp);
        }
        mean /= d;
        for (int i = 0; i < d; ++i) {
            const double c = l.s_in * (in[t * d + i] - l.in_zp) - mean;
            var += c * c;
        }
        var /= d;
        for (int i = 0; i < d; ++i) {
            const double x = l.s_in * (in[t * d + i] - l.in_zp);
            const double y = l.gamma_r[i] * (x - mean) / std::sqrt(var + l.eps) + l.beta_r[i];
            out[t * d + i] = y / l.s_out + l.out_zp;
        }
    }
    return out;
}

// Rows with wide and with narrow spread (small variances test the scaling
// of the square root input).
std::vector<int8_t> ln_input(std::mt19937 &rng, int32_t n, int32_t d)
{
    std::vector<int8_t> x;
    for (int t = 0; t < n; ++t) {
        const int spread = (t % 3 == 0) ? 127 : (t % 3 == 1 ? 20 : 2);
        std::uniform_int_distribution<int> center(-100, 100);
        const int c = center(rng);
        const auto row = random_s8(rng, d, std::max(-128, c - spread), std::min(127, c + spread));
        x.insert(x.end(), row.begin(), row.end());
    }
    return x;
}

TEST(LayerNorm, MatchesIntegerReference)
{
    const int32_t dims[] = {1, 2, 7, 48, 192, 385, 1024};
    const int32_t zps[] = {-128, 127, 0};
    std::mt19937 rng(22);
    for (int32_t d : dims) {
        for (int32_t zp : zps) {
            for (int it = 1; it <= 6; ++it) {
                LnLayer l(rng, d, 0.05, zp, 0.06, -2, it);
                const int n = 4;
                const auto x = ln_input(rng, n, d);
                std::vector<int8_t> y(x.size());
                ASSERT_EQ(vit_layernorm_s8(&l.p, n, x.data(), y.data()), VIT_OK);
                EXPECT_EQ(y, ref_layernorm(l.p, n, x.data())) << "d " << d << " it " << it;
            }
        }
    }
}

// Error against float LayerNorm, as a function of the square-root iteration
// count. Bounds (output LSB) are the measured maxima rounded up.
TEST(LayerNorm, FloatErrorAsAFunctionOfSqrtIterations)
{
    const double bound[7] = {0, 12.0, 2.0, 0.55, 0.501, 0.501, 0.501};
    std::mt19937 rng(23);
    for (int it = 1; it <= 6; ++it) {
        double worst = 0, mean_abs = 0;
        size_t count = 0;
        for (int32_t d : {48, 192, 7}) {
            LnLayer l(rng, d, 0.05, -5, 0.06, 0, it);
            const int n = 30;
            const auto x = ln_input(rng, n, d);
            std::vector<int8_t> y(x.size());
            ASSERT_EQ(vit_layernorm_s8(&l.p, n, x.data(), y.data()), VIT_OK);
            const auto f = float_layernorm(l, n, x.data());
            for (size_t i = 0; i < y.size(); ++i) {
                const double fc = std::min(127.0, std::max(-128.0, f[i]));
                const double e = std::abs(y[i] - fc);
                worst = std::max(worst, e);
                mean_abs += e;
                ++count;
            }
        }
        std::printf("[layernorm] sqrt iterations %d: max |error| %.3f LSB, mean %.3f LSB\n", it,
                    worst, mean_abs / count);
        EXPECT_LE(worst, bound[it]) << "iterations " << it;
    }
}

TEST(LayerNorm, ConstantRowGivesBetaAndInPlaceWorks)
{
    std::mt19937 rng(24);
    LnLayer l(rng, 16, 0.05, 3, 0.06, 1, 4, 0.0);
    EXPECT_EQ(l.p.var_eps, 0);
    std::vector<int8_t> x(16 * 2, 42);
    std::vector<int8_t> y(32);
    ASSERT_EQ(vit_layernorm_s8(&l.p, 2, x.data(), y.data()), VIT_OK);
    for (int i = 0; i < 16; ++i) {
        EXPECT_NEAR(y[i], l.beta_r[i] / l.s_out + 1, 0.5 + 1e-6);
    }
    // In place.
    auto z = ln_input(rng, 3, 16);
    const auto expect = ref_layernorm(l.p, 3, z.data());
    ASSERT_EQ(vit_layernorm_s8(&l.p, 3, z.data(), z.data()), VIT_OK);
    EXPECT_EQ(z, expect);
}

TEST(LayerNorm, SaturatesAtInt8Range)
{
    std::mt19937 rng(25);
    LnLayer l(rng, 64, 0.05, 0, 0.005, 0, 4);  // tiny output scale
    const auto x = random_s8(rng, 64 * 2);
    std::vector<int8_t> y(x.size());
    ASSERT_EQ(vit_layernorm_s8(&l.p, 2, x.data(), y.data()), VIT_OK);
    EXPECT_EQ(y, ref_layernorm(l.p, 2, x.data()));
    int saturated = 0;
    for (int8_t v : y) {
        saturated += (v == 127 || v == -128);
    }
    EXPECT_GT(saturated, 32);
}

TEST(LayerNorm, InvalidParametersReturnStatus)
{
    std::mt19937 rng(26);
    LnLayer l(rng, 8, 0.05, 0, 0.06, 0, 3);
    std::vector<int8_t> x(16), y(16);
    EXPECT_EQ(vit_layernorm_s8(nullptr, 2, x.data(), y.data()), VIT_ERR_NULL);
    EXPECT_EQ(vit_layernorm_s8(&l.p, 2, nullptr, y.data()), VIT_ERR_NULL);
    EXPECT_EQ(vit_layernorm_s8(&l.p, 2, x.data(), nullptr), VIT_ERR_NULL);
    EXPECT_EQ(vit_layernorm_s8(&l.p, 0, x.data(), y.data()), VIT_ERR_DIM);
    vit_layernorm_params bad = l.p;
    bad.gamma = nullptr;
    EXPECT_EQ(vit_layernorm_s8(&bad, 2, x.data(), y.data()), VIT_ERR_NULL);
    bad = l.p;
    bad.out_mult = nullptr;
    EXPECT_EQ(vit_layernorm_s8(&bad, 2, x.data(), y.data()), VIT_ERR_NULL);
    bad = l.p;
    bad.out_shift = nullptr;
    EXPECT_EQ(vit_layernorm_s8(&bad, 2, x.data(), y.data()), VIT_ERR_NULL);
    bad = l.p;
    bad.dim = 0;
    EXPECT_EQ(vit_layernorm_s8(&bad, 2, x.data(), y.data()), VIT_ERR_DIM);
    bad = l.p;
    bad.dim = VIT_LAYERNORM_MAX_DIM + 1;
    EXPECT_EQ(vit_layernorm_s8(&bad, 2, x.data(), y.data()), VIT_ERR_DIM);
    bad = l.p;
    bad.sqrt_iters = 0;
    EXPECT_EQ(vit_layernorm_s8(&bad, 2, x.data(), y.data()), VIT_ERR_PARAM);
    bad = l.p;
    bad.var_eps = -1;
    EXPECT_EQ(vit_layernorm_s8(&bad, 2, x.data(), y.data()), VIT_ERR_PARAM);
    bad = l.p;
    bad.in_zp = 200;
    EXPECT_EQ(vit_layernorm_s8(&bad, 2, x.data(), y.data()), VIT_ERR_PARAM);
}

}  // namespace

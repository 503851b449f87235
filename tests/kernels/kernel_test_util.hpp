// Shared helpers for the kernel tests: seeded random data, an independent
// integer reference of the fixed-point rescaling, and real-valued scales.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

extern "C" {
#include "vit/vit.h"
}

namespace vit_test {

inline std::vector<int8_t> random_s8(std::mt19937 &rng, size_t n, int lo = -128, int hi = 127)
{
    std::uniform_int_distribution<int> d(lo, hi);
    std::vector<int8_t> v(n);
    for (auto &x : v) {
        x = static_cast<int8_t>(d(rng));
    }
    return v;
}

inline std::vector<int32_t> random_s32(std::mt19937 &rng, size_t n, int32_t lo, int32_t hi)
{
    std::uniform_int_distribution<int32_t> d(lo, hi);
    std::vector<int32_t> v(n);
    for (auto &x : v) {
        x = d(rng);
    }
    return v;
}

// floor(a / 2^n) for any sign, written with division rather than shifts.
inline int64_t floor_div_pow2(int64_t a, int n)
{
    const int64_t d = int64_t{1} << n;
    int64_t q = a / d;
    if ((a % d) != 0 && a < 0) {
        q -= 1;
    }
    return q;
}

// Reference of the documented rescale: round-half-up of acc * mult / 2^(31 - shift + extra).
inline int64_t ref_rescale(int64_t acc, int32_t mult, int32_t shift, int extra = 0)
{
    const int n = 31 - shift + extra;
    return floor_div_pow2(acc * mult + (int64_t{1} << (n - 1)), n);
}

inline int32_t clamp_i(int64_t v, int32_t lo, int32_t hi)
{
    return static_cast<int32_t>(std::min<int64_t>(hi, std::max<int64_t>(lo, v)));
}

// The real factor a (mult, shift) pair encodes.
inline double real_of(int32_t mult, int32_t shift)
{
    return std::ldexp(static_cast<double>(mult), shift - 31);
}

// A linear layer with owned storage.
struct LinearLayer {
    std::vector<int8_t> w;
    std::vector<int32_t> bias, mult, shift;
    vit_linear_params p{};

    LinearLayer(std::mt19937 &rng, int32_t in_dim, int32_t out_dim, int32_t in_zp,
                int32_t out_zp, int32_t shift_value = -9, int wlo = -127, int whi = 127)
    {
        w = random_s8(rng, static_cast<size_t>(in_dim) * out_dim, wlo, whi);
        bias = random_s32(rng, out_dim, -40000, 40000);
        mult = random_s32(rng, out_dim, 1 << 30, INT32_MAX);
        shift.assign(out_dim, shift_value);
        p.in_dim = in_dim;
        p.out_dim = out_dim;
        p.weights = w.data();
        p.bias = bias.data();
        p.out_mult = mult.data();
        p.out_shift = shift.data();
        p.in_zp = in_zp;
        p.out_zp = out_zp;
        p.act_min = -128;
        p.act_max = 127;
    }
    LinearLayer(const LinearLayer &) = delete;
    LinearLayer &operator=(const LinearLayer &) = delete;
};

// Straightforward integer reference of a linear layer.
inline std::vector<int8_t> ref_linear(const vit_linear_params &p, int32_t n,
                                      const int8_t *in)
{
    std::vector<int8_t> out(static_cast<size_t>(n) * p.out_dim);
    for (int32_t t = 0; t < n; ++t) {
        for (int32_t o = 0; o < p.out_dim; ++o) {
            int64_t acc = p.bias ? p.bias[o] : 0;
            for (int32_t i = 0; i < p.in_dim; ++i) {
                acc += (int64_t{in[t * p.in_dim + i]} - p.in_zp) * p.weights[o * p.in_dim + i];
            }
            out[t * p.out_dim + o] = static_cast<int8_t>(clamp_i(
                ref_rescale(acc, p.out_mult[o], p.out_shift[o]) + p.out_zp, p.act_min, p.act_max));
        }
    }
    return out;
}

// Float reference of a linear layer (before rounding), in output units.
inline double float_linear(const vit_linear_params &p, const int8_t *x_row, int32_t o)
{
    double acc = p.bias ? p.bias[o] : 0;
    for (int32_t i = 0; i < p.in_dim; ++i) {
        acc += (double(x_row[i]) - p.in_zp) * p.weights[o * p.in_dim + i];
    }
    return acc * real_of(p.out_mult[o], p.out_shift[o]) + p.out_zp;
}

inline vit_scratch make_scratch(std::vector<int32_t> &storage, int32_t bytes)
{
    storage.assign(static_cast<size_t>(std::max(bytes, 4) + 3) / 4, 0x5A5A5A5A);
    return vit_scratch{storage.data(), bytes};
}

}  // namespace vit_test

// Integer references of the softmax/GeLU exponential shared by the kernel
// tests, written from the documented arithmetic (not from the kernels).
#pragma once

#include <algorithm>
#include <cstdint>

#include "kernel_test_util.hpp"

namespace vit_test {

// y (Q24, <= 0, at least -32) from an integer difference d and a (mult,
// shift) real factor.
inline int64_t ref_log2_q24(int64_t d, int32_t mult, int32_t shift)
{
    const int n = 7 - shift;
    const int64_t y = n >= 1 ? floor_div_pow2(d * mult + (int64_t{1} << (n - 1)), n)
                             : d * mult * (int64_t{1} << -n);
    return std::max<int64_t>(y, -(int64_t{32} << 24));
}

// 2^y in Q30: y = z + f, z = round(y), Taylor polynomial of degree 5 in f.
inline int64_t ref_exp2_q30(int64_t y)
{
    static const int64_t c[6] = {1073741824, 744261118, 257941248, 59597083, 10327387, 1431680};
    const int64_t z = floor_div_pow2(y + (1 << 23), 24);
    if (z < -31) {
        return 0;
    }
    const int64_t f = (y - z * (1 << 24)) * 64;
    int64_t r = c[5];
    for (int k = 4; k >= 0; --k) {
        r = c[k] + floor_div_pow2(r * f + (int64_t{1} << 29), 30);
    }
    return z == 0 ? r : floor_div_pow2(r + (int64_t{1} << (-z - 1)), static_cast<int>(-z));
}

}  // namespace vit_test

/*
 * Internal: fixed-point exponential shared by softmax, attention and GeLU.
 *
 * Exponentials are computed in base 2: e^(s * d) = 2^(d * s * log2(e)). The
 * caller folds s * log2(e) into a fixed-point multiplier; vit_to_log2_q24
 * turns an integer difference d <= 0 into y = d * s * log2(e) in Q24 (24
 * fractional bits), and vit_exp2_q24 returns 2^y in Q30 (1.0 = 2^30).
 */
#ifndef VIT_SRC_FIXED_EXP_H
#define VIT_SRC_FIXED_EXP_H

#include <stdint.h>

#define VIT_LOG2_FRAC_BITS 24
#define VIT_EXP_ONE_Q30 (1 << 30)
/* 2^-32 is below the Q30 resolution: inputs under this are clamped. */
#define VIT_LOG2_MIN_Q24 (-(32 << VIT_LOG2_FRAC_BITS))

/* y = d * mult * 2^(shift - 31) in Q24, rounded, clamped to >= VIT_LOG2_MIN_Q24.
 * d <= 0, |d| < 2^31; mult in [0, 2^31); shift in [-31, 30]. */
int32_t vit_to_log2_q24(int64_t d, int32_t mult, int32_t shift);

/* 2^y for y <= 0 in Q24; result in Q30, in [0, 2^30]. 2^0 is exactly 2^30.
 * Degree-5 polynomial on [-0.5, 0.5] after rounding y to an integer:
 * relative error below 3e-6. */
int32_t vit_exp2_q24(int32_t y);

/* floor(2^61 / sum) for a softmax denominator sum >= 2^30. */
uint64_t vit_softmax_recip(uint64_t sum);

/* e * 2^bits / sum, rounded, given recip = vit_softmax_recip(sum);
 * e <= 2^30 (so e * recip < 2^62), bits in [1, 30]. */
static inline int32_t vit_softmax_prob(int32_t e, uint64_t recip, int32_t bits)
{
    const int32_t n = 61 - bits;
    return (int32_t)(((uint64_t)e * recip + ((uint64_t)1 << (n - 1))) >> n);
}

#endif /* VIT_SRC_FIXED_EXP_H */

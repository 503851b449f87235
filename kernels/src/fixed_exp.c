/* Fixed-point base-2 exponential (see fixed_exp.h). */
#include <stdint.h>

#include "fixed_exp.h"
#include "requantize.h"

/* (ln 2)^k / k! in Q30, k = 0..5: the Taylor coefficients of 2^f = e^(f ln 2). */
static const int32_t vit_exp2_coef_q30[6] = {
    1073741824, 744261118, 257941248, 59597083, 10327387, 1431680,
};

int32_t vit_to_log2_q24(int64_t d, int32_t mult, int32_t shift)
{
    const int64_t prod = d * (int64_t)mult; /* <= 0 */
    const int32_t n = 31 - VIT_LOG2_FRAC_BITS - shift;
    int64_t y;
    if (n >= 1) {
        y = vit_rshift_round(prod, n);
    } else if (prod < VIT_LOG2_MIN_Q24) {
        y = VIT_LOG2_MIN_Q24; /* scaling up only makes it more negative */
    } else {
        y = prod * ((int64_t)1 << -n);
    }
    return y < VIT_LOG2_MIN_Q24 ? VIT_LOG2_MIN_Q24 : (int32_t)y;
}

int32_t vit_exp2_q24(int32_t y)
{
    if (y > 0) {
        y = 0;
    }
    /* y = z + f with z = round(y) <= 0 and f in [-0.5, 0.5). */
    const int32_t z = (y + (1 << (VIT_LOG2_FRAC_BITS - 1))) >> VIT_LOG2_FRAC_BITS;
    if (z < -31) {
        return 0;
    }
    const int32_t f = (y - z * (1 << VIT_LOG2_FRAC_BITS)) * (1 << (30 - VIT_LOG2_FRAC_BITS));
    int32_t r = vit_exp2_coef_q30[5];
    for (int32_t k = 4; k >= 0; --k) {
        r = vit_exp2_coef_q30[k] + (int32_t)vit_rshift_round((int64_t)r * f, 30);
    }
    if (z == 0) {
        return r;
    }
    return (int32_t)vit_rshift_round(r, -z);
}

uint64_t vit_softmax_recip(uint64_t sum)
{
    return ((uint64_t)1 << 61) / sum;
}

/* Integer row-wise softmax, int8 in and out (see vit/activation.h). */
#include <stddef.h>
#include <stdint.h>

#include "fixed_exp.h"
#include "internal.h"
#include "vit/activation.h"

/* Output quantization: probability p is stored as round(p * 2^8) - 128. */
#define VIT_SOFTMAX_OUT_BITS 8

vit_status vit_softmax_s8(const vit_softmax_params *p, int32_t rows, int32_t cols,
                          const int8_t *in, int8_t *out)
{
    if (p == NULL || in == NULL || out == NULL) {
        return VIT_ERR_NULL;
    }
    if (rows <= 0 || cols <= 0 || cols > VIT_MAX_TOKENS) {
        return VIT_ERR_DIM;
    }
    if (p->input_mult < 0 || !vit_shift_ok(p->input_shift)) {
        return VIT_ERR_PARAM;
    }
    for (int32_t r = 0; r < rows; ++r) {
        const int8_t *x = in + (size_t)r * (size_t)cols;
        int8_t *y = out + (size_t)r * (size_t)cols;
        int32_t max = x[0];
        for (int32_t j = 1; j < cols; ++j) {
            if (x[j] > max) {
                max = x[j];
            }
        }
        /* The maximum contributes exactly 2^30, so sum >= 2^30. The
         * exponentials are recomputed in the output pass instead of being
         * stored: no scratch, and out may alias in. */
        uint64_t sum = 0;
        for (int32_t j = 0; j < cols; ++j) {
            sum += (uint64_t)vit_exp2_q24(
                vit_to_log2_q24((int64_t)x[j] - max, p->input_mult, p->input_shift));
        }
        const uint64_t recip = vit_softmax_recip(sum);
        for (int32_t j = 0; j < cols; ++j) {
            const int32_t e = vit_exp2_q24(
                vit_to_log2_q24((int64_t)x[j] - max, p->input_mult, p->input_shift));
            const int32_t q = vit_softmax_prob(e, recip, VIT_SOFTMAX_OUT_BITS) - 128;
            y[j] = (int8_t)(q > 127 ? 127 : q);
        }
    }
    return VIT_OK;
}

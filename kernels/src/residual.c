/* Residual addition with requantization (see vit/elementwise.h). */
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "requantize.h"
#include "vit/elementwise.h"

vit_status vit_residual_add_s8(const vit_residual_params *p, const int8_t *a, const int8_t *b,
                               int8_t *out, int32_t size)
{
    if (p == NULL || a == NULL || b == NULL || out == NULL) {
        return VIT_ERR_NULL;
    }
    if (size <= 0) {
        return VIT_ERR_DIM;
    }
    if (!vit_is_s8(p->a_zp) || !vit_is_s8(p->b_zp) || !vit_is_s8(p->out_zp) ||
        !vit_is_s8(p->act_min) || !vit_is_s8(p->act_max) || p->act_min > p->act_max ||
        p->a_mult < 0 || p->b_mult < 0 || p->shift < 1 || p->shift > 62) {
        return VIT_ERR_PARAM;
    }
    for (int32_t i = 0; i < size; ++i) {
        /* |a - a_zp| <= 255 and mult < 2^31: the sum stays below 2^40. */
        const int64_t s = ((int64_t)a[i] - p->a_zp) * p->a_mult +
                          ((int64_t)b[i] - p->b_zp) * p->b_mult;
        int64_t r = vit_rshift_round(s, p->shift) + p->out_zp;
        if (r < p->act_min) {
            r = p->act_min;
        }
        if (r > p->act_max) {
            r = p->act_max;
        }
        out[i] = (int8_t)r;
    }
    return VIT_OK;
}

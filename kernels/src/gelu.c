/*
 * Integer GeLU, approximated as x * sigmoid(1.702 x) (MCUFormer eq. 7), and
 * its 256-entry lookup table (see vit/activation.h).
 */
#include <stddef.h>
#include <stdint.h>

#include "fixed_exp.h"
#include "internal.h"
#include "requantize.h"
#include "vit/activation.h"

#define VIT_SIGMOID_BITS 15

static vit_status vit_check_gelu(const vit_gelu_params *p)
{
    if (p == NULL) {
        return VIT_ERR_NULL;
    }
    if (!vit_is_s8(p->in_zp) || !vit_is_s8(p->out_zp) || p->sig_mult < 0 || p->out_mult < 0 ||
        !vit_shift_ok(p->sig_shift) || !vit_shift_ok(p->out_shift)) {
        return VIT_ERR_PARAM;
    }
    return VIT_OK;
}

static int8_t vit_gelu_one(const vit_gelu_params *p, int32_t x)
{
    const int32_t xr = x - p->in_zp;
    const int32_t mag = xr < 0 ? -xr : xr;
    /* e = exp(-1.702 s_in |xr|) in Q30, in (0, 1]. */
    const int32_t e = vit_exp2_q24(vit_to_log2_q24(-(int64_t)mag, p->sig_mult, p->sig_shift));
    /* 1 / (1 + e) in Q15 with one 32-bit division: the denominator is taken
     * to Q16 (65536 .. 131072), the quotient 2^31 / den is then in Q15. */
    const uint32_t den = ((uint32_t)VIT_EXP_ONE_Q30 + (uint32_t)e + (1u << 13)) >> 14;
    const int32_t r = (int32_t)(((1u << 31) + den / 2u) / den);
    const int32_t sig = xr >= 0 ? r : (1 << VIT_SIGMOID_BITS) - r;
    return (int8_t)vit_requant_clamp(xr * sig, p->out_mult, p->out_shift, VIT_SIGMOID_BITS,
                                     p->out_zp, -128, 127);
}

vit_status vit_gelu_s8(const vit_gelu_params *p, const int8_t *in, int8_t *out, int32_t size)
{
    const vit_status st = vit_check_gelu(p);
    if (st != VIT_OK) {
        return st;
    }
    if (in == NULL || out == NULL) {
        return VIT_ERR_NULL;
    }
    if (size <= 0) {
        return VIT_ERR_DIM;
    }
    for (int32_t i = 0; i < size; ++i) {
        out[i] = vit_gelu_one(p, in[i]);
    }
    return VIT_OK;
}

vit_status vit_gelu_s8_make_lut(const vit_gelu_params *p, int8_t lut[256])
{
    const vit_status st = vit_check_gelu(p);
    if (st != VIT_OK) {
        return st;
    }
    if (lut == NULL) {
        return VIT_ERR_NULL;
    }
    for (int32_t i = 0; i < 256; ++i) {
        lut[i] = vit_gelu_one(p, i - 128);
    }
    return VIT_OK;
}

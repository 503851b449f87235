/* Integer parameters from real scales (see vit/quant.h). */
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "vit/quant.h"

int32_t vit_round_to_i32(double v)
{
    if (v >= 2147483647.0) {
        return INT32_MAX;
    }
    if (v <= -2147483648.0) {
        return INT32_MIN;
    }
    const double r = v >= 0.0 ? v + 0.5 : v - 0.5;
    return (int32_t)r; /* conversion truncates toward zero */
}

/* sqrt by Newton's method in double (no libm), for x > 0. */
static double vit_sqrt_d(double x)
{
    double r = x > 1.0 ? x : 1.0;
    for (int i = 0; i < 200; ++i) {
        const double next = 0.5 * (r + x / r);
        if (next >= r) {
            break;
        }
        r = next;
    }
    return r;
}

vit_status vit_quantize_multiplier(double real, int32_t *mult, int32_t *shift)
{
    if (mult == NULL || shift == NULL) {
        return VIT_ERR_NULL;
    }
    if (!(real > 0.0) || real >= 1073741824.0) {
        return VIT_ERR_PARAM;
    }
    /* real = m * 2^s with m in [0.5, 1). */
    int32_t s = 0;
    double m = real;
    while (m >= 1.0) {
        m *= 0.5;
        ++s;
    }
    while (m < 0.5) {
        m *= 2.0;
        --s;
    }
    int64_t q = (int64_t)(m * 2147483648.0 + 0.5);
    if (q == ((int64_t)1 << 31)) {
        q >>= 1;
        ++s;
    }
    if (s < VIT_SHIFT_MIN) {
        const int32_t d = VIT_SHIFT_MIN - s;
        q = d > 62 ? 0 : (q + ((int64_t)1 << (d - 1))) >> d;
        s = VIT_SHIFT_MIN;
    }
    if (q <= 0 || s > VIT_SHIFT_MAX) {
        return VIT_ERR_PARAM;
    }
    *mult = (int32_t)q;
    *shift = s;
    return VIT_OK;
}

vit_status vit_gelu_s8_params_init(double s_in, int32_t in_zp, double s_out, int32_t out_zp,
                                   vit_gelu_params *p)
{
    if (p == NULL) {
        return VIT_ERR_NULL;
    }
    if (!(s_in > 0.0) || !(s_out > 0.0) || !vit_is_s8(in_zp) || !vit_is_s8(out_zp)) {
        return VIT_ERR_PARAM;
    }
    p->in_zp = in_zp;
    p->out_zp = out_zp;
    vit_status st = vit_quantize_multiplier(1.702 * s_in * VIT_LOG2E, &p->sig_mult, &p->sig_shift);
    if (st == VIT_OK) {
        st = vit_quantize_multiplier(s_in / s_out, &p->out_mult, &p->out_shift);
    }
    return st;
}

vit_status vit_softmax_s8_params_init(double s_in, double beta, vit_softmax_params *p)
{
    if (p == NULL) {
        return VIT_ERR_NULL;
    }
    if (!(s_in > 0.0) || !(beta > 0.0)) {
        return VIT_ERR_PARAM;
    }
    return vit_quantize_multiplier(beta * s_in * VIT_LOG2E, &p->input_mult, &p->input_shift);
}

vit_status vit_mhsa_s8_set_scales(double s_q, double s_k, double s_v, double s_out,
                                  vit_mhsa_params *p)
{
    if (p == NULL) {
        return VIT_ERR_NULL;
    }
    if (p->head_dim <= 0 || p->head_dim > VIT_MAX_DOT_LEN) {
        return VIT_ERR_DIM;
    }
    if (!(s_q > 0.0) || !(s_k > 0.0) || !(s_v > 0.0) || !(s_out > 0.0)) {
        return VIT_ERR_PARAM;
    }
    const double score = s_q * s_k * VIT_LOG2E / vit_sqrt_d((double)p->head_dim);
    vit_status st = vit_quantize_multiplier(score, &p->score_mult, &p->score_shift);
    if (st == VIT_OK) {
        st = vit_quantize_multiplier(s_v / s_out, &p->out_mult, &p->out_shift);
    }
    return st;
}

vit_status vit_residual_s8_params_init(double s_a, int32_t a_zp, double s_b, int32_t b_zp,
                                       double s_out, int32_t out_zp, vit_residual_params *p)
{
    if (p == NULL) {
        return VIT_ERR_NULL;
    }
    if (!(s_a > 0.0) || !(s_b > 0.0) || !(s_out > 0.0) || !vit_is_s8(a_zp) ||
        !vit_is_s8(b_zp) || !vit_is_s8(out_zp)) {
        return VIT_ERR_PARAM;
    }
    const double ra = s_a / s_out;
    const double rb = s_b / s_out;
    const double big = ra > rb ? ra : rb;
    /* Largest shift (<= 62) that keeps big * 2^shift below 2^31. */
    int32_t shift = 62;
    double scaled = big * 4611686018427387904.0; /* 2^62 */
    while (shift > 1 && scaled >= 2147483648.0) {
        scaled *= 0.5;
        --shift;
    }
    if (scaled >= 2147483648.0) {
        return VIT_ERR_PARAM;
    }
    double pow2 = 1.0;
    for (int32_t i = 0; i < shift; ++i) {
        pow2 *= 2.0;
    }
    const double ma = ra * pow2 + 0.5;
    const double mb = rb * pow2 + 0.5;
    p->a_zp = a_zp;
    p->b_zp = b_zp;
    p->out_zp = out_zp;
    p->a_mult = ma >= 2147483647.0 ? INT32_MAX : (int32_t)ma;
    p->b_mult = mb >= 2147483647.0 ? INT32_MAX : (int32_t)mb;
    p->shift = shift;
    p->act_min = -128;
    p->act_max = 127;
    return VIT_OK;
}

vit_status vit_layernorm_s8_quantize_channel(double gamma, double beta, double s_out,
                                             int8_t *gamma_q, int32_t *beta_q,
                                             int32_t *mult, int32_t *shift)
{
    if (gamma_q == NULL || beta_q == NULL || mult == NULL || shift == NULL) {
        return VIT_ERR_NULL;
    }
    if (!(s_out > 0.0)) {
        return VIT_ERR_PARAM;
    }
    const double norm_unit = 1.0 / (double)(1 << VIT_LAYERNORM_NORM_BITS);
    const double ag = gamma >= 0.0 ? gamma : -gamma;
    const double ab = beta >= 0.0 ? beta : -beta;
    double s_g = ag / 127.0;
    const double s_g_for_beta = ab / (536870912.0 * norm_unit); /* |beta_q| <= 2^29 */
    if (s_g < s_g_for_beta) {
        s_g = s_g_for_beta;
    }
    if (!(s_g > 0.0)) {
        s_g = 1.0 / 127.0; /* gamma = beta = 0: any scale, everything is 0 */
    }
    *gamma_q = (int8_t)vit_round_to_i32(gamma / s_g);
    *beta_q = vit_round_to_i32(beta / (s_g * norm_unit));
    return vit_quantize_multiplier(s_g * norm_unit / s_out, mult, shift);
}

int32_t vit_layernorm_s8_var_eps(double eps, double s_in, int32_t dim)
{
    if (!(eps > 0.0) || !(s_in > 0.0) || dim <= 0) {
        return 0;
    }
    return vit_round_to_i32(eps * (double)dim * (double)dim / (s_in * s_in) *
                            (double)(1 << VIT_LAYERNORM_EPS_FRAC_BITS));
}

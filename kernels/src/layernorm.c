/* Integer-only LayerNorm (see vit/layernorm.h for the arithmetic). */
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "requantize.h"
#include "vit/layernorm.h"

static vit_status vit_check_layernorm(const vit_layernorm_params *p, int32_t n_tokens,
                                      const int8_t *in, const int8_t *out)
{
    if (p == NULL || in == NULL || out == NULL || p->gamma == NULL || p->out_mult == NULL ||
        p->out_shift == NULL) {
        return VIT_ERR_NULL;
    }
    if (n_tokens <= 0 || p->dim <= 0 || p->dim > VIT_LAYERNORM_MAX_DIM) {
        return VIT_ERR_DIM;
    }
    if (!vit_is_s8(p->in_zp) || !vit_is_s8(p->out_zp) || p->var_eps < 0 ||
        p->sqrt_iters < 1 || p->sqrt_iters > VIT_ISQRT_MAX_ITERS) {
        return VIT_ERR_PARAM;
    }
    return VIT_OK;
}

static int32_t vit_floor_log2_u32(uint32_t v)
{
    int32_t b = 0;
    while ((v >> 1) != 0u) {
        v >>= 1;
        ++b;
    }
    return b;
}

static void vit_layernorm_row(const vit_layernorm_params *p, const int8_t *x, int8_t *y)
{
    const int32_t dim = p->dim;
    int32_t sum = 0;
    int64_t sumsq = 0;
    for (int32_t i = 0; i < dim; ++i) {
        const int32_t xr = (int32_t)x[i] - p->in_zp;
        sum += xr;
        sumsq += xr * xr;
    }
    /* 2^8 * dim^2 * (variance + eps), exact: (dim * sum xr^2 - (sum xr)^2) * 2^8
     * plus var_eps, which carries eps with 8 fractional bits. */
    uint64_t var = ((uint64_t)((int64_t)dim * sumsq - (int64_t)sum * sum)
                    << VIT_LAYERNORM_EPS_FRAC_BITS) +
                   (uint64_t)p->var_eps;

    /* sigma = sqrt(var) through Algorithm 1 on var * 4^m, normalized into
     * [2^30, 2^32) so the root always has 16 significant bits (small
     * variances are scaled up, large ones down):
     * sigma_n = sigma * 2^(m + EPS_FRAC_BITS / 2). */
    uint64_t recip = 0;
    int32_t norm_shift = 31;
    if (var != 0u) {
        int32_t m = 0;
        while (var < ((uint64_t)1 << 30)) {
            var <<= 2;
            ++m;
        }
        while (var > (uint64_t)UINT32_MAX) {
            var >>= 2;
            --m;
        }
        const uint32_t sigma_n = vit_isqrt_u32((uint32_t)var, p->sqrt_iters);
        /* 1 / sigma = 2^(m + 4) * recip / 2^(31 + b), recip in (2^30, 2^31]. */
        const int32_t b = vit_floor_log2_u32(sigma_n);
        recip = ((uint64_t)1 << (31 + b)) / sigma_n;
        norm_shift = 31 + b - (m + VIT_LAYERNORM_EPS_FRAC_BITS / 2) - VIT_LAYERNORM_NORM_BITS;
    }

    for (int32_t i = 0; i < dim; ++i) {
        const int32_t c = dim * ((int32_t)x[i] - p->in_zp) - sum;
        const int32_t n = (int32_t)vit_rshift_round((int64_t)c * (int64_t)recip, norm_shift);
        const int32_t acc = (int32_t)p->gamma[i] * n + (p->beta != NULL ? p->beta[i] : 0);
        y[i] = vit_requant_s8(acc, p->out_mult[i], p->out_shift[i], p->out_zp, -128, 127);
    }
}

vit_status vit_layernorm_s8(const vit_layernorm_params *p, int32_t n_tokens, const int8_t *in,
                            int8_t *out)
{
    const vit_status st = vit_check_layernorm(p, n_tokens, in, out);
    if (st != VIT_OK) {
        return st;
    }
    for (int32_t t = 0; t < n_tokens; ++t) {
        const size_t row = (size_t)t * (size_t)p->dim;
        vit_layernorm_row(p, in + row, out + row);
    }
    return VIT_OK;
}

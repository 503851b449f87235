/* Token pooling: class token and mean over tokens (see vit/elementwise.h). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "requantize.h"
#include "vit/elementwise.h"

vit_status vit_pool_cls_s8(int32_t n_tokens, int32_t dim, const int8_t *in, int8_t *out)
{
    if (in == NULL || out == NULL) {
        return VIT_ERR_NULL;
    }
    if (n_tokens <= 0 || dim <= 0) {
        return VIT_ERR_DIM;
    }
    memmove(out, in, (size_t)dim);
    return VIT_OK;
}

vit_status vit_pool_mean_s8(const vit_pool_mean_params *p, const int8_t *in, int8_t *out)
{
    if (p == NULL || in == NULL || out == NULL) {
        return VIT_ERR_NULL;
    }
    if (p->n_tokens <= 0 || p->n_tokens > VIT_MAX_TOKENS || p->dim <= 0 ||
        vit_mul_size(p->n_tokens, p->dim) < 0) {
        return VIT_ERR_DIM;
    }
    if (!vit_is_s8(p->in_zp) || !vit_is_s8(p->out_zp) || p->mult < 0 ||
        !vit_shift_ok(p->shift)) {
        return VIT_ERR_PARAM;
    }
    const size_t stride = (size_t)p->dim;
    for (int32_t d = 0; d < p->dim; ++d) {
        int32_t acc = 0;
        for (int32_t t = 0; t < p->n_tokens; ++t) {
            acc += (int32_t)in[(size_t)t * stride + (size_t)d] - p->in_zp;
        }
        out[d] = vit_requant_s8(acc, p->mult, p->shift, p->out_zp, -128, 127);
    }
    return VIT_OK;
}

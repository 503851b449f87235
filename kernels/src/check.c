/* Parameter validation shared by the kernels. */
#include <stdint.h>

#include "internal.h"

vit_status vit_check_scratch(const vit_scratch *s, int32_t need)
{
    if (need < 0) {
        return VIT_ERR_DIM; /* the size formula rejected the dimensions */
    }
    if (need == 0) {
        return VIT_OK;
    }
    if (s == NULL || s->buf == NULL) {
        return VIT_ERR_NULL;
    }
    if (s->size < need || ((uintptr_t)s->buf & 3u) != 0u) {
        return VIT_ERR_BUFFER;
    }
    return VIT_OK;
}

vit_status vit_check_linear(const vit_linear_params *p)
{
    if (p == NULL || p->weights == NULL || p->out_mult == NULL || p->out_shift == NULL) {
        return VIT_ERR_NULL;
    }
    if (p->in_dim <= 0 || p->out_dim <= 0 || p->in_dim > VIT_MAX_DOT_LEN) {
        return VIT_ERR_DIM;
    }
    if (!vit_is_s8(p->in_zp) || !vit_is_s8(p->out_zp) || !vit_is_s8(p->act_min) ||
        !vit_is_s8(p->act_max) || p->act_min > p->act_max) {
        return VIT_ERR_PARAM;
    }
    return VIT_OK;
}

/*
 * Token-overwriting fully connected layer (MCUFormer section 3.2): the output
 * of each token is written into the memory its input occupied, so the layer
 * needs max(n * in_dim, n * out_dim) bytes of activations instead of the sum.
 * The traversal order that makes this safe is documented in vit/linear.h.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "vit/linear.h"

/* Tokens handled per step: the DSP matrix multiply works on token pairs. */
#define VIT_INPLACE_TOKENS 2

int32_t vit_linear_s8_inplace_get_buffer_size(int32_t in_dim, int32_t out_dim)
{
    if (in_dim <= 0 || out_dim <= 0) {
        return VIT_ERR_DIM;
    }
    return vit_mul_size(VIT_INPLACE_TOKENS, vit_min_i32(in_dim, out_dim));
}

int32_t vit_linear_s8_inplace_get_tensor_size(int32_t n_tokens, int32_t in_dim,
                                              int32_t out_dim)
{
    if (n_tokens <= 0 || in_dim <= 0 || out_dim <= 0) {
        return VIT_ERR_DIM;
    }
    const int32_t size = vit_mul_size(n_tokens, vit_max_i32(in_dim, out_dim));
    return size < 0 ? VIT_ERR_DIM : size;
}

vit_status vit_linear_s8_inplace(const vit_linear_params *p, int32_t n_tokens, int8_t *buf,
                                 int32_t buf_size, const vit_scratch *scratch)
{
    vit_status st = vit_check_linear(p);
    if (st != VIT_OK) {
        return st;
    }
    if (buf == NULL) {
        return VIT_ERR_NULL;
    }
    const int32_t need = vit_linear_s8_inplace_get_tensor_size(n_tokens, p->in_dim, p->out_dim);
    if (need < 0) {
        return VIT_ERR_DIM;
    }
    if (buf_size < need) {
        return VIT_ERR_BUFFER;
    }
    st = vit_check_scratch(scratch, vit_linear_s8_inplace_get_buffer_size(p->in_dim, p->out_dim));
    if (st != VIT_OK) {
        return st;
    }

    const size_t in_dim = (size_t)p->in_dim;
    const size_t out_dim = (size_t)p->out_dim;
    int8_t *tmp = (int8_t *)scratch->buf;

    if (out_dim <= in_dim) {
        /* First to last: outputs go to scratch, then to rows [t, t + cnt). */
        for (int32_t t = 0; t < n_tokens; t += VIT_INPLACE_TOKENS) {
            const int32_t cnt = vit_min_i32(VIT_INPLACE_TOKENS, n_tokens - t);
            vit_matmul_s8(p, buf + (size_t)t * in_dim, cnt, tmp, p->out_dim);
            memcpy(buf + (size_t)t * out_dim, tmp, (size_t)cnt * out_dim);
        }
    } else {
        /* Last to first: inputs go to scratch, outputs directly to their rows.
         * With an odd count the last token is done alone, before the pairs. */
        int32_t t = n_tokens;
        while (t > 0) {
            const int32_t cnt = (t % VIT_INPLACE_TOKENS) != 0 ? (t % VIT_INPLACE_TOKENS)
                                                             : VIT_INPLACE_TOKENS;
            t -= cnt;
            memcpy(tmp, buf + (size_t)t * in_dim, (size_t)cnt * in_dim);
            vit_matmul_s8(p, tmp, cnt, buf + (size_t)t * out_dim, p->out_dim);
        }
    }
    return VIT_OK;
}

/*
 * Low-rank fully connected layer y = U (V^T x) + b (MCUFormer eq. 1), out of
 * place and token-overwriting. The rank-sized int8 intermediate of one token
 * pair is the only scratch.
 */
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "vit/linear.h"

#define VIT_LOWRANK_TOKENS 2

int32_t vit_linear_s8_lowrank_get_buffer_size(int32_t rank)
{
    if (rank <= 0) {
        return VIT_ERR_DIM;
    }
    return vit_mul_size(VIT_LOWRANK_TOKENS, rank);
}

static vit_status vit_check_lowrank(const vit_lowrank_params *p, const vit_scratch *scratch)
{
    if (p == NULL) {
        return VIT_ERR_NULL;
    }
    vit_status st = vit_check_linear(&p->v);
    if (st == VIT_OK) {
        st = vit_check_linear(&p->u);
    }
    if (st != VIT_OK) {
        return st;
    }
    if (p->v.out_dim != p->u.in_dim) {
        return VIT_ERR_DIM;
    }
    if (p->u.in_zp != p->v.out_zp) {
        return VIT_ERR_PARAM;
    }
    return vit_check_scratch(scratch, vit_linear_s8_lowrank_get_buffer_size(p->v.out_dim));
}

vit_status vit_linear_s8_lowrank(const vit_lowrank_params *p, int32_t n_tokens,
                                 const int8_t *in, int8_t *out, const vit_scratch *scratch)
{
    const vit_status st = vit_check_lowrank(p, scratch);
    if (st != VIT_OK) {
        return st;
    }
    if (in == NULL || out == NULL) {
        return VIT_ERR_NULL;
    }
    if (n_tokens <= 0) {
        return VIT_ERR_DIM;
    }
    int8_t *mid = (int8_t *)scratch->buf;
    const size_t in_dim = (size_t)p->v.in_dim;
    const size_t out_dim = (size_t)p->u.out_dim;
    for (int32_t t = 0; t < n_tokens; t += VIT_LOWRANK_TOKENS) {
        const int32_t cnt = vit_min_i32(VIT_LOWRANK_TOKENS, n_tokens - t);
        vit_matmul_s8(&p->v, in + (size_t)t * in_dim, cnt, mid, p->v.out_dim);
        vit_matmul_s8(&p->u, mid, cnt, out + (size_t)t * out_dim, p->u.out_dim);
    }
    return VIT_OK;
}

vit_status vit_linear_s8_lowrank_inplace(const vit_lowrank_params *p, int32_t n_tokens,
                                         int8_t *buf, int32_t buf_size,
                                         const vit_scratch *scratch)
{
    const vit_status st = vit_check_lowrank(p, scratch);
    if (st != VIT_OK) {
        return st;
    }
    if (buf == NULL) {
        return VIT_ERR_NULL;
    }
    const int32_t need =
        vit_linear_s8_inplace_get_tensor_size(n_tokens, p->v.in_dim, p->u.out_dim);
    if (need < 0) {
        return VIT_ERR_DIM;
    }
    if (buf_size < need) {
        return VIT_ERR_BUFFER;
    }
    int8_t *mid = (int8_t *)scratch->buf;
    const size_t in_dim = (size_t)p->v.in_dim;
    const size_t out_dim = (size_t)p->u.out_dim;
    /* A pair's inputs are fully consumed into `mid` before its outputs are
     * written, so only the order between pairs matters (see vit/linear.h). */
    if (out_dim <= in_dim) {
        for (int32_t t = 0; t < n_tokens; t += VIT_LOWRANK_TOKENS) {
            const int32_t cnt = vit_min_i32(VIT_LOWRANK_TOKENS, n_tokens - t);
            vit_matmul_s8(&p->v, buf + (size_t)t * in_dim, cnt, mid, p->v.out_dim);
            vit_matmul_s8(&p->u, mid, cnt, buf + (size_t)t * out_dim, p->u.out_dim);
        }
    } else {
        int32_t t = n_tokens;
        while (t > 0) {
            const int32_t cnt = (t % VIT_LOWRANK_TOKENS) != 0 ? (t % VIT_LOWRANK_TOKENS)
                                                             : VIT_LOWRANK_TOKENS;
            t -= cnt;
            vit_matmul_s8(&p->v, buf + (size_t)t * in_dim, cnt, mid, p->v.out_dim);
            vit_matmul_s8(&p->u, mid, cnt, buf + (size_t)t * out_dim, p->u.out_dim);
        }
    }
    return VIT_OK;
}

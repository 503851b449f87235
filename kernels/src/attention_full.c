/*
 * Multi-head self-attention with the plain schedule: the full n x n score
 * matrix of a head is materialized, softmaxed row by row, then multiplied by
 * V. Kept for comparison with the O(n) schedule of attention.c; the integer
 * arithmetic is shared, so the outputs are identical.
 */
#include <stddef.h>
#include <stdint.h>

#include "attention_common.h"
#include "internal.h"

int32_t vit_mhsa_s8_full_get_buffer_size(int32_t n_tokens)
{
    if (n_tokens <= 0 || n_tokens > VIT_MAX_TOKENS) {
        return VIT_ERR_DIM;
    }
    return n_tokens * n_tokens * (int32_t)sizeof(int32_t);
}

vit_status vit_mhsa_s8_full(const vit_mhsa_params *p, const int8_t *q, const int8_t *k,
                            const int8_t *v, int8_t *out, const vit_scratch *scratch)
{
    vit_status st = vit_check_mhsa(p, q, k, v, out);
    if (st != VIT_OK) {
        return st;
    }
    st = vit_check_scratch(scratch, vit_mhsa_s8_full_get_buffer_size(p->n_tokens));
    if (st != VIT_OK) {
        return st;
    }
    int32_t *matrix = (int32_t *)scratch->buf;
    const size_t n = (size_t)p->n_tokens;
    for (int32_t h = 0; h < p->n_heads; ++h) {
        const size_t col = (size_t)h * (size_t)p->head_dim;
        for (size_t i = 0; i < n; ++i) {
            vit_attn_scores(p, q + i * (size_t)p->qkv_stride + col, k + col, matrix + i * n);
        }
        for (size_t i = 0; i < n; ++i) {
            vit_attn_softmax_row(p, matrix + i * n);
        }
        /* Q of head h is dead from here: out == q overwrites only its columns. */
        for (size_t i = 0; i < n; ++i) {
            vit_attn_weighted_sum(p, matrix + i * n, v + col,
                                  out + i * (size_t)p->out_stride + col);
        }
    }
    return VIT_OK;
}

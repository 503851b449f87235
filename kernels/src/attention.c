/*
 * Multi-head self-attention, one query row at a time: per head and query,
 * the n scores live in an n-entry int32 scratch row that becomes the
 * probabilities in place, so memory is O(n) per head instead of the O(n^2)
 * score matrix (see vit/attention.h).
 */
#include <stddef.h>
#include <stdint.h>

#include "attention_common.h"
#include "internal.h"

int32_t vit_mhsa_s8_get_buffer_size(int32_t n_tokens)
{
    if (n_tokens <= 0 || n_tokens > VIT_MAX_TOKENS) {
        return VIT_ERR_DIM;
    }
    return n_tokens * (int32_t)sizeof(int32_t);
}

vit_status vit_mhsa_s8(const vit_mhsa_params *p, const int8_t *q, const int8_t *k,
                       const int8_t *v, int8_t *out, const vit_scratch *scratch)
{
    vit_status st = vit_check_mhsa(p, q, k, v, out);
    if (st != VIT_OK) {
        return st;
    }
    st = vit_check_scratch(scratch, vit_mhsa_s8_get_buffer_size(p->n_tokens));
    if (st != VIT_OK) {
        return st;
    }
    int32_t *row = (int32_t *)scratch->buf;
    for (int32_t h = 0; h < p->n_heads; ++h) {
        const size_t col = (size_t)h * (size_t)p->head_dim;
        for (int32_t i = 0; i < p->n_tokens; ++i) {
            /* Query row i of head h is consumed by the scores before the
             * output row is written, which makes out == q safe. */
            vit_attn_scores(p, q + (size_t)i * (size_t)p->qkv_stride + col, k + col, row);
            vit_attn_softmax_row(p, row);
            vit_attn_weighted_sum(p, row, v + col, out + (size_t)i * (size_t)p->out_stride + col);
        }
    }
    return VIT_OK;
}

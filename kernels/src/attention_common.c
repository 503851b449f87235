/* Attention building blocks shared by vit_mhsa_s8 and vit_mhsa_s8_full. */
#include <stddef.h>
#include <stdint.h>

#include "attention_common.h"
#include "fixed_exp.h"
#include "internal.h"
#include "requantize.h"

vit_status vit_check_mhsa(const vit_mhsa_params *p, const int8_t *q, const int8_t *k,
                          const int8_t *v, const int8_t *out)
{
    if (p == NULL || q == NULL || k == NULL || v == NULL || out == NULL) {
        return VIT_ERR_NULL;
    }
    const int32_t width = vit_mul_size(p->n_heads, p->head_dim);
    if (p->n_tokens <= 0 || p->n_tokens > VIT_MAX_TOKENS || p->head_dim > VIT_MAX_DOT_LEN ||
        width < 0 || p->qkv_stride < width || p->out_stride < width ||
        vit_mul_size(p->n_tokens, vit_max_i32(p->qkv_stride, p->out_stride)) < 0) {
        return VIT_ERR_DIM;
    }
    if (!vit_is_s8(p->q_zp) || !vit_is_s8(p->k_zp) || !vit_is_s8(p->v_zp) ||
        !vit_is_s8(p->out_zp) || p->score_mult < 0 || p->out_mult < 0 ||
        !vit_shift_ok(p->score_shift) || !vit_shift_ok(p->out_shift)) {
        return VIT_ERR_PARAM;
    }
    return VIT_OK;
}

void vit_attn_scores(const vit_mhsa_params *p, const int8_t *q_row, const int8_t *k_head,
                     int32_t *scores)
{
    for (int32_t j = 0; j < p->n_tokens; ++j) {
        scores[j] = vit_dot_s8(q_row, -p->q_zp, k_head + (size_t)j * (size_t)p->qkv_stride,
                               -p->k_zp, p->head_dim, 0);
    }
}

void vit_attn_softmax_row(const vit_mhsa_params *p, int32_t *row)
{
    const int32_t n = p->n_tokens;
    int32_t max = row[0];
    for (int32_t j = 1; j < n; ++j) {
        if (row[j] > max) {
            max = row[j];
        }
    }
    uint64_t sum = 0;
    for (int32_t j = 0; j < n; ++j) {
        row[j] = vit_exp2_q24(vit_to_log2_q24((int64_t)row[j] - max, p->score_mult,
                                              p->score_shift));
        sum += (uint64_t)row[j];
    }
    const uint64_t recip = vit_softmax_recip(sum); /* sum >= 2^30: the max gives 2^30 */
    for (int32_t j = 0; j < n; ++j) {
        row[j] = vit_softmax_prob(row[j], recip, VIT_ATTN_PROB_BITS);
    }
}

void vit_attn_weighted_sum(const vit_mhsa_params *p, const int32_t *probs,
                           const int8_t *v_head, int8_t *out_row)
{
    /* sum_j p_j stays within 2^15 + n / 2, so |acc| < 2^24 for n <= 4096. */
    for (int32_t d = 0; d < p->head_dim; ++d) {
        const int8_t *v = v_head + d;
        int32_t acc = 0;
        for (int32_t j = 0; j < p->n_tokens; ++j) {
            acc += probs[j] * ((int32_t)v[(size_t)j * (size_t)p->qkv_stride] - p->v_zp);
        }
        out_row[d] = (int8_t)vit_requant_clamp(acc, p->out_mult, p->out_shift,
                                               VIT_ATTN_PROB_BITS, p->out_zp, -128, 127);
    }
}

/**
 * @file vit/attention.h
 * @brief Multi-head self-attention core: scaled scores Q K^T, row-wise
 *        softmax and the weighted sum of V, per head. Two schedules with the
 *        same arithmetic (identical output to the bit):
 *        - vit_mhsa_s8: one query row at a time, scratch O(n) per head;
 *        - vit_mhsa_s8_full: the whole n x n score matrix per head, O(n^2).
 *
 * The Q/K/V projections and the output projection are ordinary linear layers
 * (vit/linear.h); this kernel starts from their int8 results.
 *
 * Layout: q, k and v are [n_tokens][row] int8 with rows qkv_stride elements
 * apart; head h uses columns h*head_dim .. h*head_dim + head_dim - 1 of each.
 * A fused QKV projection output [n][3*D] is used as q = buf, k = buf + D,
 * v = buf + 2D, qkv_stride = 3D; separate tensors use qkv_stride = D.
 * The output is [n_tokens][out_stride] with head h in the same columns.
 *
 * Arithmetic for head h, query i (all integers):
 *   s_j   = sum_d (q[i][d] - q_zp) (k[j][d] - k_zp)                 (int32)
 *   e_j   = 2^((s_j - max_j s_j) * score_scale), score_scale = s_q s_k log2(e) / sqrt(head_dim)
 *           (fixed-point base-2 exponential, Q30)
 *   p_j   = round(e_j * 2^15 / sum_j e_j)                           (Q15)
 *   o[d]  = clamp(out_zp + rescale(sum_j p_j (v[j][d] - v_zp), out_mult, out_shift) / 2^15)
 *   with (out_mult, out_shift) encoding s_v / s_out.
 */
#ifndef VIT_ATTENTION_H
#define VIT_ATTENTION_H

#include "vit/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Fractional bits of the attention probabilities. */
#define VIT_ATTN_PROB_BITS 15

/** Parameters of the attention core. */
typedef struct {
    int32_t n_tokens;    /**< Sequence length n, 1..VIT_MAX_TOKENS. */
    int32_t n_heads;     /**< Heads, >= 1. */
    int32_t head_dim;    /**< Features per head, 1..VIT_MAX_DOT_LEN. */
    int32_t qkv_stride;  /**< Elements between rows of q, k, v; >= n_heads * head_dim. */
    int32_t out_stride;  /**< Elements between output rows; >= n_heads * head_dim. */
    int32_t q_zp;        /**< -128..127. */
    int32_t k_zp;        /**< -128..127. */
    int32_t v_zp;        /**< -128..127. */
    int32_t out_zp;      /**< -128..127. */
    int32_t score_mult;  /**< Multiplier of s_q * s_k * log2(e) / sqrt(head_dim). */
    int32_t score_shift; /**< Its shift, [-31, 30]. */
    int32_t out_mult;    /**< Multiplier of s_v / s_out. */
    int32_t out_shift;   /**< Its shift, [-31, 30]. */
} vit_mhsa_params;

/**
 * @brief Scratch of vit_mhsa_s8 in bytes: n_tokens * 4 (the score row of one
 *        query, turned into probabilities in place; reused by every head).
 * @return The size, or VIT_ERR_DIM if n_tokens is out of range.
 */
int32_t vit_mhsa_s8_get_buffer_size(int32_t n_tokens);

/**
 * @brief Attention computed one query row at a time (heads outer, queries
 *        inner).
 *
 * @param p       Parameters.
 * @param q,k,v   Inputs as described in the file comment (read only).
 * @param out     Output rows. May alias q exactly (out == q and out_stride ==
 *                qkv_stride): query row i of head h is dead once its output is
 *                computed, so a fused QKV buffer can receive the result in its
 *                Q columns. Otherwise out must not overlap q, k or v.
 * @param scratch At least vit_mhsa_s8_get_buffer_size(n_tokens) bytes,
 *                4-byte aligned, not overlapping any tensor.
 * @return VIT_OK; VIT_ERR_NULL; VIT_ERR_DIM (dimension or stride out of
 *         range); VIT_ERR_PARAM (zero point, shift or negative multiplier);
 *         VIT_ERR_BUFFER (scratch too small or misaligned).
 */
vit_status vit_mhsa_s8(const vit_mhsa_params *p, const int8_t *q, const int8_t *k,
                       const int8_t *v, int8_t *out, const vit_scratch *scratch);

/**
 * @brief Scratch of vit_mhsa_s8_full in bytes: n_tokens^2 * 4 (the full score
 *        / probability matrix of one head).
 * @return The size, or VIT_ERR_DIM if n_tokens is out of range.
 */
int32_t vit_mhsa_s8_full_get_buffer_size(int32_t n_tokens);

/**
 * @brief Attention with the plain schedule: for each head, all scores, then
 *        all softmax rows, then all outputs. Same contract and same output as
 *        vit_mhsa_s8, with the larger scratch of vit_mhsa_s8_full_get_buffer_size.
 */
vit_status vit_mhsa_s8_full(const vit_mhsa_params *p, const int8_t *q, const int8_t *k,
                            const int8_t *v, int8_t *out, const vit_scratch *scratch);

#ifdef __cplusplus
}
#endif

#endif /* VIT_ATTENTION_H */

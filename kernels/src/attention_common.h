/*
 * Internal: the three steps of attention for one (head, query) pair, shared
 * by the row-at-a-time and the full-matrix schedules so that both compute
 * the same integers.
 */
#ifndef VIT_SRC_ATTENTION_COMMON_H
#define VIT_SRC_ATTENTION_COMMON_H

#include <stdint.h>

#include "vit/attention.h"

vit_status vit_check_mhsa(const vit_mhsa_params *p, const int8_t *q, const int8_t *k,
                          const int8_t *v, const int8_t *out);

/* scores[j] = sum_d (q_row[d] - q_zp) (k[j][d] - k_zp) for the head whose
 * columns start at k_head (k_head = k + h * head_dim). */
void vit_attn_scores(const vit_mhsa_params *p, const int8_t *q_row, const int8_t *k_head,
                     int32_t *scores);

/* Turns one row of n scores into Q15 probabilities, in place. */
void vit_attn_softmax_row(const vit_mhsa_params *p, int32_t *row);

/* out_row[d] for d < head_dim from probabilities and the head's V columns. */
void vit_attn_weighted_sum(const vit_mhsa_params *p, const int32_t *probs,
                           const int8_t *v_head, int8_t *out_row);

#endif

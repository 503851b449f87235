/**
 * @file vit/elementwise.h
 * @brief Residual addition with requantization, and token pooling (class
 *        token, mean over tokens).
 */
#ifndef VIT_ELEMENTWISE_H
#define VIT_ELEMENTWISE_H

#include "vit/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Residual addition parameters:
 *   out = clamp(out_zp + round(((a - a_zp) * a_mult + (b - b_zp) * b_mult) / 2^shift),
 *               act_min, act_max)
 * with a_mult / 2^shift = s_a / s_out and b_mult / 2^shift = s_b / s_out
 * (one shared shift, computed in 64 bits, rounded once half-way up).
 */
typedef struct {
    int32_t a_zp;    /**< -128..127. */
    int32_t b_zp;    /**< -128..127. */
    int32_t out_zp;  /**< -128..127. */
    int32_t a_mult;  /**< [0, 2^31). */
    int32_t b_mult;  /**< [0, 2^31). */
    int32_t shift;   /**< Common right shift, 1..62. */
    int32_t act_min; /**< Lower clamp, int8. */
    int32_t act_max; /**< Upper clamp, int8, >= act_min. */
} vit_residual_params;

/**
 * @brief Element-wise out = a + b with requantization (the transformer's skip
 *        connections).
 * @param a, b  [size] int8 inputs.
 * @param out   [size] int8; may be the same pointer as a or b (in place).
 * @param size  Element count, >= 1.
 * @return VIT_OK; VIT_ERR_NULL; VIT_ERR_DIM; VIT_ERR_PARAM (zero points,
 *         bounds, negative multiplier, shift outside 1..62). No scratch.
 */
vit_status vit_residual_add_s8(const vit_residual_params *p, const int8_t *a, const int8_t *b,
                               int8_t *out, int32_t size);

/**
 * @brief Class-token pooling: out = in[0][:] (the class token is row 0 of
 *        [n_tokens][dim]). Quantization is unchanged.
 * @param out [dim]; may overlap `in` (memmove semantics).
 * @return VIT_OK; VIT_ERR_NULL; VIT_ERR_DIM (n_tokens or dim <= 0).
 */
vit_status vit_pool_cls_s8(int32_t n_tokens, int32_t dim, const int8_t *in, int8_t *out);

/**
 * Mean pooling parameters:
 *   out[d] = clamp(out_zp + rescale(sum_t (in[t][d] - in_zp), mult, shift), -128, 127)
 * with (mult, shift) encoding s_in / (n_tokens * s_out).
 */
typedef struct {
    int32_t n_tokens; /**< Tokens averaged, 1..VIT_MAX_TOKENS. */
    int32_t dim;      /**< Features, >= 1. */
    int32_t in_zp;    /**< -128..127. */
    int32_t out_zp;   /**< -128..127. */
    int32_t mult;     /**< Multiplier of s_in / (n_tokens * s_out). */
    int32_t shift;    /**< Its shift, [-31, 30]. */
} vit_pool_mean_params;

/**
 * @brief Mean over tokens of [n_tokens][dim] into [dim].
 * @param out [dim]; must not overlap `in` unless out == in (row 0 is read
 *            column by column before column d is written: out == in is safe).
 * @return VIT_OK; VIT_ERR_NULL; VIT_ERR_DIM; VIT_ERR_PARAM. No scratch.
 */
vit_status vit_pool_mean_s8(const vit_pool_mean_params *p, const int8_t *in, int8_t *out);

#ifdef __cplusplus
}
#endif

#endif /* VIT_ELEMENTWISE_H */

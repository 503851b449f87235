/**
 * @file vit/activation.h
 * @brief Integer GeLU (as x * sigmoid(1.702 x), MCUFormer eq. 7), integer
 *        row-wise softmax, and a 256-entry lookup-table applier.
 *
 * Both kernels are int8 -> int8 and element-wise / row-wise with no scratch.
 * Exponentials use a fixed-point base-2 exponential (Q24 in, Q30 out,
 * relative error below 3e-6); see the scale parameters below.
 */
#ifndef VIT_ACTIVATION_H
#define VIT_ACTIVATION_H

#include "vit/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * GeLU parameters. For xr = x - in_zp:
 *   e   = 2^(-|xr| * sig)          with sig = 1.702 * s_in * log2(e)
 *   s   = 1 / (1 + e) for xr >= 0, e / (1 + e) otherwise   (Q15)
 *   out = clamp(out_zp + rescale(xr * s, out_mult, out_shift) / 2^15, -128, 127)
 * so out approximates (s_in * xr * sigmoid(1.702 * s_in * xr)) / s_out + out_zp.
 */
typedef struct {
    int32_t in_zp;     /**< -128..127. */
    int32_t out_zp;    /**< -128..127. */
    int32_t sig_mult;  /**< Multiplier of 1.702 * s_in * log2(e). */
    int32_t sig_shift; /**< Its shift, [-31, 30]. */
    int32_t out_mult;  /**< Multiplier of s_in / s_out. */
    int32_t out_shift; /**< Its shift, [-31, 30]. */
} vit_gelu_params;

/**
 * @brief Element-wise GeLU.
 * @param p    Parameters.
 * @param in   [size] int8.
 * @param out  [size] int8; may equal `in` (element-wise, in place).
 * @param size Element count, >= 1.
 * @return VIT_OK; VIT_ERR_NULL; VIT_ERR_DIM (size <= 0); VIT_ERR_PARAM
 *         (zero point outside int8, shift outside [-31, 30], negative multiplier).
 */
vit_status vit_gelu_s8(const vit_gelu_params *p, const int8_t *in, int8_t *out, int32_t size);

/**
 * @brief Fills lut[i] = GeLU(i - 128) for the 256 int8 inputs, with exactly the
 *        arithmetic of vit_gelu_s8, so vit_lut_s8(lut, ...) gives the same
 *        output for a fraction of the cost on large tensors.
 * @return As vit_gelu_s8 (lut must not be NULL).
 */
vit_status vit_gelu_s8_make_lut(const vit_gelu_params *p, int8_t lut[256]);

/**
 * @brief out[i] = lut[in[i] + 128]. `out` may equal `in`.
 * @return VIT_OK; VIT_ERR_NULL; VIT_ERR_DIM (size <= 0).
 */
vit_status vit_lut_s8(const int8_t lut[256], const int8_t *in, int8_t *out, int32_t size);

/**
 * Softmax parameters. The output is a probability in int8 with the fixed
 * quantization scale 1/256 and zero point -128 (the TFLite convention), so
 * probability p is stored as clamp(round(256 p) - 128, -128, 127).
 */
typedef struct {
    int32_t input_mult;  /**< Multiplier of beta * s_in * log2(e) (beta: temperature, usually 1). */
    int32_t input_shift; /**< Its shift, [-31, 30]. */
} vit_softmax_params;

/**
 * @brief Row-wise softmax: out[r][j] = exp(beta s_in (x_rj - max_r)) / sum_j (...).
 *
 * Per row: the maximum, then e_j = 2^(y_j) with y_j = (x_j - max) * beta * s_in
 * * log2(e) in Q24, summed in 64 bits; the probability is e_j times one
 * reciprocal of the sum per row.
 *
 * @param p    Parameters.
 * @param rows Rows, >= 1.
 * @param cols Columns (elements per row), 1..VIT_MAX_TOKENS.
 * @param in   [rows][cols] int8 (any zero point: only differences are used).
 * @param out  [rows][cols] int8; may equal `in` (each element is read before it
 *             is written), otherwise must not overlap it.
 * @return VIT_OK; VIT_ERR_NULL; VIT_ERR_DIM; VIT_ERR_PARAM (shift range,
 *         negative multiplier). No scratch.
 */
vit_status vit_softmax_s8(const vit_softmax_params *p, int32_t rows, int32_t cols,
                          const int8_t *in, int8_t *out);

#ifdef __cplusplus
}
#endif

#endif /* VIT_ACTIVATION_H */

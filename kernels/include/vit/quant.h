/**
 * @file vit/quant.h
 * @brief Deriving the kernels' integer parameters from real-valued scales.
 *
 * These helpers use double-precision arithmetic (no libm) and are meant for
 * the host side: code generators, the planner, tests. Firmware normally
 * receives the integers they produce as constant data, but the functions also
 * compile for Cortex-M (double is then emulated in software).
 */
#ifndef VIT_QUANT_H
#define VIT_QUANT_H

#include "vit/activation.h"
#include "vit/attention.h"
#include "vit/elementwise.h"
#include "vit/layernorm.h"
#include "vit/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** log2(e), folded into the exponential multipliers. */
#define VIT_LOG2E 1.4426950408889634

/**
 * @brief Splits real > 0 into (mult, shift) with real ~= mult * 2^(shift - 31),
 *        mult in [2^30, 2^31) rounded to nearest. Reals below 2^-32 are
 *        represented with shift = -31 and a smaller mult (denormalized).
 * @return VIT_OK; VIT_ERR_NULL; VIT_ERR_PARAM if real is not positive, is too
 *         small to represent (mult would be 0) or is 2^30 or larger.
 */
vit_status vit_quantize_multiplier(double real, int32_t *mult, int32_t *shift);

/** @brief Round-to-nearest (half away from zero) of a double, saturated to int32. */
int32_t vit_round_to_i32(double v);

/**
 * @brief GeLU parameters for input (s_in, in_zp) and output (s_out, out_zp).
 * @return VIT_OK; VIT_ERR_NULL; VIT_ERR_PARAM for non-positive scales or
 *         zero points outside int8.
 */
vit_status vit_gelu_s8_params_init(double s_in, int32_t in_zp, double s_out, int32_t out_zp,
                                   vit_gelu_params *p);

/** @brief Softmax parameters for input scale s_in and temperature beta (usually 1). */
vit_status vit_softmax_s8_params_init(double s_in, double beta, vit_softmax_params *p);

/**
 * @brief Fills the two multipliers of an attention parameter block from the
 *        scales of Q, K, V and the output (dims and zero points untouched):
 *        score = s_q * s_k * log2(e) / sqrt(head_dim), out = s_v / s_out.
 *        p->head_dim must already be set (1..VIT_MAX_DOT_LEN).
 */
vit_status vit_mhsa_s8_set_scales(double s_q, double s_k, double s_v, double s_out,
                                  vit_mhsa_params *p);

/**
 * @brief Residual parameters for a (s_a, a_zp) + b (s_b, b_zp) -> (s_out, out_zp),
 *        with activation bounds -128..127. The shift is chosen so that the
 *        larger multiplier lies in [2^30, 2^31).
 */
vit_status vit_residual_s8_params_init(double s_a, int32_t a_zp, double s_b, int32_t b_zp,
                                       double s_out, int32_t out_zp, vit_residual_params *p);

/**
 * @brief Quantizes one LayerNorm channel: real gamma and beta, output scale
 *        s_out. The channel scale is s_g = |gamma| / 127, enlarged when beta
 *        would otherwise not fit in 2^29 (gamma then loses precision only where
 *        beta dominates), so that gamma_q * n + beta_q stays within int32.
 * @return VIT_OK; VIT_ERR_NULL; VIT_ERR_PARAM for s_out <= 0 or an
 *         unrepresentable multiplier.
 */
vit_status vit_layernorm_s8_quantize_channel(double gamma, double beta, double s_out,
                                             int8_t *gamma_q, int32_t *beta_q,
                                             int32_t *mult, int32_t *shift);

/**
 * @brief var_eps for a LayerNorm: round(eps * dim^2 / s_in^2 * 2^8), saturated to
 *        INT32_MAX (returns 0 for eps <= 0).
 */
int32_t vit_layernorm_s8_var_eps(double eps, double s_in, int32_t dim);

#ifdef __cplusplus
}
#endif

#endif /* VIT_QUANT_H */

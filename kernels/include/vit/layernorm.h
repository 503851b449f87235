/**
 * @file vit/layernorm.h
 * @brief Integer-only LayerNorm with the iterative integer square root of
 *        MCUFormer appendix A (Algorithm 1).
 *
 * Layout: `in` and `out` are [n_tokens][dim] int8; each token (row) is
 * normalized over its dim features.
 *
 * Arithmetic for one row, with xr_i = in_i - in_zp:
 *   sum = sum_i xr_i,  V = (dim * sum_i xr_i^2 - sum^2) * 2^8 + var_eps
 *       (V = 2^8 * dim^2 * (variance + eps) in input units, exact in 64 bits)
 *   sigma = vit_isqrt_u32(V * 4^m, sqrt_iters) / 2^(m + 4)   (= dim * std)
 *           with m chosen so that V * 4^m lies in [2^30, 2^32): the root then
 *           always has 16 significant bits, whatever the variance
 *   c_i = dim * xr_i - sum                       (= dim * (x_i - mean))
 *   n_i = round(c_i * 2^16 / sigma)              (normalized value, Q16)
 *   acc_i = gamma_i * n_i + beta_i
 *   out_i = clamp(out_zp + rescale(acc_i, out_mult[i], out_shift[i]), -128, 127)
 * The division by sigma uses one reciprocal per row (31 significant bits).
 * A row with V == 0 yields n_i = 0 (out_i = rescaled beta_i).
 *
 * Quantization of the affine part (per channel, exact for a single value):
 * gamma_i is int8 symmetric with its own scale s_g[i] (e.g. +-127 and
 * s_g[i] = |gamma_i| / 127), beta_i is int32 in scale s_g[i] * 2^-16, and
 * (out_mult[i], out_shift[i]) encodes s_g[i] * 2^-16 / s_out. See
 * vit_layernorm_s8_quantize_channel() in vit/quant.h.
 */
#ifndef VIT_LAYERNORM_H
#define VIT_LAYERNORM_H

#include "vit/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest normalized dimension (keeps gamma_i * n_i + beta_i within int32). */
#define VIT_LAYERNORM_MAX_DIM 1024
/** Fractional bits of var_eps (eps is usually far below one input quantum). */
#define VIT_LAYERNORM_EPS_FRAC_BITS 8
/** Fractional bits of the normalized value n_i. */
#define VIT_LAYERNORM_NORM_BITS 16
/** Largest accepted square-root iteration count. */
#define VIT_ISQRT_MAX_ITERS 32

/**
 * @brief Integer square root, Algorithm 1 of MCUFormer appendix A: start from
 *        x_0 = 2^ceil(ceil(log2 x) / 2) >= sqrt(x) and apply
 *        x_{i+1} = floor((x_i + floor(x / x_i)) / 2) exactly `iterations` times.
 *
 * The iterates decrease towards floor(sqrt(x)) and never fall below it; x_0
 * is at most twice sqrt(x), so the relative over-estimate after t iterations
 * is at most about 0.25, 0.025, 3e-4 for t = 1, 2, 3 (Newton's quadratic
 * convergence), and t >= 4 gives floor(sqrt(x)) or one more for inputs of
 * 32 bits (measured bounds: tests/kernels/layernorm_test.cpp).
 *
 * @param x          Any 32-bit value; 0 returns 0.
 * @param iterations Number of Newton steps, 0..VIT_ISQRT_MAX_ITERS (0 returns
 *                   x_0; larger values are treated as VIT_ISQRT_MAX_ITERS).
 * @return The approximation of floor(sqrt(x)).
 */
uint32_t vit_isqrt_u32(uint32_t x, int32_t iterations);

/** Parameters of one LayerNorm; arrays are owned by the caller. */
typedef struct {
    int32_t dim;              /**< Features per token, 1..VIT_LAYERNORM_MAX_DIM. */
    const int8_t *gamma;      /**< [dim] int8 scale, symmetric per channel. */
    const int32_t *beta;      /**< [dim] int32 shift in scale s_g[i] * 2^-16, or NULL. */
    const int32_t *out_mult;  /**< [dim] multipliers for s_g[i] * 2^-16 / s_out. */
    const int32_t *out_shift; /**< [dim] shifts in [-31, 30]. */
    int32_t in_zp;            /**< Input zero point, -128..127. */
    int32_t out_zp;           /**< Output zero point, -128..127. */
    int32_t var_eps;          /**< eps * dim^2 / s_in^2 * 2^8, rounded, >= 0. */
    int32_t sqrt_iters;       /**< Iterations of Algorithm 1, 1..VIT_ISQRT_MAX_ITERS (paper: 3-4). */
} vit_layernorm_params;

/**
 * @brief LayerNorm over each of n_tokens rows.
 *
 * @param p        Parameters.
 * @param n_tokens Rows, >= 1.
 * @param in       [n_tokens][dim] int8.
 * @param out      [n_tokens][dim] int8; may be the same pointer as `in`
 *                 (in-place normalization), otherwise must not overlap it.
 * @return VIT_OK; VIT_ERR_NULL (p, in, out, gamma, out_mult, out_shift);
 *         VIT_ERR_DIM (n_tokens or dim out of range); VIT_ERR_PARAM (zero
 *         points, var_eps < 0, sqrt_iters out of range). No scratch.
 */
vit_status vit_layernorm_s8(const vit_layernorm_params *p, int32_t n_tokens, const int8_t *in,
                            int8_t *out);

#ifdef __cplusplus
}
#endif

#endif /* VIT_LAYERNORM_H */

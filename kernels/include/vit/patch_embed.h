/**
 * @file vit/patch_embed.h
 * @brief Patch embedding: a convolution whose kernel size and stride both
 *        equal the patch size P, turning an H x W x C image into tokens; and
 *        its decomposition into (P/k)^2 k x k sub-kernels (MCUFormer 3.2).
 *
 * Layout: the image is [H][W][C] int8 (channels last). Weights are
 * [D][P][P][C] int8 (output channel, kernel row, kernel column, input channel:
 * the OHWI layout of TFLite / CMSIS-NN convolutions), symmetric per output
 * channel. The output is [n_tokens][D] with tokens in raster order of the
 * patch grid: token (gy, gx) is row gy * (W / P) + gx. Valid padding: pixels
 * past the last full patch (H % P rows, W % P columns) are ignored.
 *
 * For token (gy, gx) and output channel o:
 *   acc = bias[o] + sum_{y<P, x<P, c<C} (img[gy*P + y][gx*P + x][c] - in_zp)
 *                                       * w[o][y][x][c]
 *   out = clamp(out_zp + rescale(acc, out_mult[o], out_shift[o]), act_min, act_max)
 */
#ifndef VIT_PATCH_EMBED_H
#define VIT_PATCH_EMBED_H

#include "vit/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Parameters of a patch embedding layer; arrays are owned by the caller. */
typedef struct {
    int32_t height;           /**< Image rows H, >= patch. */
    int32_t width;            /**< Image columns W, >= patch. */
    int32_t channels;         /**< Image channels C, >= 1. */
    int32_t patch;            /**< Patch size P (kernel = stride), P*P*C <= VIT_MAX_DOT_LEN. */
    int32_t embed_dim;        /**< Output features per token D, >= 1. */
    const int8_t *weights;    /**< [D][P][P][C]. */
    const int32_t *bias;      /**< [D] in scale s_in * s_w[o], or NULL. */
    const int32_t *out_mult;  /**< [D] multipliers for s_in * s_w[o] / s_out. */
    const int32_t *out_shift; /**< [D] shifts in [-31, 30]. */
    int32_t in_zp;            /**< Image zero point, -128..127. */
    int32_t out_zp;           /**< Output zero point, -128..127. */
    int32_t act_min;          /**< Lower output clamp. */
    int32_t act_max;          /**< Upper output clamp. */
} vit_patch_embed_params;

/**
 * @brief Number of tokens produced: (height / patch) * (width / patch).
 * @return The count, or VIT_ERR_DIM if a dimension is not positive or the
 *         image is smaller than one patch.
 */
int32_t vit_patch_embed_s8_get_num_tokens(int32_t height, int32_t width, int32_t patch);

/**
 * @brief Patch embedding with the full P x P kernel. No scratch: each output
 *        is P dot products of P*C contiguous bytes (one image row segment
 *        against one kernel row).
 *
 * @param p   Layer parameters.
 * @param img [H][W][C] int8.
 * @param out [n_tokens][D] int8, written; must not overlap `img`.
 * @return VIT_OK; VIT_ERR_NULL (p, img, out, weights, out_mult, out_shift);
 *         VIT_ERR_DIM (non-positive dimension, image smaller than a patch,
 *         P*P*C above VIT_MAX_DOT_LEN); VIT_ERR_PARAM (zero points or
 *         activation bounds outside int8, act_min > act_max).
 */
vit_status vit_patch_embed_s8(const vit_patch_embed_params *p, const int8_t *img,
                              int8_t *out);

/**
 * @brief Scratch of vit_patch_embed_s8_decomposed, in bytes: embed_dim * 4
 *        (one int32 accumulator per output channel of the current token).
 * @return The size, or VIT_ERR_DIM if embed_dim is not positive or too large.
 */
int32_t vit_patch_embed_s8_decomposed_get_buffer_size(int32_t embed_dim);

/**
 * @brief Decomposed patch embedding: the P x P kernel is applied as
 *        (P/k)^2 convolutions with k x k sub-kernels (sub-kernel (sy, sx) is
 *        w[o][sy*k .. sy*k+k)[sx*k .. sx*k+k)[c]) whose partial sums are
 *        accumulated per token in an int32 buffer, then requantized once.
 *        The output is identical to the bit to vit_patch_embed_s8's for every
 *        k dividing P (k = P is the undecomposed kernel through the buffer).
 *
 * Loop order: token, sub-kernel row sy, sub-kernel column sx, output channel
 * (pairs), kernel row within the sub-kernel; the innermost dot product is
 * k*C contiguous bytes, so small k trades speed for the smaller receptive
 * field per pass.
 *
 * @param p       Layer parameters (same weights as vit_patch_embed_s8).
 * @param k       Sub-kernel size, 1..P, must divide P.
 * @param img     [H][W][C] int8.
 * @param out     [n_tokens][D] int8, written; must not overlap `img` or scratch.
 * @param scratch At least vit_patch_embed_s8_decomposed_get_buffer_size(D) bytes,
 *                4-byte aligned.
 * @return As vit_patch_embed_s8; VIT_ERR_DIM if k does not divide P;
 *         VIT_ERR_BUFFER if the scratch is too small or misaligned.
 */
vit_status vit_patch_embed_s8_decomposed(const vit_patch_embed_params *p, int32_t k,
                                         const int8_t *img, int8_t *out,
                                         const vit_scratch *scratch);

/*
 * Decomposed patch embedding with staged sub-kernel weights: the caller runs,
 * for each token t,
 *   vit_patch_embed_s8_token_start(p, acc);
 *   for each sub-kernel (sy, sx):
 *       vit_patch_embed_s8_stage_subkernel(p, k, sy, sx, w_sub);   // flash -> SRAM
 *       vit_patch_embed_s8_accumulate(p, k, t, sy, sx, w_sub, img, acc);
 *   vit_patch_embed_s8_token_finish(p, acc, out + t * D);
 * so only one sub-kernel's weights (D*k*k*C bytes) and D int32 sums are in
 * memory besides the image and the output. Bit-identical to vit_patch_embed_s8.
 */

/**
 * @brief Bytes of one staged sub-kernel: embed_dim * k * k * channels.
 * @return The size, or VIT_ERR_DIM for a non-positive or overflowing size.
 */
int32_t vit_patch_embed_s8_subkernel_size(int32_t embed_dim, int32_t k, int32_t channels);

/**
 * @brief Copies sub-kernel (sy, sx) of p->weights into dst as [D][k][k][C].
 * @return VIT_OK; VIT_ERR_NULL; VIT_ERR_DIM if k does not divide the patch or
 *         (sy, sx) is not a sub-kernel (0 <= sy, sx < P/k).
 */
vit_status vit_patch_embed_s8_stage_subkernel(const vit_patch_embed_params *p, int32_t k, int32_t sy,
                                              int32_t sx, int8_t *dst);

/** @brief Starts a token's sums: acc[o] = bias[o] (0 without bias), acc = [D] int32. */
vit_status vit_patch_embed_s8_token_start(const vit_patch_embed_params *p, int32_t *acc);

/**
 * @brief Adds sub-kernel (sy, sx) of token `token` (raster order) to acc,
 *        with the sub-kernel's weights w_sub as staged by
 *        vit_patch_embed_s8_stage_subkernel.
 * @return VIT_OK; VIT_ERR_NULL; VIT_ERR_DIM (k, sub-kernel or token out of
 *         range); VIT_ERR_PARAM (input zero point outside int8).
 */
vit_status vit_patch_embed_s8_accumulate(const vit_patch_embed_params *p, int32_t k, int32_t token,
                                         int32_t sy, int32_t sx, const int8_t *w_sub,
                                         const int8_t *img, int32_t *acc);

/**
 * @brief Requantizes a token's sums into its output row [D].
 * @return VIT_OK; VIT_ERR_NULL; VIT_ERR_PARAM (zero point, bounds or shifts
 *         out of range).
 */
vit_status vit_patch_embed_s8_token_finish(const vit_patch_embed_params *p, const int32_t *acc,
                                           int8_t *out_row);

#ifdef __cplusplus
}
#endif

#endif /* VIT_PATCH_EMBED_H */

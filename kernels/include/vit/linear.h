/**
 * @file vit/linear.h
 * @brief Fully connected layers over a sequence of tokens: out-of-place,
 *        token-overwriting (in place), low-rank (W ~ U V^T) and the
 *        classifier head.
 *
 * Layout everywhere: tokens are rows, `in` is [n_tokens][in_dim] and `out` is
 * [n_tokens][out_dim], both row-major int8 with no padding between rows.
 * Weights are [out_dim][in_dim] row-major (one row per output channel, the
 * layout TFLite fully-connected and CMSIS-NN use).
 *
 * Arithmetic for token t and output channel o:
 *   acc = bias[o] + sum_i (in[t][i] - in_zp) * w[o][i]
 *   out[t][o] = clamp(out_zp + rescale(acc, out_mult[o], out_shift[o]),
 *                     act_min, act_max)
 * The result is identical to the bit on every target and code path.
 */
#ifndef VIT_LINEAR_H
#define VIT_LINEAR_H

#include "vit/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Parameters of one fully connected layer. The kernel only reads them; the
 * arrays are owned by the caller (typically const data in flash).
 */
typedef struct {
    int32_t in_dim;            /**< Input features per token, 1..VIT_MAX_DOT_LEN. */
    int32_t out_dim;           /**< Output features per token, >= 1. */
    const int8_t *weights;     /**< [out_dim][in_dim], symmetric int8 (zero point 0). */
    const int32_t *bias;       /**< [out_dim] in scale s_in * s_w[o], or NULL for none. */
    const int32_t *out_mult;   /**< [out_dim] multipliers in [2^30, 2^31) for s_in * s_w[o] / s_out. */
    const int32_t *out_shift;  /**< [out_dim] shifts in [-31, 30]. */
    int32_t in_zp;             /**< Input zero point, -128..127. */
    int32_t out_zp;            /**< Output zero point, -128..127. */
    int32_t act_min;           /**< Lower output clamp, -128..act_max. */
    int32_t act_max;           /**< Upper output clamp, act_min..127. */
} vit_linear_params;

/**
 * @brief Out-of-place fully connected layer: out = W in + b for every token.
 *
 * @param p        Layer parameters (dims, weights, quantization).
 * @param n_tokens Number of tokens (rows), >= 1.
 * @param in       [n_tokens][in_dim] int8.
 * @param out      [n_tokens][out_dim] int8, written.
 * @return VIT_OK; VIT_ERR_NULL if p, in, out, weights, out_mult or out_shift
 *         is NULL; VIT_ERR_DIM for a non-positive dimension or in_dim above
 *         VIT_MAX_DOT_LEN; VIT_ERR_PARAM for a zero point outside -128..127 or
 *         act_min > act_max or activation bounds outside int8.
 * @note   `in` and `out` must not overlap (use vit_linear_s8_inplace to reuse
 *         the input memory). No scratch.
 */
vit_status vit_linear_s8(const vit_linear_params *p, int32_t n_tokens, const int8_t *in,
                         int8_t *out);

/**
 * @brief Scratch needed by vit_linear_s8_inplace, in bytes:
 *        2 * min(in_dim, out_dim) (one token pair, see vit_linear_s8_inplace).
 * @return The size, or VIT_ERR_DIM if a dimension is not positive.
 */
int32_t vit_linear_s8_inplace_get_buffer_size(int32_t in_dim, int32_t out_dim);

/**
 * @brief Size in bytes of the token buffer vit_linear_s8_inplace works in:
 *        n_tokens * max(in_dim, out_dim) (the paper's eq. 5 activation term).
 * @return The size, or VIT_ERR_DIM if a dimension is not positive or the size
 *         overflows int32.
 */
int32_t vit_linear_s8_inplace_get_tensor_size(int32_t n_tokens, int32_t in_dim,
                                              int32_t out_dim);

/**
 * @brief Token-overwriting fully connected layer: each token's output is
 *        written into the memory its input occupied.
 *
 * On entry `buf` holds the input [n_tokens][in_dim] starting at buf[0]; on
 * return it holds the output [n_tokens][out_dim] starting at buf[0]. Bytes of
 * `buf` past the output are left unspecified.
 *
 * Traversal (this is what makes it safe): tokens are processed in pairs.
 *  - out_dim <= in_dim: pairs go first to last. A pair's outputs are computed
 *    into scratch and then copied to rows t, t+1 of the output. Those rows end
 *    at (t+2)*out_dim <= (t+2)*in_dim, where the inputs still unread begin.
 *  - out_dim > in_dim: pairs go last to first. A pair's inputs are first copied
 *    to scratch and its outputs are written directly to their place, which
 *    starts at t*out_dim >= t*in_dim, where the inputs still unread end.
 * An odd token count leaves one single token, handled the same way.
 * The output is identical to the bit to vit_linear_s8's.
 *
 * @param p        Layer parameters.
 * @param n_tokens Number of tokens, >= 1.
 * @param buf      Token buffer, read and written.
 * @param buf_size Size of `buf` in bytes, at least
 *                 vit_linear_s8_inplace_get_tensor_size(n_tokens, in_dim, out_dim).
 * @param scratch  At least vit_linear_s8_inplace_get_buffer_size(in_dim, out_dim)
 *                 bytes, must not overlap `buf`.
 * @return VIT_OK, VIT_ERR_NULL, VIT_ERR_DIM, VIT_ERR_PARAM as vit_linear_s8;
 *         VIT_ERR_BUFFER if buf_size or the scratch is too small, or the
 *         scratch is not 4-byte aligned.
 */
vit_status vit_linear_s8_inplace(const vit_linear_params *p, int32_t n_tokens, int8_t *buf,
                                 int32_t buf_size, const vit_scratch *scratch);

/**
 * Parameters of a low-rank layer y = U (V^T x) + b: `v` maps in_dim -> rank
 * (its output is the int8 intermediate; give it a NULL bias or zeros), `u`
 * maps rank -> out_dim and carries the layer's bias. The intermediate's
 * quantization is v's output: u.in_zp must equal v.out_zp.
 */
typedef struct {
    vit_linear_params v;  /**< First factor, [rank][in_dim]. */
    vit_linear_params u;  /**< Second factor, [out_dim][rank]. */
} vit_lowrank_params;

/**
 * @brief Scratch for the low-rank kernels, in bytes: 2 * rank (the int8
 *        intermediate of one token pair).
 * @return The size, or VIT_ERR_DIM if rank is not positive.
 */
int32_t vit_linear_s8_lowrank_get_buffer_size(int32_t rank);

/**
 * @brief Out-of-place low-rank fully connected layer.
 *
 * Tokens are processed in pairs: the pair's intermediate (rank values each)
 * goes to scratch, then the pair's outputs are written. The result equals
 * vit_linear_s8 applied with v and then with u.
 *
 * @param p        Both factors; v.out_dim == u.in_dim == rank.
 * @param n_tokens >= 1.
 * @param in       [n_tokens][v.in_dim].
 * @param out      [n_tokens][u.out_dim], must not overlap `in`.
 * @param scratch  At least vit_linear_s8_lowrank_get_buffer_size(rank) bytes.
 * @return VIT_OK; VIT_ERR_NULL, VIT_ERR_DIM (also when the factor dimensions
 *         disagree), VIT_ERR_PARAM (also when u.in_zp != v.out_zp),
 *         VIT_ERR_BUFFER (scratch too small or misaligned).
 */
vit_status vit_linear_s8_lowrank(const vit_lowrank_params *p, int32_t n_tokens,
                                 const int8_t *in, int8_t *out, const vit_scratch *scratch);

/**
 * @brief Token-overwriting low-rank layer: as vit_linear_s8_inplace, with the
 *        same buffer contract (input at buf[0], output at buf[0], buf_size >=
 *        n_tokens * max(in_dim, out_dim)) and the same traversal order; the
 *        intermediate of the current pair is the only extra memory.
 *
 * @param scratch At least vit_linear_s8_lowrank_get_buffer_size(rank) bytes,
 *                not overlapping `buf`.
 * @return As vit_linear_s8_lowrank, plus VIT_ERR_BUFFER if buf_size is too small.
 */
vit_status vit_linear_s8_lowrank_inplace(const vit_lowrank_params *p, int32_t n_tokens,
                                         int8_t *buf, int32_t buf_size,
                                         const vit_scratch *scratch);

/**
 * @brief Classifier head: logits = W feature + b for one pooled feature
 *        vector, and the index of the largest logit.
 *
 * @param p         Layer parameters (in_dim = embedding, out_dim = classes).
 * @param feature   [in_dim] int8 (e.g. the output of a pooling kernel).
 * @param logits    [out_dim] int8, written; must not overlap `feature`.
 * @param top_class If not NULL, receives the index of the first maximum logit.
 * @return As vit_linear_s8 with n_tokens = 1.
 */
vit_status vit_classifier_s8(const vit_linear_params *p, const int8_t *feature,
                             int8_t *logits, int32_t *top_class);

#ifdef __cplusplus
}
#endif

#endif /* VIT_LINEAR_H */

/**
 * @file vit/types.h
 * @brief Status codes, scratch-buffer descriptor and limits shared by every
 *        vit_* int8 kernel.
 *
 * Quantization convention (all operators):
 *  - Activations are int8 asymmetric: real = scale * (q - zero_point),
 *    zero_point in [-128, 127].
 *  - Weights are int8 symmetric per output channel (zero point 0), bias is
 *    int32 in the accumulator scale (input_scale * weight_scale[o]).
 *  - Rescaling uses a fixed-point multiplier M in [2^30, 2^31) and a shift S
 *    in [-31, 30], meaning the real factor M * 2^(S - 31). The product
 *    acc * M is rounded once, half-way cases towards +infinity:
 *    q = (acc * M + 2^(30 - S)) >> (31 - S).
 *
 * Kernels never allocate. Memory they need besides their inputs and outputs is
 * passed as a ::vit_scratch whose minimum size is given by the operator's
 * `*_get_buffer_size()` function: that function is the single formula shared
 * by the kernels and the memory planner.
 */
#ifndef VIT_TYPES_H
#define VIT_TYPES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Status returned by every kernel. Zero is success, errors are negative. */
typedef enum {
    VIT_OK = 0,           /**< Success. */
    VIT_ERR_NULL = -1,    /**< A required pointer was NULL. */
    VIT_ERR_DIM = -2,     /**< A dimension is zero, negative, inconsistent or too large. */
    VIT_ERR_BUFFER = -3,  /**< A buffer (scratch or in-place) is too small or misaligned. */
    VIT_ERR_PARAM = -4    /**< A quantization parameter is out of its documented range. */
} vit_status;

/**
 * Caller-owned scratch memory. The kernel reads and writes `buf` freely during
 * the call and leaves its contents unspecified; it keeps no reference after
 * returning. `buf` must be 4-byte aligned when `size` > 0.
 */
typedef struct {
    void *buf;     /**< Start of the scratch area (may be NULL when size is 0). */
    int32_t size;  /**< Size in bytes. */
} vit_scratch;

/**
 * Longest dot product (number of int8 products summed into one int32) any
 * kernel accepts. With |x - zp| <= 255 and |w| <= 128 each product is at most
 * 32640 in magnitude, so 2^15 products plus a bias of magnitude below 2^30
 * cannot overflow int32 in either the portable or the DSP path.
 */
#define VIT_MAX_DOT_LEN 32768

/** Largest token count accepted by the attention and softmax kernels. */
#define VIT_MAX_TOKENS 4096

/** Smallest / largest shift accepted in a fixed-point multiplier. */
#define VIT_SHIFT_MIN (-31)
#define VIT_SHIFT_MAX 30

#ifdef __cplusplus
}
#endif

#endif /* VIT_TYPES_H */

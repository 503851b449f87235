/*
 * Internal declarations shared between kernel source files: parameter checks
 * and the int8 dot-product / matrix-multiply cores (portable and DSP paths).
 */
#ifndef VIT_SRC_INTERNAL_H
#define VIT_SRC_INTERNAL_H

#include <stdint.h>

#include "vit/linear.h"
#include "vit/types.h"

/* 1 if v is a valid int8 zero point / activation bound. */
static inline int vit_is_s8(int32_t v)
{
    return v >= -128 && v <= 127;
}

static inline int vit_shift_ok(int32_t s)
{
    return s >= VIT_SHIFT_MIN && s <= VIT_SHIFT_MAX;
}

static inline int32_t vit_min_i32(int32_t a, int32_t b)
{
    return a < b ? a : b;
}

static inline int32_t vit_max_i32(int32_t a, int32_t b)
{
    return a > b ? a : b;
}

/* a * b if it fits in int32 and both are positive, else -1. */
static inline int32_t vit_mul_size(int32_t a, int32_t b)
{
    if (a <= 0 || b <= 0 || a > INT32_MAX / b) {
        return -1;
    }
    return a * b;
}

/* Checks a scratch descriptor: non-NULL, at least `need` bytes, aligned.
 * A negative `need` (a get_buffer_size error) gives VIT_ERR_DIM. */
vit_status vit_check_scratch(const vit_scratch *s, int32_t need);

/* Validates everything in a linear layer's parameters (not the data). */
vit_status vit_check_linear(const vit_linear_params *p);

/*
 * sum_i (a[i] + a_off) * (b[i] + b_off) over len elements, added to acc.
 * a_off, b_off in [-128, 128] (the negated zero points). len <= VIT_MAX_DOT_LEN.
 */
int32_t vit_dot_s8(const int8_t *a, int32_t a_off, const int8_t *b, int32_t b_off,
                   int32_t len, int32_t acc);

/*
 * Two dot products sharing `a`: *acc0 += sum (a + a_off) * b0,
 * *acc1 += sum (a + a_off) * b1 (b0, b1 are symmetric weights).
 */
void vit_dot2_s8(const int8_t *a, int32_t a_off, const int8_t *b0, const int8_t *b1,
                 int32_t len, int32_t *acc0, int32_t *acc1);

/*
 * The requantizing matrix multiply behind every linear kernel. Input rows are
 * contiguous ([n_tokens][in_dim]); output rows are out_stride apart:
 *   out[t * out_stride + o] = requant(bias[o] + sum_i (in[t][i] - in_zp) * w[o][i]).
 * Parameters are assumed validated. Outputs of a token pair are written while
 * that pair's inputs are still being read: `in` and `out` must not overlap.
 */
void vit_matmul_s8(const vit_linear_params *p, const int8_t *in, int32_t n_tokens,
                   int8_t *out, int32_t out_stride);

#endif /* VIT_SRC_INTERNAL_H */

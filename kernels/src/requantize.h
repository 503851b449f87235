/*
 * Internal: fixed-point rescaling shared by all kernels.
 *
 * A real factor r > 0 is stored as (mult, shift) with mult in [2^30, 2^31)
 * and r = mult * 2^(shift - 31). Rescaling an int32 accumulator multiplies in
 * 64 bits and rounds once, half-way cases towards +infinity.
 */
#ifndef VIT_SRC_REQUANTIZE_H
#define VIT_SRC_REQUANTIZE_H

#include <stdint.h>

/* The kernels rely on >> of a negative signed value being an arithmetic
 * shift (true for GCC and Clang on every target they support). */
_Static_assert((-1 >> 1) == -1, "arithmetic right shift required");
_Static_assert(((int64_t)-1 >> 1) == -1, "arithmetic right shift required");

/* Round-half-up division of v by 2^n, n in [1, 62]. */
static inline int64_t vit_rshift_round(int64_t v, int32_t n)
{
    return (v + ((int64_t)1 << (n - 1))) >> n;
}

/*
 * acc * mult * 2^(shift - 31 - extra), rounded, then + zp and clamped to
 * [lo, hi]. `extra` >= 0 is an additional power-of-two divisor folded into
 * the same rounding. The total right shift is clamped to [1, 62]; with
 * shift in [-31, 30] and extra <= 31 only the upper clamp can apply, and
 * then the unclamped result would round to 0 or -0 anyway for every
 * accumulator the kernels produce (|acc * mult| < 2^61).
 */
static inline int32_t vit_requant_clamp(int32_t acc, int32_t mult, int32_t shift,
                                        int32_t extra, int32_t zp, int32_t lo,
                                        int32_t hi)
{
    int32_t n = 31 - shift + extra;
    if (n < 1) {
        n = 1;
    } else if (n > 62) {
        n = 62;
    }
    int64_t r = vit_rshift_round((int64_t)acc * mult, n) + zp;
    if (r < lo) {
        r = lo;
    }
    if (r > hi) {
        r = hi;
    }
    return (int32_t)r;
}

/* The common case: rescale to int8 with activation bounds [lo, hi]. */
static inline int8_t vit_requant_s8(int32_t acc, int32_t mult, int32_t shift,
                                    int32_t zp, int32_t lo, int32_t hi)
{
    return (int8_t)vit_requant_clamp(acc, mult, shift, 0, zp, lo, hi);
}

/*
 * One channel's rescale prepared for many accumulators (the DSP matrix
 * multiply applies it to every token of a channel). vit_rescale_s8 returns
 * exactly vit_requant_s8(acc, mult, shift, zp, lo, hi).
 */
typedef struct {
    int32_t mult;
    int32_t shift;
    int32_t n;      /* total right shift, as clamped in vit_requant_clamp */
    int64_t round;  /* 2^(n - 1) */
} vit_rescale;

static inline vit_rescale vit_rescale_prepare(int32_t mult, int32_t shift)
{
    vit_rescale r;
    r.mult = mult;
    r.shift = shift;
    r.n = 31 - shift;
    if (r.n < 1) {
        r.n = 1;
    } else if (r.n > 62) {
        r.n = 62;
    }
    r.round = (int64_t)1 << (r.n - 1);
    return r;
}

static inline int8_t vit_rescale_s8(int32_t acc, const vit_rescale *r, int32_t zp, int32_t lo,
                                    int32_t hi)
{
    if (r->n < 32) {
        return vit_requant_s8(acc, r->mult, r->shift, zp, lo, hi);
    }
    /* For n >= 32, floor(v / 2^n) = floor(hi32(v) / 2^(n - 32)): the low
     * word only adds a fraction below 1 before the floor. This avoids the
     * 64-bit variable shift (the usual case: real factor below 1). */
    const int64_t v = (int64_t)acc * r->mult + r->round;
    int32_t q = ((int32_t)(v >> 32) >> (r->n - 32)) + zp;
    if (q < lo) {
        q = lo;
    }
    if (q > hi) {
        q = hi;
    }
    return (int8_t)q;
}

#endif /* VIT_SRC_REQUANTIZE_H */

/*
 * int8 dot products and the requantizing matrix multiply behind the linear,
 * low-rank, classifier and patch-embedding kernels.
 *
 * Two code paths with identical results (integer sums are exact; see
 * VIT_MAX_DOT_LEN for why nothing overflows):
 *  - portable C: one dot product per (token, output channel);
 *  - DSP (Cortex-M4/M7 or host emulation, see dsp.h): blocks of 2 tokens x 2
 *    output channels, channel pairs outer and token pairs inner. Each 32-bit
 *    load brings 4 int8 values; SXTB16 unpacks them into two words of 16-bit
 *    lanes and every unpacked word feeds two SMLADs, so a 4-element step does
 *    16 multiply-accumulates with 4 loads, 8 unpacks and 8 SMLADs. The input
 *    zero point is not added to every element: -zp * sum_i w[o][i] is
 *    computed once per channel and starts the accumulators. On the target the
 *    inner loop is hand-scheduled assembly (block_2x2_arm.h), on the host the
 *    same steps in C over the instruction models.
 */
#include <stddef.h>
#include <stdint.h>

#include "dsp.h"
#include "internal.h"
#include "requantize.h"

#if VIT_USE_DSP && !defined(VIT_EMULATE_DSP)
#include "block_2x2_arm.h"
#define VIT_BLOCK_ASM 1
#else
#define VIT_BLOCK_ASM 0
#endif

int32_t vit_dot_s8(const int8_t *a, int32_t a_off, const int8_t *b, int32_t b_off,
                   int32_t len, int32_t acc)
{
    int32_t i = 0;
#if VIT_USE_DSP
    const uint32_t ao = vit_dup16(a_off);
    const uint32_t bo = vit_dup16(b_off);
    for (; i + 4 <= len; i += 4) {
        const uint32_t x = vit_read_u32(a + i);
        const uint32_t y = vit_read_u32(b + i);
        acc = vit_smlad(vit_sxtab16(ao, x), vit_sxtab16(bo, y), acc);
        acc = vit_smlad(vit_sxtab16_ror8(ao, x), vit_sxtab16_ror8(bo, y), acc);
    }
#endif
    for (; i < len; ++i) {
        acc += ((int32_t)a[i] + a_off) * ((int32_t)b[i] + b_off);
    }
    return acc;
}

void vit_dot2_s8(const int8_t *a, int32_t a_off, const int8_t *b0, const int8_t *b1,
                 int32_t len, int32_t *acc0, int32_t *acc1)
{
    int32_t s0 = *acc0;
    int32_t s1 = *acc1;
    int32_t i = 0;
#if VIT_USE_DSP
    const uint32_t ao = vit_dup16(a_off);
    for (; i + 4 <= len; i += 4) {
        const uint32_t x = vit_read_u32(a + i);
        const uint32_t x_even = vit_sxtab16(ao, x);
        const uint32_t x_odd = vit_sxtab16_ror8(ao, x);
        const uint32_t w0 = vit_read_u32(b0 + i);
        s0 = vit_smlad(x_even, vit_sxtb16(w0), s0);
        s0 = vit_smlad(x_odd, vit_sxtb16_ror8(w0), s0);
        const uint32_t w1 = vit_read_u32(b1 + i);
        s1 = vit_smlad(x_even, vit_sxtb16(w1), s1);
        s1 = vit_smlad(x_odd, vit_sxtb16_ror8(w1), s1);
    }
#endif
    for (; i < len; ++i) {
        const int32_t x = (int32_t)a[i] + a_off;
        s0 += x * b0[i];
        s1 += x * b1[i];
    }
    *acc0 = s0;
    *acc1 = s1;
}

#if VIT_USE_DSP

/* One 4-element step of the 2x2 block: 16 multiply-accumulates. The
 * activations are unpacked without their zero point (the caller folds
 * -zp * sum(w) into the accumulators), so SXTB16 needs no offset register. */
static inline void vit_step_2x2(uint32_t xa_raw, uint32_t xb_raw, uint32_t w0_raw,
                                uint32_t w1_raw, int32_t acc[4])
{
    const uint32_t w0_e = vit_sxtb16(w0_raw);
    const uint32_t w0_o = vit_sxtb16_ror8(w0_raw);
    const uint32_t w1_e = vit_sxtb16(w1_raw);
    const uint32_t w1_o = vit_sxtb16_ror8(w1_raw);

    uint32_t xv = vit_sxtb16(xa_raw);
    acc[0] = vit_smlad(xv, w0_e, acc[0]);
    acc[1] = vit_smlad(xv, w1_e, acc[1]);
    xv = vit_sxtb16_ror8(xa_raw);
    acc[0] = vit_smlad(xv, w0_o, acc[0]);
    acc[1] = vit_smlad(xv, w1_o, acc[1]);

    xv = vit_sxtb16(xb_raw);
    acc[2] = vit_smlad(xv, w0_e, acc[2]);
    acc[3] = vit_smlad(xv, w1_e, acc[3]);
    xv = vit_sxtb16_ror8(xb_raw);
    acc[2] = vit_smlad(xv, w0_o, acc[2]);
    acc[3] = vit_smlad(xv, w1_o, acc[3]);
}

/* 2 tokens (rows xa, xa + len) x 2 weight rows (w, w + len) of raw products
 * sum x * w (no zero point). acc order: {token a / row 0, token a / row 1,
 * token b / row 0, token b / row 1}.
 * Two base pointers and the row length address all four rows ([x],
 * [x + len], [wp], [wp + len]), which keeps the accumulators in registers;
 * the loop is unrolled twice so its overhead is shared by 32 MACs. */
static inline void vit_block_2x2(const int8_t *xa, const int8_t *w, int32_t len,
                                 int32_t acc_io[4])
{
    int32_t acc[4] = {acc_io[0], acc_io[1], acc_io[2], acc_io[3]};
    const int8_t *x = xa;
    const int8_t *wp = w;
    const int32_t n8 = len & ~(int32_t)7;
#if VIT_BLOCK_ASM
    if (n8 > 0) {
        vit_block_2x2_arm(x, wp, len, n8, acc);
    }
#else
    for (const int8_t *const x_end8 = xa + n8; x != x_end8; x += 8, wp += 8) {
        vit_step_2x2(vit_read_u32(x), vit_read_u32(x + len), vit_read_u32(wp),
                     vit_read_u32(wp + len), acc);
        vit_step_2x2(vit_read_u32(x + 4), vit_read_u32(x + 4 + len), vit_read_u32(wp + 4),
                     vit_read_u32(wp + 4 + len), acc);
    }
#endif
    x = xa + n8;
    wp = w + n8;
    if ((len & 4) != 0) {
        vit_step_2x2(vit_read_u32(x), vit_read_u32(x + len), vit_read_u32(wp),
                     vit_read_u32(wp + len), acc);
    }
    for (int32_t i = len & ~(int32_t)3; i < len; ++i) {
        acc[0] += xa[i] * w[i];
        acc[1] += xa[i] * w[i + len];
        acc[2] += xa[i + len] * w[i];
        acc[3] += xa[i + len] * w[i + len];
    }
    acc_io[0] = acc[0];
    acc_io[1] = acc[1];
    acc_io[2] = acc[2];
    acc_io[3] = acc[3];
}

/* sum_i w[i] over one weight row (for the zero-point correction). */
static int32_t vit_row_sum(const int8_t *w, int32_t len)
{
    const uint32_t ones = vit_dup16(1);
    int32_t sum = 0;
    int32_t i = 0;
    for (; i + 4 <= len; i += 4) {
        const uint32_t v = vit_read_u32(w + i);
        sum = vit_smlad(vit_sxtb16(v), ones, sum);
        sum = vit_smlad(vit_sxtb16_ror8(v), ones, sum);
    }
    for (; i < len; ++i) {
        sum += w[i];
    }
    return sum;
}

/* 2 tokens (xa, xa + len) x 1 weight row: *acc_a, *acc_b accumulate. */
static void vit_block_2x1(const int8_t *xa, const int8_t *w, int32_t len, int32_t off,
                          int32_t *acc_a, int32_t *acc_b)
{
    /* Same arithmetic as vit_dot2_s8 with the roles of data and weights
     * swapped: the weight row is shared, the zero point goes on the rows. */
    const int8_t *xb = xa + len;
    const uint32_t ov = vit_dup16(off);
    int32_t a = *acc_a;
    int32_t b = *acc_b;
    int32_t i = 0;
    for (; i + 4 <= len; i += 4) {
        const uint32_t w_raw = vit_read_u32(w + i);
        const uint32_t w_e = vit_sxtb16(w_raw);
        const uint32_t w_o = vit_sxtb16_ror8(w_raw);
        const uint32_t xa_raw = vit_read_u32(xa + i);
        a = vit_smlad(vit_sxtab16(ov, xa_raw), w_e, a);
        a = vit_smlad(vit_sxtab16_ror8(ov, xa_raw), w_o, a);
        const uint32_t xb_raw = vit_read_u32(xb + i);
        b = vit_smlad(vit_sxtab16(ov, xb_raw), w_e, b);
        b = vit_smlad(vit_sxtab16_ror8(ov, xb_raw), w_o, b);
    }
    for (; i < len; ++i) {
        a += ((int32_t)xa[i] + off) * w[i];
        b += ((int32_t)xb[i] + off) * w[i];
    }
    *acc_a = a;
    *acc_b = b;
}

#endif /* VIT_USE_DSP */

static inline int32_t vit_bias_at(const vit_linear_params *p, int32_t o)
{
    return p->bias != NULL ? p->bias[o] : 0;
}

static inline int8_t vit_linear_out(const vit_linear_params *p, int32_t o, int32_t acc)
{
    return vit_requant_s8(acc, p->out_mult[o], p->out_shift[o], p->out_zp, p->act_min,
                          p->act_max);
}

/* One token against every output channel (pairs of channels at a time). */
static void vit_matmul_one_token(const vit_linear_params *p, const int8_t *x, int8_t *y)
{
    const int32_t k = p->in_dim;
    const int32_t off = -p->in_zp;
    int32_t o = 0;
    for (; o + 2 <= p->out_dim; o += 2) {
        int32_t acc0 = vit_bias_at(p, o);
        int32_t acc1 = vit_bias_at(p, o + 1);
        const int8_t *w = p->weights + (size_t)o * (size_t)k;
        vit_dot2_s8(x, off, w, w + k, k, &acc0, &acc1);
        y[o] = vit_linear_out(p, o, acc0);
        y[o + 1] = vit_linear_out(p, o + 1, acc1);
    }
    if (o < p->out_dim) {
        const int8_t *w = p->weights + (size_t)o * (size_t)k;
        y[o] = vit_linear_out(p, o, vit_dot_s8(x, off, w, 0, k, vit_bias_at(p, o)));
    }
}

void vit_matmul_s8(const vit_linear_params *p, const int8_t *in, int32_t n_tokens,
                   int8_t *out, int32_t out_stride)
{
    const int32_t k = p->in_dim;
    int32_t t_done = 0;
#if VIT_USE_DSP
    /* Channel pairs outer, token pairs inner: the zero-point term
     * -in_zp * sum_i w[o][i] is computed once per channel and folded into
     * the accumulators, so the 2x2 block multiplies raw int8 values. All sums
     * are exact, so the result equals the portable one: with |bias| < 2^30
     * and at most VIT_MAX_DOT_LEN terms, the start value and the raw products
     * (each below 2^29 in total) keep every partial sum within int32. */
    const int32_t off = -p->in_zp;
    const int32_t zp = p->out_zp;
    const int32_t lo = p->act_min;
    const int32_t hi = p->act_max;
    const int32_t pairs_end = n_tokens & ~(int32_t)1;
    int32_t o = 0;
    for (; o + 2 <= p->out_dim; o += 2) {
        const int8_t *w = p->weights + (size_t)o * (size_t)k;
        const int32_t init0 = vit_bias_at(p, o) + off * vit_row_sum(w, k);
        const int32_t init1 = vit_bias_at(p, o + 1) + off * vit_row_sum(w + k, k);
        const vit_rescale r0 = vit_rescale_prepare(p->out_mult[o], p->out_shift[o]);
        const vit_rescale r1 = vit_rescale_prepare(p->out_mult[o + 1], p->out_shift[o + 1]);
        for (int32_t t = 0; t < pairs_end; t += 2) {
            int32_t acc[4] = {init0, init1, init0, init1};
            vit_block_2x2(in + (size_t)t * (size_t)k, w, k, acc);
            int8_t *ya = out + (size_t)t * (size_t)out_stride + o;
            int8_t *yb = ya + out_stride;
            ya[0] = vit_rescale_s8(acc[0], &r0, zp, lo, hi);
            ya[1] = vit_rescale_s8(acc[1], &r1, zp, lo, hi);
            yb[0] = vit_rescale_s8(acc[2], &r0, zp, lo, hi);
            yb[1] = vit_rescale_s8(acc[3], &r1, zp, lo, hi);
        }
    }
    if (o < p->out_dim) {
        const int8_t *w = p->weights + (size_t)o * (size_t)k;
        for (int32_t t = 0; t < pairs_end; t += 2) {
            int32_t acc_a = vit_bias_at(p, o);
            int32_t acc_b = acc_a;
            vit_block_2x1(in + (size_t)t * (size_t)k, w, k, off, &acc_a, &acc_b);
            out[(size_t)t * (size_t)out_stride + o] = vit_linear_out(p, o, acc_a);
            out[(size_t)(t + 1) * (size_t)out_stride + o] = vit_linear_out(p, o, acc_b);
        }
    }
    t_done = pairs_end;
#endif
    for (int32_t t = t_done; t < n_tokens; ++t) {
        vit_matmul_one_token(p, in + (size_t)t * (size_t)k, out + (size_t)t * (size_t)out_stride);
    }
}

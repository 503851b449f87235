/*
 * int8 dot products and the requantizing matrix multiply behind the linear,
 * low-rank, classifier and patch-embedding kernels.
 *
 * Two code paths with identical results (integer sums are exact; see
 * VIT_MAX_DOT_LEN for why nothing overflows):
 *  - portable C: one dot product per (token, output channel);
 *  - DSP (Cortex-M4/M7 or host emulation, see dsp.h): blocks of 2 tokens x 2
 *    output channels. Each 32-bit load brings 4 int8 values; SXTB16 / SXTAB16
 *    unpack them into two words of 16-bit lanes (the input zero point is added
 *    during the unpack), and every unpacked word feeds two SMLADs, so one
 *    iteration does 16 multiply-accumulates with 4 loads, 8 unpacks and
 *    8 SMLADs.
 */
#include <stddef.h>
#include <stdint.h>

#include "dsp.h"
#include "internal.h"
#include "requantize.h"

/* The 2x2 block is kept out of line: inlined into the caller's loops, GCC
 * spills accumulators to the stack inside the inner loop. */
#if defined(__GNUC__)
#define VIT_NOINLINE __attribute__((noinline))
#else
#define VIT_NOINLINE
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

/* One 4-element step of the 2x2 block: 16 multiply-accumulates. */
static inline void vit_step_2x2(uint32_t xa_raw, uint32_t xb_raw, uint32_t w0_raw,
                                uint32_t w1_raw, uint32_t ov, int32_t acc[4])
{
    const uint32_t w0_e = vit_sxtb16(w0_raw);
    const uint32_t w0_o = vit_sxtb16_ror8(w0_raw);
    const uint32_t w1_e = vit_sxtb16(w1_raw);
    const uint32_t w1_o = vit_sxtb16_ror8(w1_raw);

    uint32_t xv = vit_sxtab16(ov, xa_raw);
    acc[0] = vit_smlad(xv, w0_e, acc[0]);
    acc[1] = vit_smlad(xv, w1_e, acc[1]);
    xv = vit_sxtab16_ror8(ov, xa_raw);
    acc[0] = vit_smlad(xv, w0_o, acc[0]);
    acc[1] = vit_smlad(xv, w1_o, acc[1]);

    xv = vit_sxtab16(ov, xb_raw);
    acc[2] = vit_smlad(xv, w0_e, acc[2]);
    acc[3] = vit_smlad(xv, w1_e, acc[3]);
    xv = vit_sxtab16_ror8(ov, xb_raw);
    acc[2] = vit_smlad(xv, w0_o, acc[2]);
    acc[3] = vit_smlad(xv, w1_o, acc[3]);
}

/* 2 tokens (rows xa, xa + len) x 2 weight rows (w, w + len). acc order:
 * {token a / row 0, token a / row 1, token b / row 0, token b / row 1}.
 * Two base pointers and the row length address all four rows ([x],
 * [x + len], [wp], [wp + len]), which keeps the accumulators in registers;
 * the loop is unrolled twice so its overhead is shared by 32 MACs. */
VIT_NOINLINE static void vit_block_2x2(const int8_t *xa, const int8_t *w, int32_t len,
                                       int32_t off, int32_t acc_io[4])
{
    const uint32_t ov = vit_dup16(off);
    int32_t acc[4] = {acc_io[0], acc_io[1], acc_io[2], acc_io[3]};
    const int8_t *x = xa;
    const int8_t *wp = w;
    const int8_t *const x_end8 = xa + (len & ~(int32_t)7);
    while (x != x_end8) {
        vit_step_2x2(vit_read_u32(x), vit_read_u32(x + len), vit_read_u32(wp),
                     vit_read_u32(wp + len), ov, acc);
        vit_step_2x2(vit_read_u32(x + 4), vit_read_u32(x + 4 + len), vit_read_u32(wp + 4),
                     vit_read_u32(wp + 4 + len), ov, acc);
        x += 8;
        wp += 8;
    }
    if ((len & 4) != 0) {
        vit_step_2x2(vit_read_u32(x), vit_read_u32(x + len), vit_read_u32(wp),
                     vit_read_u32(wp + len), ov, acc);
    }
    for (int32_t i = len & ~(int32_t)3; i < len; ++i) {
        const int32_t xav = (int32_t)xa[i] + off;
        const int32_t xbv = (int32_t)xa[i + len] + off;
        acc[0] += xav * w[i];
        acc[1] += xav * w[i + len];
        acc[2] += xbv * w[i];
        acc[3] += xbv * w[i + len];
    }
    acc_io[0] = acc[0];
    acc_io[1] = acc[1];
    acc_io[2] = acc[2];
    acc_io[3] = acc[3];
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
    int32_t t = 0;
#if VIT_USE_DSP
    const int32_t off = -p->in_zp;
    for (; t + 2 <= n_tokens; t += 2) {
        const int8_t *xa = in + (size_t)t * (size_t)k;
        int8_t *ya = out + (size_t)t * (size_t)out_stride;
        int8_t *yb = ya + out_stride;
        int32_t o = 0;
        for (; o + 2 <= p->out_dim; o += 2) {
            int32_t acc[4];
            acc[0] = vit_bias_at(p, o);
            acc[1] = vit_bias_at(p, o + 1);
            acc[2] = acc[0];
            acc[3] = acc[1];
            vit_block_2x2(xa, p->weights + (size_t)o * (size_t)k, k, off, acc);
            ya[o] = vit_linear_out(p, o, acc[0]);
            ya[o + 1] = vit_linear_out(p, o + 1, acc[1]);
            yb[o] = vit_linear_out(p, o, acc[2]);
            yb[o + 1] = vit_linear_out(p, o + 1, acc[3]);
        }
        if (o < p->out_dim) {
            int32_t acc_a = vit_bias_at(p, o);
            int32_t acc_b = acc_a;
            vit_block_2x1(xa, p->weights + (size_t)o * (size_t)k, k, off, &acc_a, &acc_b);
            ya[o] = vit_linear_out(p, o, acc_a);
            yb[o] = vit_linear_out(p, o, acc_b);
        }
    }
#endif
    for (; t < n_tokens; ++t) {
        vit_matmul_one_token(p, in + (size_t)t * (size_t)k, out + (size_t)t * (size_t)out_stride);
    }
}

/*
 * Decomposed patch embedding (MCUFormer 3.2, figure 2a): the P x P kernel is
 * applied as (P/k)^2 k x k sub-kernels whose partial sums accumulate in a
 * small int32 buffer (one accumulator per output channel of the current
 * token). Integer sums are exact, so the order of accumulation does not change
 * the result: it is bit-identical to vit_patch_embed_s8.
 */
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "patch_embed_common.h"
#include "requantize.h"
#include "vit/patch_embed.h"

int32_t vit_patch_embed_s8_decomposed_get_buffer_size(int32_t embed_dim)
{
    if (embed_dim <= 0) {
        return VIT_ERR_DIM;
    }
    const int32_t size = vit_mul_size(embed_dim, (int32_t)sizeof(int32_t));
    return size < 0 ? VIT_ERR_DIM : size;
}

vit_status vit_patch_embed_s8_decomposed(const vit_patch_embed_params *p, int32_t k,
                                         const int8_t *img, int8_t *out,
                                         const vit_scratch *scratch)
{
    vit_status st = vit_check_patch_embed(p, img, out);
    if (st != VIT_OK) {
        return st;
    }
    if (k <= 0 || k > p->patch || (p->patch % k) != 0) {
        return VIT_ERR_DIM;
    }
    st = vit_check_scratch(scratch, vit_patch_embed_s8_decomposed_get_buffer_size(p->embed_dim));
    if (st != VIT_OK) {
        return st;
    }
    int32_t *acc = (int32_t *)scratch->buf;

    const int32_t P = p->patch;
    const int32_t C = p->channels;
    const int32_t D = p->embed_dim;
    const int32_t sub = P / k;                      /* sub-kernels per side */
    const int32_t seg = k * C;                      /* contiguous bytes per sub-kernel row */
    const size_t img_row = (size_t)p->width * (size_t)C;
    const size_t w_row = (size_t)P * (size_t)C;     /* one kernel row */
    const size_t w_size = (size_t)P * w_row;        /* one output channel */
    const int32_t grid_h = p->height / P;
    const int32_t grid_w = p->width / P;
    const int32_t off = -p->in_zp;

    for (int32_t gy = 0; gy < grid_h; ++gy) {
        for (int32_t gx = 0; gx < grid_w; ++gx) {
            const int8_t *patch = img + (size_t)gy * (size_t)P * img_row + (size_t)gx * w_row;
            for (int32_t o = 0; o < D; ++o) {
                acc[o] = p->bias != NULL ? p->bias[o] : 0;
            }
            for (int32_t sy = 0; sy < sub; ++sy) {
                for (int32_t sx = 0; sx < sub; ++sx) {
                    /* Sub-kernel (sy, sx): rows sy*k.., columns sx*k.. */
                    const size_t base = (size_t)sy * (size_t)k * w_row + (size_t)sx * (size_t)seg;
                    const int8_t *x0 = patch + (size_t)sy * (size_t)k * img_row + (size_t)sx * (size_t)seg;
                    int32_t o = 0;
                    for (; o + 2 <= D; o += 2) {
                        const int8_t *w0 = p->weights + (size_t)o * w_size + base;
                        for (int32_t ky = 0; ky < k; ++ky) {
                            vit_dot2_s8(x0 + (size_t)ky * img_row, off, w0 + (size_t)ky * w_row,
                                        w0 + w_size + (size_t)ky * w_row, seg, &acc[o],
                                        &acc[o + 1]);
                        }
                    }
                    if (o < D) {
                        const int8_t *w0 = p->weights + (size_t)o * w_size + base;
                        for (int32_t ky = 0; ky < k; ++ky) {
                            acc[o] = vit_dot_s8(x0 + (size_t)ky * img_row, off,
                                                w0 + (size_t)ky * w_row, 0, seg, acc[o]);
                        }
                    }
                }
            }
            int8_t *y = out + ((size_t)gy * (size_t)grid_w + (size_t)gx) * (size_t)D;
            for (int32_t o = 0; o < D; ++o) {
                y[o] = vit_requant_s8(acc[o], p->out_mult[o], p->out_shift[o], p->out_zp,
                                      p->act_min, p->act_max);
            }
        }
    }
    return VIT_OK;
}

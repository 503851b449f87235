/* Patch embedding with the full P x P kernel (see vit/patch_embed.h). */
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "patch_embed_common.h"
#include "requantize.h"
#include "vit/patch_embed.h"

int32_t vit_patch_embed_s8_get_num_tokens(int32_t height, int32_t width, int32_t patch)
{
    if (height <= 0 || width <= 0 || patch <= 0 || height < patch || width < patch) {
        return VIT_ERR_DIM;
    }
    const int32_t n = vit_mul_size(height / patch, width / patch);
    return n < 0 ? VIT_ERR_DIM : n;
}

vit_status vit_check_patch_embed(const vit_patch_embed_params *p, const int8_t *img,
                                 const int8_t *out)
{
    if (p == NULL || img == NULL || out == NULL || p->weights == NULL ||
        p->out_mult == NULL || p->out_shift == NULL) {
        return VIT_ERR_NULL;
    }
    if (p->channels <= 0 || p->embed_dim <= 0 ||
        vit_patch_embed_s8_get_num_tokens(p->height, p->width, p->patch) <= 0) {
        return VIT_ERR_DIM;
    }
    const int32_t pp = vit_mul_size(p->patch, p->patch);
    const int32_t dot = pp < 0 ? -1 : vit_mul_size(pp, p->channels);
    if (dot < 0 || dot > VIT_MAX_DOT_LEN || vit_mul_size(p->width, p->channels) < 0) {
        return VIT_ERR_DIM;
    }
    if (!vit_is_s8(p->in_zp) || !vit_is_s8(p->out_zp) || !vit_is_s8(p->act_min) ||
        !vit_is_s8(p->act_max) || p->act_min > p->act_max) {
        return VIT_ERR_PARAM;
    }
    return VIT_OK;
}

vit_status vit_patch_embed_s8(const vit_patch_embed_params *p, const int8_t *img,
                              int8_t *out)
{
    const vit_status st = vit_check_patch_embed(p, img, out);
    if (st != VIT_OK) {
        return st;
    }
    const int32_t P = p->patch;
    const int32_t C = p->channels;
    const int32_t D = p->embed_dim;
    const int32_t row_len = P * C;              /* one patch row, contiguous */
    const size_t img_row = (size_t)p->width * (size_t)C;
    const size_t w_size = (size_t)P * (size_t)row_len; /* one output channel */
    const int32_t grid_h = p->height / P;
    const int32_t grid_w = p->width / P;
    const int32_t off = -p->in_zp;

    for (int32_t gy = 0; gy < grid_h; ++gy) {
        for (int32_t gx = 0; gx < grid_w; ++gx) {
            const int8_t *patch = img + (size_t)gy * (size_t)P * img_row + (size_t)gx * (size_t)row_len;
            int8_t *y = out + ((size_t)gy * (size_t)grid_w + (size_t)gx) * (size_t)D;
            int32_t o = 0;
            for (; o + 2 <= D; o += 2) {
                int32_t acc0 = p->bias != NULL ? p->bias[o] : 0;
                int32_t acc1 = p->bias != NULL ? p->bias[o + 1] : 0;
                const int8_t *w0 = p->weights + (size_t)o * w_size;
                for (int32_t ky = 0; ky < P; ++ky) {
                    vit_dot2_s8(patch + (size_t)ky * img_row, off, w0 + (size_t)ky * (size_t)row_len,
                                w0 + w_size + (size_t)ky * (size_t)row_len, row_len, &acc0, &acc1);
                }
                y[o] = vit_requant_s8(acc0, p->out_mult[o], p->out_shift[o], p->out_zp,
                                      p->act_min, p->act_max);
                y[o + 1] = vit_requant_s8(acc1, p->out_mult[o + 1], p->out_shift[o + 1],
                                          p->out_zp, p->act_min, p->act_max);
            }
            if (o < D) {
                int32_t acc = p->bias != NULL ? p->bias[o] : 0;
                const int8_t *w0 = p->weights + (size_t)o * w_size;
                for (int32_t ky = 0; ky < P; ++ky) {
                    acc = vit_dot_s8(patch + (size_t)ky * img_row, off,
                                     w0 + (size_t)ky * (size_t)row_len, 0, row_len, acc);
                }
                y[o] = vit_requant_s8(acc, p->out_mult[o], p->out_shift[o], p->out_zp,
                                      p->act_min, p->act_max);
            }
        }
    }
    return VIT_OK;
}

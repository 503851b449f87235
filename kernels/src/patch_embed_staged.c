/*
 * Decomposed patch embedding with staged sub-kernel weights (MCUFormer 3.2,
 * figure 2a, when weights are counted in memory): for each token, each k x k
 * sub-kernel's weights are copied from flash into a small SRAM buffer
 * ([D][k][k][C], D*k*k*C bytes instead of the whole D*P*P*C kernel) and
 * accumulated into the token's int32 sums; the token is requantized once at
 * the end. Integer sums are exact: the result is bit-identical to
 * vit_patch_embed_s8.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "patch_embed_common.h"
#include "requantize.h"
#include "vit/patch_embed.h"

static vit_status check_subkernel(const vit_patch_embed_params *p, int32_t k, int32_t sy, int32_t sx)
{
    if (p == NULL || p->weights == NULL) {
        return VIT_ERR_NULL;
    }
    if (k <= 0 || p->patch <= 0 || k > p->patch || (p->patch % k) != 0 || p->embed_dim <= 0 ||
        p->channels <= 0) {
        return VIT_ERR_DIM;
    }
    const int32_t sub = p->patch / k;
    if (sy < 0 || sx < 0 || sy >= sub || sx >= sub) {
        return VIT_ERR_DIM;
    }
    return VIT_OK;
}

int32_t vit_patch_embed_s8_subkernel_size(int32_t embed_dim, int32_t k, int32_t channels)
{
    if (embed_dim <= 0 || k <= 0 || channels <= 0) {
        return VIT_ERR_DIM;
    }
    const int32_t kk = vit_mul_size(k, k);
    const int32_t kkc = kk < 0 ? -1 : vit_mul_size(kk, channels);
    const int32_t size = kkc < 0 ? -1 : vit_mul_size(kkc, embed_dim);
    return size < 0 ? VIT_ERR_DIM : size;
}

vit_status vit_patch_embed_s8_stage_subkernel(const vit_patch_embed_params *p, int32_t k, int32_t sy,
                                              int32_t sx, int8_t *dst)
{
    const vit_status st = check_subkernel(p, k, sy, sx);
    if (st != VIT_OK) {
        return st;
    }
    if (dst == NULL) {
        return VIT_ERR_NULL;
    }
    const size_t P = (size_t)p->patch;
    const size_t C = (size_t)p->channels;
    const size_t seg = (size_t)k * C;
    const size_t w_row = P * C;
    const size_t w_size = P * w_row;
    for (int32_t o = 0; o < p->embed_dim; ++o) {
        const int8_t *src = p->weights + (size_t)o * w_size + (size_t)sy * (size_t)k * w_row + (size_t)sx * seg;
        for (int32_t ky = 0; ky < k; ++ky) {
            memcpy(dst, src + (size_t)ky * w_row, seg);
            dst += seg;
        }
    }
    return VIT_OK;
}

vit_status vit_patch_embed_s8_token_start(const vit_patch_embed_params *p, int32_t *acc)
{
    if (p == NULL || acc == NULL) {
        return VIT_ERR_NULL;
    }
    for (int32_t o = 0; o < p->embed_dim; ++o) {
        acc[o] = p->bias != NULL ? p->bias[o] : 0;
    }
    return VIT_OK;
}

vit_status vit_patch_embed_s8_accumulate(const vit_patch_embed_params *p, int32_t k, int32_t token,
                                         int32_t sy, int32_t sx, const int8_t *w_sub,
                                         const int8_t *img, int32_t *acc)
{
    vit_status st = check_subkernel(p, k, sy, sx);
    if (st != VIT_OK) {
        return st;
    }
    if (w_sub == NULL || img == NULL || acc == NULL) {
        return VIT_ERR_NULL;
    }
    const int32_t n = vit_patch_embed_s8_get_num_tokens(p->height, p->width, p->patch);
    if (n < 0 || token < 0 || token >= n) {
        return VIT_ERR_DIM;
    }
    if (p->in_zp < -128 || p->in_zp > 127) {
        return VIT_ERR_PARAM;
    }
    const int32_t P = p->patch;
    const int32_t C = p->channels;
    const int32_t D = p->embed_dim;
    const int32_t grid_w = p->width / P;
    const int32_t gy = token / grid_w;
    const int32_t gx = token % grid_w;
    const int32_t seg = k * C;
    const size_t img_row = (size_t)p->width * (size_t)C;
    const size_t w_size = (size_t)k * (size_t)seg; /* one output channel of the sub-kernel */
    const int8_t *x0 = img + ((size_t)gy * (size_t)P + (size_t)sy * (size_t)k) * img_row +
                       ((size_t)gx * (size_t)P + (size_t)sx * (size_t)k) * (size_t)C;
    const int32_t off = -p->in_zp;
    int32_t o = 0;
    for (; o + 2 <= D; o += 2) {
        const int8_t *w0 = w_sub + (size_t)o * w_size;
        for (int32_t ky = 0; ky < k; ++ky) {
            vit_dot2_s8(x0 + (size_t)ky * img_row, off, w0 + (size_t)ky * (size_t)seg,
                        w0 + w_size + (size_t)ky * (size_t)seg, seg, &acc[o], &acc[o + 1]);
        }
    }
    if (o < D) {
        const int8_t *w0 = w_sub + (size_t)o * w_size;
        for (int32_t ky = 0; ky < k; ++ky) {
            acc[o] = vit_dot_s8(x0 + (size_t)ky * img_row, off, w0 + (size_t)ky * (size_t)seg, 0, seg, acc[o]);
        }
    }
    return VIT_OK;
}

vit_status vit_patch_embed_s8_token_finish(const vit_patch_embed_params *p, const int32_t *acc,
                                           int8_t *out_row)
{
    if (p == NULL || acc == NULL || out_row == NULL || p->out_mult == NULL || p->out_shift == NULL) {
        return VIT_ERR_NULL;
    }
    if (p->out_zp < -128 || p->out_zp > 127 || p->act_min < -128 || p->act_max > 127 ||
        p->act_min > p->act_max) {
        return VIT_ERR_PARAM;
    }
    for (int32_t o = 0; o < p->embed_dim; ++o) {
        if (p->out_shift[o] < VIT_SHIFT_MIN || p->out_shift[o] > VIT_SHIFT_MAX || p->out_mult[o] < 0) {
            return VIT_ERR_PARAM;
        }
    }
    for (int32_t o = 0; o < p->embed_dim; ++o) {
        out_row[o] = vit_requant_s8(acc[o], p->out_mult[o], p->out_shift[o], p->out_zp, p->act_min,
                                    p->act_max);
    }
    return VIT_OK;
}

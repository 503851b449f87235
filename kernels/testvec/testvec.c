/*
 * Deterministic test vectors for the vit kernels (see testvec.h). Every case
 * draws its data and integer quantization parameters from the PRNG with a
 * case-specific seed; no floating point is used, so the firmware needs no
 * soft-float support to run them.
 */
#include "testvec.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vit/vit.h"

/* ---- PRNG and checksum ------------------------------------------------ */

void vit_rng_seed(vit_rng *r, uint32_t seed)
{
    r->state = seed != 0u ? seed : 0x9E3779B9u;
}

uint32_t vit_rng_next(vit_rng *r)
{
    uint32_t x = r->state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    r->state = x;
    return x;
}

int32_t vit_rng_range(vit_rng *r, int32_t lo, int32_t hi)
{
    const uint32_t span = (uint32_t)(hi - lo) + 1u;
    return lo + (int32_t)(vit_rng_next(r) % span);
}

void vit_rng_fill_s8(vit_rng *r, int8_t *dst, int32_t n, int32_t lo, int32_t hi)
{
    for (int32_t i = 0; i < n; ++i) {
        dst[i] = (int8_t)vit_rng_range(r, lo, hi);
    }
}

uint32_t vit_fnv1a(uint32_t h, const void *data, size_t n)
{
    const uint8_t *p = (const uint8_t *)data;
    for (size_t i = 0; i < n; ++i) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

/* ---- arena ----------------------------------------------------------- */

typedef struct {
    uint8_t *base;
    int32_t size;
    int32_t used;
    int overflow;
} vit_tv_arena;

static void *vit_tv_take(vit_tv_arena *a, int32_t bytes)
{
    const int32_t start = (a->used + 3) & ~3;
    if (bytes < 0 || start > a->size || bytes > a->size - start) {
        a->overflow = 1;
        return NULL;
    }
    a->used = start + bytes;
    return a->base + start;
}

/* Case context: arena, generator and the running checksum. */
typedef struct {
    vit_tv_arena arena;
    vit_rng rng;
    uint32_t hash;
    int32_t bytes;
} vit_tv_ctx;

static void vit_tv_hash(vit_tv_ctx *c, const void *data, int32_t n)
{
    c->hash = vit_fnv1a(c->hash, data, (size_t)n);
    c->bytes += n;
}

static int8_t *vit_tv_s8(vit_tv_ctx *c, int32_t n, int32_t lo, int32_t hi)
{
    int8_t *p = (int8_t *)vit_tv_take(&c->arena, n);
    if (p != NULL) {
        vit_rng_fill_s8(&c->rng, p, n, lo, hi);
    }
    return p;
}

static int32_t *vit_tv_s32(vit_tv_ctx *c, int32_t n, int32_t lo, int32_t hi)
{
    int32_t *p = (int32_t *)vit_tv_take(&c->arena, n * (int32_t)sizeof(int32_t));
    if (p != NULL) {
        for (int32_t i = 0; i < n; ++i) {
            p[i] = vit_rng_range(&c->rng, lo, hi);
        }
    }
    return p;
}

static vit_scratch vit_tv_scratch(vit_tv_ctx *c, int32_t bytes)
{
    vit_scratch s;
    s.size = bytes;
    s.buf = vit_tv_take(&c->arena, bytes);
    return s;
}

/* Per-channel multipliers in [2^30, 2^31) with the given shift. */
static void vit_tv_requant(vit_tv_ctx *c, int32_t n, int32_t shift, const int32_t **mult,
                           const int32_t **shifts)
{
    int32_t *m = vit_tv_s32(c, n, 1 << 30, INT32_MAX);
    int32_t *s = vit_tv_s32(c, n, shift, shift);
    *mult = m;
    *shifts = s;
}

static void vit_tv_linear(vit_tv_ctx *c, vit_linear_params *p, int32_t in_dim, int32_t out_dim,
                          int32_t shift)
{
    p->in_dim = in_dim;
    p->out_dim = out_dim;
    p->weights = vit_tv_s8(c, in_dim * out_dim, -127, 127);
    p->bias = vit_tv_s32(c, out_dim, -40000, 40000);
    vit_tv_requant(c, out_dim, shift, &p->out_mult, &p->out_shift);
    p->in_zp = vit_rng_range(&c->rng, -128, 127);
    p->out_zp = vit_rng_range(&c->rng, -20, 20);
    p->act_min = -128;
    p->act_max = 127;
}

/* ---- cases ------------------------------------------------------------ */

static vit_status vit_tv_case_linear(vit_tv_ctx *c, int32_t in_dim, int32_t out_dim,
                                     int32_t n)
{
    vit_linear_params p;
    vit_tv_linear(c, &p, in_dim, out_dim, -9);
    p.act_min = -100;
    p.act_max = 110;
    const int8_t *x = vit_tv_s8(c, n * in_dim, -128, 127);
    int8_t *y = (int8_t *)vit_tv_take(&c->arena, n * out_dim);
    if (c->arena.overflow) {
        return VIT_ERR_BUFFER;
    }
    const vit_status st = vit_linear_s8(&p, n, x, y);
    vit_tv_hash(c, y, n * out_dim);
    return st;
}

static vit_status vit_tv_linear_37x19(vit_tv_ctx *c) { return vit_tv_case_linear(c, 37, 19, 5); }
static vit_status vit_tv_linear_64x48(vit_tv_ctx *c) { return vit_tv_case_linear(c, 64, 48, 8); }

static vit_status vit_tv_case_inplace(vit_tv_ctx *c, int32_t in_dim, int32_t out_dim, int32_t n)
{
    vit_linear_params p;
    vit_tv_linear(c, &p, in_dim, out_dim, -9);
    const int32_t size = vit_linear_s8_inplace_get_tensor_size(n, in_dim, out_dim);
    int8_t *buf = (int8_t *)vit_tv_take(&c->arena, size);
    vit_scratch s = vit_tv_scratch(c, vit_linear_s8_inplace_get_buffer_size(in_dim, out_dim));
    if (c->arena.overflow) {
        return VIT_ERR_BUFFER;
    }
    vit_rng_fill_s8(&c->rng, buf, n * in_dim, -128, 127);
    const vit_status st = vit_linear_s8_inplace(&p, n, buf, size, &s);
    vit_tv_hash(c, buf, n * out_dim);
    return st;
}

static vit_status vit_tv_inplace_grow(vit_tv_ctx *c) { return vit_tv_case_inplace(c, 24, 40, 7); }
static vit_status vit_tv_inplace_shrink(vit_tv_ctx *c) { return vit_tv_case_inplace(c, 40, 24, 6); }

static vit_status vit_tv_case_lowrank(vit_tv_ctx *c, int32_t in_dim, int32_t rank,
                                      int32_t out_dim, int32_t n, int inplace)
{
    vit_lowrank_params p;
    vit_tv_linear(c, &p.v, in_dim, rank, -9);
    p.v.bias = NULL;
    vit_tv_linear(c, &p.u, rank, out_dim, -8);
    p.u.in_zp = p.v.out_zp;
    vit_scratch s = vit_tv_scratch(c, vit_linear_s8_lowrank_get_buffer_size(rank));
    const int32_t size = vit_linear_s8_inplace_get_tensor_size(n, in_dim, out_dim);
    int8_t *buf = (int8_t *)vit_tv_take(&c->arena, size);
    int8_t *out = (int8_t *)vit_tv_take(&c->arena, n * out_dim);
    if (c->arena.overflow) {
        return VIT_ERR_BUFFER;
    }
    vit_rng_fill_s8(&c->rng, buf, n * in_dim, -128, 127);
    vit_status st;
    if (inplace) {
        st = vit_linear_s8_lowrank_inplace(&p, n, buf, size, &s);
        memcpy(out, buf, (size_t)(n * out_dim));
    } else {
        st = vit_linear_s8_lowrank(&p, n, buf, out, &s);
    }
    vit_tv_hash(c, out, n * out_dim);
    return st;
}

static vit_status vit_tv_lowrank(vit_tv_ctx *c) { return vit_tv_case_lowrank(c, 48, 8, 30, 4, 0); }
static vit_status vit_tv_lowrank_inplace(vit_tv_ctx *c)
{
    return vit_tv_case_lowrank(c, 32, 12, 48, 5, 1);
}

/* Patch embedding P = 8 on a 24 x 16 x 3 image (3 x 2 = 6 tokens), D = 20;
 * k = 0 selects the undecomposed kernel. All k give the same checksum. */
static vit_status vit_tv_case_patch(vit_tv_ctx *c, int32_t k)
{
    vit_patch_embed_params p;
    p.height = 24;
    p.width = 16;
    p.channels = 3;
    p.patch = 8;
    p.embed_dim = 20;
    p.weights = vit_tv_s8(c, 20 * 8 * 8 * 3, -127, 127);
    p.bias = vit_tv_s32(c, 20, -30000, 30000);
    vit_tv_requant(c, 20, -10, &p.out_mult, &p.out_shift);
    p.in_zp = vit_rng_range(&c->rng, -128, 127);
    p.out_zp = vit_rng_range(&c->rng, -10, 10);
    p.act_min = -128;
    p.act_max = 127;
    const int8_t *img = vit_tv_s8(c, 24 * 16 * 3, -128, 127);
    const int32_t n = vit_patch_embed_s8_get_num_tokens(24, 16, 8);
    int8_t *out = (int8_t *)vit_tv_take(&c->arena, n * 20);
    vit_scratch s = vit_tv_scratch(c, vit_patch_embed_s8_decomposed_get_buffer_size(20));
    if (c->arena.overflow) {
        return VIT_ERR_BUFFER;
    }
    const vit_status st = k == 0 ? vit_patch_embed_s8(&p, img, out)
                                 : vit_patch_embed_s8_decomposed(&p, k, img, out, &s);
    vit_tv_hash(c, out, n * 20);
    return st;
}

static vit_status vit_tv_patch(vit_tv_ctx *c) { return vit_tv_case_patch(c, 0); }
static vit_status vit_tv_patch_k1(vit_tv_ctx *c) { return vit_tv_case_patch(c, 1); }
static vit_status vit_tv_patch_k2(vit_tv_ctx *c) { return vit_tv_case_patch(c, 2); }
static vit_status vit_tv_patch_k4(vit_tv_ctx *c) { return vit_tv_case_patch(c, 4); }

static vit_status vit_tv_case_layernorm(vit_tv_ctx *c, int32_t iters)
{
    const int32_t dim = 48;
    const int32_t n = 5;
    vit_layernorm_params p;
    p.dim = dim;
    int8_t *gamma = vit_tv_s8(c, dim, -127, 127);
    p.gamma = gamma;
    p.beta = vit_tv_s32(c, dim, -4000000, 4000000);
    vit_tv_requant(c, dim, -17, &p.out_mult, &p.out_shift);
    p.in_zp = vit_rng_range(&c->rng, -128, 127);
    p.out_zp = vit_rng_range(&c->rng, -10, 10);
    p.var_eps = vit_rng_range(&c->rng, 0, 50);
    p.sqrt_iters = iters;
    const int8_t *x = vit_tv_s8(c, n * dim, -128, 127);
    int8_t *y = (int8_t *)vit_tv_take(&c->arena, n * dim);
    if (c->arena.overflow) {
        return VIT_ERR_BUFFER;
    }
    const vit_status st = vit_layernorm_s8(&p, n, x, y);
    vit_tv_hash(c, y, n * dim);
    return st;
}

static vit_status vit_tv_layernorm_it1(vit_tv_ctx *c) { return vit_tv_case_layernorm(c, 1); }
static vit_status vit_tv_layernorm_it3(vit_tv_ctx *c) { return vit_tv_case_layernorm(c, 3); }
static vit_status vit_tv_layernorm_it4(vit_tv_ctx *c) { return vit_tv_case_layernorm(c, 4); }

static vit_status vit_tv_case_gelu(vit_tv_ctx *c, int use_lut)
{
    const int32_t n = 300;
    vit_gelu_params p;
    p.in_zp = vit_rng_range(&c->rng, -30, 30);
    p.out_zp = vit_rng_range(&c->rng, -60, -20);
    p.sig_mult = vit_rng_range(&c->rng, 1 << 30, INT32_MAX);
    p.sig_shift = -3;
    p.out_mult = vit_rng_range(&c->rng, 1 << 30, INT32_MAX);
    p.out_shift = 0;
    const int8_t *x = vit_tv_s8(c, n, -128, 127);
    int8_t *y = (int8_t *)vit_tv_take(&c->arena, n);
    int8_t *lut = (int8_t *)vit_tv_take(&c->arena, 256);
    if (c->arena.overflow) {
        return VIT_ERR_BUFFER;
    }
    vit_status st;
    if (use_lut) {
        st = vit_gelu_s8_make_lut(&p, lut);
        if (st == VIT_OK) {
            st = vit_lut_s8(lut, x, y, n);
        }
    } else {
        st = vit_gelu_s8(&p, x, y, n);
    }
    vit_tv_hash(c, y, n);
    return st;
}

static vit_status vit_tv_gelu(vit_tv_ctx *c) { return vit_tv_case_gelu(c, 0); }
static vit_status vit_tv_gelu_lut(vit_tv_ctx *c) { return vit_tv_case_gelu(c, 1); }

static vit_status vit_tv_softmax(vit_tv_ctx *c)
{
    const int32_t rows = 6;
    const int32_t cols = 33;
    vit_softmax_params p;
    p.input_mult = vit_rng_range(&c->rng, 1 << 30, INT32_MAX);
    p.input_shift = -3;
    const int8_t *x = vit_tv_s8(c, rows * cols, -128, 127);
    int8_t *y = (int8_t *)vit_tv_take(&c->arena, rows * cols);
    if (c->arena.overflow) {
        return VIT_ERR_BUFFER;
    }
    const vit_status st = vit_softmax_s8(&p, rows, cols, x, y);
    vit_tv_hash(c, y, rows * cols);
    return st;
}

/* Attention on a fused QKV buffer: 13 tokens, 3 heads of 12. */
static vit_status vit_tv_case_mhsa(vit_tv_ctx *c, int full)
{
    vit_mhsa_params p;
    p.n_tokens = 13;
    p.n_heads = 3;
    p.head_dim = 12;
    p.qkv_stride = 3 * 36;
    p.out_stride = 36;
    p.q_zp = vit_rng_range(&c->rng, -128, 127);
    p.k_zp = vit_rng_range(&c->rng, -128, 127);
    p.v_zp = vit_rng_range(&c->rng, -128, 127);
    p.out_zp = vit_rng_range(&c->rng, -10, 10);
    p.score_mult = vit_rng_range(&c->rng, 1 << 30, INT32_MAX);
    p.score_shift = -12;
    p.out_mult = vit_rng_range(&c->rng, 1 << 30, INT32_MAX);
    p.out_shift = 0;
    const int8_t *qkv = vit_tv_s8(c, 13 * 108, -128, 127);
    int8_t *out = (int8_t *)vit_tv_take(&c->arena, 13 * 36);
    const int32_t need = full ? vit_mhsa_s8_full_get_buffer_size(13) : vit_mhsa_s8_get_buffer_size(13);
    vit_scratch s = vit_tv_scratch(c, need);
    if (c->arena.overflow) {
        return VIT_ERR_BUFFER;
    }
    const vit_status st = full ? vit_mhsa_s8_full(&p, qkv, qkv + 36, qkv + 72, out, &s)
                               : vit_mhsa_s8(&p, qkv, qkv + 36, qkv + 72, out, &s);
    vit_tv_hash(c, out, 13 * 36);
    return st;
}

static vit_status vit_tv_mhsa(vit_tv_ctx *c) { return vit_tv_case_mhsa(c, 0); }
static vit_status vit_tv_mhsa_full(vit_tv_ctx *c) { return vit_tv_case_mhsa(c, 1); }

static vit_status vit_tv_residual(vit_tv_ctx *c)
{
    const int32_t n = 77;
    vit_residual_params p;
    p.a_zp = vit_rng_range(&c->rng, -128, 127);
    p.b_zp = vit_rng_range(&c->rng, -128, 127);
    p.out_zp = vit_rng_range(&c->rng, -20, 20);
    p.a_mult = vit_rng_range(&c->rng, 1 << 29, INT32_MAX);
    p.b_mult = vit_rng_range(&c->rng, 1 << 29, INT32_MAX);
    p.shift = 31;
    p.act_min = -128;
    p.act_max = 127;
    const int8_t *a = vit_tv_s8(c, n, -128, 127);
    const int8_t *b = vit_tv_s8(c, n, -128, 127);
    int8_t *y = (int8_t *)vit_tv_take(&c->arena, n);
    if (c->arena.overflow) {
        return VIT_ERR_BUFFER;
    }
    const vit_status st = vit_residual_add_s8(&p, a, b, y, n);
    vit_tv_hash(c, y, n);
    return st;
}

static vit_status vit_tv_pooling(vit_tv_ctx *c)
{
    vit_pool_mean_params p;
    p.n_tokens = 9;
    p.dim = 40;
    p.in_zp = vit_rng_range(&c->rng, -128, 127);
    p.out_zp = vit_rng_range(&c->rng, -10, 10);
    p.mult = vit_rng_range(&c->rng, 1 << 30, INT32_MAX);
    p.shift = -3;
    const int8_t *x = vit_tv_s8(c, 9 * 40, -128, 127);
    int8_t *y = (int8_t *)vit_tv_take(&c->arena, 2 * 40);
    if (c->arena.overflow) {
        return VIT_ERR_BUFFER;
    }
    vit_status st = vit_pool_mean_s8(&p, x, y);
    if (st == VIT_OK) {
        st = vit_pool_cls_s8(9, 40, x, y + 40);
    }
    vit_tv_hash(c, y, 80);
    return st;
}

static vit_status vit_tv_classifier(vit_tv_ctx *c)
{
    vit_linear_params p;
    vit_tv_linear(c, &p, 40, 10, -9);
    const int8_t *x = vit_tv_s8(c, 40, -128, 127);
    int8_t *y = (int8_t *)vit_tv_take(&c->arena, 10);
    if (c->arena.overflow) {
        return VIT_ERR_BUFFER;
    }
    int32_t top = -1;
    const vit_status st = vit_classifier_s8(&p, x, y, &top);
    vit_tv_hash(c, y, 10);
    const uint8_t top_byte = (uint8_t)top;
    vit_tv_hash(c, &top_byte, 1);
    return st;
}

/* ---- registry ---------------------------------------------------------- */

typedef struct {
    const char *name;
    uint32_t seed;
    vit_status (*run)(vit_tv_ctx *c);
} vit_tv_case;

/* Cases sharing a seed and a generator sequence must give equal checksums
 * (decomposed == undecomposed, LUT == direct GeLU, full == row attention). */
static const vit_tv_case vit_tv_cases[] = {
    {"linear_37x19_n5", 101u, vit_tv_linear_37x19},
    {"linear_64x48_n8", 102u, vit_tv_linear_64x48},
    {"linear_inplace_24to40_n7", 103u, vit_tv_inplace_grow},
    {"linear_inplace_40to24_n6", 104u, vit_tv_inplace_shrink},
    {"lowrank_48r8to30_n4", 105u, vit_tv_lowrank},
    {"lowrank_inplace_32r12to48_n5", 106u, vit_tv_lowrank_inplace},
    {"patch_embed_p8", 107u, vit_tv_patch},
    {"patch_embed_p8_k1", 107u, vit_tv_patch_k1},
    {"patch_embed_p8_k2", 107u, vit_tv_patch_k2},
    {"patch_embed_p8_k4", 107u, vit_tv_patch_k4},
    {"layernorm_d48_it1", 108u, vit_tv_layernorm_it1},
    {"layernorm_d48_it3", 108u, vit_tv_layernorm_it3},
    {"layernorm_d48_it4", 108u, vit_tv_layernorm_it4},
    {"gelu_300", 109u, vit_tv_gelu},
    {"gelu_300_lut", 109u, vit_tv_gelu_lut},
    {"softmax_6x33", 110u, vit_tv_softmax},
    {"mhsa_n13_h3_d12", 111u, vit_tv_mhsa},
    {"mhsa_full_n13_h3_d12", 111u, vit_tv_mhsa_full},
    {"residual_77", 112u, vit_tv_residual},
    {"pool_mean_cls_9x40", 113u, vit_tv_pooling},
    {"classifier_40to10", 114u, vit_tv_classifier},
};

int32_t vit_testvec_count(void)
{
    return (int32_t)(sizeof vit_tv_cases / sizeof vit_tv_cases[0]);
}

vit_status vit_testvec_run(int32_t index, void *arena, int32_t arena_size,
                           vit_testvec_result *result)
{
    if (result == NULL) {
        return VIT_ERR_NULL;
    }
    result->name = "";
    result->checksum = 0u;
    result->out_bytes = 0;
    if (index < 0 || index >= vit_testvec_count()) {
        result->status = VIT_ERR_DIM;
        return VIT_ERR_DIM;
    }
    result->name = vit_tv_cases[index].name;
    if (arena == NULL) {
        result->status = VIT_ERR_NULL;
        return VIT_ERR_NULL;
    }
    if (arena_size < VIT_TESTVEC_ARENA_BYTES || ((uintptr_t)arena & 3u) != 0u) {
        result->status = VIT_ERR_BUFFER;
        return VIT_ERR_BUFFER;
    }
    vit_tv_ctx c;
    c.arena.base = (uint8_t *)arena;
    c.arena.size = arena_size;
    c.arena.used = 0;
    c.arena.overflow = 0;
    vit_rng_seed(&c.rng, vit_tv_cases[index].seed);
    c.hash = VIT_FNV1A_INIT;
    c.bytes = 0;
    const vit_status st = vit_tv_cases[index].run(&c);
    result->checksum = c.hash;
    result->out_bytes = c.bytes;
    result->status = st;
    return st;
}

int32_t vit_testvec_format(const vit_testvec_result *r, char *buf, int32_t size)
{
    static const char hex[] = "0123456789abcdef";
    static const char prefix[] = "vit-testvec ";
    if (r == NULL || buf == NULL || r->name == NULL) {
        return -1;
    }
    const int32_t name_len = (int32_t)strlen(r->name);
    /* prefix, name, ' ', 8 hex, ' ', status (at most 3 chars), '\n', NUL */
    const int32_t need = (int32_t)(sizeof prefix - 1) + name_len + 1 + 8 + 1 + 3 + 2;
    if (size < need) {
        return -1;
    }
    int32_t n = 0;
    memcpy(buf, prefix, sizeof prefix - 1);
    n += (int32_t)(sizeof prefix - 1);
    memcpy(buf + n, r->name, (size_t)name_len);
    n += name_len;
    buf[n++] = ' ';
    for (int32_t i = 7; i >= 0; --i) {
        buf[n++] = hex[(r->checksum >> (4 * i)) & 0xFu];
    }
    buf[n++] = ' ';
    int32_t s = r->status;
    if (s < 0) {
        buf[n++] = '-';
        s = -s;
    }
    if (s >= 10) {
        buf[n++] = (char)('0' + (s / 10) % 10);
    }
    buf[n++] = (char)('0' + s % 10);
    buf[n++] = '\n';
    buf[n] = '\0';
    return n;
}

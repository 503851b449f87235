/* Kernel benchmark: DeiT-Tiny-sized shapes (196 tokens, embedding 192, MLP
 * 768, 3 heads), each kernel call inside its own mcuprof layer so the report
 * gives its instructions and estimated cycles. Per layer the firmware prints
 *   "vit-bench <layer> macs <multiply-accumulates> status <vit_status> checksum <fnv1a>"
 * and tools/bench/kernel-bench.sh joins these lines with the report's layers.
 * A layer whose tensors do not fit this board's arena prints
 *   "vit-bench-skip <layer> needs <bytes>"
 * instead. Weights live in flash (bench_tables.c, generated at build time).
 * Exits 0 when every layer that ran returned VIT_OK. */
#include "mcuprof/markers.h"
#include "semihost.h"
#include "testvec.h"
#include "vit/vit.h"

#include <stddef.h>
#include <stdint.h>

enum {
    TOKENS = 196, /* 14 x 14 patches of a 224 x 224 image */
    EMBED = 192,
    HIDDEN = 768,
    HEADS = 3,
    IMAGE = 224,
    CHANNELS = 3,
    PATCH = 16,
};

extern const int8_t bench_weights[];
extern const int32_t bench_bias[];
extern const int32_t bench_mult[];
extern const int32_t bench_shift[];

/* The large activations (image, MLP hidden tensor, fused QKV, score matrix)
 * live in the RAM between .bss and the stack, given by the linker script's
 * heap symbols, not in a .bss array: mcuprof loads each ELF segment into one
 * profile region, and none of the F427's SRAM regions (112 + 16 + 64 KB,
 * contiguous) holds the 147 KB image on its own. */
extern uint8_t __HeapBase[];
extern uint8_t __HeapLimit[];

/* The 196 x 192 token tensor. On the STM32F427 the 192 KB main RAM holds
 * the 147 KB image but not the tokens as well, so they go to the 64 KB CCM
 * (not zero-initialised; every benchmark writes it before reading). */
#ifdef BENCH_TOKENS_IN_CCM
#define TOKENS_PLACEMENT __attribute__((section(".noinit.ccm")))
#else
#define TOKENS_PLACEMENT
#endif
static uint32_t tokens[TOKENS * EMBED / 4] TOKENS_PLACEMENT;

/* Scratch of the decomposed patch embedding and of the row-wise attention. */
static uint32_t small_scratch[TOKENS > EMBED ? TOKENS : EMBED];

static int failed;
static vit_rng rng;

static int8_t *arena_s8(void) { return (int8_t *)__HeapBase; } /* 8-byte aligned */
static int32_t arena_bytes(void) { return (int32_t)(__HeapLimit - __HeapBase); }
static int8_t *tokens_s8(void) { return (int8_t *)tokens; }

static void report(const char *layer, int32_t macs, vit_status st, const int8_t *out, int32_t n) {
    semihost_write0("vit-bench ");
    semihost_write0(layer);
    semihost_write0(" macs ");
    semihost_write_dec(macs);
    semihost_write0(" status ");
    semihost_write_dec(st);
    semihost_write0(" checksum ");
    semihost_write_hex(vit_fnv1a(VIT_FNV1A_INIT, out, (size_t)n));
    semihost_write0("\n");
    failed |= st != VIT_OK;
}

static int fits(const char *layer, int32_t need) {
    if (need <= arena_bytes()) {
        return 1;
    }
    semihost_write0("vit-bench-skip ");
    semihost_write0(layer);
    semihost_write0(" needs ");
    semihost_write_dec(need);
    semihost_write0("\n");
    return 0;
}

static vit_linear_params linear_params(int32_t in_dim, int32_t out_dim) {
    vit_linear_params p = {
        .in_dim = in_dim, .out_dim = out_dim, .weights = bench_weights, .bias = bench_bias,
        .out_mult = bench_mult, .out_shift = bench_shift, .in_zp = -3, .out_zp = 5,
        .act_min = -128, .act_max = 127,
    };
    return p;
}

/* fc1 of the MLP (196 x 192 -> 768) and fc2 (768 -> 192), out of place. */
static void bench_linear(void) {
    const vit_linear_params fc1 = linear_params(EMBED, HIDDEN);
    vit_rng_fill_s8(&rng, tokens_s8(), TOKENS * EMBED, -128, 127);
    mcuprof_layer_begin("linear_196x192to768");
    vit_status st = vit_linear_s8(&fc1, TOKENS, tokens_s8(), arena_s8());
    mcuprof_layer_end();
    report("linear_196x192to768", TOKENS * EMBED * HIDDEN, st, arena_s8(), TOKENS * HIDDEN);

    const vit_linear_params fc2 = linear_params(HIDDEN, EMBED);
    mcuprof_layer_begin("linear_196x768to192");
    st = vit_linear_s8(&fc2, TOKENS, arena_s8(), tokens_s8());
    mcuprof_layer_end();
    report("linear_196x768to192", TOKENS * HIDDEN * EMBED, st, tokens_s8(), TOKENS * EMBED);
}

/* 224 x 224 x 3 -> 196 x 192 with 16 x 16 patches: the undecomposed kernel,
 * then the decomposition into k x k sub-kernels for every k dividing 16. */
static void bench_patch_embed(void) {
    static const char *const names[] = {"patch_embed_k1", "patch_embed_k2", "patch_embed_k4",
                                        "patch_embed_k8", "patch_embed_k16"};
    const vit_patch_embed_params p = {
        .height = IMAGE, .width = IMAGE, .channels = CHANNELS, .patch = PATCH,
        .embed_dim = EMBED, .weights = bench_weights, .bias = bench_bias,
        .out_mult = bench_mult, .out_shift = bench_shift, .in_zp = 2, .out_zp = -4,
        .act_min = -128, .act_max = 127,
    };
    const int32_t macs = TOKENS * EMBED * PATCH * PATCH * CHANNELS;
    vit_rng_fill_s8(&rng, arena_s8(), IMAGE * IMAGE * CHANNELS, -128, 127);
    mcuprof_layer_begin("patch_embed");
    vit_status st = vit_patch_embed_s8(&p, arena_s8(), tokens_s8());
    mcuprof_layer_end();
    report("patch_embed", macs, st, tokens_s8(), TOKENS * EMBED);

    const vit_scratch scratch = {small_scratch, (int32_t)sizeof small_scratch};
    for (int32_t i = 0; i < 5; ++i) {
        mcuprof_layer_begin(names[i]);
        st = vit_patch_embed_s8_decomposed(&p, 1 << i, arena_s8(), tokens_s8(), &scratch);
        mcuprof_layer_end();
        report(names[i], macs, st, tokens_s8(), TOKENS * EMBED);
    }
}

/* Attention core over a fused QKV buffer [196][3 * 192] (the output
 * overwrites the Q columns): row at a time (scratch 4n bytes), then the full
 * n x n score matrix (4n^2 bytes, after the QKV buffer in the arena). Both
 * start from the same QKV data, so their checksums must agree. */
static void bench_attention(void) {
    const int32_t qkv_bytes = TOKENS * 3 * EMBED;
    const vit_mhsa_params p = {
        .n_tokens = TOKENS, .n_heads = HEADS, .head_dim = EMBED / HEADS,
        .qkv_stride = 3 * EMBED, .out_stride = 3 * EMBED, .q_zp = 3, .k_zp = -5, .v_zp = 7,
        .out_zp = 0, .score_mult = 1518500250, .score_shift = -12,
        .out_mult = 1518500250, .out_shift = 0,
    };
    /* QK^T and the weighted sum of V: n x n x head_dim each, per head. */
    const int32_t macs = 2 * HEADS * TOKENS * TOKENS * (EMBED / HEADS);
    vit_rng state = rng;

    if (fits("mhsa_n196_h3", qkv_bytes)) {
        rng = state;
        vit_rng_fill_s8(&rng, arena_s8(), qkv_bytes, -128, 127);
        const vit_scratch scratch = {small_scratch, (int32_t)sizeof small_scratch};
        mcuprof_layer_begin("mhsa_n196_h3");
        const vit_status st = vit_mhsa_s8(&p, arena_s8(), arena_s8() + EMBED, arena_s8() + 2 * EMBED,
                                          arena_s8(), &scratch);
        mcuprof_layer_end();
        report("mhsa_n196_h3", macs, st, arena_s8(), qkv_bytes);
    }
    const int32_t full_scratch = vit_mhsa_s8_full_get_buffer_size(TOKENS);
    if (fits("mhsa_full_n196_h3", qkv_bytes + full_scratch)) {
        rng = state;
        vit_rng_fill_s8(&rng, arena_s8(), qkv_bytes, -128, 127);
        /* qkv_bytes is a multiple of 4, so the scores stay aligned. */
        const vit_scratch scratch = {arena_s8() + qkv_bytes, full_scratch};
        mcuprof_layer_begin("mhsa_full_n196_h3");
        const vit_status st = vit_mhsa_s8_full(&p, arena_s8(), arena_s8() + EMBED,
                                               arena_s8() + 2 * EMBED, arena_s8(), &scratch);
        mcuprof_layer_end();
        report("mhsa_full_n196_h3", macs, st, arena_s8(), qkv_bytes);
    }
}

int main(void) {
    vit_rng_seed(&rng, 196u);
    if (fits("linear", TOKENS * HIDDEN)) {
        bench_linear();
    }
    if (fits("patch_embed", IMAGE * IMAGE * CHANNELS)) {
        bench_patch_embed();
    }
    bench_attention();
    return failed;
}

/**
 * @file testvec.h
 * @brief Deterministic kernel test vectors for cross-checking targets.
 *
 * Each case fills its inputs and parameters from a fixed seed with a small
 * PRNG (xorshift32), runs one or more kernels, and reduces the outputs to a
 * 32-bit FNV-1a checksum. The code is plain C11 with no libc beyond string.h,
 * so the same cases run on the host (portable or DSP-emulated build), in the
 * Cortex-M firmware under Unicorn, and under QEMU; printing the formatted
 * lines on each and comparing them checks bit-exactness across all of them.
 *
 * Memory: the caller passes one arena (4-byte aligned) of at least
 * VIT_TESTVEC_ARENA_BYTES; cases carve their tensors from it and nothing is
 * kept between calls.
 */
#ifndef VIT_TESTVEC_H
#define VIT_TESTVEC_H

#include <stddef.h>
#include <stdint.h>

#include "vit/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Arena every case fits in. */
#define VIT_TESTVEC_ARENA_BYTES 49152

/** Outcome of one case. */
typedef struct {
    const char *name;   /**< Stable case name, e.g. "linear_2x2_odd". */
    uint32_t checksum;  /**< FNV-1a over every output byte of the case. */
    int32_t status;     /**< VIT_OK, or the first failing kernel's status. */
    int32_t out_bytes;  /**< Number of output bytes hashed. */
} vit_testvec_result;

/** xorshift32 state; never 0. */
typedef struct {
    uint32_t state;
} vit_rng;

/** Seeds the generator (seed 0 is replaced by a fixed non-zero constant). */
void vit_rng_seed(vit_rng *r, uint32_t seed);
/** Next 32-bit value. */
uint32_t vit_rng_next(vit_rng *r);
/** Uniform-ish integer in [lo, hi] (modulo reduction; fine for test data). */
int32_t vit_rng_range(vit_rng *r, int32_t lo, int32_t hi);
/** Fills n int8 values in [lo, hi]. */
void vit_rng_fill_s8(vit_rng *r, int8_t *dst, int32_t n, int32_t lo, int32_t hi);

/** FNV-1a (32-bit) of n bytes, continuing from hash h (start with VIT_FNV1A_INIT). */
#define VIT_FNV1A_INIT 2166136261u
uint32_t vit_fnv1a(uint32_t h, const void *data, size_t n);

/** Number of cases. */
int32_t vit_testvec_count(void);

/**
 * @brief Runs case `index` (0 .. count-1).
 * @param arena      Scratch for the case's tensors, 4-byte aligned.
 * @param arena_size At least VIT_TESTVEC_ARENA_BYTES.
 * @param result     Filled on return (name is set even on error).
 * @return VIT_OK, VIT_ERR_NULL / VIT_ERR_BUFFER / VIT_ERR_DIM for a bad call,
 *         or the status of a kernel that failed.
 */
vit_status vit_testvec_run(int32_t index, void *arena, int32_t arena_size,
                           vit_testvec_result *result);

/**
 * @brief Formats "vit-testvec <name> <checksum as 8 hex digits> <status>\n"
 *        into buf (NUL-terminated, no printf).
 * @return Characters written without the NUL, or -1 if size is too small.
 */
int32_t vit_testvec_format(const vit_testvec_result *r, char *buf, int32_t size);

#ifdef __cplusplus
}
#endif

#endif /* VIT_TESTVEC_H */

/*
 * Internal: the SIMD primitives used by the Cortex-M4/M7 code paths.
 *
 * VIT_USE_DSP is 1 when the DSP extension is available (__ARM_FEATURE_DSP,
 * set by GCC/Clang for -mcpu=cortex-m4 / cortex-m7) or when VIT_EMULATE_DSP
 * is defined. The latter builds the very same DSP-structured loops on the host
 * with bit-exact C models of the instructions, so the host test suite
 * exercises the DSP code paths too. Define VIT_NO_DSP to force the portable
 * path on a DSP-capable core.
 *
 * Primitives (all operate on 32-bit words holding packed lanes, little endian):
 *   vit_sxtb16(x)          lanes {x.b0, x.b2} sign-extended to 16 bits
 *   vit_sxtb16_ror8(x)     lanes {x.b1, x.b3} sign-extended to 16 bits
 *   vit_sxtab16(a, x)      a + vit_sxtb16(x), per 16-bit lane (wrapping)
 *   vit_sxtab16_ror8(a, x) a + vit_sxtb16_ror8(x), per 16-bit lane
 *   vit_smlad(a, b, acc)   acc + a.lo * b.lo + a.hi * b.hi (wrapping)
 *   vit_read_u32(p)        4 bytes from any address (unaligned allowed)
 */
#ifndef VIT_SRC_DSP_H
#define VIT_SRC_DSP_H

#include <stdint.h>
#include <string.h>

#if !defined(VIT_NO_DSP) && (defined(__ARM_FEATURE_DSP) || defined(VIT_EMULATE_DSP))
#define VIT_USE_DSP 1
#else
#define VIT_USE_DSP 0
#endif

#if VIT_USE_DSP

static inline uint32_t vit_read_u32(const int8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v); /* a single (unaligned) LDR on ARMv7E-M */
    return v;
}

/* Two 16-bit lanes holding the same value, for vit_sxtab16. */
static inline uint32_t vit_dup16(int32_t v)
{
    uint32_t h = (uint32_t)v & 0xFFFFu;
    return h | (h << 16);
}

#if defined(__ARM_FEATURE_DSP) && !defined(VIT_EMULATE_DSP)
#include <arm_acle.h>

static inline uint32_t vit_sxtb16(uint32_t x)
{
    return (uint32_t)__sxtb16((int8x4_t)x);
}

static inline uint32_t vit_sxtab16(uint32_t a, uint32_t x)
{
    return (uint32_t)__sxtab16((int16x2_t)a, (int8x4_t)x);
}

/* ACLE in GCC 12 has no rotated form and GCC does not fold a separate ROR
 * into SXTB16's operand rotation, so the rotated forms use one instruction
 * of inline assembly each (saving one ROR per unpack in the inner loops). */
static inline uint32_t vit_sxtb16_ror8(uint32_t x)
{
    uint32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
    return r;
}

static inline uint32_t vit_sxtab16_ror8(uint32_t a, uint32_t x)
{
    uint32_t r;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
    return r;
}

static inline int32_t vit_smlad(uint32_t a, uint32_t b, int32_t acc)
{
    return __smlad((int16x2_t)a, (int16x2_t)b, acc);
}

#else /* VIT_EMULATE_DSP: bit-exact C models of the instructions */

static inline uint32_t vit_lane16(int32_t v)
{
    return (uint32_t)v & 0xFFFFu;
}

static inline int32_t vit_lo16(uint32_t x)
{
    return (int32_t)(int16_t)(uint16_t)(x & 0xFFFFu);
}

static inline int32_t vit_hi16(uint32_t x)
{
    return (int32_t)(int16_t)(uint16_t)(x >> 16);
}

static inline int32_t vit_byte(uint32_t x, int n)
{
    return (int32_t)(int8_t)(uint8_t)((x >> (8 * n)) & 0xFFu);
}

static inline uint32_t vit_sxtb16(uint32_t x)
{
    return vit_lane16(vit_byte(x, 0)) | (vit_lane16(vit_byte(x, 2)) << 16);
}

static inline uint32_t vit_sxtb16_ror8(uint32_t x)
{
    return vit_lane16(vit_byte(x, 1)) | (vit_lane16(vit_byte(x, 3)) << 16);
}

static inline uint32_t vit_sxtab16(uint32_t a, uint32_t x)
{
    return vit_lane16(vit_lo16(a) + vit_byte(x, 0)) |
           (vit_lane16(vit_hi16(a) + vit_byte(x, 2)) << 16);
}

static inline uint32_t vit_sxtab16_ror8(uint32_t a, uint32_t x)
{
    return vit_lane16(vit_lo16(a) + vit_byte(x, 1)) |
           (vit_lane16(vit_hi16(a) + vit_byte(x, 3)) << 16);
}

static inline int32_t vit_smlad(uint32_t a, uint32_t b, int32_t acc)
{
    uint32_t sum = (uint32_t)acc + (uint32_t)(vit_lo16(a) * vit_lo16(b)) +
                   (uint32_t)(vit_hi16(a) * vit_hi16(b));
    return (int32_t)sum;
}

#endif /* target vs emulation */
#endif /* VIT_USE_DSP */

#endif /* VIT_SRC_DSP_H */

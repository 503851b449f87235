/*
 * Internal: the inner loop of the 2 tokens x 2 output channels block for
 * Cortex-M4/M7, hand-scheduled in inline assembly. Included by matmul.c only
 * when compiling for a core with the DSP extension (not for the host
 * emulation, which runs the C loop built from the same instructions' models).
 *
 * Why assembly: the loop needs 4 accumulators, 3 pointers/lengths, the end
 * pointer and 6 temporaries, i.e. all 14 allocatable registers. Written with
 * intrinsics, GCC 12 spills loop constants and groups the SXTB16s and the
 * SMLADs, so on the Cortex-M7 few of them dual-issue (about 35 cycles per 32
 * MACs). Here every SMLAD issues in a pair, as the younger half after an
 * SXTB16 or as the older half carrying a load, a pointer increment or the
 * loop branch, and the next step's loads are issued while the current step
 * finishes (13 cycles per 16 MACs by the pairing rules of mcuprof's
 * Cortex-M7 model).
 *
 * Arithmetic per 4-element step (x = activations without zero point, w =
 * weights; lanes e = bytes 0 and 2, o = bytes 1 and 3, sign-extended):
 *   a0 += xa.e * w0.e + xa.o * w0.o     a1 += xa.e * w1.e + xa.o * w1.o
 *   a2 += xb.e * w0.e + xb.o * w0.o     a3 += xb.e * w1.e + xb.o * w1.o
 * exactly what vit_step_2x2 computes.
 *
 * Register roles alternate between the two steps of an 8-element iteration:
 * step A finds w0, xa raw in t1, t3, loads its own w1 into t2 in a free slot
 * and the next step's w0, w1, xa into t4, t5, t3; step B finds them there and
 * loads the next iteration's w0, xa into t1, t3 (its last slot carries the
 * loop branch instead of a load). The last iteration runs without the loads
 * for a following step, so nothing past the rows is read.
 */
#ifndef VIT_SRC_BLOCK_2X2_ARM_H
#define VIT_SRC_BLOCK_2X2_ARM_H

#include <stdint.h>

/* One step. W0, XA hold raw words (W1 too, unless OWN_W1 loads it in the
 * slot after the first unpack); F0, F1 are free on entry; XB is a scratch
 * register. LOAD_XA, LOAD_W0, LOAD_W1 fill the issue slots of the last three
 * SMLADs: the following step's raw words into XA, F0, F1 (x and w already
 * advanced), or the loop branch. EXTRA fills a free slot after x has
 * advanced (the loop test). */
#define VIT_BLOCK_STEP(W0, W1, XA, F0, F1, XB, EXTRA, LOAD_XA, LOAD_W0, LOAD_W1, OWN_W1) \
    "sxtb16  " F0 ", " W0 "\n\t"                 /* w0.e                  */ \
    OWN_W1                                                                       \
    "sxtb16  " W0 ", " W0 ", ror #8\n\t"         /* w0.o (in place)       */ \
    "add     %[w], %[w], #4\n\t"                                                 \
    "sxtb16  " F1 ", " W1 "\n\t"                 /* w1.e                  */ \
    "sxtb16  " XB ", " XA "\n\t"                 /* xa.e                  */ \
    "sxtb16  " W1 ", " W1 ", ror #8\n\t"         /* w1.o (in place)       */ \
    "smlad   %[a0], " XB ", " F0 ", %[a0]\n\t"                                   \
    "sxtb16  " XA ", " XA ", ror #8\n\t"         /* xa.o (in place)       */ \
    "smlad   %[a1], " XB ", " F1 ", %[a1]\n\t"                                   \
    "smlad   %[a0], " XA ", " W0 ", %[a0]\n\t"                                   \
    "ldr     " XB ", [%[x], %[len]]\n\t"         /* xb                    */ \
    "smlad   %[a1], " XA ", " W1 ", %[a1]\n\t"                                   \
    "add     %[x], %[x], #4\n\t"                                                 \
    "sxtb16  " XA ", " XB "\n\t"                 /* xb.e                  */ \
    EXTRA                                                                        \
    "sxtb16  " XB ", " XB ", ror #8\n\t"         /* xb.o (in place)       */ \
    "smlad   %[a2], " XA ", " F0 ", %[a2]\n\t"                                   \
    "smlad   %[a3], " XA ", " F1 ", %[a3]\n\t"                                   \
    LOAD_XA                                                                      \
    "smlad   %[a2], " XB ", " W0 ", %[a2]\n\t"                                   \
    LOAD_W0                                                                      \
    "smlad   %[a3], " XB ", " W1 ", %[a3]\n\t"                                   \
    LOAD_W1

#define VIT_T1 "%[t1]"
#define VIT_T2 "%[t2]"
#define VIT_T3 "%[t3]"
#define VIT_T4 "%[t4]"
#define VIT_T5 "%[t5]"
#define VIT_T6 "%[t6]"

/* Step A: raw w0, xa in t1, t3; loads its own w1 into t2 and the next
 * step's w0, w1, xa into t4, t5, t3. */
#define VIT_STEP_A                                                                \
    VIT_BLOCK_STEP(VIT_T1, VIT_T2, VIT_T3, VIT_T4, VIT_T5, VIT_T6, "",           \
                   "ldr     %[t3], [%[x]]\n\t", "ldr     %[t4], [%[w]]\n\t",      \
                   "ldr     %[t5], [%[w], %[len]]\n\t",                          \
                   "ldr     %[t2], [%[w], %[len]]\n\t")

/* Step B: raw words in t4, t5, t3 (left by step A; t1, t2 are free); loads
 * the next iteration's w0, xa into t1, t3 and ends with the loop branch,
 * except in the last iteration (empty arguments). */
#define VIT_STEP_B(EXTRA, LOADS_XA, LOADS_W0, BRANCH)                             \
    VIT_BLOCK_STEP(VIT_T4, VIT_T5, VIT_T3, VIT_T1, VIT_T2, VIT_T6, EXTRA,        \
                   LOADS_XA, LOADS_W0, BRANCH, "")

/*
 * Adds the raw products of rows x[0..n8), x[len..len+n8) and w[0..n8),
 * w[len..len+n8) to acc (order as vit_block_2x2). n8 is a positive multiple
 * of 8. Unaligned word loads are fine on ARMv7E-M.
 */
static inline void vit_block_2x2_arm(const int8_t *x, const int8_t *w, int32_t len,
                                     int32_t n8, int32_t acc[4])
{
    int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    uint32_t t1, t2, t3, t4, t5, t6;
    /* x at the start of the last iteration (the one without next loads). */
    const int8_t *const last = x + n8 - 8;
    __asm__ volatile(
        "ldr     %[t1], [%[w]]\n\t"
        "ldr     %[t3], [%[x]]\n\t"
        "cmp     %[x], %[last]\n\t"
        "beq     2f\n"
        "1:\n\t"
        VIT_STEP_A
        VIT_STEP_B("cmp     %[x], %[last]\n\t",
                   "ldr     %[t3], [%[x]]\n\t", "ldr     %[t1], [%[w]]\n\t",
                   "bne     1b\n\t")
        "2:\n\t"
        VIT_STEP_A
        VIT_STEP_B("", "", "", "")
        : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [x] "+r"(x), [w] "+r"(w),
          [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4), [t5] "=&r"(t5),
          [t6] "=&r"(t6)
        : [len] "r"(len), [last] "r"(last)
        : "cc", "memory");
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}

#undef VIT_STEP_A
#undef VIT_STEP_B
#undef VIT_BLOCK_STEP
#undef VIT_T1
#undef VIT_T2
#undef VIT_T3
#undef VIT_T4
#undef VIT_T5
#undef VIT_T6

#endif /* VIT_SRC_BLOCK_2X2_ARM_H */

/*
 * Calibration workloads for the memory-system timing model (tests/profile/
 * memory_timing_e2e_test.cpp and tools/calibrate-memory.sh): the same code and
 * data under different configurations of the board, each in its own layer.
 *   layer "code":          an integer workload with calls, branches and table
 *                          accesses (the shape of Dhrystone-like code);
 *   layer "weights_flash": a sum over 16 KB of constants in flash;
 *   layer "weights_ram":   the same sum over a copy in the main RAM.
 * Built as (CONFIG_*):
 *   cached:   the board bring-up (startup, MCUPROF_BOARD_CLOCK): maximum
 *             clock, flash latency, prefetch/ART and, on the M7, L1 caches;
 *   uncached: the same clock and latency, then the firmware switches the
 *             accelerators and caches off again (FLASH_ACR, SCB CCR);
 *   reset:    configures nothing (reset clock, zero wait states).
 * KERNEL_IN_RAM places the workload in .data (copied to RAM by the startup).
 */
#include <stdint.h>

#include "mcuprof/markers.h"
#include "semihost.h"

#ifdef KERNEL_IN_RAM
#define KERNEL __attribute__((section(".data.kernel"), long_call, noinline))
#else
#define KERNEL __attribute__((noinline))
#endif

#define WORDS (16384 / 4)

/* Deterministic, non-trivial constants: the compiler cannot fold the sum. */
#define W4(i) (uint32_t)((i) * 2654435761u)
#define W16(i) W4(i), W4(i + 1), W4(i + 2), W4(i + 3)
#define W64(i) W16(i), W16(i + 4), W16(i + 8), W16(i + 12)
#define W256(i) W64(i), W64(i + 16), W64(i + 32), W64(i + 48)
#define W1024(i) W256(i), W256(i + 64), W256(i + 128), W256(i + 192)
static const uint32_t weights_flash[WORDS] = {W1024(0), W1024(256), W1024(512), W1024(768)};
static uint32_t weights_ram[WORDS];
static int32_t table[64];

KERNEL static int32_t mix(int32_t a, int32_t b) { return (a * 31 + b) ^ (a >> 3); }

KERNEL static int32_t workload(int32_t n) {
    int32_t acc = 7;
    for (int32_t i = 0; i < n; ++i) {
        const int32_t k = i & 63;
        switch (k & 3) {
            case 0: acc += mix(acc, k); break;
            case 1: acc ^= table[k]; break;
            case 2: table[k] = acc; break;
            default: acc -= k; break;
        }
        if (acc & 1) acc = mix(acc, i);
    }
    return acc;
}

__attribute__((noinline)) static uint32_t sum(const volatile uint32_t *w, uint32_t passes) {
    uint32_t s = 0;
    for (uint32_t p = 0; p < passes; ++p) {
        for (uint32_t i = 0; i < WORDS; ++i) s += w[i];
    }
    return s;
}

#ifdef CONFIG_uncached
#define REG(a) (*(volatile uint32_t *)(a))
/* Switch the flash accelerators and the L1 caches off again after the
 * bring-up: FLASH_ACR PRFTEN (bit 8) and ICEN/DCEN (bits 9/10, F4) or ARTEN
 * (bit 9, F7); SCB CCR IC (bit 17) and DC (bit 16). Addresses: FLASH_R_BASE
 * 0x4002_3C00 (F4/F7), SCB->CCR 0xE000_ED14 (ARMv7-M ARM B3.2.8). */
static void accelerators_off(void) {
#if defined(MCUPROF_BOARD_stm32f427) || defined(MCUPROF_BOARD_stm32f746)
    REG(0x40023C00u) &= ~((1u << 8) | (1u << 9) | (1u << 10));
#endif
#if defined(MCUPROF_BOARD_stm32f746) || defined(MCUPROF_BOARD_stm32h743)
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    REG(0xE000ED14u) &= ~((1u << 16) | (1u << 17));
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
}
#endif

int main(void) {
#ifdef CONFIG_uncached
    accelerators_off();
#endif
    for (uint32_t i = 0; i < WORDS; ++i) weights_ram[i] = weights_flash[i];

    mcuprof_layer_begin("code");
    const int32_t acc = workload(20000);
    mcuprof_layer_end();

    mcuprof_layer_begin("weights_flash");
    const uint32_t a = sum(weights_flash, 4);
    mcuprof_layer_end();

    mcuprof_layer_begin("weights_ram");
    const uint32_t b = sum(weights_ram, 4);
    mcuprof_layer_end();

    semihost_write0(a == b ? "memory_timing ok\n" : "memory_timing MISMATCH\n");
    return (a == b && acc != 0) ? 0 : 1;
}

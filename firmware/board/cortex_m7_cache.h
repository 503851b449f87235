/*
 * Enabling the Cortex-M7 L1 instruction and data caches, as the ARMv7-M
 * Architecture Reference Manual (DDI 0403E) describes cache maintenance
 * (B2.2.7, B3.2.2 "System control and ID registers") and the Cortex-M7 TRM
 * (DDI 0489F 4.1 / 4.8) gives the registers:
 *   CSSELR 0xE000ED84 (selects the cache CCSIDR describes: 0 = L1 data,
 *          1 = L1 instruction), CCSIDR 0xE000ED80 (NumSets [27:13] + 1,
 *          Associativity [12:3] + 1, LineSize [2:0]: log2(words) - 2),
 *   ICIALLU 0xE000EF50 (invalidate all instruction cache),
 *   DCISW 0xE000EF60 (invalidate data cache line by set/way: way in the top
 *          bits, set shifted by log2 of the line length in bytes),
 *   CCR 0xE000ED14 (DC bit 16, IC bit 17).
 * Both caches are invalidated before they are enabled (their contents are
 * unknown out of reset), with DSB and ISB around the changes.
 */
#ifndef MCUPROF_CORTEX_M7_CACHE_H
#define MCUPROF_CORTEX_M7_CACHE_H

#include <stdint.h>

#define M7_CCSIDR (*(volatile uint32_t *)0xE000ED80u)
#define M7_CSSELR (*(volatile uint32_t *)0xE000ED84u)
#define M7_CCR (*(volatile uint32_t *)0xE000ED14u)
#define M7_ICIALLU (*(volatile uint32_t *)0xE000EF50u)
#define M7_DCISW (*(volatile uint32_t *)0xE000EF60u)
#define M7_CCR_DC (1u << 16)
#define M7_CCR_IC (1u << 17)

static inline void m7_barriers(void) { __asm__ volatile("dsb\n\tisb" ::: "memory"); }

static inline void m7_enable_icache(void) {
    m7_barriers();
    M7_ICIALLU = 0u;
    m7_barriers();
    M7_CCR |= M7_CCR_IC;
    m7_barriers();
}

static inline void m7_enable_dcache(void) {
    M7_CSSELR = 0u; /* L1 data cache */
    __asm__ volatile("dsb" ::: "memory");
    const uint32_t ccsidr = M7_CCSIDR;
    const uint32_t sets = ((ccsidr >> 13) & 0x7FFFu) + 1u;
    const uint32_t ways = ((ccsidr >> 3) & 0x3FFu) + 1u;
    const uint32_t line_shift = (ccsidr & 0x7u) + 4u; /* log2 of the line length in bytes */
    /* The way index sits in the top bits: shift by 32 - ceil(log2(ways)). */
    uint32_t way_shift = 32u;
    for (uint32_t w = ways - 1u; w != 0u; w >>= 1) --way_shift;
    for (uint32_t set = 0; set < sets; ++set) {
        for (uint32_t way = 0; way < ways; ++way) {
            M7_DCISW = (way_shift < 32u ? way << way_shift : 0u) | (set << line_shift);
        }
    }
    __asm__ volatile("dsb" ::: "memory");
    M7_CCR |= M7_CCR_DC;
    m7_barriers();
}

#endif

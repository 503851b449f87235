/* One broken firmware per TRAP_* definition: each does exactly one thing the
 * emulator must stop and attribute (kind, address, pc, function, line). The
 * offending statement is in a function of its own, named after the trap, and
 * carries the marker comment "TRAP LINE" for the tests to find its line. */
#include "mcuprof/markers.h"
#include "semihost.h"

#include <stdint.h>

volatile uint32_t sink;

__attribute__((noinline)) void unmapped_read(void) {
    sink = *(volatile uint32_t *)0x00F00000u; /* TRAP LINE: no memory there on any STM32 */
}

__attribute__((noinline)) void flash_write(void) {
    *(volatile uint32_t *)0x08000100u = 0x12345678u; /* TRAP LINE */
}

__attribute__((noinline)) void sram_beyond_budget(void) {
    /* 0x20008000 is 32 KB into RAM: beyond a 16 KB budget on every board. */
    *(volatile uint32_t *)0x20008000u = 1u; /* TRAP LINE */
}

typedef void (*entry_fn)(void);

__attribute__((noinline)) void jump_unmapped(void) {
    entry_fn f = (entry_fn)(0x00F00001u);
    f(); /* TRAP LINE */
}

__attribute__((noinline)) void jump_data_only(void) {
    /* CCM (F427) / DTCM (F746, H743) hold data only. */
#if defined(MCUPROF_BOARD_stm32f427)
    entry_fn f = (entry_fn)(0x10000001u);
#else
    entry_fn f = (entry_fn)(0x20000001u);
#endif
    f(); /* TRAP LINE */
}

/* The prologue lowers SP past the limit: it is the offending instruction. */
__attribute__((noinline)) uint32_t recurse(uint32_t depth) { /* TRAP LINE */
    volatile uint8_t frame[256];
    frame[0] = (uint8_t)depth;
    return depth == 0 ? frame[0] : recurse(depth - 1) + frame[0];
}

/* A frame sized at run time (SUB SP, SP, Rn), 12 KiB against an 8 KiB stack,
 * handed to a callee: the overflow is seen when the block that sized it ends. */
volatile uint32_t variable_frame_bytes = 12 * 1024;
__attribute__((noinline)) void fill_frame(volatile uint8_t *frame) { frame[0] = 1; }
__attribute__((noinline)) uint32_t variable_frame(uint32_t bytes) { /* TRAP LINE */
    volatile uint8_t frame[bytes];
    fill_frame(frame);
    return frame[0];
}

__attribute__((noinline)) void undefined_instruction(void) {
    __asm volatile("udf #7"); /* TRAP LINE */
}

/* A double add, assembled for a double-precision FPU whatever the board's
 * -mfpu says: UNDEFINED on FPv4-SP (F427) and FPv5-SP (F746), runs on the
 * H743's FPv5-D16 (ARMv7-M ARM A2.5). */
__attribute__((noinline)) void double_precision(void) {
    __asm volatile(".fpu fpv5-d16\n\tvadd.f64 d2, d0, d1" ::: "d2"); /* TRAP LINE */
}

/* Not a trap: D-register loads, stores and core moves exist on every FPU. */
volatile uint64_t double_bits = 0x4000000000000000ull; /* 2.0 */
__attribute__((noinline)) uint32_t double_moves(void) {
    uint32_t lo, hi;
    __asm volatile(".fpu fpv4-sp-d16\n\t"
                   "vldr d0, [%2]\n\t"
                   "vmov %0, %1, d0\n\t"
                   "vmov d1, %0, %1\n\t"
                   "vstr d1, [%2]"
                   : "=&r"(lo), "=&r"(hi)
                   : "r"(&double_bits)
                   : "d0", "d1", "memory");
    return hi ^ lo;
}

/* PLD: unpriced on the Cortex-M4 (not in its TRM's tables), priced on the
 * M7 estimate. Exactly 3 executions in this function. */
__attribute__((noinline)) void unpriced_pld(void) {
    for (int i = 0; i < 3; ++i) __asm volatile("pld [%0]" ::"r"(&sink));
}

/* DWT_CYCCNT counts only with DEMCR.TRCENA and DWT_CTRL.CYCCNTENA set
 * (ARMv7-M ARM C1.6.5, C1.8.7; addresses from CMSIS core_cm7.h: CoreDebug
 * DEMCR 0xE000EDFC bit 24, DWT CTRL 0xE0001000 bit 0, CYCCNT 0xE0001004). */
#define DEMCR (*(volatile uint32_t *)0xE000EDFCu)
#define DWT_CTRL (*(volatile uint32_t *)0xE0001000u)
#define DWT_CYCCNT (*(volatile uint32_t *)0xE0001004u)
__attribute__((noinline)) uint32_t cyccnt_delta(void) {
    const uint32_t start = DWT_CYCCNT;
    for (volatile int i = 0; i < 100; ++i) {
    }
    return DWT_CYCCNT - start;
}
__attribute__((noinline)) void cyccnt_gating(void) {
    DWT_CTRL |= 1u; /* CYCCNTENA alone */
    semihost_write0(cyccnt_delta() == 0u ? "ctrl only: still\n" : "ctrl only: counts\n");
    DEMCR |= 1u << 24; /* TRCENA */
    semihost_write0(cyccnt_delta() != 0u ? "both: counts\n" : "both: still\n");
    DEMCR &= ~(1u << 24);
    semihost_write0(cyccnt_delta() == 0u ? "trcena cleared: still\n" : "trcena cleared: counts\n");
}

__attribute__((noinline)) void runaway(void) {
    for (;;) {
        sink = sink + 1; /* TRAP LINE */
    }
}

__attribute__((noinline)) void spin(void) {
    __asm volatile("1: b 1b"); /* TRAP LINE */
}

__attribute__((noinline)) void breakpoint(void) {
    __asm volatile("bkpt #3"); /* TRAP LINE */
}

__attribute__((noinline)) void supervisor_call(void) {
    __asm volatile("svc #5"); /* TRAP LINE */
}

__attribute__((noinline)) void null_dereference(void) {
    volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)sink; /* sink is 0 */
    sink = p[2]; /* TRAP LINE */
}

/* LDM needs a word-aligned base on ARMv7-M whatever CCR.UNALIGN_TRP says. */
__attribute__((noinline)) void unaligned_ldm(void) {
    static uint32_t words[4];
    uint32_t base = (uint32_t)(uintptr_t)&words[0] + 2u;
    uint32_t a, b;
    __asm volatile("ldm %2, {%0, %1}" : "=r"(a), "=r"(b) : "r"(base) : "memory"); /* TRAP LINE */
    sink = a + b;
}

#define SCB_CCR (*(volatile uint32_t *)0xE000ED14u)
#define SCB_CCR_DIV_0_TRP (1u << 4)

__attribute__((noinline)) uint32_t divide(uint32_t num, uint32_t den) {
    uint32_t q;
    __asm volatile("udiv %0, %1, %2" : "=r"(q) : "r"(num), "r"(den)); /* TRAP LINE */
    return q;
}

/* Branches into RAM the firmware never wrote (the unused heap past `end`,
 * the linker script's heap start): no code is there. */
extern char end[];
__attribute__((noinline)) void jump_uninitialised_ram(void) {
    entry_fn f = (entry_fn)((uint32_t)(uintptr_t)(end + 256) | 1u);
    f(); /* TRAP LINE */
}

/* GPIOA->IDR, a register nothing models (RCC, PWR and FLASH are modelled:
 * emulator/clock). CMSIS GPIOA_BASE: 0x4002_0000 on the F4/F7
 * (stm32f427xx.h, stm32f746xx.h), 0x5802_0000 on the H7 (stm32h743xx.h);
 * IDR at +0x10. Under --tolerate-peripherals reads return 0. */
#if defined(MCUPROF_BOARD_stm32h743)
#define GPIOA_IDR (*(volatile uint32_t *)0x58020010u)
#else
#define GPIOA_IDR (*(volatile uint32_t *)0x40020010u)
#endif
#define GPIO_PIN_0 (1u << 0)
volatile uint32_t ticks; /* a HAL-style tick: no interrupt advances it here */

/* A HAL-style wait for an input pin, with a time-out on the tick. */
__attribute__((noinline)) uint32_t peripheral_poll(void) {
    const uint32_t start = ticks;
    while ((GPIOA_IDR & GPIO_PIN_0) == 0u) { /* TRAP LINE */
        if (ticks - start > 100u) return 1u;
    }
    return 0u;
}

/* Not a trap: many reads of the same register, but the loop counts. */
__attribute__((noinline)) uint32_t peripheral_reads(uint32_t n) {
    uint32_t sum = 0;
    for (uint32_t i = 0; i < n; ++i) sum += GPIOA_IDR & GPIO_PIN_0;
    return sum;
}

int main(void) {
    semihost_write0("before\n");
    mcuprof_layer_begin("trap");
#if defined(TRAP_unmapped_read)
    unmapped_read();
#elif defined(TRAP_flash_write)
    flash_write();
#elif defined(TRAP_sram_beyond_budget)
    sram_beyond_budget();
#elif defined(TRAP_jump_unmapped)
    jump_unmapped();
#elif defined(TRAP_jump_data_only)
    jump_data_only();
#elif defined(TRAP_stack_overflow)
    sink = recurse(100000);
#elif defined(TRAP_stack_overflow_variable)
    sink = variable_frame(variable_frame_bytes);
#elif defined(TRAP_undefined_instruction)
    undefined_instruction();
#elif defined(TRAP_runaway)
    runaway();
#elif defined(TRAP_spin)
    spin();
#elif defined(TRAP_breakpoint)
    breakpoint();
#elif defined(TRAP_supervisor_call)
    supervisor_call();
#elif defined(TRAP_null_dereference)
    null_dereference();
#elif defined(TRAP_unaligned_ldm)
    unaligned_ldm();
#elif defined(TRAP_divide_by_zero_trapped)
    SCB_CCR |= SCB_CCR_DIV_0_TRP;
    sink = divide(7u, sink);
#elif defined(TRAP_divide_by_zero_untrapped)
    /* Not a trap: with DIV_0_TRP clear the quotient is 0 and the run goes on. */
    sink = divide(7u, sink) + 100u;
    semihost_write0(sink == 100u ? "quotient 0\n" : "quotient wrong\n");
#elif defined(TRAP_jump_uninitialised_ram)
    jump_uninitialised_ram();
#elif defined(TRAP_peripheral_poll)
    sink = peripheral_poll();
#elif defined(TRAP_double_precision)
    double_precision();
#elif defined(TRAP_double_moves)
    semihost_write0(double_moves() == 0x40000000u ? "moves ok\n" : "moves wrong\n");
#elif defined(TRAP_unpriced_pld)
    unpriced_pld();
#elif defined(TRAP_cyccnt_gating)
    cyccnt_gating();
#elif defined(TRAP_peripheral_reads)
    semihost_write0(peripheral_reads(50000u) == 0u ? "reads 0\n" : "reads wrong\n");
#else
#error "define one TRAP_* macro"
#endif
    mcuprof_layer_end();
    semihost_write0("after\n");
    return 0;
}

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

__attribute__((noinline)) void undefined_instruction(void) {
    __asm volatile("udf #7"); /* TRAP LINE */
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
#else
#error "define one TRAP_* macro"
#endif
    mcuprof_layer_end();
    semihost_write0("after\n");
    return 0;
}

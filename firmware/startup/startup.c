/*
 * Startup for every mcuprof firmware image: the vector table, the reset
 * handler (.data copy, .bss clear, FPU enable) and fault handlers that report
 * over semihosting and exit non-zero. The symbols come from the linker script
 * generated from the board profile (emulator/board/linker_script.cpp).
 *
 * Built two ways by cmake/Firmware.cmake:
 *   bare (default):       Reset_Handler runs the C constructors, calls main and
 *                         exits with main's return value through semihosting.
 *   MCUPROF_RDIMON = 1:   Reset_Handler hands over to newlib's rdimon crt0
 *                         (_start), which sets up stdio, calls main and exit.
 * With MCUPROF_BOARD_CLOCK = 1 (the generated firmware on an STM32 board, or a
 * test that asks for it) Reset_Handler first brings the clock up to the part's
 * maximum (firmware/board/board_clock.h), as a deployable firmware does.
 */
#include <stdint.h>

#include "semihost.h"
#if MCUPROF_BOARD_CLOCK
#include "board_clock.h"
#endif

extern uint32_t __StackTop;
extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss;

int main(void);
void Reset_Handler(void);

#if MCUPROF_RDIMON
void _start(void) __attribute__((noreturn));
#else
typedef void (*init_function)(void);
extern init_function __preinit_array_start[], __preinit_array_end[];
extern init_function __init_array_start[], __init_array_end[];
#endif

#define SCB_CPACR ((volatile uint32_t *)0xE000ED88u) /* Coprocessor Access Control */
#define SCB_CFSR ((volatile uint32_t *)0xE000ED28u)  /* Configurable Fault Status */
#define SCB_HFSR ((volatile uint32_t *)0xE000ED2Cu)  /* HardFault Status */
#define SCB_MMFAR ((volatile uint32_t *)0xE000ED34u) /* MemManage fault address */
#define SCB_BFAR ((volatile uint32_t *)0xE000ED38u)  /* BusFault address */

/* The loops below must stay loops: GCC would otherwise turn them into memcpy
 * and memset calls, which need not exist in a bare image. */
__attribute__((noreturn, optimize("no-tree-loop-distribute-patterns"))) void Reset_Handler(void) {
#if defined(__ARM_FP)
    /* Full access to CP10 and CP11 (the FPU) before any floating-point code. */
    *SCB_CPACR |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
#if MCUPROF_BOARD_CLOCK
    /* Before the copies, so that they run at the full clock. */
    if (board_clock_init() != 0u) semihost_exit(125);
#endif
    const uint32_t *src = &_sidata;
    for (uint32_t *dst = &_sdata; dst < &_edata;) *dst++ = *src++;
    for (uint32_t *dst = &_sbss; dst < &_ebss;) *dst++ = 0;
#if MCUPROF_RDIMON
    _start();
#else
    for (init_function *f = __preinit_array_start; f < __preinit_array_end; ++f) (*f)();
    for (init_function *f = __init_array_start; f < __init_array_end; ++f) (*f)();
    semihost_exit(main());
#endif
}

/* frame: the registers the core stacked on exception entry (r0-r3, r12, lr,
 * pc, xpsr); name: the exception. Reports and exits with status 128 + number. */
__attribute__((noreturn, used)) static void report_fault(const uint32_t *frame, uint32_t ipsr) {
    static const char *const names[] = {"thread", "reset", "NMI", "HardFault", "MemManage", "BusFault", "UsageFault"};
    const uint32_t number = ipsr & 0x1FFu;
    semihost_write0("mcuprof firmware: ");
    if (number < sizeof names / sizeof names[0]) {
        semihost_write0(names[number]);
    } else {
        semihost_write0("unexpected exception ");
        semihost_write_dec((int32_t)number);
    }
    semihost_write0(" at pc=");
    semihost_write_hex(frame[6]);
    semihost_write0(" lr=");
    semihost_write_hex(frame[5]);
    semihost_write0(" cfsr=");
    semihost_write_hex(*SCB_CFSR);
    semihost_write0(" hfsr=");
    semihost_write_hex(*SCB_HFSR);
    semihost_write0(" mmfar=");
    semihost_write_hex(*SCB_MMFAR);
    semihost_write0(" bfar=");
    semihost_write_hex(*SCB_BFAR);
    semihost_write0("\n");
    semihost_exit(128 + (int)number);
}

/* Every exception but reset lands here: pick the stack the frame was pushed
 * on (EXC_RETURN bit 2) and pass it with IPSR to report_fault. */
__attribute__((naked)) void Fault_Handler(void) {
    __asm__ volatile(
        "tst lr, #4\n\t"
        "ite eq\n\t"
        "mrseq r0, msp\n\t"
        "mrsne r0, psp\n\t"
        "mrs r1, ipsr\n\t"
        "b report_fault\n\t");
}

void NMI_Handler(void) __attribute__((weak, alias("Fault_Handler")));
void HardFault_Handler(void) __attribute__((weak, alias("Fault_Handler")));
void MemManage_Handler(void) __attribute__((weak, alias("Fault_Handler")));
void BusFault_Handler(void) __attribute__((weak, alias("Fault_Handler")));
void UsageFault_Handler(void) __attribute__((weak, alias("Fault_Handler")));
void SVC_Handler(void) __attribute__((weak, alias("Fault_Handler")));
void DebugMon_Handler(void) __attribute__((weak, alias("Fault_Handler")));
void PendSV_Handler(void) __attribute__((weak, alias("Fault_Handler")));
void SysTick_Handler(void) __attribute__((weak, alias("Fault_Handler")));

/* The 16 system exception vectors. Firmware for mcuprof enables no device
 * interrupts, so no IRQ vectors follow; all handlers are weak and may be
 * overridden. */
__attribute__((section(".isr_vector"), used)) static void (*const vector_table[16])(void) = {
    (void (*)(void))(&__StackTop),
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0,
    0,
    0,
    0,
    SVC_Handler,
    DebugMon_Handler,
    0,
    PendSV_Handler,
    SysTick_Handler,
};

/*
 * Clock bring-up to the profile's maximum clock, the way a deployable firmware
 * does it, written from the reference manuals' register descriptions (no
 * vendor code). One source per STM32 family (stm32f4_clock.c, stm32f7_clock.c,
 * stm32h7_clock.c); the firmware build compiles the board's one for profiles
 * whose [clock] controller is an STM32 family, and startup.c calls
 * board_clock_init() before main when built with MCUPROF_BOARD_CLOCK=1.
 *
 * board_clock_init() returns 0 when every step completed and read back as
 * written, else the number of the step that did not (for the tests).
 */
#ifndef MCUPROF_BOARD_CLOCK_H
#define MCUPROF_BOARD_CLOCK_H

#include <stdint.h>

uint32_t board_clock_init(void);

/* MCUPROF_BOARD_CACHES=0 (mcuprof profile --board-caches off): the same clock
 * and flash latency, with the flash prefetch, the ART and the L1 caches left
 * off, to measure what they are worth. */
#ifndef MCUPROF_BOARD_CACHES
#define MCUPROF_BOARD_CACHES 1
#endif

#define MCUPROF_REG(address) (*(volatile uint32_t *)(address))

#endif

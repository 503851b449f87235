/* Two routines of the same byte size (12) but different instruction counts,
 * kept as data: main.c copies each in turn to the same RAM address and calls
 * it there. A profiler that caches decoded blocks by address and size alone
 * would keep counting the first one's instructions for the second. */
    .syntax unified
    .thumb
    .section .rodata.ram_code_routines, "a"
    .balign 4

    .global routine_six
routine_six:            /* 6 instructions, 12 bytes; returns 5 */
    movs r0, #1
    adds r0, #1
    adds r0, #1
    adds r0, #1
    adds r0, #1
    bx lr
    .global routine_six_end
routine_six_end:

    .global routine_four
routine_four:           /* 4 instructions, 12 bytes; returns 7 */
    movw r0, #7
    movw r1, #0
    adds r0, r0, r1
    bx lr
    .global routine_four_end
routine_four_end:

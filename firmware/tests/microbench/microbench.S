@ Micro-benchmarks with known instruction sequences, for the profiler tests:
@ each function's exact instruction count follows from its argument, and its
@ Cortex-M4 cycle count from the TRM's Table 3-1 (see tests/profile/profiler_e2e_test.cpp).
    .syntax unified
    .thumb
    .text

@ Every function starts on a word boundary, so which branch targets are
@ unaligned 32-bit instructions (P = 2 on the M4) does not depend on the link.

@ uint32_t count_loop(uint32_t n): 1 + 3n + 2 instructions (n >= 1).
    .balign 4
    .global count_loop
    .type count_loop, %function
    .thumb_func
count_loop:
    movs r1, #0
1:  adds r1, r1, #1
    subs r0, r0, #1
    bne 1b
    mov r0, r1
    bx lr
    .size count_loop, . - count_loop

@ uint32_t ldr_run(const uint32_t *p): four back-to-back loads, then return.
    .balign 4
    .global ldr_run
    .type ldr_run, %function
    .thumb_func
ldr_run:
    ldr r1, [r0]
    ldr r2, [r0, #4]
    ldr r3, [r0, #8]
    ldr r12, [r0, #12]
    adds r0, r1, r2
    bx lr
    .size ldr_run, . - ldr_run

@ int32_t smlad_loop(const int16_t *a, const int16_t *b, uint32_t pairs):
@ sum of a[i] * b[i] over 2 * pairs halfwords, two MACs per SMLAD.
    .balign 4
    .global smlad_loop
    .type smlad_loop, %function
    .thumb_func
smlad_loop:
    push {r4, lr}
    movs r3, #0
1:  ldr r12, [r0], #4
    ldr r4, [r1], #4
    smlad r3, r12, r4, r3
    subs r2, r2, #1
    bne 1b
    mov r0, r3
    pop {r4, pc}
    .size smlad_loop, . - smlad_loop

@ uint32_t branch_not_taken(uint32_t n): a compare-and-branch that never
@ branches, n times (the loop's own back edge is taken n - 1 times).
    .balign 4
    .global branch_not_taken
    .type branch_not_taken, %function
    .thumb_func
branch_not_taken:
    movs r1, #0
1:  cmp r1, #255
    beq 2f
    adds r1, r1, #1
2:  subs r0, r0, #1
    bne 1b
    mov r0, r1
    bx lr
    .size branch_not_taken, . - branch_not_taken

@ uint32_t branch_taken(uint32_t n): the same shape, but the compare-and-branch
@ always branches.
    .balign 4
    .global branch_taken
    .type branch_taken, %function
    .thumb_func
branch_taken:
    movs r1, #0
1:  cmp r1, #0
    beq 2f
    adds r1, r1, #1
2:  subs r0, r0, #1
    bne 1b
    mov r0, r1
    bx lr
    .size branch_taken, . - branch_taken

@ uint32_t ldm_pop_pc(const uint32_t *p): LDM of four registers, then a POP
@ that loads PC (a return through the stack).
    .balign 4
    .global ldm_pop_pc
    .type ldm_pop_pc, %function
    .thumb_func
ldm_pop_pc:
    push {r4, r5, lr}
    ldm r0, {r1, r2, r3, r4}
    adds r0, r1, r4
    pop {r4, r5, pc}
    .size ldm_pop_pc, . - ldm_pop_pc

@ void known_frame(void): a 1000-byte frame below an 8-byte push; touches
@ only the lowest word, so the stack peak below the caller's SP is exactly
@ 8 + 1000 bytes.
    .balign 4
    .global known_frame
    .type known_frame, %function
    .thumb_func
known_frame:
    push {r4, lr}
    sub sp, sp, #1000
    movs r0, #0
    str r0, [sp]
    add sp, sp, #1000
    pop {r4, pc}
    .size known_frame, . - known_frame

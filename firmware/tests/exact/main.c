/* Planted memory faults only exact mode sees: a read of RAM nothing ever
 * wrote (the unused heap past `end`), a store just past a budget that is
 * not a multiple of 1 KB (inside the last mapped page, where the fast mode's
 * page-granular mapping lets it through), and an LDRD whose base is made
 * unaligned by the instruction before it (the fast mode checks multi-word
 * bases only as they are when a block starts), and a frame sized at run time
 * past the stack limit and released within one block (the fast mode compares
 * SP with the limit only between blocks). */
#include "mcuprof/markers.h"
#include "semihost.h"

#include <stdint.h>

extern char end[];           /* heap start: never written by this program */
volatile uint32_t sink;

__attribute__((noinline)) uint32_t read_uninitialised(void) {
    const volatile uint32_t *p = (const volatile uint32_t *)(uintptr_t)(((uint32_t)(uintptr_t)end + 64u) & ~3u);
    return *p; /* UNINITIALISED READ */
}

__attribute__((noinline)) void fill(uint8_t *dst, uint32_t n) {
    for (uint32_t i = 0; i < n; ++i) dst[i] = (uint8_t)(i * 7u + 1u);
}

static uint8_t buffer[300];

/* DWT cycle counter (Armv7-M ARM C1.8): the "timed" layer writes where the
 * cycles since `start` (read before the layer) point, so a replay of it
 * writes the same byte only if it sees the clock as the run did. */
#define DEMCR (*(volatile uint32_t *)0xE000EDFCu)
#define DWT_CTRL (*(volatile uint32_t *)0xE0001000u)
#define DWT_CYCCNT (*(volatile uint32_t *)0xE0001004u)
static volatile uint8_t timed[256];
__attribute__((noinline)) void mark_time(uint32_t start) { timed[((DWT_CYCCNT - start) >> 6) & 255u] = 1u; }

#ifdef UNALIGNED_LDRD
static uint32_t words[4];
__attribute__((noinline)) uint32_t unaligned_ldrd(uint32_t *p) {
    uint32_t a, b, base = (uint32_t)(uintptr_t)p;
    __asm volatile("adds %2, #2\n\tldrd %0, %1, [%2]" : "=&r"(a), "=&r"(b), "+l"(base) : : "memory", "cc"); /* UNALIGNED LDRD */
    return a + b;
}
#endif

#ifdef STACK_VLA
volatile uint32_t frame_bytes = 12 * 1024; /* against an 8 KiB stack */
__attribute__((noinline)) uint32_t one_block_frame(uint32_t bytes) {
    volatile uint8_t frame[bytes];
    frame[0] = (uint8_t)bytes; /* STACK STORE */
    return frame[0];
}
#endif

int main(void) {
    mcuprof_layer_begin("fill");
    fill(buffer, sizeof buffer);
    mcuprof_layer_end();

    mcuprof_layer_begin("uninitialised");
    sink = read_uninitialised();
    mcuprof_layer_end();

    DEMCR |= 1u << 24; /* TRCENA */
    DWT_CTRL |= 1u;    /* CYCCNTENA */
    const uint32_t start = DWT_CYCCNT;
    mcuprof_layer_begin("timed");
    mark_time(start);
    mcuprof_layer_end();

#ifdef BEYOND_ADDRESS
    mcuprof_layer_begin("beyond");
    *(volatile uint8_t *)BEYOND_ADDRESS = 1u; /* BEYOND BUDGET */
    mcuprof_layer_end();
#endif
#ifdef UNALIGNED_LDRD
    mcuprof_layer_begin("unaligned");
    sink = unaligned_ldrd(words);
    mcuprof_layer_end();
#endif
#ifdef STACK_VLA
    mcuprof_layer_begin("vla");
    sink = one_block_frame(frame_bytes);
    mcuprof_layer_end();
#endif
    semihost_write0("done\n");
    return 0;
}

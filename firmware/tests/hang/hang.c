/* Runaway and exit-status firmware for the hang watch, the exit-code mapping
 * and the signal tests (tests/run/hostile_run_exit_test.cpp). One image per
 * HANG_* definition; the waiting statement carries the marker "HANG LINE". */
#include "mcuprof/markers.h"
#include "semihost.h"

#include <stdint.h>

volatile uint32_t ready; /* a flag nobody sets: no interrupt is modelled */
volatile uint32_t sink;

/* while (flag == 0) {}: a load, a compare and a branch back, no store. */
__attribute__((noinline)) void wait_ready(void) {
    while (ready == 0u) { /* HANG LINE */
    }
}

/* A store-free loop that counts in a register: it must run to its end. */
__attribute__((noinline)) uint32_t count_to(uint32_t n) {
    uint32_t i = 0;
    while (i < n) {
        __asm volatile("" : "+r"(i));
        ++i;
    }
    return i;
}

/* Counts forever without a store: never a hang, only a signal or the limit ends it. */
__attribute__((noinline)) void count_forever(void) {
    for (uint32_t i = 0;; ++i) __asm volatile("" : : "r"(i));
}

/* The exit status is the command line's second word ("prog 256"); "abort"
 * stops with SYS_EXIT and a reason other than ApplicationExit. */
static int status_from_cmdline(void) {
    static char text[64];
    struct {
        char *buffer;
        uint32_t length;
    } block = {text, sizeof text};
    if (semihost_call(0x15u, &block) != 0) return 99;
    const char *p = text;
    while (*p != '\0' && *p != ' ') ++p;
    while (*p == ' ') ++p;
    if (p[0] == 'a') {
        register uint32_t r0 __asm__("r0") = SEMIHOST_SYS_EXIT;
        register uint32_t r1 __asm__("r1") = SEMIHOST_ADP_STOPPED_RUN_TIME_ERROR_UNKNOWN;
        __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    }
    int sign = 1;
    if (*p == '-') {
        sign = -1;
        ++p;
    }
    int value = 0;
    while (*p >= '0' && *p <= '9') value = value * 10 + (*p++ - '0');
    return sign * value;
}

int main(void) {
    semihost_write0("before\n");
    mcuprof_layer_begin("hang");
#if defined(HANG_ram_flag)
    wait_ready();
#elif defined(HANG_counter)
    sink = count_to(6000000u);
    semihost_write0(sink == 6000000u ? "counted\n" : "count wrong\n");
#elif defined(HANG_forever)
    semihost_write0("counting\n");
    count_forever();
#elif defined(HANG_exit_status)
    mcuprof_layer_end();
    return status_from_cmdline();
#else
#error "define one HANG_* macro"
#endif
    mcuprof_layer_end();
    semihost_write0("after\n");
    return 0;
}

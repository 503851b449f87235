/* Benchmark firmware: int8 matrix-vector products (load-heavy, weights
 * staged in SRAM) and a ReLU over a RAM buffer
 * (store-heavy), repeated long enough for about a second of emulation.
 * Prints a checksum so every runner can be checked to compute the same. */
#include "mcuprof/markers.h"
#include "semihost.h"

#include <stdint.h>

#ifndef BENCH_REPEAT
#define BENCH_REPEAT 3200
#endif

enum { ROWS = 64, COLS = 256, ACT = 16384 };

static int8_t weights[ROWS][COLS];
static int8_t input[COLS];
static int32_t output[ROWS];
static int8_t activations[ACT];

static const int8_t *weight_table(void) { return &weights[0][0]; }

/* BENCH_IN_RAM: the loops run from RAM, copied there with .data by the
 * start-up code (the generated linker script's .ramfunc), as firmware that
 * puts its hot code in ITCM or SRAM does. */
#ifdef BENCH_IN_RAM
#define HOT __attribute__((noinline, section(".ramfunc")))
#else
#define HOT __attribute__((noinline))
#endif

HOT static void matvec(const int8_t *w, const int8_t *x, int32_t *y) {
    for (int r = 0; r < ROWS; ++r) {
        int32_t acc = 0;
        const int8_t *row = w + r * COLS;
        for (int c = 0; c < COLS; ++c) acc += (int32_t)row[c] * x[c];
        y[r] = acc;
    }
}

HOT static void relu(int8_t *a, int n) {
    for (int i = 0; i < n; ++i) a[i] = a[i] < 0 ? 0 : a[i];
}

int main(void) {
    uint32_t seed = 12345u;
    for (int i = 0; i < COLS; ++i) {
        seed = seed * 1664525u + 1013904223u;
        input[i] = (int8_t)(seed >> 24);
    }
    for (int r = 0; r < ROWS; ++r) {
        for (int c = 0; c < COLS; ++c) {
            seed = seed * 1664525u + 1013904223u;
            weights[r][c] = (int8_t)(seed >> 24);
        }
    }
    uint32_t checksum = 0;
    for (int rep = 0; rep < BENCH_REPEAT; ++rep) {
        mcuprof_layer_begin("matvec");
        matvec(weight_table(), input, output);
        mcuprof_layer_end();
        for (int i = 0; i < ACT; ++i) activations[i] = (int8_t)(output[i % ROWS] >> (i % 7)) - (int8_t)rep;
        mcuprof_layer_begin("relu");
        relu(activations, ACT);
        mcuprof_layer_end();
        for (int r = 0; r < ROWS; ++r) checksum = checksum * 31u + (uint32_t)output[r] + (uint32_t)activations[r * 3];
        input[rep % COLS] ^= (int8_t)checksum;
    }
    semihost_write0("bench checksum ");
    semihost_write_hex(checksum);
    semihost_write0("\n");
    return 0;
}

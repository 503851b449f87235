/*
 * hello: the smallest mcuprof firmware. Prints over semihosting, marks two
 * "layers" with the ITM marker protocol, does integer arithmetic whose result
 * is known in advance, and exits 0 only when the results are right.
 *
 * Expected console output:
 *   hello from mcuprof firmware
 *   layer0 dot = -1932
 *   layer1 relu sum = 3449
 */
#include <stdint.h>

#include "mcuprof/markers.h"
#include "semihost.h"

#define LENGTH 64

static const int8_t weights[LENGTH] = {  /* flash (.rodata): 40 - (i % 11) * 7 */
    40, 33, 26, 19, 12, 5, -2, -9, -16, -23, -30, 40, 33, 26, 19, 12, 5, -2, -9, -16, -23, -30,
    40, 33, 26, 19, 12, 5, -2, -9, -16, -23, -30, 40, 33, 26, 19, 12, 5, -2, -9, -16, -23, -30,
    40, 33, 26, 19, 12, 5, -2, -9, -16, -23, -30, 40, 33, 26, 19, 12, 5, -2, -9, -16};
static volatile int32_t scale = 3;  /* .data: wrong if the startup code did not copy it */
static int8_t input[LENGTH];   /* .bss */
static int32_t products[LENGTH];

static int32_t layer0_dot(void) {
    int32_t acc = 0;
    for (int i = 0; i < LENGTH; ++i) {
        input[i] = (int8_t)((i % 16) * 8 - 60);
        acc += input[i] * weights[i];
    }
    return acc;
}

static int32_t layer1_relu_sum(void) {
    const int32_t s = scale;
    int32_t sum = 0;
    for (int i = 0; i < LENGTH; ++i) {
        const int32_t p = input[i] * weights[i] * s;
        products[i] = p > 0 ? p >> 4 : 0;
        sum += products[i];
    }
    return sum;
}

int main(void) {
    semihost_write0("hello from mcuprof firmware\n");

    mcuprof_layer_begin("layer0.dot");
    const int32_t dot = layer0_dot();
    mcuprof_layer_end();

    mcuprof_layer_begin("layer1.relu");
    const int32_t relu = layer1_relu_sum();
    mcuprof_layer_end();

    semihost_write0("layer0 dot = ");
    semihost_write_dec(dot);
    semihost_write0("\nlayer1 relu sum = ");
    semihost_write_dec(relu);
    semihost_write0("\n");
    if (dot != -1932 || relu != 3449) {
        semihost_write0("hello: wrong result\n");
        return 1;
    }
    return 0;
}

/* Emits MARKER_FLOOD_RUNS layer runs named "L0".."L149" in turn, each doing a
 * little work, so the layer rows must be folded while the firmware runs. */
#include "mcuprof/markers.h"

#include <stdint.h>

#define MARKER_FLOOD_RUNS 150000u
#define MARKER_FLOOD_NAMES 150u

volatile uint32_t sink;

/* "L" and the decimal digits of n, NUL-terminated. */
static void layer_name(char *out, uint32_t n) {
    char digits[10];
    int count = 0;
    do {
        digits[count++] = (char)('0' + n % 10u);
        n /= 10u;
    } while (n != 0u);
    *out++ = 'L';
    while (count > 0) *out++ = digits[--count];
    *out = '\0';
}

int main(void) {
    char name[16];
    for (uint32_t run = 0; run < MARKER_FLOOD_RUNS; ++run) {
        layer_name(name, run % MARKER_FLOOD_NAMES);
        mcuprof_layer_begin(name);
        sink = sink + run;
        mcuprof_layer_end();
    }
    return 0;
}

/*
 * hello_rdimon: the newlib variant of hello (built with RDIMON). stdio and the
 * heap come from newlib with rdimon's semihosting syscalls; checks that the
 * generated linker script gives newlib's crt0 and sbrk what they need.
 *
 * Expected console output:
 *   hello from newlib (rdimon)
 *   sum of squares 1..100 = 338350
 *   heap block of 4096 bytes: ok
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcuprof/markers.h"

int main(void) {
    printf("hello from newlib (rdimon)\n");

    mcuprof_layer_begin("squares");
    long sum = 0;
    for (long i = 1; i <= 100; ++i) sum += i * i;
    mcuprof_layer_end();
    printf("sum of squares 1..100 = %ld\n", sum);

    unsigned char *block = malloc(4096);
    if (block == NULL) {
        printf("heap block of 4096 bytes: malloc failed\n");
        return 2;
    }
    memset(block, 0xA5, 4096);
    const int ok = block[0] == 0xA5 && block[4095] == 0xA5;
    printf("heap block of 4096 bytes: %s\n", ok ? "ok" : "corrupt");
    free(block);
    return sum == 338350 && ok ? 0 : 1;
}

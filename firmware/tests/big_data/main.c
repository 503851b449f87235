/* Static data larger than the STM32F427's SRAM1 (112 KB): the board's linker
 * script joins the contiguous SRAM1..SRAM3 into one block, so .data and .bss
 * run across region boundaries. Initialised data at both ends checks that the
 * loader placed every byte of the .data image. */
#include "semihost.h"

#include <stdint.h>

enum { BIG = 150 * 1024 };

static uint8_t zeroed[BIG];
static uint32_t initialised[30 * 1024] = {1u, 2u, 3u, [30 * 1024 - 1] = 0xC0FFEEu};

int main(void) {
    uint32_t sum = 0;
    for (uint32_t i = 0; i < BIG; i += 1024) sum += zeroed[i];
    zeroed[BIG - 1] = 7u;
    sum += zeroed[BIG - 1] + initialised[0] + initialised[1] + initialised[2];
    semihost_write0("sum ");
    semihost_write_dec(sum);
    semihost_write0(" last ");
    semihost_write_hex(initialised[30 * 1024 - 1]);
    semihost_write0("\n");
    return 0;
}

/* Host runner of the kernel test vectors: prints the lines the kernel test
 * firmware prints, for a bit-exact comparison between host and emulators. */
#include <stdint.h>
#include <stdio.h>

#include "testvec.h"

static uint32_t arena[VIT_TESTVEC_ARENA_BYTES / 4];

int main(void)
{
    int failed = 0;
    for (int32_t i = 0; i < vit_testvec_count(); ++i) {
        vit_testvec_result r;
        char line[128];
        vit_testvec_run(i, arena, (int32_t)sizeof arena, &r);
        if (vit_testvec_format(&r, line, (int32_t)sizeof line) < 0) {
            return 2;
        }
        fputs(line, stdout);
        failed |= r.status != VIT_OK;
    }
    return failed;
}

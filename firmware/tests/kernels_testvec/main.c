/* Runs every kernel test vector (kernels/testvec) and prints one line per
 * case, "vit-testvec <name> <fnv1a hex> <status>", exactly as the host tool
 * vit_testvec_dump does; the e2e test compares the two outputs to the byte.
 * Exits 0 when every case returned VIT_OK, 1 otherwise, 2 if a line does not
 * fit the buffer. Built bare (no newlib): the kernels need only libgcc. */
#include "semihost.h"
#include "testvec.h"

#include <stdint.h>

/* What this firmware checks is the kernels' DSP path (selected in
 * kernels/src/dsp.h by __ARM_FEATURE_DSP): refuse to build without it. */
#if !defined(__ARM_FEATURE_DSP) || defined(VIT_NO_DSP)
#error "kernels-testvec must be built for a core with the DSP extension (-mcpu=cortex-m4/m7)"
#endif

static uint32_t arena[VIT_TESTVEC_ARENA_BYTES / 4];

int main(void) {
    int failed = 0;
    for (int32_t i = 0; i < vit_testvec_count(); ++i) {
        vit_testvec_result r;
        char line[128];
        vit_testvec_run(i, arena, (int32_t)sizeof arena, &r);
        if (vit_testvec_format(&r, line, (int32_t)sizeof line) < 0) {
            return 2;
        }
        semihost_write0(line);
        failed |= r.status != VIT_OK;
    }
    return failed;
}

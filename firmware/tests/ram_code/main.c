/* Code run from RAM and then overwritten in place (an overlay, a loader):
 * routine_six is copied to `slot` and called RUNS_SIX times in layer "six",
 * then routine_four is copied over it and called RUNS_FOUR times in layer
 * "four". Both are 12 bytes long, so Unicorn's re-translated block has the
 * address and size of the old one; the profiler must still count 6 and then
 * 4 instructions per call. SLOT_SECTION picks the RAM (ITCM or SRAM). */
#include "mcuprof/markers.h"
#include "semihost.h"

#include <stdint.h>
#include <string.h>

#define RUNS_SIX 1000u
#define RUNS_FOUR 700u

extern const uint8_t routine_six[], routine_six_end[], routine_four[], routine_four_end[];

/* Padded so the slot is never at address 0 (ITCM starts there). */
__attribute__((section(SLOT_SECTION), aligned(4))) static struct {
    uint8_t pad[64];
    uint8_t code[16];
} ram;
#define slot ram.code

typedef uint32_t (*routine_fn)(void);

__attribute__((noinline)) static void load(const uint8_t *from, const uint8_t *to) {
    memcpy(slot, from, (size_t)(to - from));
    __asm volatile("dsb\n\tisb" ::: "memory");
}

__attribute__((noinline)) static uint32_t call_many(uint32_t runs) {
    const routine_fn f = (routine_fn)((uintptr_t)slot | 1u);
    uint32_t sum = 0;
    for (uint32_t i = 0; i < runs; ++i) sum += f();
    return sum;
}

int main(void) {
    load(routine_six, routine_six_end);
    mcuprof_layer_begin("six");
    const uint32_t six = call_many(RUNS_SIX);
    mcuprof_layer_end();

    load(routine_four, routine_four_end);
    mcuprof_layer_begin("four");
    const uint32_t four = call_many(RUNS_FOUR);
    mcuprof_layer_end();

    semihost_write0("ram-code six ");
    semihost_write_dec((int32_t)six);
    semihost_write0(" four ");
    semihost_write_dec((int32_t)four);
    semihost_write0("\n");
    return six == 5u * RUNS_SIX && four == 7u * RUNS_FOUR ? 0 : 1;
}

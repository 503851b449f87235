/* Runs each micro-benchmark inside its own layer, prints the results and the
 * stack pointer of main (so a test can compute the exact stack peak of the
 * known_frame layer), and exits with 0. Built bare (no newlib). */
#include "mcuprof/markers.h"
#include "semihost.h"

#include <stdint.h>

uint32_t count_loop(uint32_t n);
uint32_t ldr_run(const uint32_t *p);
int32_t smlad_loop(const int16_t *a, const int16_t *b, uint32_t pairs);
uint32_t branch_not_taken(uint32_t n);
uint32_t branch_taken(uint32_t n);
uint32_t ldm_pop_pc(const uint32_t *p);
void known_frame(void);

static const uint32_t words[4] = {1, 2, 3, 4};
static int16_t a[64];
static int16_t b[64];

static void print_u32(const char *label, uint32_t value) {
    semihost_write0(label);
    semihost_write_dec((int32_t)value);
    semihost_write0("\n");
}

int main(void) {
    for (int i = 0; i < 64; ++i) {
        a[i] = (int16_t)(i - 20);
        b[i] = (int16_t)(3 * i + 1);
    }
    uint32_t sp;
    __asm volatile("mov %0, sp" : "=r"(sp));
    print_u32("main_sp=", sp);

    mcuprof_layer_begin("count_loop");
    uint32_t r = count_loop(1000);
    mcuprof_layer_end();
    print_u32("count_loop=", r);

    mcuprof_layer_begin("ldr_run");
    r = ldr_run(words);
    mcuprof_layer_end();
    print_u32("ldr_run=", r);

    mcuprof_layer_begin("smlad_loop");
    r = (uint32_t)smlad_loop(a, b, 32);
    mcuprof_layer_end();
    print_u32("smlad_loop=", r);

    mcuprof_layer_begin("branch_not_taken");
    r = branch_not_taken(100);
    mcuprof_layer_end();
    print_u32("branch_not_taken=", r);

    mcuprof_layer_begin("branch_taken");
    r = branch_taken(100);
    mcuprof_layer_end();
    print_u32("branch_taken=", r);

    mcuprof_layer_begin("ldm_pop_pc");
    r = ldm_pop_pc(words);
    mcuprof_layer_end();
    print_u32("ldm_pop_pc=", r);

    mcuprof_layer_begin("known_frame");
    known_frame();
    mcuprof_layer_end();
    return 0;
}

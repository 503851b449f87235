/*
 * semihost_rdimon: an ordinary newlib program (linked with rdimon.specs) that
 * exercises what the emulator's semihosting must provide, unmodified: stdout
 * through printf and puts, stderr through fputs, the heap (malloc/free, whose
 * limit comes from SYS_HEAPINFO), errno from SYS_ERRNO after a failed fopen, and
 * exit with status 3 through SYS_EXIT_EXTENDED. It reads nothing from stdin.
 *
 * Its output is deterministic and the same under mcuprof and under
 * `qemu-system-arm -semihosting`: no addresses, times or command-line
 * arguments are printed (those differ between runners and boards). Floats are
 * formatted with integer arithmetic instead of %f, so the output does not
 * depend on whether printf was linked with float support (newlib-nano needs
 * -u _printf_float for %f; full newlib has it).
 *
 * Expected stdout:
 *   semihost_rdimon: hello from newlib
 *   int 42, negative -17, hex 0x00c0ffee, unsigned 4000000000, long 1234567890
 *   strings [abc] [ab    ] [    cd] char Z percent %
 *   float 1.5^10 = 57.665 (x1000 = 57665)
 *   puts: one line
 *   heap: 4 blocks, 6584 bytes, checksum 0x2a608d35, big block 8192 bytes ok
 *   fopen("/nonexistent/mcuprof-semihost-test.txt", "r"): NULL, errno 2 (ENOENT)
 *   exiting with status 3
 * Expected stderr:
 *   stderr: written with fputs
 * Exit status: 3.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a, 32-bit: a checksum both runners must agree on byte for byte. */
static uint32_t fnv1a(uint32_t hash, const uint8_t *data, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        hash = (hash ^ data[i]) * 16777619u;
    }
    return hash;
}

/* x * 1000, rounded to nearest, as an integer: %f without float printf. */
static long milli(float x) {
    return (long)(x * 1000.0f + (x < 0.0f ? -0.5f : 0.5f));
}

static void print_milli(const char *label, float x) {
    const long m = milli(x);
    const long whole = m / 1000;
    const long frac = (m < 0 ? -m : m) % 1000;
    printf("%s%ld.%03ld (x1000 = %ld)\n", label, whole, frac, m);
}

static int heap_test(void) {
    static const size_t sizes[4] = {1024, 2048, 3000, 512};
    uint8_t *blocks[4];
    size_t total = 0;
    for (size_t b = 0; b < 4; ++b) {
        blocks[b] = malloc(sizes[b]);
        if (blocks[b] == NULL) {
            printf("heap: malloc(%u) failed\n", (unsigned)sizes[b]);
            return 0;
        }
        for (size_t i = 0; i < sizes[b]; ++i) {
            blocks[b][i] = (uint8_t)(b * 31u + i * 7u + (i >> 8));
        }
        total += sizes[b];
    }
    uint32_t hash = 2166136261u;
    for (size_t b = 0; b < 4; ++b) {
        hash = fnv1a(hash, blocks[b], sizes[b]);
    }
    /* Free out of order, then take a block larger than any freed one. */
    free(blocks[1]);
    free(blocks[3]);
    free(blocks[0]);
    free(blocks[2]);
    uint8_t *big = malloc(8192);
    int big_ok = big != NULL;
    if (big_ok) {
        memset(big, 0x5A, 8192);
        big_ok = big[0] == 0x5A && big[8191] == 0x5A;
        free(big);
    }
    printf("heap: 4 blocks, %u bytes, checksum 0x%08lx, big block 8192 bytes %s\n",
           (unsigned)total, (unsigned long)hash, big_ok ? "ok" : "FAILED");
    return big_ok;
}

int main(void) {
    printf("semihost_rdimon: hello from %s\n", "newlib");
    printf("int %d, negative %d, hex 0x%08x, unsigned %u, long %ld\n", 42, -17, 0xC0FFEEu,
           4000000000u, 1234567890L);
    printf("strings [%s] [%-6s] [%6s] char %c percent %%\n", "abc", "ab", "cd", 'Z');

    volatile float base = 1.5f; /* volatile: computed at run time, on the FPU */
    float power = 1.0f;
    for (int i = 0; i < 10; ++i) {
        power *= base;
    }
    print_milli("float 1.5^10 = ", power);

    puts("puts: one line");
    fputs("stderr: written with fputs\n", stderr);

    const int heap_ok = heap_test();

    static const char missing[] = "/nonexistent/mcuprof-semihost-test.txt";
    errno = 0;
    FILE *f = fopen(missing, "r");
    const int saved_errno = errno;
    printf("fopen(\"%s\", \"r\"): %s, errno %d (%s)\n", missing, f == NULL ? "NULL" : "opened",
           saved_errno, saved_errno == ENOENT ? "ENOENT" : "unexpected");
    if (f != NULL) {
        fclose(f);
    }

    printf("exiting with status 3\n");
    return heap_ok && f == NULL && saved_errno == ENOENT ? 3 : 1;
}

/* Semihosting client: see semihost.h. */
#include "semihost.h"

void semihost_write0(const char *text) { (void)semihost_call(SEMIHOST_SYS_WRITE0, text); }

void semihost_writec(char c) { (void)semihost_call(SEMIHOST_SYS_WRITEC, &c); }

static size_t string_length(const char *s) {
    size_t n = 0;
    while (s[n] != '\0') ++n;
    return n;
}

int32_t semihost_open(const char *path, uint32_t mode) {
    const uint32_t block[3] = {(uint32_t)(uintptr_t)path, mode, (uint32_t)string_length(path)};
    return semihost_call(SEMIHOST_SYS_OPEN, block);
}

void semihost_close(int32_t handle) {
    const uint32_t block[1] = {(uint32_t)handle};
    (void)semihost_call(SEMIHOST_SYS_CLOSE, block);
}

size_t semihost_write(const void *data, size_t length) {
    static int32_t stdout_handle = -1;
    if (stdout_handle < 0) stdout_handle = semihost_open(":tt", SEMIHOST_OPEN_WRITE);
    if (stdout_handle < 0) return length;
    const uint32_t block[3] = {(uint32_t)stdout_handle, (uint32_t)(uintptr_t)data, (uint32_t)length};
    return (size_t)semihost_call(SEMIHOST_SYS_WRITE, block);
}

void semihost_write_dec(int32_t value) {
    char digits[12];
    int i = (int)sizeof digits - 1;
    /* Work in unsigned so INT32_MIN does not overflow on negation. */
    uint32_t magnitude = value < 0 ? 0u - (uint32_t)value : (uint32_t)value;
    digits[i] = '\0';
    do {
        digits[--i] = (char)('0' + magnitude % 10u);
        magnitude /= 10u;
    } while (magnitude != 0u);
    if (value < 0) digits[--i] = '-';
    semihost_write0(&digits[i]);
}

void semihost_write_hex(uint32_t value) {
    char text[11] = "0x";
    for (int i = 0; i < 8; ++i) text[2 + i] = "0123456789abcdef"[(value >> (28 - 4 * i)) & 0xFu];
    text[10] = '\0';
    semihost_write0(text);
}

/* The features file: the magic "SHFB", then feature bytes; bit 0 of byte 0 is
 * SYS_EXIT_EXTENDED (semihosting specification v2, "Semihosting features"). */
int semihost_has_exit_extended(void) {
    const int32_t handle = semihost_open(":semihosting-features", SEMIHOST_OPEN_READ);
    if (handle < 0) return 0;
    const uint32_t flen_block[1] = {(uint32_t)handle};
    const int32_t length = semihost_call(SEMIHOST_SYS_FLEN, flen_block);
    unsigned char bytes[5] = {0, 0, 0, 0, 0};
    int supported = 0;
    if (length >= 5) {
        const uint32_t read_block[3] = {(uint32_t)handle, (uint32_t)(uintptr_t)bytes, 5u};
        /* SYS_READ returns the number of bytes NOT read. */
        if (semihost_call(SEMIHOST_SYS_READ, read_block) == 0) {
            supported = bytes[0] == 'S' && bytes[1] == 'H' && bytes[2] == 'F' && bytes[3] == 'B' && (bytes[4] & 1u);
        }
    }
    semihost_close(handle);
    return supported;
}

void semihost_exit(int code) {
    if (semihost_has_exit_extended()) {
        const uint32_t block[2] = {SEMIHOST_ADP_STOPPED_APPLICATION_EXIT, (uint32_t)code};
        (void)semihost_call(SEMIHOST_SYS_EXIT_EXTENDED, block);
    } else {
        /* On AArch32 SYS_EXIT takes the reason itself in r1, not a block. */
        const uint32_t reason = code == 0 ? SEMIHOST_ADP_STOPPED_APPLICATION_EXIT
                                          : SEMIHOST_ADP_STOPPED_RUN_TIME_ERROR_UNKNOWN;
        (void)semihost_call(SEMIHOST_SYS_EXIT, (const void *)(uintptr_t)reason);
    }
    for (;;) {
        /* A host that ignores the exit request leaves the core parked here. */
        __asm__ volatile("wfi");
    }
}

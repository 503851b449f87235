/*
 * A tiny Arm semihosting client for firmware built without newlib: console
 * output and exit with a status code, through BKPT 0xAB. Works under mcuprof,
 * under `qemu-system-arm -semihosting` and on a board with a debugger attached
 * (without one, BKPT faults: do not ship it to a stand-alone device).
 *
 * Operation numbers and exit reasons are those of Arm's "Semihosting for
 * AArch32 and AArch64" specification (version 2).
 */
#ifndef MCUPROF_SEMIHOST_H
#define MCUPROF_SEMIHOST_H

#include <stddef.h>
#include <stdint.h>

#define SEMIHOST_SYS_OPEN 0x01u
#define SEMIHOST_SYS_CLOSE 0x02u
#define SEMIHOST_SYS_WRITEC 0x03u
#define SEMIHOST_SYS_WRITE0 0x04u
#define SEMIHOST_SYS_WRITE 0x05u
#define SEMIHOST_SYS_READ 0x06u
#define SEMIHOST_SYS_FLEN 0x0Cu
#define SEMIHOST_SYS_EXIT 0x18u
#define SEMIHOST_SYS_EXIT_EXTENDED 0x20u

/* Reasons given to SYS_EXIT / SYS_EXIT_EXTENDED. */
#define SEMIHOST_ADP_STOPPED_APPLICATION_EXIT 0x20026u
#define SEMIHOST_ADP_STOPPED_RUN_TIME_ERROR_UNKNOWN 0x20023u

/* SYS_OPEN modes: 0 = "r", 4 = "w" (ISO C fopen modes in the spec's order). */
#define SEMIHOST_OPEN_READ 0
#define SEMIHOST_OPEN_WRITE 4

/* Issues one semihosting call: operation in r0, argument (a pointer to a
 * parameter block, or a value) in r1; returns r0. */
static inline int32_t semihost_call(uint32_t operation, const void *argument) {
    register uint32_t r0 __asm__("r0") = operation;
    register const void *r1 __asm__("r1") = argument;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return (int32_t)r0;
}

/* Writes a NUL-terminated string to the debug console. */
void semihost_write0(const char *text);
/* Writes one character to the debug console. */
void semihost_writec(char c);
/* Writes length bytes to the console's stdout handle (":tt" opened for
 * writing). Returns 0 when everything was written, else the bytes left. */
size_t semihost_write(const void *data, size_t length);
/* Writes value in decimal / as 0x-prefixed 8-digit hex to the console. */
void semihost_write_dec(int32_t value);
void semihost_write_hex(uint32_t value);
/* Opens a host file; returns the handle or -1. */
int32_t semihost_open(const char *path, uint32_t mode);
void semihost_close(int32_t handle);
/* Whether the host reports SYS_EXIT_EXTENDED in ":semihosting-features". */
int semihost_has_exit_extended(void);
/* Ends the program with status code (0 = success). Uses SYS_EXIT_EXTENDED
 * when the host supports it, so the exact code reaches the host; otherwise
 * SYS_EXIT with ApplicationExit for 0 and RunTimeErrorUnknown for the rest. */
__attribute__((noreturn)) void semihost_exit(int code);

#endif /* MCUPROF_SEMIHOST_H */

// The numbers of Arm's semihosting interface, as the guest sees them.
//
// Source: Arm, "Semihosting for AArch32 and AArch64" (ARM-software/abi-aa,
// semihosting/semihosting.rst, release 2020Q4): operation numbers (section
// "Semihosting operations"), SYS_OPEN mode values ("Value of mode" table), the
// ADP_Stopped_* reason codes of SYS_EXIT, and the feature-byte format of
// ":semihosting-features" ("Semihosting extensions").
//
// Error numbers are the guest C library's: SYS_ERRNO hands them to the firmware,
// and newlib stores them in errno unchanged, so they must be newlib's values
// (newlib sys/errno.h), not the host's <cerrno>.
#pragma once

#include <cstdint>
#include <string>

namespace mcuprof::semihosting {

// Operation numbers (r0 at BKPT 0xAB).
enum Operation : uint32_t {
    SYS_OPEN = 0x01,
    SYS_CLOSE = 0x02,
    SYS_WRITEC = 0x03,
    SYS_WRITE0 = 0x04,
    SYS_WRITE = 0x05,
    SYS_READ = 0x06,
    SYS_READC = 0x07,
    SYS_ISERROR = 0x08,
    SYS_ISTTY = 0x09,
    SYS_SEEK = 0x0A,
    SYS_FLEN = 0x0C,
    SYS_TMPNAM = 0x0D,
    SYS_REMOVE = 0x0E,
    SYS_RENAME = 0x0F,
    SYS_CLOCK = 0x10,
    SYS_TIME = 0x11,
    SYS_SYSTEM = 0x12,
    SYS_ERRNO = 0x13,
    SYS_GET_CMDLINE = 0x15,
    SYS_HEAPINFO = 0x16,
    SYS_EXIT = 0x18,  // formerly angel_SWIreason_ReportException
    SYS_EXIT_EXTENDED = 0x20,
    SYS_ELAPSED = 0x30,
    SYS_TICKFREQ = 0x31,
};

// SYS_OPEN modes: ISO C fopen modes r, rb, r+, r+b, w, wb, w+, w+b, a, ab, a+, a+b.
constexpr uint32_t kOpenModeCount = 12;
constexpr bool open_mode_reads_only(uint32_t mode) { return mode < 4; }   // r, rb, r+, r+b
constexpr bool open_mode_writes(uint32_t mode) { return mode >= 4 && mode < 8; }  // w...
constexpr bool open_mode_appends(uint32_t mode) { return mode >= 8 && mode < 12; }  // a...

// SYS_EXIT / SYS_EXIT_EXTENDED reason codes.
enum AdpStopped : uint32_t {
    ADP_Stopped_BranchThroughZero = 0x20000,
    ADP_Stopped_UndefinedInstr = 0x20001,
    ADP_Stopped_SoftwareInterrupt = 0x20002,
    ADP_Stopped_PrefetchAbort = 0x20003,
    ADP_Stopped_DataAbort = 0x20004,
    ADP_Stopped_AddressException = 0x20005,
    ADP_Stopped_IRQ = 0x20006,
    ADP_Stopped_FIQ = 0x20007,
    ADP_Stopped_BreakPoint = 0x20020,
    ADP_Stopped_WatchPoint = 0x20021,
    ADP_Stopped_StepComplete = 0x20022,
    ADP_Stopped_RunTimeErrorUnknown = 0x20023,
    ADP_Stopped_InternalError = 0x20024,
    ADP_Stopped_UserInterruption = 0x20025,
    ADP_Stopped_ApplicationExit = 0x20026,
    ADP_Stopped_StackOverflow = 0x20027,
    ADP_Stopped_DivisionByZero = 0x20028,
    ADP_Stopped_OSSpecific = 0x20029,
};

// ":semihosting-features": magic "SHFB", then feature byte 0.
constexpr uint8_t kFeatureMagic[4] = {0x53, 0x48, 0x46, 0x42};
constexpr uint8_t SH_EXT_EXIT_EXTENDED = 1u << 0;  // feature byte 0, bit 0
constexpr uint8_t SH_EXT_STDOUT_STDERR = 1u << 1;  // feature byte 0, bit 1

// Guest errno values (newlib).
enum GuestErrno : uint32_t {
    kEPERM = 1,
    kENOENT = 2,
    kEIO = 5,
    kE2BIG = 7,
    kEBADF = 9,
    kEACCES = 13,
    kEFAULT = 14,
    kEINVAL = 22,
    kEMFILE = 24,
    kENOTTY = 25,
    kESPIPE = 29,
    kENAMETOOLONG = 91,
};

// "SYS_WRITE0", or "operation 0x17" for numbers this header does not name.
std::string operation_name(uint32_t op);
// "ApplicationExit", "RunTimeErrorUnknown", ... (the ADP_Stopped_ suffix), or
// "reason 0x12345" for codes the specification does not define.
std::string exit_reason_name(uint32_t reason);

}  // namespace mcuprof::semihosting

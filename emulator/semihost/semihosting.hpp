// Arm semihosting for the emulated Cortex-M: what a debugger does when the
// firmware executes BKPT 0xAB. The emulator's interrupt hook passes r0 (the
// operation) and r1 (its argument or parameter-block address) to handle(), writes
// the result's r0 back and resumes after the BKPT, unless the result says the
// program exited or made a call mcuprof does not implement.
//
// Behaviour follows Arm's "Semihosting for AArch32 and AArch64" (2020Q4) and,
// where the specification leaves a choice, QEMU 7.2 (`qemu-system-arm
// -semihosting`), the reference runner for the same ELF. It covers every call
// newlib 3.3's rdimon (--specs=rdimon.specs) makes: crt0's SYS_HEAPINFO and
// SYS_GET_CMDLINE, initialise_monitor_handles' ":tt" and ":semihosting-features"
// opens, stdio's SYS_WRITE/SYS_READ/SYS_FLEN/SYS_ISTTY/SYS_SEEK, errno through
// SYS_ERRNO, clock()/time(), and exit()/abort() through SYS_EXIT_EXTENDED.
//
// Deliberate limits:
// - Host files are not exposed. SYS_OPEN of any path other than ":tt" and
//   ":semihosting-features" fails with ENOENT, so fopen() behaves as if the
//   file did not exist; SYS_REMOVE and SYS_RENAME fail with ENOENT too, and
//   SYS_TMPNAM and SYS_SYSTEM (a host shell!) fail with EPERM. Firmware under
//   test must not read, write or run anything on the machine profiling it.
// - Time is emulated, never the host's: SYS_CLOCK, SYS_ELAPSED and SYS_TIME
//   derive from the emulator's cycle count, so runs are reproducible.
// - Results never depend on the host console: ":tt" is always a terminal
//   (SYS_ISTTY 1, SYS_FLEN 0, SYS_SEEK fails with ESPIPE) and console writes
//   always succeed (see console.hpp).
// Guest pointers are untrusted: a parameter block, buffer or string the host
// cannot access makes the call fail (-1 or "nothing transferred", errno EFAULT)
// and is reported in the result's fault_address; it never touches host memory.
#pragma once

#include "emulator/core/guest_memory.hpp"
#include "emulator/semihost/console.hpp"
#include "emulator/semihost/output_tail.hpp"
#include "emulator/semihost/semihost_handles.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mcuprof {

// What SYS_HEAPINFO returns. newlib 3.3's rdimon crt0 calls it first thing: a
// nonzero stack_base becomes the initial SP (zero: keep the linker's __stack),
// a nonzero heap_limit becomes __heap_limit, which its sbrk honours, and a
// nonzero stack_limit sets sl (+256). heap_base is recorded by crt0 but unused:
// its sbrk always starts at the linker symbol `end`.
struct HeapInfo {
    uint32_t heap_base = 0;
    uint32_t heap_limit = 0;
    uint32_t stack_base = 0;   // highest address + 1 (the stack grows down from it)
    uint32_t stack_limit = 0;  // lowest address the stack may use
};

// SYS_TIME's fixed epoch: 2024-01-01 00:00:00 UTC, in seconds since 1970.
constexpr uint32_t kDefaultTimeEpoch = 1704067200u;

struct SemihostingConfig {
    // SYS_GET_CMDLINE returns command_line when set, else program_name.
    std::string program_name = "firmware";
    std::optional<std::string> command_line;
    HeapInfo heap;
    // Emulated time: cycles() is the core's cycle count since reset, clock_hz
    // its frequency (1 .. 0xFFFF'FFFF, as SYS_TICKFREQ returns it in r0).
    std::function<uint64_t()> cycles;
    uint64_t clock_hz = 0;
    // SYS_TIME returns time_epoch + whole emulated seconds.
    uint32_t time_epoch = kDefaultTimeEpoch;
    // Bytes of console output kept for the report, in each of the three
    // captures (stdout, stderr, both interleaved).
    size_t capture_bytes = 64 * 1024;
};

struct SemihostingResult {
    uint32_t r0 = 0;           // value for r0 (the operation number when the spec leaves r0 "corrupted")
    bool exit = false;         // SYS_EXIT / SYS_EXIT_EXTENDED: stop the run
    int exit_code = 0;         // the program's exit status when exit is set
    std::string exit_reason;   // "ApplicationExit", "RunTimeErrorUnknown", ...
    bool unhandled = false;    // an operation mcuprof does not implement: a violation
    std::optional<uint32_t> fault_address;  // first guest byte the call could not access
    std::string detail;        // one line on exits, unhandled calls and faults; else empty
};

class Semihosting {
public:
    // Exit code for SYS_EXIT and SYS_EXIT_EXTENDED with any reason other than
    // ADP_Stopped_ApplicationExit (abort(), a reported fault): 1, as QEMU.
    static constexpr int kAbnormalExitCode = 1;
    // Bytes moved between the guest and the console per host call.
    static constexpr size_t kChunkBytes = 4096;
    // Longest SYS_OPEN path accepted (ENAMETOOLONG beyond).
    static constexpr uint32_t kMaxPathBytes = 1024;

    // memory and console must outlive this object. Throws Error for an invalid
    // config (no cycle source, clock_hz out of range, capture_bytes 0).
    Semihosting(GuestMemory& memory, Console& console, SemihostingConfig config);

    // Performs one semihosting call. Never throws for anything the guest passes.
    SemihostingResult handle(uint32_t r0, uint32_t r1);

    // The semihosting errno (what SYS_ERRNO returns): the error of the last
    // failed call, 0 before any failure.
    uint32_t guest_errno() const { return errno_; }
    // The console output kept for the report: each stream, and both interleaved
    // in the order written.
    const OutputTail& captured_stdout() const { return stdout_tail_; }
    const OutputTail& captured_stderr() const { return stderr_tail_; }
    const OutputTail& captured_console() const { return console_tail_; }
    uint64_t calls() const { return calls_; }
    const semihosting::HandleTable& handles() const { return handles_; }

    // The ":semihosting-features" bytes: "SHFB" and feature byte 0.
    static std::string_view feature_bytes();

private:
    // Console and clock calls (semihosting.cpp).
    SemihostingResult write_char(uint32_t address);
    SemihostingResult write_string(uint32_t address);
    SemihostingResult read_char();
    SemihostingResult is_error(uint32_t block);
    SemihostingResult clock_centiseconds() const;
    SemihostingResult time_seconds() const;
    SemihostingResult elapsed(uint32_t block);
    SemihostingResult command_line(uint32_t block);
    SemihostingResult heap_info(uint32_t pointer);
    SemihostingResult report_exit(uint32_t reason, std::optional<uint32_t> subcode, std::string_view call);
    SemihostingResult exit_extended(uint32_t block);
    SemihostingResult refuse(uint32_t guest_errno);

    // File calls (semihost_files.cpp).
    SemihostingResult open(uint32_t block);
    SemihostingResult close(uint32_t block);
    struct Transfer {
        semihosting::OpenHandle* handle;
        uint32_t buffer;
        uint32_t length;
    };
    std::optional<Transfer> transfer(uint32_t block, bool writing, SemihostingResult& result);
    semihosting::OpenHandle* handle_call(uint32_t block, uint32_t* fields, size_t count, SemihostingResult& result);
    SemihostingResult write(uint32_t block);
    SemihostingResult read(uint32_t block);
    SemihostingResult is_tty(uint32_t block);
    SemihostingResult seek(uint32_t block);
    SemihostingResult file_length(uint32_t block);

    // Guest memory access (semihost_guest_access.cpp). Guest ranges are read and
    // written in chunks of at most kChunkBytes; when a chunk is refused, it is
    // retried byte by byte, so transfers stop exactly at the first inaccessible
    // byte, whose address goes to fault.
    // Reads a parameter block of count (<= 4) little-endian words; when it is
    // not readable, sets result to -1 with errno EFAULT and returns false.
    bool read_words(uint32_t address, uint32_t* words, size_t count, SemihostingResult& result);
    // Addresses are 64-bit so that a range running past 0xFFFF_FFFF stops there
    // (fault address 0, where it would wrap) instead of wrapping around.
    // Reads up to buffer.size() bytes at address; returns how many were readable.
    size_t read_prefix(uint64_t address, std::span<char> buffer, std::optional<uint32_t>& fault);
    // Writes bytes at address; returns how many were written.
    size_t write_prefix(uint64_t address, std::string_view bytes, std::optional<uint32_t>& fault);
    // Writes words (little-endian) to a result block; when it is not writable,
    // sets result to -1 with errno EFAULT and returns false.
    bool write_words(uint32_t address, std::span<const uint32_t> words, SemihostingResult& result);
    // Copies guest bytes at address to stream, kChunkBytes at a time, until
    // `limit` bytes, or (until_nul) the first NUL, which is not copied, or the
    // first inaccessible byte. The one loop behind SYS_WRITE and SYS_WRITE0.
    struct Copied {
        uint64_t bytes = 0;                  // bytes emitted
        bool found_nul = false;
        std::optional<uint32_t> fault;       // set when an inaccessible byte stopped the copy
    };
    Copied copy_to_stream(uint64_t address, uint64_t limit, bool until_nul, semihosting::Stream stream);

    void emit(semihosting::Stream stream, std::string_view bytes);
    SemihostingResult failure(uint32_t r0, uint32_t guest_errno);
    // A call that failed on inaccessible guest memory: errno EFAULT (unless the
    // call has no errno), fault_address and detail set.
    SemihostingResult memory_fault(uint32_t r0, uint32_t address, std::string_view what,
                                   bool set_errno = true);
    uint64_t cycles() const;

    GuestMemory& memory_;
    Console& console_;
    SemihostingConfig config_;
    semihosting::HandleTable handles_;
    uint32_t errno_ = 0;
    uint64_t calls_ = 0;
    OutputTail stdout_tail_;
    OutputTail stderr_tail_;
    OutputTail console_tail_;
};

}  // namespace mcuprof

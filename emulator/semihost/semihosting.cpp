// Semihosting: the dispatcher, console characters, clocks, command line, heap
// information and exit. File-handle calls live in semihost_files.cpp.
#include "emulator/semihost/semihosting.hpp"

#include "emulator/semihost/semihosting_abi.hpp"
#include "emulator/text/error.hpp"

#include <fmt/format.h>

#include <utility>

namespace mcuprof {

using namespace semihosting;

namespace {

constexpr char kFeatureBytes[] = {char(kFeatureMagic[0]), char(kFeatureMagic[1]),
                                  char(kFeatureMagic[2]), char(kFeatureMagic[3]),
                                  char(SH_EXT_EXIT_EXTENDED | SH_EXT_STDOUT_STDERR)};

constexpr uint32_t kMinusOne = 0xFFFF'FFFFu;

}  // namespace

std::string_view Semihosting::feature_bytes() {
    return std::string_view(kFeatureBytes, sizeof kFeatureBytes);
}

namespace {

SemihostingConfig validated(SemihostingConfig config) {
    if (!config.cycles) {
        fail("semihosting needs a cycle-count source for SYS_CLOCK, SYS_TIME and SYS_ELAPSED");
    }
    if (config.clock_hz == 0 || config.clock_hz > 0xFFFF'FFFFu) {
        fail("semihosting clock of {} Hz is out of range (1 Hz to 4294967295 Hz)", config.clock_hz);
    }
    if (config.capture_bytes == 0) {
        fail("semihosting output capture must keep at least 1 byte");
    }
    return config;
}

}  // namespace

Semihosting::Semihosting(GuestMemory& memory, Console& console, SemihostingConfig config)
    : memory_(memory),
      console_(console),
      config_(validated(std::move(config))),
      stdout_tail_(config_.capture_bytes),
      stderr_tail_(config_.capture_bytes),
      console_tail_(config_.capture_bytes) {}

SemihostingResult Semihosting::handle(uint32_t r0, uint32_t r1) {
    ++calls_;
    SemihostingResult result;
    switch (r0) {
    case SYS_OPEN: result = open(r1); break;
    case SYS_CLOSE: result = close(r1); break;
    case SYS_WRITEC: result = write_char(r1); break;
    case SYS_WRITE0: result = write_string(r1); break;
    case SYS_WRITE: result = write(r1); break;
    case SYS_READ: result = read(r1); break;
    case SYS_READC: result = read_char(); break;
    case SYS_ISERROR: result = is_error(r1); break;
    case SYS_ISTTY: result = is_tty(r1); break;
    case SYS_SEEK: result = seek(r1); break;
    case SYS_FLEN: result = file_length(r1); break;
    case SYS_TMPNAM: result = refuse(kEPERM); break;
    case SYS_REMOVE: result = refuse(kENOENT); break;
    case SYS_RENAME: result = refuse(kENOENT); break;
    case SYS_CLOCK: result = clock_centiseconds(); break;
    case SYS_TIME: result = time_seconds(); break;
    case SYS_SYSTEM: result = refuse(kEPERM); break;
    case SYS_ERRNO: result.r0 = errno_; break;
    case SYS_GET_CMDLINE: result = command_line(r1); break;
    case SYS_HEAPINFO: result = heap_info(r1); break;
    case SYS_EXIT: result = report_exit(r1, std::nullopt, "SYS_EXIT"); break;
    case SYS_EXIT_EXTENDED: result = exit_extended(r1); break;
    case SYS_ELAPSED: result = elapsed(r1); break;
    case SYS_TICKFREQ: result.r0 = uint32_t(config_.clock_hz); break;
    default:
        // Includes 0x17 and 0x19, which the specification reserves ("not to be
        // used or implemented"), and the 0x100-0x1FF user range.
        result.r0 = kMinusOne;
        result.unhandled = true;
        result.detail = fmt::format("unhandled semihosting call {} (r1 = {:#010x})",
                                    operation_name(r0), r1);
        return result;
    }
    if (!result.detail.empty() && !result.exit) {
        result.detail = operation_name(r0) + ": " + result.detail;
    }
    return result;
}

SemihostingResult Semihosting::failure(uint32_t r0, uint32_t guest_errno) {
    errno_ = guest_errno;
    SemihostingResult result;
    result.r0 = r0;
    return result;
}

SemihostingResult Semihosting::refuse(uint32_t guest_errno) {
    // SYS_REMOVE and SYS_RENAME return "a nonzero, host-specific error code";
    // newlib's unlink and rename test for -1, so -1 it is for every refusal.
    return failure(kMinusOne, guest_errno);
}

void Semihosting::emit(Stream stream, std::string_view bytes) {
    if (bytes.empty()) {
        return;
    }
    if (stream == Stream::ConsoleErr) {
        console_.write_stderr(bytes);
        stderr_tail_.append(bytes);
    } else {
        console_.write_stdout(bytes);
        stdout_tail_.append(bytes);
    }
    console_tail_.append(bytes);
}

SemihostingResult Semihosting::write_char(uint32_t address) {
    SemihostingResult result;
    result.r0 = SYS_WRITEC;  // "the RETURN REGISTER is corrupted": left as it was
    char c = 0;
    std::optional<uint32_t> fault;
    if (read_prefix(address, std::span<char>(&c, 1), fault) == 1) {
        emit(Stream::ConsoleOut, std::string_view(&c, 1));
        return result;
    }
    // SYS_WRITEC has no error return and sets no errno.
    return memory_fault(SYS_WRITEC, fault.value_or(address), "character pointer", false);
}

SemihostingResult Semihosting::write_string(uint32_t address) {
    // The string may end just before unmapped memory: it is copied up to its
    // NUL, and only a string with no NUL before inaccessible memory faults,
    // after what was readable has been written.
    const Copied copied = copy_to_stream(address, UINT64_MAX, true, Stream::ConsoleOut);
    if (copied.fault) {
        return memory_fault(SYS_WRITE0, *copied.fault, "string (no NUL before inaccessible memory)", false);
    }
    SemihostingResult result;
    result.r0 = SYS_WRITE0;
    return result;
}

SemihostingResult Semihosting::read_char() {
    char c = 0;
    if (console_.read_stdin(std::span<char>(&c, 1)) == 1) {
        SemihostingResult result;
        result.r0 = uint8_t(c);
        return result;
    }
    // End of input. The specification defines no error return; -1 is EOF's
    // usual encoding and cannot be mistaken for a byte. errno is left alone.
    SemihostingResult result;
    result.r0 = kMinusOne;
    return result;
}

SemihostingResult Semihosting::is_error(uint32_t block) {
    uint32_t status = 0;
    SemihostingResult result;
    if (!read_words(block, &status, 1, result)) {
        return result;
    }
    // Error returns are negative (-1, or a negative SYS_SEEK value).
    result.r0 = int32_t(status) < 0 ? 1u : 0u;
    return result;
}

uint64_t Semihosting::cycles() const {
    return config_.cycles();
}

SemihostingResult Semihosting::clock_centiseconds() const {
    // cycles * 100 / hz without overflow: hz < 2^32, so remainder * 100 < 2^39.
    const uint64_t c = cycles();
    const uint64_t hz = config_.clock_hz;
    const uint64_t centiseconds = (c / hz) * 100u + (c % hz) * 100u / hz;
    SemihostingResult result;
    result.r0 = uint32_t(centiseconds);  // wraps like the guest's 32-bit clock_t
    return result;
}

SemihostingResult Semihosting::time_seconds() const {
    SemihostingResult result;
    result.r0 = uint32_t(config_.time_epoch + cycles() / config_.clock_hz);
    return result;
}

SemihostingResult Semihosting::elapsed(uint32_t block) {
    // AArch32: two words, least significant first.
    const uint64_t c = cycles();
    const uint32_t words[2] = {uint32_t(c), uint32_t(c >> 32)};
    SemihostingResult result;
    write_words(block, words, result);
    return result;
}

SemihostingResult Semihosting::command_line(uint32_t block) {
    uint32_t fields[2];  // buffer, buffer length
    SemihostingResult result;
    if (!read_words(block, fields, 2, result)) {
        return result;
    }
    const std::string& line = config_.command_line ? *config_.command_line : config_.program_name;
    // The string and its NUL must fit the buffer (QEMU: E2BIG otherwise).
    if (line.size() >= fields[1]) {
        return failure(kMinusOne, kE2BIG);
    }
    std::string with_nul = line;
    with_nul.push_back('\0');
    std::optional<uint32_t> fault;
    if (write_prefix(fields[0], with_nul, fault) < with_nul.size()) {
        return memory_fault(kMinusOne, fault.value_or(fields[0]), "command-line buffer");
    }
    // Field 2 becomes the string's length; field 1 (the buffer) is unchanged.
    if (!fits_address_space(block, 8) || !write_u32(memory_, block + 4, uint32_t(line.size()))) {
        return memory_fault(kMinusOne, block + 4, "parameter block");
    }
    return SemihostingResult{};
}

SemihostingResult Semihosting::heap_info(uint32_t pointer) {
    // r1 holds the address of a word that points to the four-word block.
    uint32_t block = 0;
    SemihostingResult result;
    if (!read_words(pointer, &block, 1, result)) {
        return result;
    }
    const HeapInfo& h = config_.heap;
    const uint32_t words[4] = {h.heap_base, h.heap_limit, h.stack_base, h.stack_limit};
    write_words(block, words, result);
    return result;
}

SemihostingResult Semihosting::report_exit(uint32_t reason, std::optional<uint32_t> subcode,
                                    std::string_view call) {
    SemihostingResult result;
    result.r0 = 0;
    result.exit = true;
    result.exit_reason = exit_reason_name(reason);
    if (reason == ADP_Stopped_ApplicationExit) {
        // SYS_EXIT on AArch32 carries no status: ApplicationExit means success.
        result.exit_code = subcode ? int(int32_t(*subcode)) : 0;
    } else {
        result.exit_code = kAbnormalExitCode;
    }
    result.detail = subcode ? fmt::format("{}: {}, subcode {}", call, result.exit_reason,
                                          int32_t(*subcode))
                            : fmt::format("{}: {}", call, result.exit_reason);
    return result;
}

SemihostingResult Semihosting::exit_extended(uint32_t block) {
    uint32_t fields[2];  // reason, subcode
    SemihostingResult result;
    if (!read_words(block, fields, 2, result)) {
        // The program wanted to stop, but its report is unreadable: the run ends
        // as a failure rather than running on past the BKPT.
        result.exit = true;
        result.exit_code = kAbnormalExitCode;
        result.exit_reason = "unreadable exit block";
        result.detail = "SYS_EXIT_EXTENDED: " + result.detail;
        return result;
    }
    return report_exit(fields[0], fields[1], "SYS_EXIT_EXTENDED");
}

}  // namespace mcuprof

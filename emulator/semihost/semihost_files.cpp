// Semihosting's file-handle calls: SYS_OPEN, SYS_CLOSE, SYS_WRITE, SYS_READ,
// SYS_ISTTY, SYS_SEEK and SYS_FLEN, over the console streams and the
// ":semihosting-features" file (no host files: see semihosting.hpp).
//
// Return conventions (Arm semihosting specification, QEMU 7.2 where it is silent):
// SYS_WRITE and SYS_READ return the number of bytes NOT transferred, and on an
// error (bad handle, wrong direction, inaccessible buffer) the whole length with
// errno set; a parameter block that cannot be read gives -1 and EFAULT.
#include "emulator/semihost/semihosting.hpp"
#include "emulator/semihost/semihosting_abi.hpp"

#include <algorithm>
#include <string>

namespace mcuprof {

using namespace semihosting;

namespace {

constexpr uint32_t kMinusOne = 0xFFFF'FFFFu;
// Console input is read into a host buffer of at most this many bytes per call;
// a console is interactive, so a shorter read is a normal SYS_READ result.
constexpr size_t kMaxConsoleRead = 64 * 1024;

bool is_console(Stream s) {
    return s != Stream::Features;
}

}  // namespace

SemihostingResult Semihosting::open(uint32_t block) {
    uint32_t fields[3];  // name, mode, name length (without the NUL)
    SemihostingResult result;
    if (!read_words(block, fields, 3, result)) {
        return result;
    }
    const uint32_t mode = fields[1];
    if (mode >= kOpenModeCount) {
        return failure(kMinusOne, kEINVAL);
    }
    if (fields[2] > kMaxPathBytes) {
        return failure(kMinusOne, kENAMETOOLONG);
    }
    // The name and its NUL terminator, which the specification requires.
    std::string name(size_t(fields[2]) + 1, '\0');
    std::optional<uint32_t> fault;
    if (read_prefix(fields[0], std::span<char>(name), fault) < name.size()) {
        return memory_fault(kMinusOne, fault.value_or(fields[0]), "file name");
    }
    if (name.back() != '\0') {
        return failure(kMinusOne, kEINVAL);
    }
    name.pop_back();

    Stream stream;
    if (name == ":tt") {
        // SH_EXT_STDOUT_STDERR: read modes open stdin, write modes stdout,
        // append modes stderr.
        stream = open_mode_reads_only(mode) ? Stream::ConsoleIn
               : open_mode_writes(mode)     ? Stream::ConsoleOut
                                            : Stream::ConsoleErr;
    } else if (name == ":semihosting-features") {
        // Only "r" and "rb" may open it; other modes must fail.
        if (mode > 1) {
            return failure(kMinusOne, kEACCES);
        }
        stream = Stream::Features;
    } else {
        // Host files are deliberately not exposed: every other name does not exist.
        return failure(kMinusOne, kENOENT);
    }
    const std::optional<uint32_t> handle = handles_.open(stream);
    if (!handle) {
        return failure(kMinusOne, kEMFILE);
    }
    result.r0 = *handle;
    return result;
}

SemihostingResult Semihosting::close(uint32_t block) {
    uint32_t handle = 0;
    SemihostingResult result;
    if (!read_words(block, &handle, 1, result)) {
        return result;
    }
    if (!handles_.close(handle)) {
        return failure(kMinusOne, kEBADF);
    }
    result.r0 = 0;
    return result;
}

// The parameter block of a call on an open handle (SYS_ISTTY, SYS_SEEK,
// SYS_FLEN): count words, the handle first. On failure `result` holds the
// answer (a memory fault, or -1 with EBADF) and the handle is null.
OpenHandle* Semihosting::handle_call(uint32_t block, uint32_t* fields, size_t count, SemihostingResult& result) {
    if (!read_words(block, fields, count, result)) {
        return nullptr;
    }
    OpenHandle* h = handles_.find(fields[0]);
    if (h == nullptr) {
        result = failure(kMinusOne, kEBADF);
    }
    return h;
}

// SYS_WRITE's and SYS_READ's parameter block (handle, buffer, length), with
// the handle checked for the direction. On failure `result` holds the answer:
// a memory fault, or EBADF with the whole length not transferred.
std::optional<Semihosting::Transfer> Semihosting::transfer(uint32_t block, bool writing, SemihostingResult& result) {
    uint32_t fields[3];
    if (!read_words(block, fields, 3, result)) {
        return std::nullopt;
    }
    OpenHandle* h = handles_.find(fields[0]);
    const bool allowed = h != nullptr && (writing ? h->stream != Stream::ConsoleIn && h->stream != Stream::Features
                                                  : h->stream != Stream::ConsoleOut && h->stream != Stream::ConsoleErr);
    if (!allowed) {
        result = failure(fields[2], kEBADF);
        return std::nullopt;
    }
    return Transfer{h, fields[1], fields[2]};
}

SemihostingResult Semihosting::write(uint32_t block) {
    SemihostingResult result;
    const std::optional<Transfer> t = transfer(block, true, result);
    if (!t) {
        return result;
    }
    const Copied copied = copy_to_stream(t->buffer, t->length, false, t->handle->stream);
    if (copied.fault) {
        return memory_fault(uint32_t(t->length - copied.bytes), *copied.fault, "write buffer");
    }
    result.r0 = 0;
    return result;
}

SemihostingResult Semihosting::read(uint32_t block) {
    SemihostingResult result;
    const std::optional<Transfer> t = transfer(block, false, result);
    if (!t) {
        return result;
    }
    const uint32_t length = t->length;
    OpenHandle* h = t->handle;
    if (length == 0) {
        result.r0 = 0;
        return result;
    }
    std::string data;
    if (h->stream == Stream::ConsoleIn) {
        data.resize(std::min<size_t>(length, kMaxConsoleRead));
        data.resize(std::min(console_.read_stdin(std::span<char>(data)), data.size()));
    } else {
        const std::string_view file = feature_bytes();
        const size_t at = std::min<size_t>(h->position, file.size());
        data = file.substr(at, std::min<size_t>(length, file.size() - at));
    }
    std::optional<uint32_t> fault;
    const size_t stored = write_prefix(t->buffer, data, fault);
    if (h->stream == Stream::Features) {
        h->position += uint32_t(stored);
    }
    if (stored < data.size()) {
        // Console bytes beyond `stored` are lost to the guest, as they would be
        // on a debugger that failed to write them; replay reproduces the same.
        return memory_fault(uint32_t(length - stored), fault.value_or(t->buffer), "read buffer");
    }
    result.r0 = uint32_t(length - stored);
    return result;
}

SemihostingResult Semihosting::is_tty(uint32_t block) {
    uint32_t handle = 0;
    SemihostingResult result;
    const OpenHandle* h = handle_call(block, &handle, 1, result);  // EBADF: "a value other than 1 or 0"
    if (h == nullptr) {
        return result;
    }
    if (is_console(h->stream)) {
        result.r0 = 1;
        return result;
    }
    // A file: 0, with errno ENOTTY as isatty() sets it (and QEMU does).
    return failure(0, kENOTTY);
}

SemihostingResult Semihosting::seek(uint32_t block) {
    uint32_t fields[2];  // handle, absolute position
    SemihostingResult result;
    OpenHandle* h = handle_call(block, fields, 2, result);
    if (h == nullptr) {
        return result;
    }
    if (is_console(h->stream)) {
        return failure(kMinusOne, kESPIPE);
    }
    // The features file permits any position within it (and its end).
    if (fields[1] > feature_bytes().size()) {
        return failure(kMinusOne, kEINVAL);
    }
    h->position = fields[1];
    result.r0 = 0;
    return result;
}

SemihostingResult Semihosting::file_length(uint32_t block) {
    uint32_t handle = 0;
    SemihostingResult result;
    const OpenHandle* h = handle_call(block, &handle, 1, result);
    if (h == nullptr) {
        return result;
    }
    // The console has length 0, as QEMU 7.2 reports for a terminal or pipe.
    // newlib's fstat() asks SYS_FLEN; failing here would make it treat stdout as
    // a non-terminal and buffer it fully.
    result.r0 = is_console(h->stream) ? 0u : uint32_t(feature_bytes().size());
    return result;
}

}  // namespace mcuprof

// Semihosting's access to guest memory: every pointer the firmware passes is
// checked by GuestMemory (mapped and permitted) and against address-space wrap,
// and transfers stop exactly at the first byte that is not accessible.
#include "emulator/semihost/semihosting.hpp"
#include "emulator/semihost/semihosting_abi.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace mcuprof {

using namespace semihosting;

bool Semihosting::read_words(uint32_t address, uint32_t* words, size_t count,
                             SemihostingResult& result) {
    char bytes[16];
    if (count > sizeof bytes / 4) {
        count = sizeof bytes / 4;  // parameter blocks have at most four fields
    }
    std::optional<uint32_t> fault;
    const size_t got = read_prefix(address, std::span<char>(bytes, count * 4), fault);
    if (got < count * 4) {
        result = memory_fault(uint32_t(-1), fault.value_or(address), "parameter block");
        return false;
    }
    for (size_t i = 0; i < count; ++i) {
        const auto* b = reinterpret_cast<const uint8_t*>(bytes + 4 * i);
        words[i] = uint32_t(b[0]) | uint32_t(b[1]) << 8 | uint32_t(b[2]) << 16 | uint32_t(b[3]) << 24;
    }
    return true;
}

namespace {

constexpr uint64_t kAddressSpace = uint64_t(1) << 32;

// Bytes of a transfer of `want` bytes at address that lie below 4 GB.
size_t below_4g(uint64_t address, size_t want) {
    return address >= kAddressSpace ? 0 : size_t(std::min<uint64_t>(want, kAddressSpace - address));
}

// Transfers [address, address + n) with op(address, offset, count); on refusal
// retries byte by byte to find the first inaccessible byte. Returns the bytes done.
template <typename Op>
size_t transfer_prefix(uint64_t address, size_t want, std::optional<uint32_t>& fault, Op op) {
    const size_t n = below_4g(address, want);
    bool whole = n > 0 && op(uint32_t(address), 0, n);
    size_t done = whole ? n : 0;
    if (!whole) {
        while (done < n && op(uint32_t(address + done), done, 1)) {
            ++done;
        }
        if (done < n) {
            fault = uint32_t(address + done);
            return done;
        }
    }
    if (n < want) {
        fault = 0;  // the range runs past 0xFFFF_FFFF, where it would wrap to 0
    }
    return done;
}

}  // namespace

size_t Semihosting::read_prefix(uint64_t address, std::span<char> buffer,
                                std::optional<uint32_t>& fault) {
    return transfer_prefix(address, buffer.size(), fault, [&](uint32_t at, size_t offset, size_t n) {
        return memory_.read(at, buffer.data() + offset, n);
    });
}

size_t Semihosting::write_prefix(uint64_t address, std::string_view bytes,
                                 std::optional<uint32_t>& fault) {
    return transfer_prefix(address, bytes.size(), fault, [&](uint32_t at, size_t offset, size_t n) {
        return memory_.write(at, bytes.data() + offset, n);
    });
}

SemihostingResult Semihosting::memory_fault(uint32_t r0, uint32_t address, std::string_view what,
                                            bool set_errno) {
    SemihostingResult result;
    result.r0 = r0;
    if (set_errno) {
        errno_ = kEFAULT;
    }
    result.fault_address = address;
    result.detail = fmt::format("{}: guest address {:#010x} is not accessible", what, address);
    return result;
}

bool Semihosting::write_words(uint32_t address, std::span<const uint32_t> words, SemihostingResult& result) {
    char bytes[16];
    const size_t count = std::min(words.size(), sizeof bytes / 4);  // result blocks have at most four words
    for (size_t i = 0; i < count; ++i) {
        for (size_t b = 0; b < 4; ++b) {
            bytes[4 * i + b] = char(words[i] >> (8 * b));
        }
    }
    std::optional<uint32_t> fault;
    if (write_prefix(address, std::string_view(bytes, count * 4), fault) < count * 4) {
        result = memory_fault(uint32_t(-1), fault.value_or(address), "result block");
        return false;
    }
    return true;
}

Semihosting::Copied Semihosting::copy_to_stream(uint64_t address, uint64_t limit, bool until_nul,
                                                semihosting::Stream stream) {
    Copied copied;
    char chunk[kChunkBytes];
    while (copied.bytes < limit) {
        const size_t want = size_t(std::min<uint64_t>(sizeof chunk, limit - copied.bytes));
        const uint64_t at = address + copied.bytes;
        const size_t got = read_prefix(at, std::span<char>(chunk, want), copied.fault);
        const void* nul = until_nul ? std::memchr(chunk, 0, got) : nullptr;
        const size_t text = nul ? size_t(static_cast<const char*>(nul) - chunk) : got;
        emit(stream, std::string_view(chunk, text));
        copied.bytes += text;
        if (nul) {
            copied.found_nul = true;
            copied.fault.reset();
            return copied;
        }
        if (got < want) {
            copied.fault = copied.fault.value_or(uint32_t(at + got));
            return copied;
        }
    }
    return copied;
}

}  // namespace mcuprof

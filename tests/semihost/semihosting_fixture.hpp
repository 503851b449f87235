// Test doubles for semihosting: a guest memory of byte-vector regions, an
// in-memory console, and a fixture with helpers to build parameter blocks.
#pragma once

#include "emulator/semihost/semihosting.hpp"
#include "emulator/semihost/semihosting_abi.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

namespace mcuprof::testing_semihosting {

using namespace semihosting;

constexpr uint32_t kMinusOne = 0xFFFF'FFFFu;

// Guest memory made of byte-vector regions; anything else is unmapped.
class FakeMemory final : public GuestMemory {
public:
    struct Region {
        uint32_t base;
        std::vector<uint8_t> bytes;
        bool writable;
    };

    void add(uint32_t base, size_t size, bool writable = true) {
        regions_.push_back({base, std::vector<uint8_t>(size, 0), writable});
    }

    bool read(uint32_t addr, void* dst, size_t n) override {
        ++reads;
        const Region* r = region(addr, n);
        if (r == nullptr) {
            return false;
        }
        std::memcpy(dst, r->bytes.data() + (addr - r->base), n);
        return true;
    }

    bool write(uint32_t addr, const void* src, size_t n) override {
        Region* r = region(addr, n);
        if (r == nullptr || !r->writable) {
            return false;
        }
        std::memcpy(r->bytes.data() + (addr - r->base), src, n);
        return true;
    }

    void put(uint32_t addr, const std::string& bytes) {
        ASSERT_TRUE(write_raw(addr, bytes.data(), bytes.size())) << std::hex << addr;
    }
    void put_words(uint32_t addr, std::initializer_list<uint32_t> words) {
        for (uint32_t w : words) {
            ASSERT_TRUE(write_raw(addr, &w, 4));  // the test host is little-endian, like the guest
            addr += 4;
        }
    }
    std::string get(uint32_t addr, size_t n) {
        std::string out(n, '\0');
        EXPECT_TRUE(read(addr, out.data(), n));
        return out;
    }
    uint32_t word(uint32_t addr) {
        uint32_t w = 0;
        EXPECT_TRUE(read(addr, &w, 4));
        return w;
    }

    uint64_t reads = 0;

private:
    Region* region(uint32_t addr, size_t n) {
        for (Region& r : regions_) {
            if (addr >= r.base && uint64_t(addr - r.base) + n <= r.bytes.size()) {
                return &r;
            }
        }
        return nullptr;
    }
    bool write_raw(uint32_t addr, const void* src, size_t n) {
        Region* r = region(addr, n);
        if (r == nullptr) {
            return false;
        }
        std::memcpy(r->bytes.data() + (addr - r->base), src, n);
        return true;
    }

    std::vector<Region> regions_;
};

class FakeConsole final : public Console {
public:
    void write_stdout(std::string_view bytes) override { out.append(bytes); }
    void write_stderr(std::string_view bytes) override { err.append(bytes); }
    size_t read_stdin(std::span<char> buffer) override {
        ++reads;
        const size_t n = std::min({buffer.size(), in.size() - in_pos, max_read});
        std::memcpy(buffer.data(), in.data() + in_pos, n);
        in_pos += n;
        return n;
    }

    std::string out, err, in;
    size_t in_pos = 0;
    size_t max_read = SIZE_MAX;  // like a terminal handing out one line per read
    int reads = 0;
};

constexpr uint32_t kRam = 0x2000'0000;
constexpr uint32_t kRamSize = 0x1'0000;
constexpr uint32_t kRamEnd = kRam + kRamSize;
constexpr uint32_t kFlash = 0x0800'0000;  // readable, not writable
constexpr uint32_t kTop = 0xFFFF'F000;    // the last 4 KB of the address space
constexpr uint32_t kBlock = kRam + 0x100;  // parameter blocks
constexpr uint32_t kName = kRam + 0x200;   // strings
constexpr uint32_t kBuf = kRam + 0x1000;   // data buffers
constexpr uint64_t kHz = 100'000'000;

class SemihostingTest : public ::testing::Test {
protected:
    SemihostingTest() {
        memory.add(kRam, kRamSize);
        memory.add(kFlash, 0x1000, false);
        memory.add(kTop, 0x1000);
    }

    Semihosting& sh() {
        if (!semihosting) {
            config.cycles = [this] { return cycles; };
            config.clock_hz = kHz;
            semihosting = std::make_unique<Semihosting>(memory, console, config);
        }
        return *semihosting;
    }

    SemihostingResult call(uint32_t op, uint32_t r1) { return sh().handle(op, r1); }
    SemihostingResult call_block(uint32_t op, std::initializer_list<uint32_t> words) {
        memory.put_words(kBlock, words);
        return call(op, kBlock);
    }
    uint32_t guest_errno() { return call(SYS_ERRNO, 0).r0; }

    uint32_t open(const std::string& name, uint32_t mode) {
        memory.put(kName, name + '\0');
        return call_block(SYS_OPEN, {kName, mode, uint32_t(name.size())}).r0;
    }
    uint32_t write(uint32_t handle, const std::string& text) {
        memory.put(kBuf, text);
        return call_block(SYS_WRITE, {handle, kBuf, uint32_t(text.size())}).r0;
    }
    uint32_t read(uint32_t handle, uint32_t length) {
        return call_block(SYS_READ, {handle, kBuf, length}).r0;
    }

    FakeMemory memory;
    FakeConsole console;
    SemihostingConfig config;
    uint64_t cycles = 0;
    std::unique_ptr<Semihosting> semihosting;
};

}  // namespace mcuprof::testing_semihosting

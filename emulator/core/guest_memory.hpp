// The guest's address space as host-side services (semihosting, marker
// receivers, report scanners) see it: byte-exact reads and writes at guest
// addresses, refused when any byte of the range is not accessible.
//
// The emulator's Machine implements it over Unicorn's memory; tests implement it
// over a byte vector. Guest addresses come from the firmware, so they are never
// trusted: a range that wraps past 0xFFFF_FFFF, or touches an unmapped byte,
// makes read/write return false and leaves the host untouched.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mcuprof {

class GuestMemory {
public:
    virtual ~GuestMemory() = default;

    // Copies n bytes from guest address addr to dst. Returns false, and may have
    // written part of dst, when any byte of [addr, addr + n) is not readable.
    virtual bool read(uint32_t addr, void* dst, size_t n) = 0;
    // Copies n bytes from src to guest address addr. Returns false when any
    // byte of [addr, addr + n) is not writable; the guest is then unchanged.
    virtual bool write(uint32_t addr, const void* src, size_t n) = 0;
};

// True when [addr, addr + n) lies inside the 32-bit address space (no wrap).
inline bool fits_address_space(uint32_t addr, uint64_t n) {
    return n <= (uint64_t(1) << 32) - addr;
}

// Little-endian 32-bit word access (Cortex-M data is little-endian here).
inline bool read_u32(GuestMemory& memory, uint32_t addr, uint32_t& value) {
    uint8_t b[4];
    if (!fits_address_space(addr, 4) || !memory.read(addr, b, 4)) {
        return false;
    }
    value = uint32_t(b[0]) | uint32_t(b[1]) << 8 | uint32_t(b[2]) << 16 | uint32_t(b[3]) << 24;
    return true;
}

inline bool write_u32(GuestMemory& memory, uint32_t addr, uint32_t value) {
    const uint8_t b[4] = {uint8_t(value), uint8_t(value >> 8), uint8_t(value >> 16),
                          uint8_t(value >> 24)};
    return fits_address_space(addr, 4) && memory.write(addr, b, 4);
}

}  // namespace mcuprof

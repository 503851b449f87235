#include "emulator/image_loader.hpp"

#include "emulator/error.hpp"

#include <algorithm>
#include <cstring>

namespace mcuprof {
namespace {

// The region (by base address or alias) holding address, or nullptr.
const MemoryRegion* region_for(const BoardProfile& board, uint32_t address, uint32_t& region_base) {
    for (const MemoryRegion& r : board.regions) {
        if (r.contains(address)) {
            region_base = r.base;
            return &r;
        }
        for (uint32_t alias : r.aliases) {
            if (address >= alias && address - alias < r.size) {
                region_base = alias;
                return &r;
            }
        }
    }
    return nullptr;
}

std::string describe(const ElfSegment& s) {
    return fmt::format("ELF segment {} (load address {:#010x}, run address {:#010x}, {} bytes in file, {} in memory)",
                       s.index, s.paddr, s.vaddr, s.file_size, s.mem_size);
}

// Checks that [address, address + bytes) lies in one region of the board and
// within what the budget maps; returns the host pointer.
uint8_t* place(Machine& machine, const ElfSegment& s, uint32_t address, uint64_t bytes, const char* what) {
    const BoardProfile& board = machine.board();
    uint32_t region_base = 0;
    const MemoryRegion* region = region_for(board, address, region_base);
    if (region == nullptr) {
        fail("{}: its {} {:#010x} is outside every memory region of {} (see `mcuprof boards --verbose`); "
             "link the firmware with the board's linker script (`mcuprof linker-script --board {}`)",
             describe(s), what, address, board.name, board.name);
    }
    const uint64_t offset = address - region_base;
    if (offset + bytes > region->size) {
        // A RAM block may span regions that follow each other without a gap
        // (e.g. DTCM + SRAM1 + SRAM2): the rest must fit the next one.
        const uint64_t end = uint64_t(region_base) + region->size;
        uint32_t next_base = 0;
        const MemoryRegion* next = end < 0x100000000ull ? region_for(board, uint32_t(end), next_base) : nullptr;
        if (next == nullptr || next->kind == RegionKind::Flash || region->kind == RegionKind::Flash) {
            fail("{}: overflows {} ({} bytes at {:#010x}) by {} bytes", describe(s), region->name, region->size,
                 region_base, offset + bytes - region->size);
        }
        place(machine, s, uint32_t(end), offset + bytes - region->size, what);
        bytes = region->size - offset;
    }
    if (bytes == 0) return nullptr;
    uint8_t* host = machine.host_pointer(address, static_cast<uint32_t>(bytes));
    if (host == nullptr) {
        const bool flash = region->kind == RegionKind::Flash;
        const uint64_t budget = flash ? machine.flash_budget_bytes() : machine.ram_budget_bytes();
        const MemoryArea* area = machine.area_at(address);
        const uint64_t mapped_end = area == nullptr ? offset : area->mapped_bytes;
        fail("{}: does not fit the {} budget of {} bytes: {} bytes past it in {}; raise {} or shrink the image",
             describe(s), flash ? "flash" : "SRAM", budget, offset + bytes - mapped_end, region->name,
             flash ? "--flash-budget" : "--sram-budget");
    }
    return host;
}

}  // namespace

BootState load_image(Machine& machine, const ElfImage& image) {
    for (const ElfSegment& s : image.segments()) {
        if (s.mem_size == 0) continue;
        if (uint64_t(s.paddr) + s.mem_size > 0x100000000ull) {
            fail("{}: extends past the 4 GiB address space", describe(s));
        }
        // Bytes from the file go to the load address; start-up code copies .data
        // to its run address. The zero fill (.bss, heap and stack reservations)
        // is not written: RAM holds no defined value at power-on, start-up code
        // clears .bss itself, and writing it would hide the painted stack.
        uint8_t* host = place(machine, s, s.paddr, s.mem_size, "load address");
        if (s.file_size > 0) {
            // Within one region (the usual case) a memcpy, else piecewise.
            uint32_t address = s.paddr;
            uint64_t done = 0;
            while (done < s.file_size) {
                const MemoryArea* area = machine.area_at(address);
                uint8_t* dst = done == 0 ? host : machine.host_pointer(address, 1);
                if (area == nullptr || dst == nullptr) fail("{}: cannot write its bytes at {:#010x}", describe(s), address);
                const uint64_t room = uint64_t(area->base) + area->mapped_bytes - address;
                const uint64_t n = std::min<uint64_t>(room, s.file_size - done);
                std::memcpy(dst, s.bytes.data() + done, n);
                done += n;
                address += uint32_t(n);
            }
        }
        if (s.vaddr != s.paddr) {
            place(machine, s, s.vaddr, s.mem_size, "run address");
        }
    }

    const MemoryRegion& flash = machine.board().flash();
    BootState boot;
    boot.vector_table = flash.base;
    uint32_t words[2] = {0, 0};
    if (!machine.read(flash.base, words, sizeof words)) {
        fail("cannot read the vector table at {:#010x} on {}", flash.base, machine.board().name);
    }
    boot.initial_sp = words[0];
    const uint32_t reset = words[1];
    const std::string hint = fmt::format(
        "the vector table must be at the start of {} ({:#010x}): link with `mcuprof linker-script --board {}`",
        flash.name, flash.base, machine.board().name);
    if (words[0] == 0xFFFFFFFFu && words[1] == 0xFFFFFFFFu) {
        fail("{} holds nothing at {:#010x} (erased flash): {}", image.path(), flash.base, hint);
    }
    if ((reset & 1u) == 0) {
        fail("reset vector {:#010x} at {:#010x} is not a Thumb address (bit 0 clear); {}", reset, flash.base + 4,
             hint);
    }
    boot.reset_handler = reset & ~1u;
    uint32_t ignored = 0;
    const MemoryRegion* code = region_for(machine.board(), boot.reset_handler, ignored);
    if (code == nullptr || !code->executable) {
        fail("reset handler {:#010x} (from the vector table at {:#010x}) is not in executable memory; {}",
             boot.reset_handler, flash.base, hint);
    }
    if ((boot.initial_sp & 3u) != 0) {
        fail("initial stack pointer {:#010x} (vector table word 0) is not word aligned; {}", boot.initial_sp, hint);
    }
    return boot;
}

}  // namespace mcuprof

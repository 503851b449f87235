#include "emulator/core/image_loader.hpp"

#include "emulator/text/error.hpp"

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

// Checks that [address, address + bytes) lies in memory regions of the board
// (contiguous regions may share a segment: a linker script can join the
// F427's SRAM1-3 into one block) and within what the budget maps. Calls
// `chunk` with the host pointer and length of each region's part, in order.
template <typename Chunk>
void place(Machine& machine, const ElfSegment& s, uint32_t address, uint64_t bytes, const char* what, Chunk chunk) {
    const BoardProfile& board = machine.board();
    uint64_t at = address;
    uint64_t left = bytes;
    const MemoryRegion* previous = nullptr;
    uint32_t previous_base = 0;
    do {
        uint32_t region_base = 0;
        const MemoryRegion* region =
            at < 0x100000000ull ? region_for(board, static_cast<uint32_t>(at), region_base) : nullptr;
        if (region == nullptr && previous == nullptr) {
            fail("{}: its {} {:#010x} is outside every memory region of {} (see `mcuprof boards --verbose`); "
                 "link the firmware with the board's linker script (`mcuprof linker-script --board {}`)",
                 describe(s), what, address, board.name, board.name);
        }
        if (region == nullptr) {
            fail("{}: overflows {} ({} bytes at {:#010x}) by {} bytes", describe(s), previous->name, previous->size,
                 previous_base, left);
        }
        const uint64_t offset = at - region_base;
        const uint64_t part = std::min<uint64_t>(left, region->size - offset);
        if (part > 0) {
            uint8_t* host = machine.host_pointer(static_cast<uint32_t>(at), static_cast<uint32_t>(part));
            if (host == nullptr && at < machine.null_guard() && region->kind != RegionKind::Flash) {
                fail("{}: lies in the null guard, the first {} bytes of memory, which stay unmapped so that "
                     "null-pointer accesses fault; link it at or after {:#x} (as `mcuprof linker-script` does, "
                     "with -Wl,-z,max-page-size=1024 so that ld does not load the ELF headers there) or run with a "
                     "smaller --null-guard",
                     describe(s), machine.null_guard(), machine.null_guard());
            }
            if (host == nullptr) {
                const bool flash = region->kind == RegionKind::Flash;
                const uint64_t budget = flash ? machine.flash_budget_bytes() : machine.ram_budget_bytes();
                const MemoryArea* area = machine.area_at(static_cast<uint32_t>(at));
                const uint64_t mapped_end = area == nullptr ? offset : area->mapped_bytes;
                fail("{}: does not fit the {} budget of {} bytes: {} bytes past it in {}; raise {} or shrink the "
                     "image",
                     describe(s), flash ? "flash" : "SRAM", budget, offset + left - mapped_end, region->name,
                     flash ? "--flash-budget" : "--sram-budget");
            }
            chunk(host, part);
        }
        at += part;
        left -= part;
        previous = region;
        previous_base = region_base;
    } while (left > 0);
}

// The stack grows down from the initial SP, so SP may equal the end of a RAM
// region (the usual _estack) but must lie above its base. Anything else would
// only show up later as a baffling stack-limit or memory fault.
void check_initial_sp(const BoardProfile& board, uint32_t sp, uint32_t vector_table, const std::string& hint) {
    for (const MemoryRegion& r : board.regions) {
        if (r.kind == RegionKind::Flash) continue;
        if (sp > r.base && uint64_t(sp) <= r.end()) return;
        for (uint32_t alias : r.aliases) {
            if (sp > alias && uint64_t(sp) <= uint64_t(alias) + r.size) return;
        }
    }
    const std::string where = fmt::format("initial stack pointer {:#010x} (vector table word 0 at {:#010x})", sp,
                                          vector_table);
    if (sp == 0) fail("{} is 0: it must be the top of the stack in RAM (_estack); {}", where, hint);
    uint32_t ignored = 0;
    const MemoryRegion* region = region_for(board, sp, ignored);
    if (region == nullptr && sp > 0) region = region_for(board, sp - 1, ignored);
    if (region != nullptr && region->kind == RegionKind::Flash) {
        fail("{} points into {} (flash), where the stack cannot be written: it must be the top of the stack in "
             "RAM (_estack); {}", where, region->name, hint);
    }
    if (region != nullptr) {
        fail("{} is the start of {} ({:#010x}..{:#010x}): the stack grows down, so it would begin outside the "
             "region; it must be the top of the stack (_estack); {}",
             where, region->name, region->base, region->end(), hint);
    }
    fail("{} is outside every RAM region of {} (see `mcuprof boards --verbose`): it must be the top of the stack "
         "in RAM (_estack); {}", where, board.name, hint);
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
        uint64_t copied = 0;
        place(machine, s, s.paddr, s.mem_size, "load address", [&](uint8_t* host, uint64_t n) {
            const uint64_t from_file = copied < s.file_size ? std::min<uint64_t>(n, s.file_size - copied) : 0;
            if (from_file > 0) std::memcpy(host, s.bytes.data() + copied, from_file);
            copied += n;
        });
        if (s.vaddr != s.paddr) {
            place(machine, s, s.vaddr, s.mem_size, "run address", [](uint8_t*, uint64_t) {});
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
    check_initial_sp(machine.board(), boot.initial_sp, flash.base, hint);
    if ((boot.initial_sp & 3u) != 0) {
        fail("initial stack pointer {:#010x} (vector table word 0) is not word aligned; {}", boot.initial_sp, hint);
    }
    return boot;
}

}  // namespace mcuprof

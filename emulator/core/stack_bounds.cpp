#include "emulator/core/stack_bounds.hpp"

#include "emulator/text/error.hpp"

#include <algorithm>
#include <initializer_list>

namespace mcuprof {
namespace {

std::optional<std::pair<uint32_t, const char*>> first_symbol(const ElfImage& image,
                                                             std::initializer_list<const char*> names) {
    for (const char* name : names) {
        if (auto value = image.symbol(name)) return std::make_pair(*value, name);
    }
    return std::nullopt;
}

}  // namespace

StackBounds find_stack_bounds(const ElfImage& image, uint32_t initial_sp, std::optional<uint32_t> flag_limit) {
    StackBounds b;
    b.top = initial_sp;
    const auto static_end = first_symbol(image, {"end", "_end", "__bss_end__", "_ebss"});
    if (flag_limit) {
        b.limit = *flag_limit;
        b.limit_source = "--stack-limit";
    } else if (auto s = first_symbol(image, {"__StackLimit", "__stack_limit", "_sstack", "__HeapLimit"})) {
        b.limit = s->first;
        b.limit_source = s->second;
    } else if (static_end && static_end->first < initial_sp) {
        b.limit = static_end->first;
        b.limit_source = std::string(static_end->second) + " (no stack limit symbol: heap and stack not told apart)";
    }
    if (b.limit > b.top) {
        fail("stack limit {:#010x} (from {}) lies above the initial stack pointer {:#010x}; give --stack-limit",
             b.limit, b.limit_source, b.top);
    }
    if (auto s = first_symbol(image, {"__HeapBase", "__heap_start", "end", "_end"})) b.heap_base = s->first;
    if (auto s = first_symbol(image, {"__HeapLimit", "__heap_end"})) {
        b.heap_limit = s->first;
    } else {
        b.heap_limit = b.limit;
    }
    return b;
}

void check_stack_limit_flag(const ElfImage& image, const BoardProfile& board, const StackBounds& bounds) {
    const MemoryRegion* region = nullptr;
    for (const MemoryRegion& r : board.regions) {
        if (r.kind != RegionKind::Flash && bounds.top > r.base && uint64_t(bounds.top) <= r.end()) region = &r;
    }
    if (region == nullptr) return;  // the loader refuses such an initial SP
    // RAM regions that follow one another form one block a linker script may
    // use as one (the F7's DTCM, SRAM1 and SRAM2): the stack may reach down it.
    uint32_t ram_base = region->base;
    for (bool extended = true; extended;) {
        extended = false;
        for (const MemoryRegion& r : board.regions) {
            if (r.kind != RegionKind::Flash && r.size > 0 && r.end() == ram_base) {
                ram_base = r.base;
                extended = true;
            }
        }
    }
    const uint32_t data_end = image.static_data_end(ram_base, bounds.top);
    const uint32_t lowest = std::max(ram_base, data_end);
    if (bounds.limit >= lowest && bounds.limit < bounds.top) return;
    if (bounds.limit >= bounds.top) {
        fail("--stack-limit {:#010x} is not below the initial stack pointer {:#010x}: it would leave no stack; give "
             "a value from {:#010x} up to below {:#010x}",
             bounds.limit, bounds.top, lowest, bounds.top);
    }
    if (bounds.limit < ram_base) {
        fail("--stack-limit {:#010x} lies outside the RAM that holds the stack ({:#010x}..{:#010x}, ending in {}); "
             "the lowest acceptable value is {:#010x}",
             bounds.limit, ram_base, region->end(), region->name, lowest);
    }
    fail("--stack-limit {:#010x} lies inside the static data (.data/.bss end at {:#010x}), which the stack checks "
         "would repaint as dead stack; the lowest acceptable value is {:#010x}",
         bounds.limit, data_end, lowest);
}

}  // namespace mcuprof

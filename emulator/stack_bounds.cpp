#include "emulator/stack_bounds.hpp"

#include "emulator/error.hpp"

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

}  // namespace mcuprof

// Generates a GNU ld script from a board profile (see linker_script.hpp).
#include "emulator/linker_script.hpp"

#include "emulator/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace mcuprof {

namespace {

std::string ram_names(const BoardProfile& board) {
    std::string out;
    for (const MemoryRegion* r : board.ram_regions()) out += (out.empty() ? "" : ", ") + r->name;
    return out;
}

// Bytes of each RAM region an SRAM budget covers: it fills regions in file order.
std::map<const MemoryRegion*, uint64_t> budget_coverage(const BoardProfile& board, uint64_t budget) {
    std::map<const MemoryRegion*, uint64_t> covered;
    for (const MemoryRegion* r : board.ram_regions()) {
        const uint64_t take = std::min<uint64_t>(r->size, budget);
        covered[r] = take;
        budget -= take;
    }
    return covered;
}

std::string upper(const std::string& s) {
    std::string out = s;
    for (char& c : out) c = char(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

// Profile text (its name and free-text description) as it can stand inside a
// /* */ comment of the script: a "*/" in it would end the comment and let the
// rest run as linker commands in every build using the profile, and a
// control character (a newline) could break the comment's layout. Region
// names need nothing: the profile reader admits only [a-z][a-z0-9_]*.
std::string comment_text(const std::string& text) {
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            out += ' ';
        } else if (c == '/' && !out.empty() && out.back() == '*') {
            out += " /";
        } else {
            out += c;
        }
    }
    return out;
}

const char* attributes(const MemoryRegion& r) {
    if (r.kind == RegionKind::Flash) return "rx";
    return r.executable ? "rwx" : "rw";
}

}  // namespace

RamBlock main_ram_block(const BoardProfile& board, const LinkerScriptOptions& options) {
    const MemoryRegion* start = nullptr;
    if (!options.ram_region.empty()) {
        start = board.find_region(options.ram_region);
        if (start == nullptr || start->kind == RegionKind::Flash) {
            fail("board '{}' has no RAM region '{}'; its RAM regions are: {}", board.name, options.ram_region,
                 ram_names(board));
        }
    } else {
        start = &board.main_ram_region();
    }
    const uint64_t budget = options.sram_budget != 0 ? options.sram_budget : board.sram_budget_default;
    if (budget > board.total_ram_bytes()) {
        fail("SRAM budget {} bytes exceeds the {} bytes of RAM on board '{}'", budget, board.total_ram_bytes(),
             board.name);
    }
    const auto covered = budget_coverage(board, budget);

    // The block: the start region plus the RAM regions that follow it without a gap.
    std::vector<const MemoryRegion*> by_address = board.ram_regions();
    std::sort(by_address.begin(), by_address.end(),
              [](const MemoryRegion* a, const MemoryRegion* b) { return a->base < b->base; });
    RamBlock block;
    block.base = start->base;
    uint64_t end = start->base;
    uint64_t usable = 0;
    for (const MemoryRegion* r : by_address) {
        if (r->base != end) continue;
        const uint64_t cov = covered.at(r);
        if (cov == 0) break;
        block.parts.push_back(r);
        usable += cov;
        end = r->end();
        if (cov < r->size) break;  // the budget ends inside this region
    }
    usable &= ~uint64_t(7);  // keep the stack top 8-byte aligned (AAPCS)
    if (usable == 0) {
        fail("the SRAM budget of {} bytes does not reach RAM region '{}' of board '{}': the budget fills the RAM "
             "regions in profile order ({}); raise the budget or choose a region it covers",
             budget, start->name, board.name, ram_names(board));
    }
    block.size = uint32_t(usable);
    return block;
}

std::string generate_linker_script(const BoardProfile& board, const LinkerScriptOptions& options) {
    if (options.stack_size == 0 || options.stack_size % 8 != 0) {
        fail("stack size {} bytes must be a positive multiple of 8", options.stack_size);
    }
    if (options.heap_size % 8 != 0) fail("heap size {} bytes must be a multiple of 8", options.heap_size);
    const MemoryRegion& flash = board.flash();
    const RamBlock ram = main_ram_block(board, options);
    if (uint64_t(options.stack_size) + options.heap_size > ram.size) {
        fail("stack ({} bytes) and heap ({} bytes) do not fit in the {} bytes of RAM at {:#010x} on board '{}'",
             options.stack_size, options.heap_size, ram.size, ram.base, board.name);
    }

    std::string parts;
    for (const MemoryRegion* r : ram.parts) parts += (parts.empty() ? "" : " + ") + r->name;
    const bool ram_exec = std::all_of(ram.parts.begin(), ram.parts.end(), [](auto* r) { return r->executable; });

    std::string s;
    auto out = std::back_inserter(s);
    fmt::format_to(out,
                   "/* Generated by mcuprof from board profile '{}' ({}). Do not edit:\n"
                   " * change profiles/{}.toml or the generator options instead.\n"
                   " * RAM block: {} ({} bytes under an SRAM budget); stack {} bytes; heap {}.\n"
                   " * Link with -Wl,-z,max-page-size=1024: with 4 KB pages ld may load the ELF headers into the\n"
                   " * null guard below a section placed just after it. */\n\n"
                   "ENTRY(Reset_Handler)\n\nMEMORY\n{{\n",
                   comment_text(board.name), comment_text(board.description), comment_text(board.name), parts, ram.size,
                   options.stack_size,
                   options.heap_size == 0 ? std::string("up to the stack") : fmt::format("{} bytes", options.heap_size));
    fmt::format_to(out, "  FLASH ({}) : ORIGIN = {:#010x}, LENGTH = {:#010x}  /* {} */\n", attributes(flash), flash.base,
                   flash.size, flash.name);
    // RAM below the null guard is never linked to: the emulator traps it.
    auto after_guard = [&options](uint32_t base, uint32_t size) {
        const uint32_t skip = base < options.null_guard ? std::min(options.null_guard - base, size) : 0;
        return std::pair<uint32_t, uint32_t>{base + skip, size - skip};
    };
    auto guard_note = [&options](uint32_t base) {
        return base < options.null_guard
                   ? fmt::format("  /* after the {}-byte null guard (mcuprof run --null-guard) */", options.null_guard)
                   : std::string();
    };
    const auto [ram_origin, ram_length] = after_guard(ram.base, ram.size);
    fmt::format_to(out, "  RAM ({}) : ORIGIN = {:#010x}, LENGTH = {:#010x}  /* {} */{}\n", ram_exec ? "rwx" : "rw",
                   ram_origin, ram_length, parts, guard_note(ram.base));
    // Every other region gets a MEMORY entry of its own, and RAM ones a NOLOAD
    // section for buffers placed with __attribute__((section(".noinit.<name>"))).
    std::vector<const MemoryRegion*> others;
    for (const MemoryRegion& r : board.regions) {
        const bool in_block = std::find(ram.parts.begin(), ram.parts.end(), &r) != ram.parts.end();
        if (&r == &flash || in_block) continue;
        others.push_back(&r);
    }
    auto memory_name = [](const MemoryRegion& r) {
        const std::string u = upper(r.name);
        return (u == "RAM" || u == "FLASH") ? "REGION_" + u : u;
    };
    for (const MemoryRegion* r : others) {
        const bool ram_region = r->kind != RegionKind::Flash;
        const auto [origin, length] = ram_region ? after_guard(r->base, r->size) : std::pair{r->base, r->size};
        fmt::format_to(out, "  {} ({}) : ORIGIN = {:#010x}, LENGTH = {:#010x}{}\n", memory_name(*r), attributes(*r),
                       origin, length, ram_region ? guard_note(r->base) : std::string());
    }
    fmt::format_to(out, "}}\n\n");

    fmt::format_to(out,
                   "__StackTop = ORIGIN(RAM) + LENGTH(RAM);\n"
                   "__StackLimit = __StackTop - {0:#x};\n"
                   "__stack = __StackTop;       /* newlib crt0 sets sp from it */\n"
                   "_estack = __StackTop;\n\n",
                   options.stack_size);

    s += R"(SECTIONS
{
  .isr_vector :
  {
    . = ALIGN(4);
    KEEP(*(.isr_vector))
    . = ALIGN(4);
  } > FLASH

  .text :
  {
    *(.text .text.* .gnu.linkonce.t.*)
    *(.glue_7) *(.glue_7t) *(.vfp11_veneer) *(.v4_bx)
    KEEP(*(.init))
    KEEP(*(.fini))
    . = ALIGN(4);
    _etext = .;
  } > FLASH

  .rodata :
  {
    *(.rodata .rodata.* .gnu.linkonce.r.*)
    . = ALIGN(4);
  } > FLASH

  .ARM.extab : { *(.ARM.extab* .gnu.linkonce.armextab.*) } > FLASH
  .ARM.exidx :
  {
    __exidx_start = .;
    *(.ARM.exidx* .gnu.linkonce.armexidx.*)
    __exidx_end = .;
  } > FLASH

  .preinit_array :
  {
    PROVIDE_HIDDEN(__preinit_array_start = .);
    KEEP(*(.preinit_array*))
    PROVIDE_HIDDEN(__preinit_array_end = .);
  } > FLASH
  .init_array :
  {
    PROVIDE_HIDDEN(__init_array_start = .);
    KEEP(*(SORT(.init_array.*)))
    KEEP(*(.init_array*))
    PROVIDE_HIDDEN(__init_array_end = .);
  } > FLASH
  .fini_array :
  {
    PROVIDE_HIDDEN(__fini_array_start = .);
    KEEP(*(SORT(.fini_array.*)))
    KEEP(*(.fini_array*))
    PROVIDE_HIDDEN(__fini_array_end = .);
  } > FLASH

  /* Initialised data: lives in RAM, loaded from flash by the startup code.
   * Code placed with __attribute__((section(".ramfunc"))) comes along. */
  _sidata = LOADADDR(.data);
  .data :
  {
    . = ALIGN(4);
    _sdata = .;
    *(.ramfunc .ramfunc.*)
    *(.data .data.* .gnu.linkonce.d.*)
    . = ALIGN(4);
    _edata = .;
  } > RAM AT > FLASH

  /* NOLOAD sections get LMA = VMA, so loaders never zero-fill flash for them. */
  .bss (NOLOAD) : AT(ADDR(.bss))
  {
    . = ALIGN(4);
    _sbss = .;
    __bss_start__ = .;
    *(.bss .bss.* .gnu.linkonce.b.*)
    *(COMMON)
    . = ALIGN(4);
    _ebss = .;
    __bss_end__ = .;
  } > RAM

  /* The heap starts after .bss: newlib's sbrk begins at 'end'. */
  .heap (NOLOAD) : AT(ADDR(.heap))
  {
    . = ALIGN(8);
    __HeapBase = .;
    end = .;
    __end__ = .;
    PROVIDE(_end = .);
)";
    if (options.heap_size != 0) {
        fmt::format_to(out, "    . = . + {:#x};\n    __HeapLimit = .;\n  }} > RAM\n", options.heap_size);
    } else {
        s += "  } > RAM\n  __HeapLimit = __StackLimit;\n";
    }
    s += R"(
  /* The main stack: the top of the RAM block, growing down to __StackLimit. */
  .stack __StackLimit (NOLOAD) : AT(__StackLimit)
  {
    . = . + (__StackTop - __StackLimit);
  } > RAM
  ASSERT(__StackLimit >= __HeapLimit && __HeapLimit >= __HeapBase,
         "mcuprof: .data + .bss + heap + stack do not fit in the RAM block; shrink them or raise the SRAM budget")
)";
    for (const MemoryRegion* r : others) {
        if (r->kind == RegionKind::Flash) continue;
        fmt::format_to(out, "\n  .noinit.{0} (NOLOAD) : AT(ADDR(.noinit.{0}))\n  {{\n    *(.noinit.{0} .noinit.{0}.*)\n  }} > {1}\n", r->name,
                       memory_name(*r));
    }
    s += R"(
  .ARM.attributes 0 : { *(.ARM.attributes) }
}
)";
    return s;
}

}  // namespace mcuprof

#include "emulator/core/machine.hpp"

#include "emulator/core/unicorn_error.hpp"
#include "emulator/text/error.hpp"

#include <algorithm>
#include <cstring>

namespace mcuprof {
namespace {

constexpr uint64_t kPage = 1024;  // Unicorn's guest page size for ARM

uint64_t round_up_page(uint64_t n) { return (n + kPage - 1) / kPage * kPage; }

uc_cpu_arm cpu_model(Core core) {
    switch (core) {
        case Core::CortexM4: return UC_CPU_ARM_CORTEX_M4;
        case Core::CortexM7: return UC_CPU_ARM_CORTEX_M7;
    }
    fail("unknown core");
}

}  // namespace

Machine::Machine(const BoardProfile& board, const MachineOptions& options)
    : board_(board), null_guard_(options.null_guard) {
    if (null_guard_ % 1024 != 0) {
        fail("--null-guard {} is not a multiple of 1024 (Unicorn maps 1 KB pages); give {} or 0", null_guard_,
             (null_guard_ / 1024 + 1) * 1024);
    }
    open_engine();

    const MemoryRegion& flash = board_.flash();
    flash_budget_ = options.flash_budget == 0 ? flash.size : options.flash_budget;
    if (flash_budget_ > flash.size) {
        fail("--flash-budget {} bytes exceeds the {} bytes of flash on {}; give at most {}", flash_budget_,
             flash.size, board_.name, flash.size);
    }
    const uint64_t total_ram = board_.total_ram_bytes();
    // Without a budget, the board's default one (its "SRAM" as the datasheet
    // and the paper count it, e.g. 256 KB on the STM32F427, without backup SRAM).
    const uint64_t default_budget = board_.sram_budget_default != 0 ? board_.sram_budget_default : total_ram;
    ram_budget_ = options.sram_budget == 0 ? default_budget : options.sram_budget;
    if (ram_budget_ > total_ram) {
        fail("--sram-budget {} bytes exceeds the {} bytes of RAM on {}; give at most {}", ram_budget_, total_ram,
             board_.name, total_ram);
    }

    // Erased flash reads as 0xFF, like the real part.
    buffers_.emplace_back(new uint8_t[flash.size]);
    std::memset(buffers_.back().get(), 0xFF, flash.size);
    flash_ = MemoryArea{&flash, flash.base, static_cast<uint32_t>(round_up_page(flash_budget_)),
                        buffers_.back().get()};
    map_area(flash_, UC_PROT_READ | UC_PROT_EXEC);

    uint64_t remaining = round_up_page(ram_budget_);
    for (const MemoryRegion* region : board_.ram_regions()) {
        const uint64_t mapped = std::min<uint64_t>(region->size, remaining);
        remaining -= mapped;
        buffers_.emplace_back(new uint8_t[region->size]);
        std::memset(buffers_.back().get(), 0, region->size);
        MemoryArea area{region, region->base, static_cast<uint32_t>(mapped), buffers_.back().get()};
        if (mapped > 0) {
            map_area(area, UC_PROT_READ | UC_PROT_WRITE | (region->executable ? UC_PROT_EXEC : 0));
        }
        ram_.push_back(area);
    }
}

Machine::~Machine() {
    if (uc_ != nullptr) {
        uc_close(uc_);
    }
}

void Machine::open_engine() {
    // UC_MODE_MCLASS would silently select a Cortex-M33; Thumb mode plus an
    // explicit model, set before any other call, gives the real M4/M7.
    check_uc(uc_open(UC_ARCH_ARM, UC_MODE_THUMB, &uc_), "uc_open(ARM, THUMB)");
    const uc_cpu_arm wanted = cpu_model(board_.core);
    check_uc(uc_ctl_set_cpu_model(uc_, wanted), "selecting the CPU model");
    int model = -1;
    check_uc(uc_ctl_get_cpu_model(uc_, &model), "reading the CPU model back");
    if (model != wanted) {
        fail("Unicorn selected CPU model {} instead of {} for {}", model, static_cast<int>(wanted),
             to_string(board_.core));
    }
}

void Machine::map_area(MemoryArea& area, uint32_t prot) {
    // Maps [base, base + mapped_bytes) minus the null guard.
    // Flash at 0 (boards that boot from it there) holds the vector table: no guard.
    const uint32_t guard = &area == &flash_ ? 0 : null_guard_;
    auto map = [&](uint32_t base, const char* what) {
        const uint64_t skip = base < guard ? std::min<uint64_t>(guard - base, area.mapped_bytes) : 0;
        if (skip == area.mapped_bytes) return;
        check_uc(uc_mem_map_ptr(uc_, base + skip, area.mapped_bytes - skip, prot, area.host + skip),
                 fmt::format("mapping {}{} at {:#010x} ({} bytes)", what, area.region->name, base + skip,
                             area.mapped_bytes - skip));
    };
    map(area.base, "");
    for (uint32_t alias : area.region->aliases) map(alias, "the alias of ");
}

const MemoryArea* Machine::area_at(uint32_t address) const {
    auto in = [address](const MemoryArea& a, uint32_t base) {
        return address >= base && address - base < a.mapped_bytes;
    };
    auto match = [&](const MemoryArea& a) {
        if (in(a, a.base)) return true;
        return std::any_of(a.region->aliases.begin(), a.region->aliases.end(),
                           [&](uint32_t alias) { return in(a, alias); });
    };
    if (match(flash_)) return &flash_;
    for (const MemoryArea& a : ram_) {
        if (a.mapped_bytes > 0 && match(a)) return &a;
    }
    return nullptr;
}

uint8_t* Machine::host_pointer(uint32_t address, uint32_t n) const {
    const MemoryArea* a = area_at(address);
    if (a == nullptr || (address < null_guard_ && a != &flash_)) return nullptr;
    uint32_t base = a->base;
    if (!(address >= base && address - base < a->mapped_bytes)) {
        for (uint32_t alias : a->region->aliases) {
            if (address >= alias && address - alias < a->mapped_bytes) base = alias;
        }
    }
    const uint64_t offset = address - base;
    if (offset + n > a->mapped_bytes) return nullptr;
    return a->host + offset;
}

uint32_t Machine::reg(int uc_reg) const {
    uint32_t value = 0;
    check_uc(uc_reg_read(uc_, uc_reg, &value), "reading a register");
    return value;
}

void Machine::set_reg(int uc_reg, uint32_t value) {
    check_uc(uc_reg_write(uc_, uc_reg, &value), "writing a register");
}

bool Machine::read(uint32_t address, void* dst, size_t n) {
    if (n == 0) return true;
    if (uint8_t* p = host_pointer(address, static_cast<uint32_t>(n)); p != nullptr && n <= UINT32_MAX) {
        std::memcpy(dst, p, n);
        return true;
    }
    return uc_mem_read(uc_, address, dst, n) == UC_ERR_OK;
}

bool Machine::write(uint32_t address, const void* src, size_t n) {
    if (n == 0) return true;
    // Only RAM is writable from the host side too: flash is programmed by the loader.
    const MemoryArea* area = area_at(address);
    if (area == nullptr || area == &flash_ || address < null_guard_) return false;
    if (uint8_t* p = host_pointer(address, static_cast<uint32_t>(n)); p != nullptr && n <= UINT32_MAX) {
        std::memcpy(p, src, n);
        if (host_write_observer_) host_write_observer_(address, n);
        return true;
    }
    return false;
}

}  // namespace mcuprof

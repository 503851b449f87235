// The emulated board: a Unicorn engine in Thumb mode with the board's Cortex-M4
// or M7 model, every memory region of the profile mapped at its real address,
// limited by the SRAM and flash budgets.
//
// RAM and flash live in host buffers owned by the Machine (uc_mem_map_ptr), so
// painting and scanning memory for peaks costs a memset/memcmp, not a copy.
// Flash is mapped read+execute: a guest store to it raises a protection fault.
// RAM regions the profile marks non-executable (CCM, DTCM) are read+write only.
#pragma once

#include "emulator/board/board_profile.hpp"
#include "emulator/core/guest_memory.hpp"

#include <unicorn/unicorn.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace mcuprof {

struct MachineOptions {
    // RAM bytes mapped, filling RAM regions in profile order; 0 = the
    // board's default budget.
    uint64_t sram_budget = 0;
    // Flash bytes mapped from the flash base; 0 = the whole flash.
    uint64_t flash_budget = 0;
    // [0, null_guard) stays unmapped even where the board has RAM (the F7/H7
    // ITCM RAM at 0), so null-pointer accesses fault; flash at 0 (the boot
    // vector table, as on the MPS2 images) stays mapped. A multiple of 1 KB.
    uint32_t null_guard = 0;
};

// One mapped stretch of memory backed by a host buffer.
struct MemoryArea {
    const MemoryRegion* region = nullptr;
    uint32_t base = 0;
    uint32_t mapped_bytes = 0;   // bytes mapped (the budget may cut a region)
    uint8_t* host = nullptr;     // host view of [base, base + region->size)
};

class Machine final : public GuestMemory {
public:
    Machine(const BoardProfile& board, const MachineOptions& options);
    ~Machine() override;
    Machine(const Machine&) = delete;
    Machine& operator=(const Machine&) = delete;

    uc_engine* uc() const { return uc_; }
    const BoardProfile& board() const { return board_; }

    const MemoryArea& flash() const { return flash_; }
    const std::vector<MemoryArea>& ram() const { return ram_; }
    // The mapped area holding address (aliases resolved), or nullptr.
    const MemoryArea* area_at(uint32_t address) const;
    // Host pointer for [address, address + n) if it lies in one mapped area.
    uint8_t* host_pointer(uint32_t address, uint32_t n) const;

    uint64_t ram_budget_bytes() const { return ram_budget_; }
    uint64_t flash_budget_bytes() const { return flash_budget_; }
    uint32_t null_guard() const { return null_guard_; }

    uint32_t reg(int uc_reg) const;
    void set_reg(int uc_reg, uint32_t value);

    // Told of every successful write() (semihosting filling guest buffers),
    // which no Unicorn memory hook sees.
    void set_host_write_observer(std::function<void(uint32_t address, size_t n)> observer) {
        host_write_observer_ = std::move(observer);
    }

    bool read(uint32_t address, void* dst, size_t n) override;
    bool write(uint32_t address, const void* src, size_t n) override;

private:
    void open_engine();
    void map_area(MemoryArea& area, uint32_t prot);

    BoardProfile board_;
    uint32_t null_guard_ = 0;
    uc_engine* uc_ = nullptr;
    MemoryArea flash_;
    std::vector<MemoryArea> ram_;
    std::vector<std::unique_ptr<uint8_t[]>> buffers_;
    uint64_t ram_budget_ = 0;
    uint64_t flash_budget_ = 0;
    std::function<void(uint32_t, size_t)> host_write_observer_;
};

}  // namespace mcuprof

// Which RAM pages the guest wrote since the last look, without memory hooks:
// Unicorn's virtual TLB mode with a TLB-fill hook. A page's TLB entry is
// granted write permission only when a store asks for it, so the first store
// to each page after a TLB flush calls the hook, which marks the page dirty;
// loads and fetches never do. rearm() flushes the TLB (not the translated
// code), so the next stores are seen again. The memory painter then rescans
// only dirty pages at each layer marker instead of all of RAM.
#pragma once

#include "emulator/core/machine.hpp"

#include <unicorn/unicorn.h>

#include <cstdint>
#include <vector>

namespace mcuprof {

class WriteTracker {
public:
    static constexpr uint32_t kPage = 4096;  // a multiple of every TLB page size Unicorn uses for ARM

    explicit WriteTracker(Machine& machine);
    ~WriteTracker();
    WriteTracker(const WriteTracker&) = delete;
    WriteTracker& operator=(const WriteTracker&) = delete;

    // Switches the engine to the virtual TLB and adds the fill hook.
    void install();
    // Forgets what is dirty and flushes the TLB, so the next store to each
    // page is seen again.
    void rearm();
    // Marks [address, address + n) dirty (host-side writes: loader, semihosting).
    void mark(uint32_t address, uint64_t n);
    // Whether page `page` (offset / kPage) of RAM area `area` (index into
    // Machine::ram()) was written since the last rearm().
    bool dirty(size_t area, size_t page) const { return dirty_[area][page] != 0; }
    size_t pages(size_t area) const { return dirty_[area].size(); }

private:
    static bool on_tlb_fill(uc_engine* uc, uint64_t vaddr, uc_mem_type type, uc_tlb_entry* result, void* self);

    Machine& machine_;
    uc_hook hook_ = 0;
    std::vector<std::vector<uint8_t>> dirty_;  // per RAM area, per 4 KB of the area
};

}  // namespace mcuprof

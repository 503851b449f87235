#include "emulator/profile/write_tracker.hpp"

#include "emulator/core/unicorn_error.hpp"

#include <algorithm>

namespace mcuprof {

WriteTracker::WriteTracker(Machine& machine) : machine_(machine) {
    for (const MemoryArea& area : machine.ram()) dirty_.emplace_back((area.mapped_bytes + kPage - 1) / kPage, 1);
}

WriteTracker::~WriteTracker() {
    if (hook_ != 0) uc_hook_del(machine_.uc(), hook_);
}

void WriteTracker::install() {
    check_uc(uc_ctl_tlb_mode(machine_.uc(), UC_TLB_VIRTUAL), "selecting Unicorn's virtual TLB");
    check_uc(uc_hook_add(machine_.uc(), &hook_, UC_HOOK_TLB_FILL, reinterpret_cast<void*>(&WriteTracker::on_tlb_fill),
                         this, 1, 0),
             "adding the TLB-fill hook");
}

void WriteTracker::rearm() {
    for (auto& pages : dirty_) std::fill(pages.begin(), pages.end(), 0);
    check_uc(uc_ctl_flush_tlb(machine_.uc()), "flushing the TLB");
}

void WriteTracker::mark(uint32_t address, uint64_t n) {
    const auto& ram = machine_.ram();
    for (size_t i = 0; i < ram.size(); ++i) {
        const MemoryArea& area = ram[i];
        std::vector<uint32_t> bases{area.base};
        bases.insert(bases.end(), area.region->aliases.begin(), area.region->aliases.end());
        for (uint32_t base : bases) {
            const uint64_t lo = std::max<uint64_t>(address, base);
            const uint64_t hi = std::min<uint64_t>(uint64_t(address) + n, uint64_t(base) + area.mapped_bytes);
            if (lo >= hi) continue;
            for (uint64_t page = (lo - base) / kPage; page <= (hi - 1 - base) / kPage; ++page) dirty_[i][page] = 1;
        }
    }
}

bool WriteTracker::on_tlb_fill(uc_engine*, uint64_t vaddr, uc_mem_type type, uc_tlb_entry* result, void* self_ptr) {
    auto* self = static_cast<WriteTracker*>(self_ptr);
    const auto address = static_cast<uint32_t>(vaddr);
    result->paddr = vaddr;
    // The TLB grants what the access asks for (the mapping's own protection
    // still decides: flash stays read-only, CCM non-executable), except that
    // write is withheld until a store asks for it.
    uint32_t perms = UC_PROT_READ | UC_PROT_EXEC;
    if (type == UC_MEM_WRITE) {
        // The first store to this TLB page since the last flush. TLB pages are
        // at most kPage and aligned, so marking the kPage around it covers one.
        perms |= UC_PROT_WRITE;
        self->mark(address & ~(kPage - 1), kPage);
    }
    result->perms = static_cast<uc_prot>(perms);
    return true;
}

}  // namespace mcuprof

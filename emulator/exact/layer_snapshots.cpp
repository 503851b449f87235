#include "emulator/exact/layer_snapshots.hpp"

#include "emulator/core/unicorn_error.hpp"

#include <algorithm>
#include <cstring>

namespace mcuprof {

LayerSnapshots::LayerSnapshots(Machine& machine, std::vector<std::string> wanted)
    : machine_(machine), wanted_(std::move(wanted)) {}

LayerSnapshots::~LayerSnapshots() {
    for (LayerSnapshot& s : snapshots_) {
        if (s.cpu != nullptr) uc_context_free(s.cpu);
    }
}

bool LayerSnapshots::wants(const std::string& name) const {
    if (std::find(wanted_.begin(), wanted_.end(), name) == wanted_.end()) return false;
    return std::none_of(snapshots_.begin(), snapshots_.end(), [&](const LayerSnapshot& s) { return s.name == name; });
}

void LayerSnapshots::take(const std::string& name, size_t layer_index, uint32_t resume_pc) {
    LayerSnapshot s;
    s.name = name;
    s.layer_index = layer_index;
    s.resume_pc = resume_pc;
    s.sp = machine_.reg(UC_ARM_REG_SP);
    check_uc(uc_context_alloc(machine_.uc(), &s.cpu), "allocating a CPU context");
    check_uc(uc_context_save(machine_.uc(), s.cpu), "saving the CPU context");
    for (const MemoryArea& area : machine_.ram()) s.ram.emplace_back(area.host, area.host + area.mapped_bytes);
    snapshots_.push_back(std::move(s));
}

void LayerSnapshots::restore(const LayerSnapshot& s) {
    const auto& ram = machine_.ram();
    for (size_t i = 0; i < ram.size() && i < s.ram.size(); ++i) {
        if (!s.ram[i].empty()) std::memcpy(ram[i].host, s.ram[i].data(), s.ram[i].size());  // unmapped areas hold none
    }
    check_uc(uc_context_restore(machine_.uc(), s.cpu), "restoring the CPU context");
    machine_.set_reg(UC_ARM_REG_PC, s.resume_pc | 1u);
}

std::vector<std::string> LayerSnapshots::missing() const {
    std::vector<std::string> out;
    for (const std::string& name : wanted_) {
        if (std::none_of(snapshots_.begin(), snapshots_.end(), [&](const LayerSnapshot& s) { return s.name == name; }))
            out.push_back(name);
    }
    return out;
}

}  // namespace mcuprof

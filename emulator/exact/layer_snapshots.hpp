// Snapshots of the machine at chosen layers' begin markers, for exact replay
// (--exact-layers): emulation is deterministic, so restoring the RAM and the
// CPU registers as they were at the marker and running from the instruction
// after it repeats the layer exactly, this time under exact mode's memory
// hooks. Checking one layer then costs that layer, not the whole run.
#pragma once

#include "emulator/core/machine.hpp"

#include <unicorn/unicorn.h>

#include <cstdint>
#include <string>
#include <vector>

namespace mcuprof {

struct LayerSnapshot {
    std::string name;
    size_t layer_index = 0;     // in the run's layers, marker order
    uint32_t resume_pc = 0;     // the instruction after the begin marker's store
    uint32_t sp = 0;
    uc_context* cpu = nullptr;
    std::vector<std::vector<uint8_t>> ram;  // mapped bytes of each RAM area
};

class LayerSnapshots {
public:
    LayerSnapshots(Machine& machine, std::vector<std::string> wanted);
    ~LayerSnapshots();
    LayerSnapshots(const LayerSnapshots&) = delete;
    LayerSnapshots& operator=(const LayerSnapshots&) = delete;

    // Whether a layer of this name is wanted and has no snapshot yet (the
    // first time a name runs is the one replayed).
    bool wants(const std::string& name) const;
    // Call at the begin marker's store, registers exact (PC excepted).
    void take(const std::string& name, size_t layer_index, uint32_t resume_pc);
    // Puts RAM and registers back as they were, PC at the resume point.
    void restore(const LayerSnapshot& snapshot);

    const std::vector<LayerSnapshot>& all() const { return snapshots_; }
    // Wanted names that never ran.
    std::vector<std::string> missing() const;

private:
    Machine& machine_;
    std::vector<std::string> wanted_;
    std::vector<LayerSnapshot> snapshots_;
};

}  // namespace mcuprof

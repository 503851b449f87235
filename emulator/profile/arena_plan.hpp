// What the emulator needs to know of a memory plan to measure it: the arena
// (an ELF symbol of the firmware), and for each layer, in marker order, the
// byte ranges of the arena the plan says are live during it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mcuprof {

struct ArenaRange {
    uint32_t offset = 0;
    uint32_t size = 0;
    std::string tensor;  // the planned tensor held there (exact mode attributes accesses to it)
};

struct ArenaLayerPlan {
    std::string name;                // must match the layer's marker name
    std::vector<ArenaRange> live;    // everything else in the arena is dead during the layer
    uint64_t predicted_peak = 0;     // highest live byte + 1
};

struct ArenaPlan {
    std::string symbol = "mcuprof_arena";
    uint32_t size = 0;
    std::vector<ArenaLayerPlan> layers;
    // Dead bytes are painted with MemoryPainter::paint_at(address) ^ paint_xor.
    // Two runs with different values (0 and 0xFF) find every written byte:
    // a value equal to one paint differs from the other.
    uint8_t paint_xor = 0;
};

}  // namespace mcuprof

// Dead-memory poisoning and per-layer arena peaks. At each layer's begin
// marker the arena bytes the plan says are dead during the layer are painted;
// a firmware whose plan ends a lifetime too early then reads paint, and its
// output differs from the reference. At the layer's end marker the highest
// arena byte not holding paint, relative to the arena base, plus one is the
// layer's measured arena peak: live data plus whatever the layer wrote.
#pragma once

#include "emulator/core/machine.hpp"
#include "emulator/profile/arena_plan.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mcuprof {

class ArenaTracker {
public:
    // Throws Error when the arena does not lie in mapped RAM.
    ArenaTracker(const Machine& machine, uint32_t arena_base, ArenaPlan plan);

    // An ITM stimulus-port write (the marker protocol of mcuprof/markers.h).
    void on_itm_write(unsigned port, uint32_t value);

    // Measured peak of the i-th layer seen (marker order), if it was measured.
    std::optional<uint64_t> measured(size_t layer) const;
    const std::vector<std::string>& warnings() const { return warnings_; }
    uint32_t arena_base() const { return base_; }

private:
    uint8_t paint_at(uint32_t offset) const;
    void begin(const std::string& name);
    void end();

    // The arena in host memory: one piece per RAM region it spans (a RAM block
    // may cover several contiguous regions, each its own host buffer).
    struct Piece {
        uint32_t offset;  // arena offset of the first byte
        uint32_t size;
        uint8_t* host;
    };
    void paint(uint32_t from, uint32_t to);
    std::vector<Piece> pieces_;
    uint32_t base_ = 0;
    ArenaPlan plan_;
    std::string pending_name_;
    size_t next_layer_ = 0;
    bool open_ = false;
    bool tracking_ = false;  // the open layer matched the plan
    std::vector<std::optional<uint64_t>> measured_;
    std::vector<std::string> warnings_;
};

}  // namespace mcuprof

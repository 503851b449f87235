#include "emulator/profile/arena_tracker.hpp"

#include "emulator/profile/memory_painter.hpp"
#include "emulator/text/error.hpp"
#include "mcuprof/markers.h"

#include <fmt/format.h>

#include <algorithm>

namespace mcuprof {
namespace {
constexpr size_t kMaxWarnings = 20;
constexpr size_t kMaxNameBytes = 256;
}  // namespace

ArenaTracker::ArenaTracker(const Machine& machine, uint32_t arena_base, ArenaPlan plan)
    : base_(arena_base), plan_(std::move(plan)) {
    uint32_t offset = 0;
    while (offset < plan_.size) {
        const uint32_t address = arena_base + offset;
        const MemoryArea* area = machine.area_at(address);
        uint8_t* host = machine.host_pointer(address, 1);
        if (area == nullptr || host == nullptr) {
            fail("the arena ({} bytes at {:#010x}, symbol {}) is not in mapped RAM under the SRAM budget at {:#010x}",
                 plan_.size, arena_base, plan_.symbol, address);
        }
        const uint64_t room = uint64_t(area->base) + area->mapped_bytes - address;
        const uint32_t n = uint32_t(std::min<uint64_t>(room, plan_.size - offset));
        pieces_.push_back(Piece{offset, n, host});
        offset += n;
    }
    for (const ArenaLayerPlan& l : plan_.layers) {
        for (const ArenaRange& r : l.live) {
            if (uint64_t(r.offset) + r.size > plan_.size) {
                fail("plan layer {}: live range [{}, {}) lies outside the {}-byte arena", l.name, r.offset,
                     uint64_t(r.offset) + r.size, plan_.size);
            }
        }
    }
}

void ArenaTracker::paint(uint32_t from, uint32_t to) {
    for (const Piece& p : pieces_) {
        const uint32_t lo = std::max(from, p.offset);
        const uint32_t hi = std::min(to, p.offset + p.size);
        for (uint32_t o = lo; o < hi; ++o) p.host[o - p.offset] = paint_at(o);
    }
}

uint8_t ArenaTracker::paint_at(uint32_t offset) const {
    return MemoryPainter::paint_at(base_ + offset) ^ plan_.paint_xor;
}

void ArenaTracker::on_itm_write(unsigned port, uint32_t value) {
    if (port == MCUPROF_ITM_PORT_NAME) {
        if (pending_name_.size() < kMaxNameBytes) pending_name_.push_back(static_cast<char>(value & 0xFF));
        return;
    }
    if (port != MCUPROF_ITM_PORT_EVENT) return;
    std::string name = std::move(pending_name_);
    pending_name_.clear();
    if (value == MCUPROF_EVENT_LAYER_BEGIN) {
        if (open_) end();
        begin(name);
    } else if (value == MCUPROF_EVENT_LAYER_END && open_) {
        end();
    }
}

void ArenaTracker::begin(const std::string& name) {
    open_ = true;
    const size_t index = next_layer_++;
    // Only the plan's layers are measured: memory stays bounded however many markers come.
    if (index < plan_.layers.size()) measured_.emplace_back();
    tracking_ = index < plan_.layers.size() && plan_.layers[index].name == name;
    if (!tracking_) {
        if (warnings_.size() < kMaxWarnings) {
            warnings_.push_back(fmt::format("layer {} '{}' does not match the plan ({}): arena not measured", index,
                                            name,
                                            index < plan_.layers.size() ? "expected '" + plan_.layers[index].name + "'"
                                                                        : std::string("the plan has fewer layers")));
        }
        return;
    }
    // Poison everything the plan says is dead during this layer.
    std::vector<ArenaRange> live = plan_.layers[index].live;
    std::sort(live.begin(), live.end(), [](const ArenaRange& a, const ArenaRange& b) { return a.offset < b.offset; });
    uint32_t cursor = 0;
    for (const ArenaRange& r : live) {
        if (r.offset > cursor) paint(cursor, r.offset);
        cursor = std::max(cursor, r.offset + r.size);
    }
    paint(cursor, plan_.size);
}

void ArenaTracker::end() {
    open_ = false;
    if (!tracking_) return;
    uint64_t peak = 0;
    for (auto p = pieces_.rbegin(); p != pieces_.rend() && peak == 0; ++p) {
        for (uint32_t i = p->size; i > 0; --i) {
            if (p->host[i - 1] != paint_at(p->offset + i - 1)) {
                peak = uint64_t(p->offset) + i;
                break;
            }
        }
    }
    measured_.back() = peak;
}

std::optional<uint64_t> ArenaTracker::measured(size_t layer) const {
    return layer < measured_.size() ? measured_[layer] : std::nullopt;
}

}  // namespace mcuprof

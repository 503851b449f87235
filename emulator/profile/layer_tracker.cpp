#include "emulator/profile/layer_tracker.hpp"

#include "mcuprof/markers.h"

#include <fmt/format.h>

#include <algorithm>

namespace mcuprof {
namespace {
constexpr size_t kMaxNameBytes = 256;
constexpr size_t kMaxWarnings = 20;
}  // namespace

LayerTracker::LayerTracker(Profiler& profiler, MemoryPainter& painter) : profiler_(profiler), painter_(painter) {}

std::optional<std::string> LayerTracker::open_layer() const {
    if (!layer_open_) return std::nullopt;
    return open_run_.name;
}

void LayerTracker::on_itm_write(unsigned port, uint32_t value, unsigned size, uint32_t address, uint32_t sp) {
    if (port == MCUPROF_ITM_PORT_NAME) {
        if (pending_name_.size() < kMaxNameBytes) pending_name_.push_back(static_cast<char>(value & 0xFF));
        return;
    }
    if (port != MCUPROF_ITM_PORT_EVENT) return;  // other ports carry the firmware's own trace
    const Position at = profiler_.position_after_access(address, true);
    std::string name = std::move(pending_name_);
    pending_name_.clear();
    if (size != 4 && warnings_.size() < kMaxWarnings) {
        warnings_.push_back(fmt::format("marker event written with {} bytes instead of 4", size));
    }
    switch (value) {
        case MCUPROF_EVENT_LAYER_BEGIN: begin(name, at, sp); break;
        case MCUPROF_EVENT_LAYER_END: end(at, sp); break;
        default:
            if (warnings_.size() < kMaxWarnings) {
                warnings_.push_back(fmt::format("unknown marker event {} ignored", value));
            }
    }
}

// Everything between two markers belongs to the open layer, or to "outside".
void LayerTracker::close_stretch(const Position& at) {
    const uint64_t instructions = at.instructions - last_boundary_.instructions;
    const uint64_t cycles = at.cycles - last_boundary_.cycles;
    const uint64_t stack = painter_.stack_peak();
    stack_peak_ = std::max(stack_peak_, stack);
    if (layer_open_) {
        LayerReport& layer = open_run_;
        layer.instructions += instructions;
        layer.cycles += cycles;
        layer.stack_peak_bytes = std::max(layer.stack_peak_bytes, stack);
        layer.sram_peak_bytes = painter_.touched_outside_stack() + layer.stack_peak_bytes;
    } else {
        outside_.instructions += instructions;
        outside_.cycles += cycles;
    }
    last_boundary_ = at;
}

void LayerTracker::boundary(const Position& at, uint32_t sp) {
    close_stretch(at);
    painter_.repaint_stack_below(sp);
}

// A layer gets the stretch up to the next marker, then it is folded away.
void LayerTracker::close_run() {
    if (!layer_open_) return;
    runs_.add(std::move(open_run_));
    open_run_ = LayerReport{};
    layer_open_ = false;
}

void LayerTracker::begin(const std::string& name, const Position& at, uint32_t sp) {
    boundary(at, sp);
    close_run();
    open_run_.name = name.empty() ? fmt::format("layer{}", run_count_) : name;
    open_run_.start_cycle = at.cycles;
    ++run_count_;
    layer_open_ = true;
    if (progress_ != nullptr) progress_->publish(open_run_.name, at.instructions, at.cycles);
}

void LayerTracker::end(const Position& at, uint32_t sp) {
    if (!layer_open_) {
        if (warnings_.size() < kMaxWarnings) warnings_.push_back("layer end marker without an open layer ignored");
        return;
    }
    boundary(at, sp);
    close_run();
    if (progress_ != nullptr) progress_->publish("", at.instructions, at.cycles);
}

void LayerTracker::finish(const Position& end_position) {
    close_stretch(end_position);
    close_run();
}

}  // namespace mcuprof

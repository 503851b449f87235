// Receives the ITM marker protocol (firmware/include/mcuprof/markers.h) and
// turns it into per-layer figures: instructions and cycles from the profiler's
// exact position at the marker store, stack peak from the painted stack
// (re-painted below SP at every marker), RAM touched from the painted RAM.
// Runs are folded as they close (layer_run_folder.hpp), so a firmware that
// emits millions of markers keeps memory bounded.
#pragma once

#include "emulator/profile/memory_painter.hpp"
#include "emulator/profile/profiler.hpp"
#include "emulator/profile/run_progress.hpp"
#include "emulator/report/layer_run_folder.hpp"
#include "emulator/report/report.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mcuprof {

class LayerTracker {
public:
    LayerTracker(Profiler& profiler, MemoryPainter& painter);
    // Publishes the position at every marker to `progress` (may be null).
    void set_progress(RunProgress* progress) { progress_ = progress; }

    // An ITM stimulus-port write; sp is the stack pointer at the store.
    void on_itm_write(unsigned port, uint32_t value, unsigned size, uint32_t address, uint32_t sp);
    // Closes the open layer and the trailing outside-layer stretch at `end`.
    void finish(const Position& end);

    // The runs so far, folded past the first kLayerRunsKept; call after finish().
    std::vector<LayerReport> layers() const { return runs_.rows(); }
    // Layer runs begun so far; the open one, if any, is run_count() - 1 in marker order.
    uint64_t run_count() const { return run_count_; }
    const OutsideLayers& outside() const { return outside_; }
    std::optional<std::string> open_layer() const;
    // Deepest stack over the whole run, RAM touched outside the stack at the end.
    uint64_t stack_peak() const { return stack_peak_; }
    // Protocol problems (unknown event, END without BEGIN): reported as warnings.
    const std::vector<std::string>& warnings() const { return warnings_; }

private:
    void close_stretch(const Position& at);
    void boundary(const Position& at, uint32_t sp);
    void begin(const std::string& name, const Position& at, uint32_t sp);
    void end(const Position& at, uint32_t sp);

    Profiler& profiler_;
    MemoryPainter& painter_;
    std::string pending_name_;
    void close_run();

    LayerRunFolder<LayerReport> runs_;
    uint64_t run_count_ = 0;
    LayerReport open_run_;  // meaningful while layer_open_
    OutsideLayers outside_;
    bool layer_open_ = false;
    Position last_boundary_;
    uint64_t stack_peak_ = 0;
    std::vector<std::string> warnings_;
    RunProgress* progress_ = nullptr;
};

}  // namespace mcuprof

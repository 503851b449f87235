// How far a run has got, for a progress display on another thread. The run
// publishes at layer markers only (LayerTracker), never from the profiler's
// block hook, so a run without markers shows only its elapsed time.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

namespace mcuprof {

class RunProgress {
public:
    struct Snapshot {
        std::string layer;        // the layer that began (empty after an end marker)
        uint64_t instructions = 0;  // at the last marker
        uint64_t cycles = 0;
        uint64_t markers = 0;     // markers seen so far
    };

    void publish(const std::string& layer, uint64_t instructions, uint64_t cycles) {
        std::lock_guard lock(mutex_);
        now_.layer = layer;
        now_.instructions = instructions;
        now_.cycles = cycles;
        ++now_.markers;
    }

    Snapshot snapshot() const {
        std::lock_guard lock(mutex_);
        return now_;
    }

private:
    mutable std::mutex mutex_;
    Snapshot now_;
};

}  // namespace mcuprof

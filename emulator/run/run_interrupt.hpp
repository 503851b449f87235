// A request, from another thread, to stop the run in progress (SIGINT or
// SIGTERM, seen by the CLI's signal watcher). The run ends at the next
// translation block with exit reason "interrupted" and a complete report of
// what ran so far. The stop goes through uc_emu_stop, which Unicorn allows
// from any thread; since uc_emu_start clears a stop requested just before it
// begins, the requester calls poke() again every few milliseconds until it
// returns false, and the run checks signal() before it emulates again.
#pragma once

#include <unicorn/unicorn.h>

#include <atomic>
#include <mutex>

namespace mcuprof {

class RunInterrupt {
public:
    // Any thread: records the signal (the first one wins) and pokes.
    void request(int signal);
    // Any thread: stops the attached engine; false when none is attached.
    bool poke();
    // The signal requested (0 = none).
    int signal() const { return signal_.load(); }

    // The run's thread: its engine is about to emulate. False (and nothing
    // attached) when a stop was already requested.
    bool attach(uc_engine* uc);
    void detach();

private:
    std::atomic<int> signal_{0};
    std::mutex mutex_;
    uc_engine* uc_ = nullptr;
};

}  // namespace mcuprof

// SIGINT and SIGTERM during a command that runs firmware: instead of dying
// with no report, the run in progress stops at its next block with exit
// reason "interrupted", its report (what ran so far) is written to every
// requested output, the progress line is cleared, and the process exits
// 128 + the signal (130, 143). A second signal ends the process at once.
//
// Signal-safe by construction: the signals are blocked in every thread (the
// mask is set before any thread starts and inherited by them) and taken
// synchronously by one watcher thread with sigtimedwait, which may then call
// anything; no handler runs asynchronously.
#pragma once

#include "emulator/run/run_interrupt.hpp"

#include <atomic>
#include <functional>
#include <thread>

#include <signal.h>

namespace mcuprof::cli {

class SignalWatch {
public:
    // Blocks SIGINT and SIGTERM and starts the watcher; create it before any
    // other thread. on_signal runs on the watcher thread at the first signal
    // (e.g. to stop a child process), after the run interrupt is requested.
    explicit SignalWatch(std::function<void(int)> on_signal = {});
    ~SignalWatch();  // stops the watcher and restores the signal mask
    SignalWatch(const SignalWatch&) = delete;
    SignalWatch& operator=(const SignalWatch&) = delete;

    RunInterrupt& interrupt() { return interrupt_; }
    int signal() const { return interrupt_.signal(); }

private:
    void watch();

    RunInterrupt interrupt_;
    std::function<void(int)> on_signal_;
    sigset_t previous_{};
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

// "SIGINT" for SIGINT, ...
std::string signal_name(int signal);

}  // namespace mcuprof::cli

#include "signal_watch.hpp"

#include <fmt/format.h>

#include <cstring>
#include <ctime>

namespace mcuprof::cli {
namespace {

sigset_t watched_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

// Waits up to 10 ms for a watched signal; 0 when none came.
int wait_signal(const sigset_t& set) {
    const timespec period{0, 10'000'000};
    const int signal = sigtimedwait(&set, nullptr, &period);
    return signal > 0 ? signal : 0;
}

}  // namespace

std::string signal_name(int signal) {
    const char* abbrev = sigabbrev_np(signal);
    return abbrev != nullptr ? fmt::format("SIG{}", abbrev) : fmt::format("signal {}", signal);
}

SignalWatch::SignalWatch(std::function<void(int)> on_signal) : on_signal_(std::move(on_signal)) {
    const sigset_t set = watched_signals();
    pthread_sigmask(SIG_BLOCK, &set, &previous_);
    thread_ = std::thread([this] { watch(); });
}

SignalWatch::~SignalWatch() {
    stopping_ = true;
    thread_.join();
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

void SignalWatch::watch() {
    const sigset_t set = watched_signals();
    while (!stopping_) {
        const int signal = wait_signal(set);
        if (signal == 0) {
            if (interrupt_.signal() != 0) interrupt_.poke();  // uc_emu_start may have cleared the last stop
            continue;
        }
        if (interrupt_.signal() != 0) {
            // A second signal: the user insists (the firmware may block reading stdin).
            ::signal(signal, SIG_DFL);
            pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
            ::raise(signal);
        }
        interrupt_.request(signal);
        if (on_signal_) on_signal_(signal);
    }
}

}  // namespace mcuprof::cli

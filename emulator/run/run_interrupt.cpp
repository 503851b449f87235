#include "emulator/run/run_interrupt.hpp"

namespace mcuprof {

void RunInterrupt::request(int signal) {
    int none = 0;
    signal_.compare_exchange_strong(none, signal);
    poke();
}

bool RunInterrupt::poke() {
    std::lock_guard lock(mutex_);
    if (uc_ == nullptr || signal_.load() == 0) return false;
    uc_emu_stop(uc_);
    return true;
}

bool RunInterrupt::attach(uc_engine* uc) {
    std::lock_guard lock(mutex_);
    if (signal_.load() != 0) return false;
    uc_ = uc;
    return true;
}

void RunInterrupt::detach() {
    std::lock_guard lock(mutex_);
    uc_ = nullptr;
}

}  // namespace mcuprof

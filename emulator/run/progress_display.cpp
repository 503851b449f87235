#include "emulator/run/progress_display.hpp"

#include "emulator/text/printable_text.hpp"

#include <fmt/format.h>

#include <unistd.h>

namespace mcuprof {
namespace {

std::string millions(uint64_t n) { return fmt::format("{:.1f} M", double(n) / 1e6); }

}  // namespace

ProgressDisplay::ProgressDisplay(Console& inner, FILE* terminal, ProgressTiming timing)
    : inner_(inner), terminal_(terminal), timing_(timing), thread_([this] { loop(); }) {}

ProgressDisplay::~ProgressDisplay() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
    std::lock_guard lock(mutex_);
    clear_locked();
}

bool ProgressDisplay::wanted(bool quiet) { return !quiet && ::isatty(STDOUT_FILENO) == 1; }

std::string ProgressDisplay::status_line(const RunProgress::Snapshot& s, double seconds) {
    if (s.markers == 0) return fmt::format("mcuprof: running, {:.1f} s (no layer marker yet)", seconds);
    return fmt::format("mcuprof: {:.1f} s  {}  {} instructions, {} cycles at marker {}", seconds,
                       s.layer.empty() ? std::string("between layers") : "layer " + printable(s.layer),
                       millions(s.instructions), millions(s.cycles), s.markers);
}

void ProgressDisplay::clear_locked() {
    if (!shown_) return;
    std::fputs("\r\033[K", terminal_);
    std::fflush(terminal_);
    shown_ = false;
}

void ProgressDisplay::loop() {
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, timing_.delay, [this] { return stopping_; })) return;
    while (!stopping_) {
        if (mid_line_) {
            wake_.wait_for(lock, timing_.period, [this] { return stopping_; });
            continue;
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
        std::string line = status_line(progress_.snapshot(), seconds);
        fmt::print(terminal_, "\r\033[K{}", line);
        std::fflush(terminal_);
        shown_ = true;
        wake_.wait_for(lock, timing_.period, [this] { return stopping_; });
    }
}

void ProgressDisplay::write_stdout(std::string_view bytes) {
    std::lock_guard lock(mutex_);
    clear_locked();
    inner_.write_stdout(bytes);
    if (!bytes.empty()) mid_line_ = bytes.back() != '\n';
}

void ProgressDisplay::write_stderr(std::string_view bytes) {
    std::lock_guard lock(mutex_);
    clear_locked();
    inner_.write_stderr(bytes);
    if (!bytes.empty()) mid_line_ = bytes.back() != '\n';
}

// While the firmware waits for input the line stays cleared (the user types).
size_t ProgressDisplay::read_stdin(std::span<char> buffer) {
    {
        std::lock_guard lock(mutex_);
        clear_locked();
        mid_line_ = true;
    }
    const size_t n = inner_.read_stdin(buffer);
    std::lock_guard lock(mutex_);
    mid_line_ = false;
    return n;
}

}  // namespace mcuprof

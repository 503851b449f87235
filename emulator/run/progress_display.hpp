// A one-line progress display for long runs: wall time, the layer running and
// the instructions and cycles at its marker, redrawn in place a few times a
// second on a terminal. It wraps the firmware console: before the firmware's
// output is written the status line is cleared, so the two never mix.
//
// Shown only when stdout is a terminal and the run is not --quiet, and only
// once a run has lasted `delay` (short runs print nothing extra).
#pragma once

#include "emulator/profile/run_progress.hpp"
#include "emulator/semihost/console.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

namespace mcuprof {

struct ProgressTiming {
    std::chrono::milliseconds delay{500};   // nothing is shown before this
    std::chrono::milliseconds period{250};  // redraws at most this often
};

class ProgressDisplay final : public Console {
public:
    ProgressDisplay(Console& inner, FILE* terminal, ProgressTiming timing = {});
    ~ProgressDisplay() override;  // stops the thread and clears the line
    ProgressDisplay(const ProgressDisplay&) = delete;
    ProgressDisplay& operator=(const ProgressDisplay&) = delete;

    RunProgress& progress() { return progress_; }

    void write_stdout(std::string_view bytes) override;
    void write_stderr(std::string_view bytes) override;
    size_t read_stdin(std::span<char> buffer) override;

    // True when a display makes sense: stdout is a terminal and not quiet.
    static bool wanted(bool quiet);
    // The status line for a snapshot after `seconds` of wall time.
    static std::string status_line(const RunProgress::Snapshot& s, double seconds);

private:
    void loop();
    void clear_locked();

    Console& inner_;
    FILE* terminal_;
    ProgressTiming timing_;
    RunProgress progress_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool shown_ = false;
    bool mid_line_ = false;  // the firmware's last output did not end a line: do not draw over it
    std::thread thread_;
};

}  // namespace mcuprof

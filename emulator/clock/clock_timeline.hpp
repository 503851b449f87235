// The core clock over a run: the frequency from each cycle on, so that a
// cycle count becomes seconds exactly across clock changes. A run that
// switches from 16 MHz to 216 MHz at cycle N has taken, at cycle C > N,
// N / 16e6 + (C - N) / 216e6 seconds.
#pragma once

#include <cstdint>
#include <vector>

namespace mcuprof {

struct ClockSpan {
    uint64_t from_cycle = 0;  // the first cycle at this frequency
    uint64_t hz = 0;
};

class ClockTimeline {
public:
    explicit ClockTimeline(uint64_t initial_hz);

    // The clock runs at hz from cycle `at` on. Changes come in cycle order;
    // one at the cycle of the previous change replaces it.
    void change(uint64_t at, uint64_t hz);

    const std::vector<ClockSpan>& spans() const { return spans_; }
    uint64_t hz_at(uint64_t cycle) const;
    uint64_t final_hz() const { return spans_.back().hz; }

    // Seconds from cycle `from` to cycle `to` (from <= to).
    double seconds_between(uint64_t from, uint64_t to) const;
    double seconds(uint64_t cycles) const { return seconds_between(0, cycles); }
    // Whole ticks of a clock at tick_hz since cycle 0, rounded down and
    // computed exactly: what a timer at a fixed tick_hz would count.
    uint64_t ticks(uint64_t cycles, uint64_t tick_hz) const;

private:
    std::vector<ClockSpan> spans_;
};

}  // namespace mcuprof

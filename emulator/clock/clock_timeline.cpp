#include "emulator/clock/clock_timeline.hpp"

#include "emulator/text/error.hpp"

#include <algorithm>

namespace mcuprof {

ClockTimeline::ClockTimeline(uint64_t initial_hz) {
    if (initial_hz == 0) fail("a clock timeline needs a positive initial frequency");
    spans_.push_back({0, initial_hz});
}

void ClockTimeline::change(uint64_t at, uint64_t hz) {
    if (hz == 0) fail("a clock of 0 Hz at cycle {}: the core clock must stay positive", at);
    ClockSpan& last = spans_.back();
    if (at < last.from_cycle) fail("clock change at cycle {} before the previous one at {}", at, last.from_cycle);
    if (hz == last.hz) return;
    if (at == last.from_cycle) {
        last.hz = hz;
        // Merging with the span before keeps one span per frequency run.
        if (spans_.size() > 1 && spans_[spans_.size() - 2].hz == hz) spans_.pop_back();
        return;
    }
    spans_.push_back({at, hz});
}

uint64_t ClockTimeline::hz_at(uint64_t cycle) const {
    auto it = std::upper_bound(spans_.begin(), spans_.end(), cycle,
                               [](uint64_t c, const ClockSpan& s) { return c < s.from_cycle; });
    return std::prev(it)->hz;
}

double ClockTimeline::seconds_between(uint64_t from, uint64_t to) const {
    double seconds = 0;
    for (size_t i = 0; i < spans_.size(); ++i) {
        const uint64_t begin = std::max(from, spans_[i].from_cycle);
        const uint64_t end = i + 1 < spans_.size() ? std::min(to, spans_[i + 1].from_cycle) : to;
        if (end > begin) seconds += double(end - begin) / double(spans_[i].hz);
    }
    return seconds;
}

uint64_t ClockTimeline::ticks(uint64_t cycles, uint64_t tick_hz) const {
    // Sum of span_cycles * tick_hz / span_hz as one fraction over the spans'
    // frequencies would overflow; the sum of per-span floors loses less than
    // one tick per span, so carry each span's remainder exactly instead.
    unsigned __int128 whole = 0;
    double fraction = 0;
    for (size_t i = 0; i < spans_.size() && spans_[i].from_cycle < cycles; ++i) {
        const uint64_t end = i + 1 < spans_.size() ? std::min(cycles, spans_[i + 1].from_cycle) : cycles;
        const unsigned __int128 scaled = (unsigned __int128)(end - spans_[i].from_cycle) * tick_hz;
        whole += scaled / spans_[i].hz;
        fraction += double(uint64_t(scaled % spans_[i].hz)) / double(spans_[i].hz);
    }
    return uint64_t(whole + (unsigned __int128)(fraction));
}

}  // namespace mcuprof

// Time on a report's clock timeline: the same sum as emulator/clock's
// ClockTimeline (which the report cannot use: it sits above the board), over
// the spans the run recorded.
#include "emulator/report/report.hpp"

#include <algorithm>

namespace mcuprof {

double Report::ms_between(uint64_t from, uint64_t to) const {
    if (to <= from) return 0.0;
    if (clock.timeline.empty()) return clock_hz == 0 ? 0.0 : 1000.0 * double(to - from) / double(clock_hz);
    double seconds = 0;
    const std::vector<ClockSpanReport>& spans = clock.timeline;
    for (size_t i = 0; i < spans.size(); ++i) {
        const uint64_t begin = std::max(from, spans[i].from_cycle);
        const uint64_t end = i + 1 < spans.size() ? std::min(to, spans[i + 1].from_cycle) : to;
        if (end > begin && spans[i].hz != 0) seconds += double(end - begin) / double(spans[i].hz);
    }
    return 1000.0 * seconds;
}

}  // namespace mcuprof

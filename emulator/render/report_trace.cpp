#include "emulator/render/report_trace.hpp"

#include <algorithm>

namespace mcuprof {
namespace {

constexpr int kTimelinePid = 1;
constexpr int kFunctionsPid = 2;

class Clock {
public:
    explicit Clock(uint64_t hz) : us_per_cycle_(hz == 0 ? 1.0 : 1e6 / double(hz)) {}
    double us(uint64_t cycles) const { return double(cycles) * us_per_cycle_; }

private:
    double us_per_cycle_;
};

nlohmann::json metadata(const char* what, int pid, int tid, const std::string& name) {
    return {{"ph", "M"}, {"name", what}, {"pid", pid}, {"tid", tid}, {"args", {{"name", name}}}};
}

nlohmann::json slice(const std::string& name, const char* category, int pid, double ts, double dur,
                     nlohmann::json args) {
    return {{"ph", "X"}, {"name", name}, {"cat", category}, {"pid", pid}, {"tid", 1},
            {"ts", ts},  {"dur", dur},   {"args", std::move(args)}};
}

void timeline(nlohmann::json& events, const Report& r, const Clock& clock) {
    events.push_back(metadata("process_name", kTimelinePid, 0, r.elf + " on " + r.board + " (timeline)"));
    events.push_back(metadata("thread_name", kTimelinePid, 1, "layers"));
    events.push_back(slice("run", "run", kTimelinePid, 0, clock.us(r.cycles),
                           {{"cycles", r.cycles}, {"instructions", r.instructions}, {"exit", r.exit.reason}}));
    for (const LayerReport& l : r.layers) {
        if (l.runs != 1) continue;  // folded runs have no single place on the timeline (layer_folding.hpp)
        nlohmann::json args = {{"start_cycle", l.start_cycle},         {"cycles", l.cycles},
                               {"instructions", l.instructions},       {"sram_peak_bytes", l.sram_peak_bytes},
                               {"stack_peak_bytes", l.stack_peak_bytes}};
        if (l.predicted_peak_bytes) args["predicted_peak_bytes"] = *l.predicted_peak_bytes;
        if (l.arena_peak_bytes) args["arena_peak_bytes"] = *l.arena_peak_bytes;
        events.push_back(slice(l.name, "layer", kTimelinePid, clock.us(l.start_cycle), clock.us(l.cycles), args));
        events.push_back({{"ph", "C"},
                          {"name", "SRAM peak"},
                          {"pid", kTimelinePid},
                          {"tid", 1},
                          {"ts", clock.us(l.start_cycle)},
                          {"args", {{"sram_bytes", l.sram_peak_bytes}, {"stack_bytes", l.stack_peak_bytes}}}});
    }
    for (const Violation& v : r.violations) {
        events.push_back({{"ph", "i"},
                          {"s", "g"},
                          {"name", "violation: " + v.kind},
                          {"pid", kTimelinePid},
                          {"tid", 1},
                          {"ts", clock.us(r.cycles)},
                          {"args", {{"detail", v.detail}, {"pc", v.pc}, {"address", v.address}, {"function", v.function}}}});
    }
}

void functions(nlohmann::json& events, const Report& r, const Clock& clock) {
    events.push_back(metadata("process_name", kFunctionsPid, 0, "functions (aggregate: self cycles, not a timeline)"));
    events.push_back(metadata("thread_name", kFunctionsPid, 1, "functions by self cycles"));
    std::vector<const FunctionReport*> sorted;
    uint64_t total = 0;
    for (const FunctionReport& f : r.functions) {
        if (f.cycles == 0) continue;
        sorted.push_back(&f);
        total += f.cycles;
    }
    std::stable_sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->cycles > b->cycles; });
    events.push_back(slice("all functions", "functions", kFunctionsPid, 0, clock.us(total), {{"cycles", total}}));
    uint64_t at = 0;
    for (const FunctionReport* f : sorted) {
        events.push_back(slice(f->name, "function", kFunctionsPid, clock.us(at), clock.us(f->cycles),
                               {{"self_cycles", f->cycles},
                                {"inclusive_cycles", f->inclusive_cycles},
                                {"self_instructions", f->instructions},
                                {"calls", f->calls}}));
        at += f->cycles;
    }
}

}  // namespace

nlohmann::json report_to_trace(const Report& r) {
    const Clock clock(r.clock_hz);
    nlohmann::json events = nlohmann::json::array();
    timeline(events, r, clock);
    functions(events, r, clock);
    return {{"traceEvents", events},
            {"displayTimeUnit", "ns"},
            {"otherData",
             {{"generator", "mcuprof"}, {"board", r.board}, {"core", r.core}, {"clock_hz", r.clock_hz},
              {"elf", r.elf}, {"time_unit", "microseconds at the board clock (estimate)"}}}};
}

}  // namespace mcuprof

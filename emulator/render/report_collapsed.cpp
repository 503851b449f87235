#include "emulator/render/report_collapsed.hpp"

#include "emulator/text/printable_text.hpp"

#include <fmt/format.h>

#include <iterator>

namespace mcuprof {
namespace {

std::string frame(const std::string& name) {
    std::string out = name.empty() ? "(unknown)" : name;
    for (char& c : out) {
        if (c == ';') c = ':';
        if (c == '\n' || c == '\r') c = ' ';
    }
    return printable(out);  // flame-graph tools print frames to terminals too
}

std::string root_of(const Report& r) {
    const size_t slash = r.elf.find_last_of('/');
    return frame(slash == std::string::npos ? r.elf : r.elf.substr(slash + 1));
}

}  // namespace

std::string report_to_collapsed(const Report& r, CollapsedBy by, CollapsedMetric metric) {
    const bool cycles = metric == CollapsedMetric::Cycles;
    const std::string root = root_of(r);
    std::string out;
    auto line = [&](const std::string& name, uint64_t count) {
        if (count != 0) fmt::format_to(std::back_inserter(out), "{};{} {}\n", root, frame(name), count);
    };
    if (by == CollapsedBy::Function) {
        for (const FunctionReport& f : r.functions) line(f.name, cycles ? f.cycles : f.instructions);
    } else {
        for (const LayerReport& l : r.layers) line(l.name, cycles ? l.cycles : l.instructions);
        line("(outside layers)", cycles ? r.outside_layers.cycles : r.outside_layers.instructions);
    }
    return out;
}

}  // namespace mcuprof

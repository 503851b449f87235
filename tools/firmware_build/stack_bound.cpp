#include "tools/firmware_build/stack_bound.hpp"

#include "emulator/text/error.hpp"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace mcuprof::planner {

CallGraph CallGraph::load(const std::vector<std::string>& directories) {
    CallGraph g;
    for (const std::string& d : directories) {
        for (const auto& e : std::filesystem::directory_iterator(d)) {
            if (e.path().extension() != ".ci") continue;
            std::ifstream in(e.path());
            std::ostringstream text;
            text << in.rdbuf();
            g.add_ci_text(text.str());
        }
    }
    return g;
}

void CallGraph::add_ci_text(const std::string& text) {
    // node: { title: "f" label: "f\nfile:line:col\n64 bytes (static)" }
    static const std::regex node(R"re(node: \{ title: "([^"]+)" label: "[^"]*?\\n(\d+) bytes \(([a-z,]+)\)")re");
    static const std::regex edge(R"re(edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)")re");
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::smatch m;
        if (std::regex_search(line, m, node)) {
            const std::string kind = m[3];
            // "static" and "dynamic,bounded" frames are known; "dynamic" is not.
            frames_[m[1]] = kind == "dynamic" ? std::nullopt : std::optional<uint64_t>(std::stoull(m[2]));
        } else if (std::regex_search(line, m, edge)) {
            callees_[m[1]].insert(m[2]);
        }
    }
}

std::optional<uint64_t> CallGraph::visit(const std::string& f, uint64_t external_frame, std::set<std::string>& on_path,
                                         std::map<std::string, std::optional<uint64_t>>& memo) const {
    if (auto it = memo.find(f); it != memo.end()) return it->second;
    if (f == "__indirect_call") return std::nullopt;
    const auto frame = frames_.find(f);
    if (frame == frames_.end()) return external_frame;  // C library / compiler runtime
    if (!frame->second) return std::nullopt;
    if (!on_path.insert(f).second) return std::nullopt;  // recursion
    uint64_t deepest_callee = 0;
    bool known = true;
    if (auto c = callees_.find(f); c != callees_.end()) {
        for (const std::string& callee : c->second) {
            const auto d = visit(callee, external_frame, on_path, memo);
            if (!d) {
                known = false;
                break;
            }
            deepest_callee = std::max(deepest_callee, *d);
        }
    }
    on_path.erase(f);
    const std::optional<uint64_t> result = known ? std::optional<uint64_t>(*frame->second + deepest_callee) : std::nullopt;
    memo[f] = result;
    return result;
}

std::optional<uint64_t> CallGraph::deepest(const std::string& function, uint64_t external_frame) const {
    std::set<std::string> on_path;
    std::map<std::string, std::optional<uint64_t>> memo;
    return visit(function, external_frame, on_path, memo);
}

}  // namespace mcuprof::planner

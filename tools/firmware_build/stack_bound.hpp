// A static stack bound from GCC's call-graph files (-fcallgraph-info=su, one
// .ci per object): every function's frame size and its direct callees. The
// bound of a call is the deepest frame sum along any path from it.
//
// Functions without a .ci node (the C library: memcpy, memset, the
// __aeabi_* helpers) are assumed to need at most `external_frame` bytes and
// to call nothing that needs more; a dynamically sized frame, an indirect
// call or recursion makes the bound unknown (nullopt), never a guess.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mcuprof::planner {

class CallGraph {
public:
    // Reads every .ci file in the directories (not recursive).
    static CallGraph load(const std::vector<std::string>& directories);
    // Parses one file's text (tests).
    void add_ci_text(const std::string& text);

    // Deepest stack from entering `function`, frames summed, or nullopt.
    std::optional<uint64_t> deepest(const std::string& function, uint64_t external_frame) const;
    bool defines(const std::string& function) const { return frames_.count(function) != 0; }
    // The function's own frame, or nullopt when unknown or dynamic.
    std::optional<uint64_t> frame(const std::string& function) const {
        auto it = frames_.find(function);
        return it == frames_.end() ? std::nullopt : it->second;
    }

private:
    std::optional<uint64_t> visit(const std::string& f, uint64_t external_frame, std::set<std::string>& on_path,
                                  std::map<std::string, std::optional<uint64_t>>& memo) const;

    std::map<std::string, std::optional<uint64_t>> frames_;  // nullopt: dynamic frame
    std::map<std::string, std::set<std::string>> callees_;
};

}  // namespace mcuprof::planner

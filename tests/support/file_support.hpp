// Reading files in tests: a whole file a command wrote, or the line of a
// source file that a marker comment points at.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace mcuprof::test {

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The 1-based number of the first line of `path` containing `marker` at or
// after the first line containing every string of `after` (-1 if none).
inline int marked_line(const std::filesystem::path& path, const std::string& marker,
                       const std::vector<std::string>& after = {}) {
    std::ifstream in(path);
    std::string text;
    bool reached = after.empty();
    for (int n = 1; std::getline(in, text); ++n) {
        if (!reached) {
            reached = true;
            for (const std::string& s : after) reached = reached && text.find(s) != std::string::npos;
        }
        if (reached && text.find(marker) != std::string::npos) return n;
    }
    return -1;
}

}  // namespace mcuprof::test

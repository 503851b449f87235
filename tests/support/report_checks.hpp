// Structural checks of the report writers' outputs, shared by the writer unit
// test and the end-to-end test: trace-event validity and nesting, collapsed
// stack parsing, self-contained HTML.
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace mcuprof::test {

inline size_t count_of(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

// No network and no external assets: nothing is fetched from anywhere.
inline void expect_self_contained(const std::string& html) {
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    for (const char* bad : {"http://", "https://", "src=", "<link", "@import", "url("}) {
        if (std::string(bad) == "http://") {
            // The SVG namespace URI is an identifier, not a fetch.
            EXPECT_EQ(count_of(html, bad), count_of(html, "http://www.w3.org/2000/svg")) << bad;
        } else {
            EXPECT_EQ(html.find(bad), std::string::npos) << bad;
        }
    }
}

// Complete ("X") slices on each (pid, tid) either nest or are disjoint.
inline bool trace_slices_nest(const nlohmann::json& trace) {
    struct Slice {
        double begin, end;
    };
    std::map<std::pair<int, int>, std::vector<Slice>> tracks;
    for (const auto& e : trace["traceEvents"]) {
        if (e["ph"] != "X") continue;
        const double ts = e["ts"].get<double>(), dur = e["dur"].get<double>();
        tracks[{e["pid"].get<int>(), e["tid"].get<int>()}].push_back({ts, ts + dur});
    }
    const double eps = 1e-6;
    for (auto& [track, slices] : tracks) {
        std::sort(slices.begin(), slices.end(), [](const Slice& a, const Slice& b) {
            return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
        });
        std::vector<Slice> open;
        for (const Slice& s : slices) {
            while (!open.empty() && open.back().end <= s.begin + eps) open.pop_back();
            if (!open.empty() && s.end > open.back().end + eps) return false;
            open.push_back(s);
        }
    }
    return true;
}

// The fields every trace event needs, by phase.
inline void expect_valid_trace(const nlohmann::json& trace) {
    ASSERT_TRUE(trace.is_object());
    ASSERT_TRUE(trace.contains("traceEvents"));
    ASSERT_TRUE(trace["traceEvents"].is_array());
    ASSERT_FALSE(trace["traceEvents"].empty());
    for (const auto& e : trace["traceEvents"]) {
        ASSERT_TRUE(e.contains("ph") && e["ph"].is_string()) << e;
        ASSERT_TRUE(e.contains("name") && e["name"].is_string()) << e;
        ASSERT_TRUE(e.contains("pid") && e["pid"].is_number_integer()) << e;
        ASSERT_TRUE(e.contains("tid") && e["tid"].is_number_integer()) << e;
        const std::string ph = e["ph"];
        ASSERT_TRUE(ph == "X" || ph == "M" || ph == "C" || ph == "i") << ph;
        if (ph == "M") {
            EXPECT_TRUE(e["name"] == "process_name" || e["name"] == "thread_name");
            EXPECT_TRUE(e["args"]["name"].is_string());
            continue;
        }
        ASSERT_TRUE(e.contains("ts") && e["ts"].is_number()) << e;
        EXPECT_GE(e["ts"].get<double>(), 0);
        if (ph == "X") {
            ASSERT_TRUE(e.contains("dur") && e["dur"].is_number()) << e;
            EXPECT_GE(e["dur"].get<double>(), 0);
        }
        if (ph == "C") {
            ASSERT_TRUE(e["args"].is_object());
            for (const auto& [k, v] : e["args"].items()) EXPECT_TRUE(v.is_number()) << k;
        }
    }
    EXPECT_TRUE(trace_slices_nest(trace));
}

inline std::map<std::string, uint64_t> parse_collapsed(const std::string& text) {
    std::map<std::string, uint64_t> stacks;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        const size_t space = line.rfind(' ');
        EXPECT_NE(space, std::string::npos) << line;
        if (space == std::string::npos) continue;
        const std::string count = line.substr(space + 1);
        EXPECT_FALSE(count.empty());
        EXPECT_TRUE(std::all_of(count.begin(), count.end(), ::isdigit)) << line;
        EXPECT_NE(line.find(';'), std::string::npos) << line;
        EXPECT_EQ(stacks.count(line.substr(0, space)), 0u) << "duplicate stack " << line;
        stacks[line.substr(0, space)] = std::stoull(count);
    }
    return stacks;
}

inline uint64_t sum_of(const std::map<std::string, uint64_t>& stacks) {
    uint64_t sum = 0;
    for (const auto& [stack, count] : stacks) sum += count;
    return sum;
}

}  // namespace mcuprof::test

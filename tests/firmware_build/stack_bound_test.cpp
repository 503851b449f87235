// The call-graph stack bound: frame sums along the deepest path, library
// functions at the assumed size, and unknown (never guessed) for dynamic
// frames, indirect calls and recursion.
#include "tools/firmware_build/stack_bound.hpp"

#include <gtest/gtest.h>

namespace mcuprof::planner {
namespace {

// The format GCC 12 writes with -fcallgraph-info=su.
const char* kGraph = R"ci(graph: { title: "a.c"
node: { title: "top" label: "top\na.c:1:5\n16 bytes (static)" }
node: { title: "left" label: "left\na.c:5:5\n40 bytes (static)" }
node: { title: "right" label: "right\na.c:9:5\n8 bytes (dynamic,bounded)" }
node: { title: "leaf" label: "leaf\na.c:12:5\n100 bytes (static)" }
node: { title: "memcpy" label: "__builtin_memcpy\n<built-in>" shape : ellipse }
edge: { sourcename: "top" targetname: "left" label: "a.c:2:3" }
edge: { sourcename: "top" targetname: "right" label: "a.c:3:3" }
edge: { sourcename: "right" targetname: "leaf" label: "a.c:10:3" }
edge: { sourcename: "left" targetname: "memcpy" }
}
)ci";

TEST(CallGraph, DeepestPathSumsFrames) {
    CallGraph g;
    g.add_ci_text(kGraph);
    EXPECT_EQ(g.deepest("leaf", 64), 100u);
    EXPECT_EQ(g.deepest("right", 64), 108u);
    EXPECT_EQ(g.deepest("left", 64), 104u);      // 40 + memcpy assumed 64
    EXPECT_EQ(g.deepest("top", 64), 16u + 108u);  // via right: 8 + 100
    EXPECT_EQ(g.deepest("top", 200), 16u + 240u);  // via left when the library is assumed larger
    EXPECT_EQ(g.frame("left"), 40u);
    EXPECT_FALSE(g.frame("memcpy").has_value());
}

TEST(CallGraph, UnknownForDynamicFramesIndirectCallsAndRecursion) {
    CallGraph g;
    g.add_ci_text(kGraph);
    g.add_ci_text(R"ci(node: { title: "dyn" label: "dyn\nb.c:1:5\n24 bytes (dynamic)" }
node: { title: "ind" label: "ind\nb.c:3:5\n8 bytes (static)" }
edge: { sourcename: "ind" targetname: "__indirect_call" }
node: { title: "rec" label: "rec\nb.c:7:5\n8 bytes (static)" }
edge: { sourcename: "rec" targetname: "rec" }
node: { title: "caller" label: "caller\nb.c:9:5\n8 bytes (static)" }
edge: { sourcename: "caller" targetname: "dyn" }
)ci");
    EXPECT_FALSE(g.deepest("dyn", 64).has_value());
    EXPECT_FALSE(g.deepest("ind", 64).has_value());
    EXPECT_FALSE(g.deepest("rec", 64).has_value());
    EXPECT_FALSE(g.deepest("caller", 64).has_value());
}

}  // namespace
}  // namespace mcuprof::planner

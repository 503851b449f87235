// Offset assignment for buffers with a size and a lifetime (first and last
// use, inclusive operator indices). Two buffers may share memory only when
// their lifetimes are disjoint. Strategies are interchangeable behind one
// interface (the shape of TFLite Micro's memory planners):
//
//   greedy  greedy by size: largest buffer first, each at the lowest aligned
//           offset that overlaps no already placed buffer with an overlapping
//           lifetime (TFLM's GreedyMemoryPlanner idea)
//   lifetime  the same first-fit placement, longest-lived buffer first (then
//           largest): long-lived tensors such as a transformer's residual
//           stream sink to the bottom, so short-lived peaks stack on them
//           instead of lifting them up for the whole run
//   linear  every buffer after the previous one, no reuse (TFLM's
//           LinearMemoryPlanner): the upper bound any plan must beat
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mcuprof::planner {

struct BufferRequest {
    int64_t size = 0;
    int first = 0;
    int last = 0;
};

inline bool lifetimes_overlap(const BufferRequest& a, const BufferRequest& b) {
    return a.first <= b.last && b.first <= a.last;
}

class OffsetStrategy {
public:
    virtual ~OffsetStrategy() = default;
    virtual std::string name() const = 0;
    // One offset per request, each a multiple of alignment (a power of two).
    virtual std::vector<int64_t> assign(const std::vector<BufferRequest>& requests, int64_t alignment) const = 0;
};

class GreedyBySizeStrategy final : public OffsetStrategy {
public:
    std::string name() const override { return "greedy"; }
    std::vector<int64_t> assign(const std::vector<BufferRequest>& requests, int64_t alignment) const override;
};

class LongestLifetimeStrategy final : public OffsetStrategy {
public:
    std::string name() const override { return "lifetime"; }
    std::vector<int64_t> assign(const std::vector<BufferRequest>& requests, int64_t alignment) const override;
};

class LinearStrategy final : public OffsetStrategy {
public:
    std::string name() const override { return "linear"; }
    std::vector<int64_t> assign(const std::vector<BufferRequest>& requests, int64_t alignment) const override;
};

// "greedy", "lifetime" or "linear"; throws Error for anything else.
std::unique_ptr<OffsetStrategy> make_strategy(const std::string& name);

// The bytes needed: the largest offset + size.
int64_t arena_size(const std::vector<BufferRequest>& requests, const std::vector<int64_t>& offsets);

// The first pair of buffers that are live at the same time and overlap in
// memory, as indices; {-1, -1} when there is none. Checks every pair.
std::pair<int, int> find_conflict(const std::vector<BufferRequest>& requests, const std::vector<int64_t>& offsets);

}  // namespace mcuprof::planner

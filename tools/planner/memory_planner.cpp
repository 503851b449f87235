#include "tools/planner/memory_planner.hpp"

#include "emulator/text/error.hpp"

#include <algorithm>
#include <numeric>

namespace mcuprof::planner {
namespace {

int64_t align_up(int64_t v, int64_t alignment) { return (v + alignment - 1) / alignment * alignment; }

void check_alignment(int64_t alignment) {
    if (alignment <= 0 || (alignment & (alignment - 1)) != 0) fail("alignment {} is not a power of two", alignment);
}

// Places buffers in `order`, each at the lowest aligned offset where it
// overlaps no already placed buffer with an overlapping lifetime.
std::vector<int64_t> first_fit(const std::vector<BufferRequest>& requests, const std::vector<size_t>& order,
                               int64_t alignment) {
    std::vector<int64_t> offsets(requests.size(), 0);
    std::vector<size_t> placed;
    for (size_t i : order) {
        // Placed buffers whose lifetime overlaps, by offset.
        std::vector<size_t> live;
        for (size_t j : placed) {
            if (lifetimes_overlap(requests[i], requests[j])) live.push_back(j);
        }
        std::sort(live.begin(), live.end(), [&](size_t a, size_t b) { return offsets[a] < offsets[b]; });
        int64_t candidate = 0;
        for (size_t j : live) {
            if (candidate + requests[i].size <= offsets[j]) break;  // fits in the gap below j
            candidate = std::max(candidate, align_up(offsets[j] + requests[j].size, alignment));
        }
        offsets[i] = candidate;
        placed.push_back(i);
    }
    return offsets;
}

std::vector<size_t> identity(size_t n) {
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t(0));
    return order;
}

}  // namespace

std::vector<int64_t> GreedyBySizeStrategy::assign(const std::vector<BufferRequest>& requests,
                                                  int64_t alignment) const {
    check_alignment(alignment);
    std::vector<size_t> order = identity(requests.size());
    // Largest first; ties by earlier first use, then by index (deterministic).
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (requests[a].size != requests[b].size) return requests[a].size > requests[b].size;
        return requests[a].first < requests[b].first;
    });
    return first_fit(requests, order, alignment);
}

std::vector<int64_t> LongestLifetimeStrategy::assign(const std::vector<BufferRequest>& requests,
                                                     int64_t alignment) const {
    check_alignment(alignment);
    std::vector<size_t> order = identity(requests.size());
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const int la = requests[a].last - requests[a].first;
        const int lb = requests[b].last - requests[b].first;
        if (la != lb) return la > lb;
        if (requests[a].size != requests[b].size) return requests[a].size > requests[b].size;
        return requests[a].first < requests[b].first;
    });
    return first_fit(requests, order, alignment);
}

std::vector<int64_t> LinearStrategy::assign(const std::vector<BufferRequest>& requests, int64_t alignment) const {
    check_alignment(alignment);
    std::vector<int64_t> offsets;
    int64_t next = 0;
    for (const BufferRequest& r : requests) {
        offsets.push_back(next);
        next = align_up(next + r.size, alignment);
    }
    return offsets;
}

std::unique_ptr<OffsetStrategy> make_strategy(const std::string& name) {
    if (name == "greedy") return std::make_unique<GreedyBySizeStrategy>();
    if (name == "lifetime") return std::make_unique<LongestLifetimeStrategy>();
    if (name == "linear") return std::make_unique<LinearStrategy>();
    fail("unknown planner strategy '{}': use greedy, lifetime or linear", name);
}

int64_t arena_size(const std::vector<BufferRequest>& requests, const std::vector<int64_t>& offsets) {
    int64_t top = 0;
    for (size_t i = 0; i < requests.size(); ++i) top = std::max(top, offsets[i] + requests[i].size);
    return top;
}

std::pair<int, int> find_conflict(const std::vector<BufferRequest>& requests, const std::vector<int64_t>& offsets) {
    for (size_t i = 0; i < requests.size(); ++i) {
        for (size_t j = i + 1; j < requests.size(); ++j) {
            if (!lifetimes_overlap(requests[i], requests[j])) continue;
            if (requests[i].size == 0 || requests[j].size == 0) continue;
            const bool disjoint =
                offsets[i] + requests[i].size <= offsets[j] || offsets[j] + requests[j].size <= offsets[i];
            if (!disjoint) return {int(i), int(j)};
        }
    }
    return {-1, -1};
}

}  // namespace mcuprof::planner

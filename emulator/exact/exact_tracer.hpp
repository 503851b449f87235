// Exact mode: a memory read and a memory write hook over every mapped RAM
// range, and a shadow map with one entry per RAM byte. Gives what painting
// cannot: byte-exact per-layer footprints (bytes read, bytes written, lowest
// and highest address), reads of bytes nothing ever wrote, reads of bytes a
// plan says are dead, the SRAM budget at byte granularity, and per-tensor
// attribution of every access. Costs every load and store its fast path in
// Unicorn, which is why it is a mode.
#pragma once

#include "emulator/core/machine.hpp"
#include "emulator/report/exact_report.hpp"

#include <unicorn/unicorn.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mcuprof {

// A planned tensor the exact tracer attributes accesses to. Arena tensors
// share addresses over time, so each is live only in [first_layer,
// last_layer] (indexes into the run's layers, in marker order).
struct ExactTensor {
    std::string name;
    uint32_t address = 0;
    uint32_t size = 0;
    size_t first_layer = 0;
    size_t last_layer = 0;
};

class ExactTracer {
public:
    struct Options {
        uint32_t stack_limit = 0;   // [stack_limit, stack_top) is the stack
        uint32_t stack_top = 0;
        uint64_t sram_budget = 0;   // exact byte budget, filled in profile order like the machine's
        std::vector<ExactTensor> tensors;
        // The planned arena [arena_begin, arena_end) (0, 0 = not judged): a
        // read of a byte no live tensor holds, or whose data died at a layer
        // begin and was not written since, is a dead read; a write no live
        // tensor covers is an unplanned write.
        uint32_t arena_begin = 0;
        uint32_t arena_end = 0;
    };
    // What the tracer needs to attribute a finding: the pc of the access.
    using PcOfAccess = std::function<uint32_t(uint32_t address, bool is_write)>;
    // Called on an access beyond the exact budget (byte granularity): the
    // callee records the violation and stops the run.
    using AccessHandler = std::function<void(uint32_t address, unsigned size, bool is_write)>;
    // Accesses that may be faults, for the callee to decide: word accesses at
    // an address that is not word aligned (a fault only for multi-word
    // instructions: LDM, LDRD, ...), and stores below the stack limit (a
    // fault when they are stack stores).
    struct Suspects {
        AccessHandler unaligned_word;
        AccessHandler store_below_stack;
    };

    ExactTracer(Machine& machine, Options options, PcOfAccess pc_of_access, AccessHandler on_budget,
                Suspects suspects);
    ~ExactTracer();
    ExactTracer(const ExactTracer&) = delete;
    ExactTracer& operator=(const ExactTracer&) = delete;

    void install();
    // Bytes the loader placed in RAM count as written (before the run).
    void mark_written(uint32_t begin, uint32_t end);
    // For a replay from a snapshot: every byte not holding its reset paint
    // counts as written before (the fast mode's knowledge, with its blind spot).
    void mark_written_unless_paint();
    // Bytes the host wrote into guest RAM during the run (semihosting
    // buffers): written in the current stretch, as a store would be.
    void host_wrote(uint32_t address, size_t n);
    // A layer marker: `layer` is the index of the layer now open, or nothing
    // between layers; sp is the stack pointer at the marker. Closes the
    // stretch that ran until now.
    void boundary(std::optional<size_t> layer, const std::string& name, uint32_t sp);
    // Closes the last stretch and fills the result (call once, after the run).
    ExactReport finish();

private:
    struct Range;
    struct Shadow;
    static void on_access(uc_engine* uc, uc_mem_type type, uint64_t address, int size, int64_t value, void* range);
    void access(const Range& range, uint32_t address, unsigned size, bool is_write);
    void close_stretch();
    // The write stamp of a RAM byte (0 when never written or not RAM).
    uint32_t write_stamp_at(uint32_t address) const;
    std::optional<uint64_t> arena_peak() const;
    // Depth of the live stack at sp: stack_top minus the lowest byte at or
    // above sp that was ever written (how deep the frames live now reach).
    uint64_t live_stack_depth(uint32_t sp) const;
    // Keeps the first few findings of each kind.
    void finding(const char* kind, uint32_t address, const ExactTensor* tensor);
    // The tensor live in the current layer that holds address, or null.
    const ExactTensor* live_tensor_at(uint32_t address, bool is_write) const;
    // A tensor that holds address at some other time, or null.
    const ExactTensor* any_tensor_at(uint32_t address) const;
    void note_tensor_access(const ExactTensor& tensor, uint32_t address, bool is_write);

    Machine& machine_;
    Options options_;
    PcOfAccess pc_of_access_;
    AccessHandler on_budget_;
    Suspects suspects_;
    std::vector<std::unique_ptr<Shadow>> shadows_;
    std::vector<std::unique_ptr<Range>> ranges_;
    std::vector<uc_hook> hooks_;

    // The stretch of execution since the last marker: stamp 0 means never,
    // 1 the loader, stretches count from 2.
    static constexpr uint32_t kLoaderStamp = 1;
    uint32_t stretch_ = 2;
    std::vector<const ExactTensor*> live_;   // live in the current layer, by address (in place: overlapping)
    std::optional<size_t> layer_;
    ExactLayerFootprint current_;
    std::vector<ExactLayerFootprint> layers_;
    ExactReport report_;
    std::vector<ExactTensorAccess> tensor_stats_;
    std::vector<std::vector<uint8_t>> tensor_seen_;  // per tensor byte: 1 read, 2 written while live
    bool budget_hit_ = false;
    bool plain_ = false;
    // The current stretch's lowest and highest touched address (plain
    // integers on the hot path; copied into current_ when it closes).
    uint32_t lowest_ = UINT32_MAX;
    uint32_t highest_ = 0;
    std::vector<uint8_t> dead_;    // per arena byte: its data died and nothing wrote it since
    std::vector<int32_t> owner_;   // per arena byte: tensor that last wrote it, -1 none  // no tensors and no arena: the repeat-access shortcut applies
    uint64_t written_outside_stack_ = 0;  // distinct bytes, loader's included
    bool in_stack(uint32_t address) const {
        return address >= options_.stack_limit && address < options_.stack_top;
    }
};

}  // namespace mcuprof

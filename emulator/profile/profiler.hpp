// The default-mode profiler: one UC_HOOK_BLOCK callback, no per-instruction or
// memory hook. Each translation block is decoded once (block_decoder.hpp) and
// cached with its instruction count, static cycle estimate and end kind; the
// callback then only adds cached numbers, settles the previous block's branch
// (taken or not, from the address that follows) and tracks calls and returns
// for inclusive per-function figures.
#pragma once

#include "emulator/core/machine.hpp"
#include "emulator/elf/elf_image.hpp"
#include "emulator/profile/block_decoder.hpp"
#include "emulator/profile/cycle_model.hpp"
#include "emulator/profile/memory_system.hpp"
#include "emulator/report/report.hpp"

#include <unicorn/unicorn.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace mcuprof {

// Totals at one point of execution.
struct Position {
    uint64_t instructions = 0;
    uint64_t cycles = 0;
};

// Why the profiler asked Unicorn to stop.
enum class ProfilerStop {
    None,
    InstructionLimit,
    SelfLoop,
    Hang,               // a store-free loop re-entered with the same core state: provably endless
    StackOverflow,
    UnalignedMultiple,  // LDM/STM/LDRD/STRD at an address that is not word aligned
    DivideByZero,       // UDIV/SDIV by zero with CCR.DIV_0_TRP set
    UninitialisedCode,  // a block in RAM that still holds its reset paint: nothing wrote code there
    UndefinedInstruction,  // an instruction the part does not implement (double precision on an SP FPU)
};

class Profiler {
public:
    struct Options {
        uint64_t instruction_limit = UINT64_MAX;
        uint32_t stack_limit = 0;        // SP below this is a stack overflow (0 = unchecked)
        // Timing mode "memory": a read hook prices every load (data caches,
        // flash wait states), not only the literal loads known at decode.
        bool data_timing = false;
    };

    // Stall cycles the memory system added, for the report.
    struct MemoryStalls {
        uint64_t fetch = 0;  // instruction fetches and literal loads (charged per block)
        uint64_t data = 0;   // other loads (timing mode "memory" only)
    };

    Profiler(Machine& machine, const ElfImage& image, const Options& options);
    ~Profiler();
    Profiler(const Profiler&) = delete;
    Profiler& operator=(const Profiler&) = delete;

    // Adds the block hook; call once before emulation starts.
    void install();
    // Marks the reset handler's function as the root activation.
    void start(uint32_t reset_handler);

    Position position() const { return {instructions_, cycles_}; }

    // The memory system the firmware configures (FLASH_ACR, SCB CCR and
    // cache maintenance reach it through the runner).
    const MemorySystem& memory() const { return memory_; }
    void configure_memory(const MemoryEnables& enables);
    void invalidate_instruction_caches();
    void invalidate_data_caches();
    MemoryStalls memory_stalls() const { return stalls_; }
    // Totals up to and including the instruction of the current block that
    // makes an access to `address` (registers are exact inside Unicorn's memory
    // callbacks, PC is not: the instruction is found by effective address).
    Position position_after_access(uint32_t address, bool is_write) const;
    Position position_before_access(uint32_t address, bool is_write) const;
    // The address of the instruction making that access (block start if none matches).
    uint32_t pc_of_access(uint32_t address, bool is_write) const;
    // Whether the instruction making that access needs a word-aligned address
    // (LDM, LDRD, ...; see MemOperand::needs_word_alignment).
    bool access_needs_word_alignment(uint32_t address, bool is_write) const;
    // Whether that access addresses memory from SP ([SP, #imm], PUSH, ...).
    bool access_is_sp_based(uint32_t address, bool is_write) const;
    // Whether the current block moves SP down (pushes, SUB SP, MOV SP, ...).
    bool current_block_moves_sp_down() const;
    // The address of the instruction after it (where execution resumes).
    uint32_t pc_after_access(uint32_t address, bool is_write) const;
    // Lifts the instruction limit (exact replay runs a layer again).
    void clear_instruction_limit() {
        options_.instruction_limit = UINT64_MAX;
        next_check_ = instructions_ + kHangCheckInterval;
    }
    // Registers were set from outside (a replay restored them): the next
    // block that lowers SP reads it again.
    void forget_stack_pointer() {
        sp_floor_ = 0;
        note_side_effect();
    }
    // Something a loop's registers do not show happened (an MMIO or System
    // Control Space access, a semihosting call, registers or memory set from
    // outside): the hang watch must not conclude from the pass it is in.
    void note_side_effect() { side_effect_ = true; }

    // The run stopped at the instruction making this access (a fault): the rest
    // of the current block did not execute. Removes it from the figures.
    void stop_at_access(uint32_t address, bool is_write);
    // The run stopped at pc inside the current block (an exception).
    void stop_at_pc(uint32_t pc);

    // The block being executed, and its last instruction (after a failed
    // fetch: the branch that jumped there), for attribution.
    uint32_t current_block() const;
    uint32_t current_block_last_pc() const;

    // CCR.DIV_0_TRP as the firmware last wrote it.
    void set_divide_by_zero_trap(bool on) { divide_by_zero_trap_ = on; }

    ProfilerStop stop_reason() const { return stop_; }
    // The data address of an UnalignedMultiple stop.
    uint32_t stop_address() const { return stop_address_; }
    // The last instruction executed before an UninitialisedCode stop (the jump).
    uint32_t stop_from() const { return stop_from_; }
    uint32_t stop_pc() const { return stop_pc_; }
    uint32_t stop_sp() const { return stop_sp_; }
    // The instruction of an UndefinedInstruction stop, as disassembled.
    const std::string& stop_instruction() const { return stop_instruction_; }

    // Per-function figures; settles the call stack (functions still active are
    // credited up to now). Call once, after emulation.
    std::vector<FunctionReport> finish();
    uint64_t unmodelled_instructions() const;
    // Executions of instructions costed with an unsourced default, per
    // (mnemonic, function), most executed first; from the per-block counts.
    std::vector<UnpricedInstruction> unpriced_instructions() const;

    // Hang watch: every kHangCheckInterval instructions the block being
    // entered, if it is a candidate (see decode()), is watched over its next
    // pass; a pass that leaves the whole core state unchanged is endless.
    static constexpr uint64_t kHangCheckInterval = uint64_t(1) << 22;

private:
    struct Entry;
    // What a store-free loop's next pass depends on besides memory: r0-r12,
    // SP, LR, xPSR (flags, IT state), D0-D15 and FPSCR.
    struct CoreState {
        std::array<uint32_t, 16> core{};
        std::array<uint64_t, 16> fp{};
        uint32_t fpscr = 0;
        bool operator==(const CoreState&) const = default;
    };
    struct Frame {
        uint32_t return_address;
        uint32_t function;
        uint64_t instructions_at_entry;
        uint64_t cycles_at_entry;
    };

    // The block hook, one instantiation per kind of core: the hot path is
    // written to stay within a few nanoseconds per block (see on_block).
    template <bool kPredictor>
    static void on_block(uc_engine* uc, uint64_t address, uint32_t size, void* self);
    Entry* lookup_slow(uint32_t address, uint32_t size);
    Entry* decode(uint32_t address, uint32_t size);
    Entry* lookup_by_key(uint32_t address, uint32_t size);
    Entry** ram_slot(uint32_t address);
    bool holds_same_code(const Entry& e) const;
    // Call/return/tail-call bookkeeping when `prev` ended in one.
    void track_frames(const Entry* prev, uint32_t address, const Entry* next);
    void track_other_frames(const Entry* prev, uint32_t address, const Entry* next);
    template <bool kPredictor>
    void step(uc_engine* uc, uint32_t address, uint32_t size, Entry* cached);
    template <bool kPredictor>
    static uint32_t settle_exit(const CycleModel& model, Entry* prev, uint32_t address, const Entry* next,
                                bool& taken);
    // The memory stall of entering `e`, off the hot path (its lines may have
    // changed since its cost was cached).
    uint32_t fetch_slow(Entry* e, bool taken);
    static void on_data_read(uc_engine* uc, uc_mem_type type, uint64_t address, int size, int64_t value, void* self);
    void check_stack(const Entry* block);
    void run_entry_checks(Entry* block);
    bool has_current() const;
    void push_frame(uint32_t return_address, uint32_t function);
    void pop_frame();
    void request_stop(ProfilerStop why, uint32_t pc);
    // At each kHangCheckInterval and at the instruction limit.
    void checkpoint(uc_engine* uc, uint32_t address);
    void watch_pass(const Entry* prev, Entry* e, uint32_t address);
    void unwatch();
    bool needs_general_entry(const Entry& e) const;
    CoreState read_core_state() const;
    std::optional<size_t> access_index(uint32_t address, bool is_write) const;
    void remove_tail(size_t first_not_executed);

    Machine& machine_;
    const ElfImage& image_;
    Options options_;
    const CycleModel& model_;
    std::unique_ptr<BlockDecoder> decoder_;
    MemorySystem memory_;
    uc_hook hook_ = 0;
    uc_hook data_hook_ = 0;
    // memory_.generation() as last seen: a block whose cost was cached at it
    // is charged that cost without a lookup.
    uint32_t memory_generation_ = 0;
    MemoryStalls stalls_;

    uint64_t instructions_ = 0;
    uint64_t cycles_ = 0;
    // The next instruction count at which checkpoint() runs: the limit, or
    // earlier for the hang watch.
    uint64_t next_check_ = 0;
    Entry* watched_ = nullptr;   // the loop block under the hang watch, if any
    CoreState watched_state_;    // the core state at its last entry
    bool side_effect_ = false;   // see note_side_effect()
    // A lower bound of SP: the last value read, less every constant drop
    // since (rises are ignored). SP is read only when this falls below the
    // limit, so a stack overflow is still caught at the block that causes it.
    int64_t sp_floor_ = 0;
    // The block being executed; starts at a sentinel with nothing to settle,
    // so the hook never tests for null.
    std::unique_ptr<Entry> sentinel_;
    Entry* current_ = nullptr;
    ProfilerStop stop_ = ProfilerStop::None;
    uint32_t stop_pc_ = 0;
    uint32_t stop_sp_ = 0;
    uint32_t stop_address_ = 0;
    uint32_t stop_from_ = 0;
    std::string stop_instruction_;
    bool divide_by_zero_trap_ = false;

    // Block cache: a direct index over flash (one slot per halfword) and a map
    // for code anywhere else (RAM).
    uint32_t flash_base_ = 0;
    uint32_t flash_slots_ = 0;
    std::vector<Entry*> flash_index_;
    std::unordered_map<uint64_t, Entry*> other_index_;
    // Code in executable RAM (ITCM, .ramfunc): a direct index per area too,
    // on the general path, where each block's bytes are compared with the
    // decoded ones before its entry is reused.
    struct RamIndex {
        uint32_t base;
        std::vector<Entry*> slots;  // one per halfword
    };
    std::vector<RamIndex> ram_indexes_;
    std::vector<std::unique_ptr<Entry>> entries_;

    std::vector<Frame> frames_;             // fixed size; the first depth_ are open
    size_t depth_ = 0;
    std::vector<uint32_t> active_;          // activations on the stack, per function
    std::vector<uint64_t> calls_;           // per function
    std::vector<Position> inclusive_;       // per function
};

}  // namespace mcuprof

#include "emulator/profile/profiler.hpp"

#include "emulator/board/fpu.hpp"
#include "emulator/core/unicorn_error.hpp"
#include "emulator/profile/memory_painter.hpp"
#include "emulator/text/error.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <limits>
#include <map>

namespace mcuprof {
namespace {
constexpr uint32_t kNoFunction = std::numeric_limits<uint32_t>::max();
// Return-address matching looks this deep (longjmp, exceptions unwinding
// several frames); deeper mismatches are left alone.
constexpr size_t kReturnSearchDepth = 16;
constexpr size_t kMaxFrames = 1 << 16;

// Instructions whose only effects are on registers (including the FP ones and
// the flags) or that read memory: a loop made of them changes nothing the core
// state does not show (NOP, SEV and CLREX included: only a store-exclusive
// would see the monitor CLREX clears; VMRS/VMSR move FPSCR, which is compared
// too). Stores, exclusive stores, MRS/MSR/CPS, WFI/WFE, SVC/BKPT and
// undecoded instructions are left out.
bool touches_only_registers(InsnClass cls) {
    switch (cls) {
        case InsnClass::Alu: case InsnClass::AluShifted: case InsnClass::BitfieldDsp: case InsnClass::Multiply:
        case InsnClass::Divide: case InsnClass::Load: case InsnClass::LoadByteHalf: case InsnClass::LoadLiteral:
        case InsnClass::LoadDual: case InsnClass::LoadMultiple: case InsnClass::Branch: case InsnClass::IfThen:
        case InsnClass::Barrier: case InsnClass::InstructionBarrier: case InsnClass::Hint: case InsnClass::FpArith:
        case InsnClass::FpMove: case InsnClass::FpMac: case InsnClass::FpDiv: case InsnClass::FpSqrt:
        case InsnClass::FpLoad32: case InsnClass::FpLoad64: case InsnClass::FpLoadMultiple:
        case InsnClass::FpMoveCore: case InsnClass::FpMoveCorePair: case InsnClass::FpMoveCoreHalf:
        case InsnClass::FpStatus: case InsnClass::FpArithDouble: case InsnClass::FpMulDouble: case InsnClass::FpMacDouble:
        case InsnClass::FpDivSqrtDouble:
            return true;
        default:
            return false;
    }
}

// A block that can only loop onto itself without changing memory: it ends in
// a branch back to its own start and every instruction touches only registers
// (a load may read an MMIO register, which the runner reports as a side effect).
bool is_hang_candidate(const BlockInfo& b, uint32_t address) {
    if (!(b.end == EndKind::DirectBranch || b.end == EndKind::ConditionalBranch) || !b.has_target ||
        b.target != address) {
        return false;
    }
    return std::all_of(b.insns.begin(), b.insns.end(), [](const InsnInfo& i) {
        return touches_only_registers(i.cls) && !(i.mem.kind != MemOperand::Kind::None && i.mem.is_store);
    });
}
// The block as the fetch model sees it (memory_system.hpp): the static cycles
// of the instructions starting in each fetch unit, and the flash constants its
// literal loads read.
FetchLayout fetch_layout(const BlockInfo& b, unsigned fetch_bytes, const MemoryArea& flash) {
    FetchLayout f;
    f.address = b.address;
    f.size = b.size;
    const uint32_t first_unit = b.address & ~(fetch_bytes - 1);
    const uint32_t last_unit = (b.address + (b.size == 0 ? 0 : b.size - 1)) & ~(fetch_bytes - 1);
    f.unit_cycles.assign((last_unit - first_unit) / fetch_bytes + 1, 0);
    for (size_t i = 0; i < b.insns.size(); ++i) {
        const InsnInfo& insn = b.insns[i];
        const uint32_t at = b.address + insn.offset;
        const uint32_t next_before = i + 1 < b.insns.size() ? b.insns[i + 1].cycles_before : b.cycles;
        uint16_t& unit = f.unit_cycles[(at - first_unit) / fetch_bytes];
        unit = static_cast<uint16_t>(std::min<uint32_t>(UINT16_MAX, unit + (next_before - insn.cycles_before)));
        if (insn.cls == InsnClass::LoadLiteral && insn.mem.base == kRegPc) {
            const uint32_t literal = ((at + 4) & ~3u) + uint32_t(insn.mem.imm);
            if (literal - flash.base < flash.mapped_bytes) f.literals.push_back(literal);
        }
    }
    return f;
}
}  // namespace

// What the hook must do when a block ends, decided once at decode time.
enum class ExitWork : uint8_t {
    None,      // fell through, or an exception instruction: nothing to settle
    Branch,    // a branch: its cost depends on where execution went
    Call,      // BL/BLX: also opens a frame
    Return,    // BX LR, POP {PC}, other indirect branches: also closes frames
    TailCall,  // a direct branch to the start of another function
};

// One cached translation block. The first cache line holds everything the
// hook reads or writes on every execution; the decoded instructions follow.
struct alignas(64) Profiler::Entry {
    uint16_t size = 0;
    uint16_t instructions = 0;
    uint32_t cycles = 0;        // static estimate, final branch not taken
    uint32_t fallthrough = 0;
    ExitWork exit = ExitWork::None;
    bool conditional = false;   // the final branch may fall through
    bool general_entry = false; // the hook takes the general path into this block
    bool general_exit = false;  // ... and into the block after it (see decode())
    bool starts_wide_unaligned = false;
    InsnClass end_class = InsnClass::Unknown;
    bool moves_sp_down = false; // pushes, SUB SP, MOV SP, ... (exact mode's stack-store check)
    uint32_t function = kNoFunction;
    BranchSite site;            // predictor state (Cortex-M7 estimate)
    uint64_t executions = 0;
    uint64_t dynamic_cycles = 0;       // branch exit and memory stall cycles charged here
    uint32_t sp_drop = 0;              // constant SP drops (0 when the stack is unchecked)
    // The memory stall of entering this block (straight / after a taken
    // branch) while the memory system is at fetch_generation.
    uint32_t fetch_generation = UINT32_MAX;
    uint16_t resident_stall[2] = {0, 0};
    // Cold.
    uint32_t target = 0;        // static target (TailCall)
    bool sp_unknown = false;           // moves SP by a register amount: read SP after it
    bool self_loop = false;
    bool hang_candidate = false;  // a store-free loop onto itself (see decode())
    bool uninitialised = false;  // RAM block whose bytes all still hold their paint
    bool needs_word_alignment = false;  // has an LDM/LDRD/... (exact mode checks their addresses)
    uint64_t removed_instructions = 0; // not executed because the run stopped inside
    uint64_t removed_cycles = 0;
    std::vector<uint64_t> unpriced_removed;  // per info.unpriced: executions removed by stops
    uint32_t address = 0;
    std::vector<uint8_t> code;  // the bytes decoded, for blocks outside flash (empty in flash)
    const uint8_t* code_now = nullptr;  // where the guest's copy of them lives on the host
    FetchLayout fetch;
    BlockInfo info;
};

// Entering the block needs a check: self loop, code never written, operands
// to test, or the hang watch on it.
bool Profiler::needs_general_entry(const Entry& e) const {
    return e.self_loop || e.uninitialised || !e.info.entry_checks.empty() || &e == watched_;
}

Profiler::Profiler(Machine& machine, const ElfImage& image, const Options& options)
    : machine_(machine),
      image_(image),
      options_(options),
      model_(CycleModel::for_core(machine.board().core)),
      decoder_(std::make_unique<BlockDecoder>(model_, fpu_has_double_precision(machine.board().fpu))),
      memory_(machine.board()),
      sentinel_(std::make_unique<Entry>()) {
    static_assert(offsetof(Entry, target) <= 64, "the hot fields of an entry fit one cache line");
    current_ = sentinel_.get();
    const MemoryArea& flash = machine.flash();
    flash_base_ = flash.base;
    flash_index_.assign(flash.mapped_bytes / 2, nullptr);
    flash_slots_ = static_cast<uint32_t>(flash_index_.size());
    for (const MemoryArea& area : machine.ram()) {
        if (area.mapped_bytes > 0 && area.region->executable) {
            ram_indexes_.push_back(RamIndex{area.base, std::vector<Entry*>(area.mapped_bytes / 2, nullptr)});
        }
    }
    next_check_ = std::min(options_.instruction_limit, kHangCheckInterval);
    frames_.resize(kMaxFrames);
    const size_t n = image.functions().size();
    active_.assign(n, 0);
    calls_.assign(n, 0);
    inclusive_.assign(n, Position{});
}

Profiler::~Profiler() {
    if (hook_ != 0) uc_hook_del(machine_.uc(), hook_);
    if (data_hook_ != 0) uc_hook_del(machine_.uc(), data_hook_);
}

void Profiler::configure_memory(const MemoryEnables& enables) {
    memory_.configure(enables);
    memory_generation_ = memory_.generation();
}

void Profiler::invalidate_instruction_caches() {
    memory_.invalidate_instruction_caches();
    memory_generation_ = memory_.generation();
}

void Profiler::invalidate_data_caches() {
    memory_.invalidate_data_caches();
    memory_generation_ = memory_.generation();
}

// Timing mode "memory": every load (Unicorn reports data reads only, not
// instruction fetches), charged to the block making it.
void Profiler::on_data_read(uc_engine*, uc_mem_type, uint64_t address, int size, int64_t, void* self_ptr) {
    auto* self = static_cast<Profiler*>(self_ptr);
    const uint32_t stall = self->memory_.data_load(static_cast<uint32_t>(address), static_cast<unsigned>(size));
    self->cycles_ += stall;
    self->current_->dynamic_cycles += stall;
    self->stalls_.data += stall;
}

__attribute__((noinline)) uint32_t Profiler::fetch_slow(Entry* e, bool taken) {
    const MemorySystem::BlockCost cost = memory_.enter_block(e->fetch, taken);
    memory_generation_ = memory_.generation();
    e->resident_stall[0] = static_cast<uint16_t>(std::min<uint32_t>(cost.resident[0], UINT16_MAX));
    e->resident_stall[1] = static_cast<uint16_t>(std::min<uint32_t>(cost.resident[1], UINT16_MAX));
    e->fetch_generation = cost.all_resident ? memory_generation_ : memory_generation_ - 1;
    return cost.stall;
}

void Profiler::install() {
    void* callback = model_.has_predictor() ? reinterpret_cast<void*>(&Profiler::on_block<true>)
                                            : reinterpret_cast<void*>(&Profiler::on_block<false>);
    check_uc(uc_hook_add(machine_.uc(), &hook_, UC_HOOK_BLOCK, callback, this, 1, 0), "adding the block hook");
    if (options_.data_timing) {
        memory_.set_data_hook_active(true);
        memory_generation_ = memory_.generation();
        check_uc(uc_hook_add(machine_.uc(), &data_hook_, UC_HOOK_MEM_READ,
                             reinterpret_cast<void*>(&Profiler::on_data_read), this, 1, 0),
                 "adding the load hook of timing mode memory");
    }
}

void Profiler::start(uint32_t reset_handler) {
    if (const ElfFunction* f = image_.function_at(reset_handler)) {
        push_frame(0xFFFFFFFFu, static_cast<uint32_t>(f - image_.functions().data()));
    }
}

bool Profiler::has_current() const { return current_ != sentinel_.get(); }

Profiler::Entry* Profiler::lookup_slow(uint32_t address, uint32_t size) {
    const uint32_t slot = (address - flash_base_) >> 1;
    if (slot < flash_slots_) {
        // A flash slot keeps the first block seen there; another size at the
        // same address (Unicorn re-translated it shorter) goes to the map.
        Entry* e = decode(address, size);
        if (flash_index_[slot] == nullptr) flash_index_[slot] = e;
        return e;
    }
    // Code in RAM can be rewritten in place (a loader, an overlay): Unicorn
    // then translates the new code, possibly to a block of the same address
    // and size, so the cached decode is only reused while the bytes match.
    if (Entry** slot = ram_slot(address)) {
        Entry* e = *slot;
        if (e == nullptr || e->size != size || !holds_same_code(*e)) *slot = e = lookup_by_key(address, size);
        return e;
    }
    return lookup_by_key(address, size);
}

Profiler::Entry* Profiler::lookup_by_key(uint32_t address, uint32_t size) {
    const uint64_t key = uint64_t(address) << 32 | size;
    auto it = other_index_.find(key);
    if (it != other_index_.end()) {
        if (holds_same_code(*it->second)) return it->second;
        other_index_.erase(it);  // the old entry keeps its figures
    }
    return other_index_[key] = decode(address, size);
}

Profiler::Entry** Profiler::ram_slot(uint32_t address) {
    for (RamIndex& r : ram_indexes_) {
        const uint32_t slot = (address - r.base) >> 1;
        if (slot < r.slots.size()) return &r.slots[slot];
    }
    return nullptr;
}

// Blocks in flash (at its base or an alias, which reach this map) keep no
// copy: stores cannot change flash.
bool Profiler::holds_same_code(const Entry& e) const {
    if (e.code.empty()) return true;
    if (e.code_now != nullptr) return std::memcmp(e.code_now, e.code.data(), e.size) == 0;
    // A block across two RAM areas has no single host view.
    std::vector<uint8_t> now(e.size);
    return machine_.read(e.address, now.data(), now.size()) && now == e.code;
}

Profiler::Entry* Profiler::decode(uint32_t address, uint32_t size) {
    // Blocks with the same address and size share one entry across both indexes.
    const uint64_t key = uint64_t(address) << 32 | size;
    if (auto it = other_index_.find(key); it != other_index_.end()) return it->second;

    std::vector<uint8_t> code(size);
    if (!machine_.read(address, code.data(), size)) {
        fail("cannot read the code of the block at {:#010x} ({} bytes)", address, size);
    }
    auto e = std::make_unique<Entry>();
    // Literal-pool constants come from flash, which stores cannot change.
    const MemoryArea& flash = machine_.flash();
    e->info = decoder_->decode(code.data(), code.size(), address, [&flash](uint32_t at) -> std::optional<uint32_t> {
        if (at < flash.base || uint64_t(at) + 4 > uint64_t(flash.base) + flash.mapped_bytes) return std::nullopt;
        uint32_t word = 0;
        std::memcpy(&word, flash.host + (at - flash.base), 4);
        return word;
    });
    const BlockInfo& b = e->info;
    e->address = address;
    e->size = static_cast<uint16_t>(size);
    if (machine_.area_at(address) != &flash) {  // see lookup_slow
        e->code = code;
        e->code_now = machine_.host_pointer(address, size);
    }
    e->instructions = b.instructions;
    e->cycles = b.cycles;
    e->fallthrough = b.fall_through;
    e->conditional = b.conditional_end;
    e->end_class = b.end_class;
    e->starts_wide_unaligned = b.starts_wide_unaligned;
    e->fetch = fetch_layout(b, memory_.fetch_bytes(), flash);
    if (const ElfFunction* f = image_.function_at(address)) {
        e->function = static_cast<uint32_t>(f - image_.functions().data());
    }
    switch (b.end) {
        case EndKind::FallThrough:
        case EndKind::Exception: e->exit = ExitWork::None; break;
        case EndKind::Call:
        case EndKind::IndirectCall: e->exit = ExitWork::Call; break;
        case EndKind::Return:
        case EndKind::IndirectBranch: e->exit = ExitWork::Return; break;
        case EndKind::DirectBranch:
        case EndKind::ConditionalBranch: {
            e->exit = ExitWork::Branch;
            // A tail call: the branch leaves this function for the start of another.
            const ElfFunction* t = b.has_target ? image_.function_at(b.target) : nullptr;
            if (t != nullptr && t->address == b.target && e->function != kNoFunction &&
                static_cast<uint32_t>(t - image_.functions().data()) != e->function) {
                e->exit = ExitWork::TailCall;
                e->target = b.target;
            }
            break;
        }
    }
    const bool check_stack = options_.stack_limit != 0;
    e->sp_drop = check_stack ? b.sp_drop : 0;
    e->sp_unknown = check_stack && b.sp_unknown;
    e->moves_sp_down = b.sp_drop != 0 || b.sp_unknown;
    e->needs_word_alignment = std::any_of(b.insns.begin(), b.insns.end(),
                                          [](const InsnInfo& i) { return i.mem.needs_word_alignment(); });
    e->self_loop = b.end == EndKind::DirectBranch && b.has_target && b.target == address && b.instructions == 1;
    e->hang_candidate = !e->self_loop && is_hang_candidate(b, address);
    e->uninitialised =
        machine_.area_at(address) != &machine_.flash() && MemoryPainter::holds_paint(code.data(), size, address);
    // Entering the block needs a check (self loop, code never written,
    // operands to test); leaving it needs frame or SP bookkeeping.
    e->general_entry = needs_general_entry(*e);
    e->general_exit = e->exit > ExitWork::Branch || e->sp_unknown;
    Entry* raw = e.get();
    entries_.push_back(std::move(e));
    other_index_.emplace(key, raw);
    return raw;
}

// The hot path: Unicorn calls this at the start of every translation block it
// executes, and it costs a bare Unicorn run most of its throughput, so the
// common case (a cached flash block after a plain branch or fall-through) is
// a leaf function: one indexed load to find the block, the previous block's
// exit cost from fields in the same cache line, two additions. Everything
// else (first sight of a block, calls and returns, stack checks, stops)
// takes the out-of-line general path, which does the whole step itself.
template <bool kPredictor>
void Profiler::on_block(uc_engine* uc, uint64_t address64, uint32_t size, void* self_ptr) {
    auto* self = static_cast<Profiler*>(self_ptr);
    const auto address = static_cast<uint32_t>(address64);
    const uint32_t slot = (address - self->flash_base_) >> 1;
    Entry* prev = self->current_;
    if (__builtin_expect(slot >= self->flash_slots_, 0)) return self->step<kPredictor>(uc, address, size, nullptr);
    Entry* e = self->flash_index_[slot];
    if (__builtin_expect(e == nullptr || e->size != size || prev->general_exit || e->general_entry, 0)) {
        return self->step<kPredictor>(uc, address, size, e);
    }
    self->current_ = e;
    ++e->executions;
    bool taken = false;
    const uint32_t extra = settle_exit<kPredictor>(self->model_, prev, address, e, taken);
    const uint32_t stall = __builtin_expect(e->fetch_generation == self->memory_generation_, 1)
                               ? e->resident_stall[taken]
                               : self->fetch_slow(e, taken);
    // Zero in the common cases (caches holding the block, or no wait
    // states): a predictable branch costs less than two stores (measured).
    if (__builtin_expect(stall != 0, 0)) {
        e->dynamic_cycles += stall;
        self->stalls_.fetch += stall;
    }
    // Both totals in one update after the exit is settled: a separate earlier
    // store to cycles_ defeats store forwarding (measured).
    self->instructions_ += e->instructions;
    self->cycles_ += e->cycles + extra + stall;
    self->sp_floor_ -= prev->sp_drop;
    if (__builtin_expect(self->sp_floor_ < int64_t(self->options_.stack_limit), 0)) self->check_stack(prev);
    if (__builtin_expect(self->instructions_ >= self->next_check_, 0)) self->checkpoint(uc, address);
}

// The cost of `prev`'s exit now that execution continues at `address` (block
// `next`), charged to `prev`.
template <bool kPredictor>
inline uint32_t Profiler::settle_exit(const CycleModel& model, Entry* prev, uint32_t address, const Entry* next,
                                      bool& taken) {
    // A block entered other than straight from the one before it (the start,
    // a split block resumed elsewhere) counts as after a taken branch.
    taken = address != prev->fallthrough;
    if (prev->exit == ExitWork::None) return 0;
    taken = !prev->conditional || address != prev->fallthrough;
    // Selects, not branches: whether a guest branch was taken is data the
    // host's predictor cannot guess.
    uint32_t extra = 0;
    if constexpr (kPredictor) {
        extra = model.predicted_exit(prev->site, prev->conditional, taken, address);
    } else {
        const ClassTiming& t = model.timing(prev->end_class);
        const uint32_t refill = next->starts_wide_unaligned ? t.refill_unaligned_wide : t.refill;
        extra = taken ? refill : 0;
    }
    prev->dynamic_cycles += extra;
    return extra;
}

// The general path: the same step as on_block's fast path, plus everything
// the fast path leaves out.
template <bool kPredictor>
__attribute__((noinline)) void Profiler::step(uc_engine* uc, uint32_t address, uint32_t size, Entry* e) {
    if (e == nullptr || e->size != size) e = lookup_slow(address, size);

    Entry* prev = current_;
    current_ = e;
    ++e->executions;
    bool taken = false;
    const uint32_t extra = settle_exit<kPredictor>(model_, prev, address, e, taken);
    if (prev->exit > ExitWork::Branch) track_frames(prev, address, e);
    const uint32_t stall = e->fetch_generation == memory_generation_ ? e->resident_stall[taken] : fetch_slow(e, taken);
    e->dynamic_cycles += stall;
    stalls_.fetch += stall;
    instructions_ += e->instructions;
    cycles_ += e->cycles + extra + stall;
    // The previous block has run to its end: check where SP is if it may be
    // below the limit now.
    sp_floor_ -= prev->sp_drop;
    if (prev->sp_unknown || sp_floor_ < int64_t(options_.stack_limit)) check_stack(prev);
    if (e->self_loop) request_stop(ProfilerStop::SelfLoop, address);
    if (e->uninitialised && stop_ == ProfilerStop::None) {
        stop_from_ = prev->info.insns.empty() ? 0 : prev->address + prev->info.insns.back().offset;
        request_stop(ProfilerStop::UninitialisedCode, address);
        remove_tail(0);
    }
    if (!e->info.entry_checks.empty() && stop_ == ProfilerStop::None) run_entry_checks(e);
    if (e == watched_) watch_pass(prev, e, address);
    if (instructions_ >= next_check_) checkpoint(uc, address);
    if (stop_ != ProfilerStop::None) uc_emu_stop(uc);
}

// Runs every kHangCheckInterval instructions, off the hot path: the
// instruction limit, and the start of a hang watch when the block being
// entered is a candidate. The watch then costs one register read per entry of
// that block until it proves the loop endless or sees it change.
__attribute__((noinline)) void Profiler::checkpoint(uc_engine* uc, uint32_t address) {
    if (instructions_ >= options_.instruction_limit) {
        request_stop(ProfilerStop::InstructionLimit, address);
        uc_emu_stop(uc);
        return;
    }
    next_check_ = std::min(options_.instruction_limit, instructions_ + kHangCheckInterval);
    if (watched_ != nullptr || !current_->hang_candidate || current_->address != address) return;
    watched_ = current_;
    watched_->general_entry = true;
    watched_state_ = read_core_state();
    side_effect_ = false;
}

// An entry of the watched block. Straight from its own last pass (nothing
// else ran), with no store (none in the block), no MMIO or semihosting in
// between and the same registers, flags and FP state as at that pass's start,
// the next pass does exactly the same: the loop never ends (no interrupt can
// change anything, as none is modelled).
void Profiler::watch_pass(const Entry* prev, Entry* e, uint32_t address) {
    if (prev == e && !side_effect_ && stop_ == ProfilerStop::None && read_core_state() == watched_state_) {
        request_stop(ProfilerStop::Hang, address);
    }
    unwatch();
}

void Profiler::unwatch() {
    Entry* e = watched_;
    watched_ = nullptr;
    if (e != nullptr) e->general_entry = needs_general_entry(*e);
}

Profiler::CoreState Profiler::read_core_state() const {
    static constexpr int kCore[] = {UC_ARM_REG_R0,  UC_ARM_REG_R1,  UC_ARM_REG_R2, UC_ARM_REG_R3, UC_ARM_REG_R4,
                                    UC_ARM_REG_R5,  UC_ARM_REG_R6,  UC_ARM_REG_R7, UC_ARM_REG_R8, UC_ARM_REG_R9,
                                    UC_ARM_REG_R10, UC_ARM_REG_R11, UC_ARM_REG_R12, UC_ARM_REG_SP, UC_ARM_REG_LR,
                                    UC_ARM_REG_XPSR, UC_ARM_REG_FPSCR};
    CoreState state;
    uint32_t core[std::size(kCore)] = {};
    void* values[std::size(kCore)];
    for (size_t i = 0; i < std::size(kCore); ++i) values[i] = &core[i];
    check_uc(uc_reg_read_batch(machine_.uc(), const_cast<int*>(kCore), values, int(std::size(kCore))),
             "reading the registers");
    std::copy(core, core + state.core.size(), state.core.begin());
    state.fpscr = core[std::size(kCore) - 1];
    int fp_ids[16];
    void* fp_values[16];
    for (int i = 0; i < 16; ++i) {
        fp_ids[i] = UC_ARM_REG_D0 + i;
        fp_values[i] = &state.fp[size_t(i)];
    }
    check_uc(uc_reg_read_batch(machine_.uc(), fp_ids, fp_values, 16), "reading the FP registers");
    return state;
}


// Calls and returns to the frame just opened are on the hot path; the rest
// (returns that unwind several frames, tail calls) is not.
inline void Profiler::track_frames(const Entry* prev, uint32_t address, const Entry* next) {
    if (prev->exit == ExitWork::Call) {
        if (next->function != kNoFunction) push_frame(prev->fallthrough, next->function);
    } else if (prev->exit == ExitWork::Return && depth_ > 0 && frames_[depth_ - 1].return_address == address) {
        pop_frame();
    } else {
        track_other_frames(prev, address, next);
    }
}

__attribute__((noinline)) void Profiler::track_other_frames(const Entry* prev, uint32_t address, const Entry* next) {
    switch (prev->exit) {
        case ExitWork::Return: {
            const size_t depth = std::min(depth_, kReturnSearchDepth);
            for (size_t i = 1; i <= depth; ++i) {
                if (frames_[depth_ - i].return_address == address) {
                    for (size_t k = 0; k < i; ++k) pop_frame();
                    break;
                }
            }
            break;
        }
        case ExitWork::TailCall:
            // The callee takes over the caller's activation.
            if (address == prev->target && depth_ > 0 && frames_[depth_ - 1].function == prev->function) {
                const uint32_t ret = frames_[depth_ - 1].return_address;
                pop_frame();
                push_frame(ret, next->function);
            }
            break;
        default:
            break;
    }
}

// Reads SP, which the hook only does when the constant drops since the last
// reading could have taken it below the limit, or after an instruction that
// moved it by a register amount.
__attribute__((noinline)) void Profiler::check_stack(const Entry* block) {
    const uint32_t sp = machine_.reg(UC_ARM_REG_SP);
    sp_floor_ = sp;
    if (sp < options_.stack_limit && stop_ == ProfilerStop::None) {
        stop_sp_ = sp;
        request_stop(ProfilerStop::StackOverflow, block->address);
        uc_emu_stop(machine_.uc());
    }
}

// Faults Unicorn does not raise, tested on the block-entry registers (see
// EntryCheck). The faulting instruction and those after it are not counted.
void Profiler::run_entry_checks(Entry* block) {
    for (const EntryCheck& c : block->info.entry_checks) {
        const uint32_t value = machine_.reg(UC_ARM_REG_R0 + c.reg);
        const uint32_t pc = block->address + block->info.insns[c.index].offset;
        if (c.kind == EntryCheck::Kind::Undefined) {
            stop_instruction_ = block->info.undefined_text;
            request_stop(ProfilerStop::UndefinedInstruction, pc);
        } else if (c.kind == EntryCheck::Kind::KnownUnaligned) {
            stop_address_ = c.address;
            request_stop(ProfilerStop::UnalignedMultiple, pc);
        } else if (c.kind == EntryCheck::Kind::WordAligned && ((value + uint32_t(c.offset)) & 3u) != 0) {
            stop_address_ = value + uint32_t(c.offset);
            request_stop(ProfilerStop::UnalignedMultiple, pc);
        } else if (c.kind == EntryCheck::Kind::NonZeroDivisor && divide_by_zero_trap_ && value == 0) {
            request_stop(ProfilerStop::DivideByZero, pc);
        } else {
            continue;
        }
        remove_tail(c.index);
        return;
    }
}

inline void Profiler::push_frame(uint32_t return_address, uint32_t function) {
    if (depth_ >= kMaxFrames) return;  // runaway recursion: stop tracking deeper
    frames_[depth_++] = Frame{return_address, function, instructions_, cycles_};
    ++active_[function];
    ++calls_[function];
}

inline void Profiler::pop_frame() {
    const Frame& f = frames_[--depth_];
    // Only the outermost activation of a recursive function is credited.
    if (--active_[f.function] == 0) {
        Position& p = inclusive_[f.function];
        p.instructions += instructions_ - f.instructions_at_entry;
        p.cycles += cycles_ - f.cycles_at_entry;
    }
}

void Profiler::request_stop(ProfilerStop why, uint32_t pc) {
    if (stop_ != ProfilerStop::None) return;
    stop_ = why;
    stop_pc_ = pc;
}

std::optional<size_t> Profiler::access_index(uint32_t address, bool is_write) const {
    if (!has_current()) return std::nullopt;
    uc_engine* uc = machine_.uc();
    return find_access(current_->info, address, is_write, [uc](unsigned reg) {
        // Architectural r0..r14 to Unicorn's register ids (PC is never asked).
        int id = UC_ARM_REG_R0 + static_cast<int>(reg);
        if (reg == kRegSp) id = UC_ARM_REG_SP;
        if (reg == kRegLr) id = UC_ARM_REG_LR;
        uint32_t value = 0;
        uc_reg_read(uc, id, &value);
        return value;
    });
}

Position Profiler::position_before_access(uint32_t address, bool is_write) const {
    if (!has_current()) return position();
    const std::optional<size_t> i = access_index(address, is_write);
    if (!i) return position();
    const auto& insn = current_->info.insns[*i];
    return Position{instructions_ - current_->instructions + *i, cycles_ - current_->cycles + insn.cycles_before};
}

Position Profiler::position_after_access(uint32_t address, bool is_write) const {
    if (!has_current()) return position();
    const std::optional<size_t> i = access_index(address, is_write);
    if (!i) return position();
    const size_t next = *i + 1;
    const uint32_t cycles_through = next < current_->info.insns.size()
                                        ? current_->info.insns[next].cycles_before
                                        : current_->info.cycles;
    return Position{instructions_ - current_->instructions + next, cycles_ - current_->cycles + cycles_through};
}

uint32_t Profiler::pc_after_access(uint32_t address, bool is_write) const {
    if (!has_current()) return 0;
    const std::optional<size_t> i = access_index(address, is_write);
    if (!i) return current_->address;
    const InsnInfo& insn = current_->info.insns[*i];
    return current_->address + insn.offset + insn.size;
}

bool Profiler::access_needs_word_alignment(uint32_t address, bool is_write) const {
    if (!has_current() || !current_->needs_word_alignment) return false;
    const std::optional<size_t> i = access_index(address, is_write);
    return i && current_->info.insns[*i].mem.needs_word_alignment();
}

bool Profiler::access_is_sp_based(uint32_t address, bool is_write) const {
    const std::optional<size_t> i = access_index(address, is_write);
    return i && current_->info.insns[*i].mem.base == kRegSp;
}

bool Profiler::current_block_moves_sp_down() const {
    return current_->moves_sp_down;  // false for the sentinel
}

uint32_t Profiler::pc_of_access(uint32_t address, bool is_write) const {
    if (!has_current()) return 0;
    const std::optional<size_t> i = access_index(address, is_write);
    return current_->address + (i ? current_->info.insns[*i].offset : 0);
}

void Profiler::remove_tail(size_t first_not_executed) {
    Entry* e = current_;
    if (!has_current() || first_not_executed >= e->info.insns.size()) return;
    const uint64_t insns = e->instructions - first_not_executed;
    const uint64_t cycles = e->cycles - e->info.insns[first_not_executed].cycles_before;
    instructions_ -= insns;
    cycles_ -= cycles;
    e->removed_instructions += insns;
    e->removed_cycles += cycles;
    const std::vector<UnpricedInsn>& unpriced = e->info.unpriced;
    e->unpriced_removed.resize(unpriced.size());
    for (size_t k = 0; k < unpriced.size(); ++k) {
        if (unpriced[k].index >= first_not_executed) ++e->unpriced_removed[k];
    }
}

void Profiler::stop_at_access(uint32_t address, bool is_write) {
    if (const std::optional<size_t> i = access_index(address, is_write)) remove_tail(*i);
}

void Profiler::stop_at_pc(uint32_t pc) {
    if (!has_current()) return;
    const auto& insns = current_->info.insns;
    for (size_t i = 0; i < insns.size(); ++i) {
        if (current_->address + insns[i].offset == pc) {
            remove_tail(i);
            return;
        }
    }
}

uint32_t Profiler::current_block() const { return has_current() ? current_->address : 0; }

uint32_t Profiler::current_block_last_pc() const {
    const Entry* e = current_;
    if (!has_current() || e->info.insns.empty()) return 0;
    return e->address + e->info.insns.back().offset;
}

uint64_t Profiler::unmodelled_instructions() const {
    uint64_t n = 0;
    for (const UnpricedInstruction& u : unpriced_instructions()) n += u.count;
    return n;
}

std::vector<UnpricedInstruction> Profiler::unpriced_instructions() const {
    std::map<std::pair<std::string, std::string>, uint64_t> counts;
    for (const auto& e : entries_) {
        const std::string function =
            e->function == kNoFunction ? std::string("(no symbol)") : image_.functions()[e->function].name;
        const std::vector<UnpricedInsn>& unpriced = e->info.unpriced;
        for (size_t k = 0; k < unpriced.size(); ++k) {
            const uint64_t removed = k < e->unpriced_removed.size() ? e->unpriced_removed[k] : 0;
            if (e->executions > removed) counts[{unpriced[k].mnemonic, function}] += e->executions - removed;
        }
    }
    std::vector<UnpricedInstruction> out;
    for (const auto& [key, count] : counts) out.push_back({key.first, key.second, count});
    std::stable_sort(out.begin(), out.end(),
                     [](const UnpricedInstruction& a, const UnpricedInstruction& b) { return a.count > b.count; });
    return out;
}

std::vector<FunctionReport> Profiler::finish() {
    while (depth_ > 0) pop_frame();
    const auto& functions = image_.functions();
    std::vector<FunctionReport> out(functions.size());
    FunctionReport unknown;
    unknown.name = "(no symbol)";
    for (const auto& e : entries_) {
        FunctionReport& f = e->function == kNoFunction ? unknown : out[e->function];
        f.instructions += e->executions * e->instructions - e->removed_instructions;
        f.cycles += e->executions * e->cycles + e->dynamic_cycles - e->removed_cycles;
    }
    std::vector<FunctionReport> result;
    for (size_t i = 0; i < functions.size(); ++i) {
        FunctionReport& f = out[i];
        if (f.instructions == 0 && calls_[i] == 0) continue;
        f.name = functions[i].name;
        f.calls = calls_[i];
        // A function only ever entered by a plain jump has no activation of its
        // own; its inclusive figures are then at least its own.
        f.inclusive_instructions = std::max(inclusive_[i].instructions, f.instructions);
        f.inclusive_cycles = std::max(inclusive_[i].cycles, f.cycles);
        result.push_back(std::move(f));
    }
    if (unknown.instructions > 0) {
        unknown.inclusive_instructions = unknown.instructions;
        unknown.inclusive_cycles = unknown.cycles;
        result.push_back(std::move(unknown));
    }
    std::sort(result.begin(), result.end(), [](const FunctionReport& a, const FunctionReport& b) {
        return a.cycles != b.cycles ? a.cycles > b.cycles : a.name < b.name;
    });
    return result;
}

template void Profiler::on_block<true>(uc_engine*, uint64_t, uint32_t, void*);
template void Profiler::on_block<false>(uc_engine*, uint64_t, uint32_t, void*);

}  // namespace mcuprof

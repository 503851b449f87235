#include "emulator/run/runner.hpp"

#include "emulator/board/board_profile.hpp"
#include "emulator/clock/clock_controller.hpp"
#include "emulator/clock/clock_timeline.hpp"
#include "emulator/core/image_loader.hpp"
#include "emulator/core/machine.hpp"
#include "emulator/core/stack_bounds.hpp"
#include "emulator/core/system_control_space.hpp"
#include "emulator/core/unicorn_error.hpp"
#include "emulator/elf/elf_image.hpp"
#include "emulator/elf/source_lines.hpp"
#include "emulator/exact/exact_tracer.hpp"
#include "emulator/exact/layer_snapshots.hpp"
#include "emulator/profile/arena_tracker.hpp"
#include "emulator/profile/cycle_model.hpp"
#include "emulator/profile/layer_tracker.hpp"
#include "emulator/profile/memory_painter.hpp"
#include "emulator/profile/profiler.hpp"
#include "emulator/profile/write_tracker.hpp"
#include "emulator/report/layer_folding.hpp"
#include "emulator/report/violation_kinds.hpp"
#include "emulator/run/poll_detector.hpp"
#include "emulator/run/run_interrupt.hpp"
#include "emulator/semihost/muting_console.hpp"
#include "emulator/semihost/semihosting.hpp"
#include "emulator/text/error.hpp"
#include "mcuprof/markers.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>

#include <signal.h>
#include <string.h>

namespace mcuprof {
namespace {

// Unicorn stops when PC reaches this address: none, since it is not a Thumb
// address (bit 0 set would be needed) and lies in execute-never space.
constexpr uint64_t kNeverReached = 0xFFFFFFFEu;

// A fault below this address is reported as a null-pointer access even with
// the null guard off (the board has no memory there, or it lies beyond the budget).
constexpr uint32_t kNullPage = 1024;

// QEMU's exception numbers as Unicorn's interrupt hook passes them
// (target/arm/cpu.h).
enum : uint32_t {
    kExcpUdef = 1,
    kExcpSwi = 2,
    kExcpPrefetchAbort = 3,
    kExcpDataAbort = 4,
    kExcpBkpt = 7,
    kExcpExceptionExit = 8,
    kExcpNoCoprocessor = 17,
    kExcpInvalidState = 18,
    kExcpStackOverflow = 19,
    kExcpUnaligned = 22,
    kExcpDivideByZero = 23,
};

constexpr uint16_t kSemihostingBkpt = 0xBEAB;

bool data_timing(const std::string& mode) {
    if (mode == "block") return false;
    if (mode == "memory") return true;
    fail("unknown timing mode '{}': use block (fetch stalls per block) or memory (every load priced too)", mode);
}

class Run final : public ScsListener {
public:
    Run(const RunOptions& options, Console& console);
    ~Run() override;
    Report execute();

    void on_itm_write(unsigned port, uint32_t value, unsigned size, uint32_t address) override;
    uint64_t cycles_at_access(uint32_t address, bool is_write) override;

private:
    static bool on_invalid_memory(uc_engine* uc, uc_mem_type type, uint64_t address, int size, int64_t value,
                                  void* self);
    static void on_interrupt(uc_engine* uc, uint32_t intno, void* self);
    static uint64_t scs_read(uc_engine* uc, uint64_t offset, unsigned size, void* self);
    static void scs_write(uc_engine* uc, uint64_t offset, unsigned size, uint64_t value, void* self);
    static uint64_t peripheral_read(uc_engine* uc, uint64_t offset, unsigned size, void* range);
    static void peripheral_write(uc_engine* uc, uint64_t offset, unsigned size, uint64_t value, void* range);

    void install_hooks();
    void start_exact_mode();
    ExactTracer::Options exact_options() const;
    void exact_unaligned_word(uint32_t address, unsigned size, bool is_write);
    void exact_store_below_stack(uint32_t address, unsigned size);
    // SP when a store to `address` (below the stack limit) is a stack store:
    // addressed from SP, or into the frame while SP is below the limit.
    std::optional<uint32_t> stack_store_sp(uint32_t address) const;
    void replay_layers(Report& report);
    void attribute_findings(ExactReport& exact) const;
    void handle_bkpt(uint32_t pc);
    void handle_exception(uint32_t intno, uint32_t pc);
    void peripheral_access(uint32_t address, unsigned size, bool is_write);
    // SCB CCR (L1 cache enables) and cache maintenance reach the memory system.
    void scs_memory_effects(uint32_t offset);
    // A write to a register of the clock controller; the clock timeline
    // follows when the setting changes.
    void clock_write(uint32_t address, unsigned size, uint32_t value);
    // FLASH_ACR as the clock controller decoded it reaches the memory system.
    void apply_flash_interface(const ClockSetting& before, const ClockSetting& now);
    PollDetector::CoreState core_state() const;
    void invalid_memory(uc_mem_type type, uint32_t address, int size);
    // Records a fatal violation (the first one wins) and stops emulation.
    void fatal(const std::string& kind, uint32_t address, uint32_t size, const std::string& access, uint32_t pc,
               const std::string& detail);
    void attribute(Violation& v) const;
    void finish_profiler_stop();
    // Whether the code at pc lies in RAM that still holds its reset paint.
    bool holds_paint(uint32_t pc);
    void uninitialised_code(uint32_t target, uint32_t from);
    Report build_report(double wall_seconds);
    // uc_emu_start with the interrupt (if any) able to stop it; false when
    // an interrupt was requested before it could start.
    bool emulate(uint32_t begin, uc_err& err);
    bool interrupted() const { return options_.interrupt != nullptr && options_.interrupt->signal() != 0; }

    struct PeripheralWindow {
        Run* run;
        uint32_t base;
    };

    RunOptions options_;
    Console& console_;
    MutingConsole guest_console_{console_};
    BoardProfile board_;
    // The clock the firmware configures and the core clock over the run.
    std::unique_ptr<ClockController> clock_;
    ClockTimeline timeline_;
    uint64_t clock_generation_ = 0;
    ElfImage image_;
    SourceLines lines_;
    Machine machine_;
    MemoryPainter painter_;
    BootState boot_;
    StackBounds bounds_;
    std::unique_ptr<Profiler> profiler_;
    std::unique_ptr<LayerTracker> tracker_;
    std::unique_ptr<ExactTracer> exact_;
    std::unique_ptr<WriteTracker> writes_;
    std::unique_ptr<LayerSnapshots> snapshots_;
    // The guest's clock at each snapshot (same order), for the replay.
    struct ClockAtSnapshot {
        uint64_t cycles;
        SystemControlSpace::State scs;
    };
    std::vector<ClockAtSnapshot> snapshot_clocks_;
    // Guest-visible cycles (CYCCNT, SysTick, SYS_CLOCK) = the profiler's
    // count + this; nonzero in a replay, which restarts the clock of a layer.
    int64_t clock_shift_ = 0;
    bool replaying_ = false;
    std::unique_ptr<ArenaTracker> arena_;
    std::unique_ptr<SystemControlSpace> scs_;
    std::unique_ptr<Semihosting> semihosting_;
    std::vector<std::unique_ptr<PeripheralWindow>> windows_;
    std::vector<uc_hook> hooks_;
    bool trap_peripherals_ = false;
    uint64_t peripheral_accesses_ = 0;
    PollDetector polls_;

    bool stopped_ = false;
    ExitInfo exit_;
    std::vector<Violation> violations_;
};

Run::Run(const RunOptions& options, Console& console)
    : options_(options),
      console_(console),
      board_(find_board(options.board)),
      clock_(make_clock_controller(board_)),
      timeline_(clock_->setting().core_hz),
      clock_generation_(clock_->generation()),
      image_(ElfImage::load(options.elf_path)),
      lines_(SourceLines::load(options.elf_path)),
      machine_(board_, MachineOptions{options.sram_budget, options.flash_budget, options.null_guard}),
      painter_(machine_) {
    // RAM is painted before anything is written to it, so every byte that
    // differs later was written by the firmware (or placed by the loader).
    painter_.paint_all();
    boot_ = load_image(machine_, image_);
    bounds_ = find_stack_bounds(image_, boot_.initial_sp, options.stack_limit);
    if (options.stack_limit) check_stack_limit_flag(image_, board_, bounds_);
    painter_.set_stack(bounds_.limit, bounds_.top);

    Profiler::Options popts;
    if (options.instruction_limit == 0) {
        fail("an instruction limit of 0 would stop the run before it starts: give a positive count or no limit");
    }
    popts.instruction_limit = options.instruction_limit;
    popts.stack_limit = bounds_.limit;
    popts.data_timing = data_timing(options.timing);
    profiler_ = std::make_unique<Profiler>(machine_, image_, popts);
    // The memory system out of reset: FLASH_ACR's reset value on the STM32
    // parts; a board without a clock controller keeps its flash's wait states.
    if (board_.clock.controller == ClockControllerKind::Fixed) {
        profiler_->configure_memory(MemoryEnables{.flash_latency = board_.flash().wait_states});
    } else {
        apply_flash_interface(clock_->setting(), clock_->setting());
    }
    tracker_ = std::make_unique<LayerTracker>(*profiler_, painter_);
    tracker_->set_progress(options.progress);
    if (options.arena) {
        const auto base = image_.symbol(options.arena->symbol);
        if (!base) {
            fail("{} has no symbol '{}': not a firmware generated from a plan", options.elf_path,
                 options.arena->symbol);
        }
        arena_ = std::make_unique<ArenaTracker>(machine_, *base, *options.arena);
    }
    scs_ = std::make_unique<SystemControlSpace>(board_, *this);

    SemihostingConfig sh;
    sh.program_name = std::filesystem::path(options.elf_path).filename().string();
    if (!options.command_line.empty()) sh.command_line = options.command_line;
    sh.heap = HeapInfo{bounds_.heap_base, bounds_.heap_limit, bounds_.top, bounds_.limit};
    // Semihosting's clock ticks at the part's maximum clock_hz (SYS_TICKFREQ):
    // SYS_ELAPSED counts those ticks over the run's clock timeline, so that
    // SYS_CLOCK, SYS_TIME and SYS_ELAPSED / SYS_TICKFREQ agree on the
    // emulated time whatever clock the firmware configures.
    sh.cycles = [this] { return timeline_.ticks(profiler_->position().cycles + clock_shift_, board_.clock_hz); };
    sh.clock_hz = board_.clock_hz;
    semihosting_ = std::make_unique<Semihosting>(machine_, guest_console_, sh);

    trap_peripherals_ = options.trap_peripherals.value_or(board_.peripheral_policy == PeripheralPolicy::Trap);
    install_hooks();
    // Layer-marker scans then only revisit the pages written since the last one.
    writes_ = std::make_unique<WriteTracker>(machine_);
    writes_->install();
    painter_.set_write_tracker(writes_.get());
    if (options.exact) start_exact_mode();
    if (!options.exact_layers.empty()) {
        if (options.exact) fail("--exact and --exact-layers exclude each other: --exact already covers every layer");
        snapshots_ = std::make_unique<LayerSnapshots>(machine_, options.exact_layers);
    }
    machine_.set_host_write_observer([this](uint32_t address, size_t n) {
        writes_->mark(address, n);
        if (exact_) exact_->host_wrote(address, n);
    });
}

void Run::attribute_findings(ExactReport& exact) const {
    for (ExactFinding& f : exact.findings) {
        if (const ElfFunction* fn = image_.function_at(f.pc)) f.function = fn->name;
        if (auto loc = lines_.lookup(f.pc)) {
            f.file = std::string(loc->file);
            f.line = static_cast<int>(loc->line);
        }
    }
}

ExactTracer::Options Run::exact_options() const {
    ExactTracer::Options eo;
    eo.stack_limit = bounds_.limit;
    eo.stack_top = bounds_.top;
    eo.sram_budget = machine_.ram_budget_bytes();
    if (arena_) {
        // The plan's tensors, each live over the layers that list it.
        const uint32_t base = arena_->arena_base();
        eo.arena_begin = base;
        eo.arena_end = base + options_.arena->size;
        for (size_t l = 0; l < options_.arena->layers.size(); ++l) {
            for (const ArenaRange& r : options_.arena->layers[l].live) {
                auto it = std::find_if(eo.tensors.begin(), eo.tensors.end(),
                                       [&](const ExactTensor& t) { return t.name == r.tensor; });
                if (it == eo.tensors.end() || r.tensor.empty()) {
                    eo.tensors.push_back(ExactTensor{r.tensor, base + r.offset, r.size, l, l});
                } else {
                    it->first_layer = std::min(it->first_layer, l);
                    it->last_layer = std::max(it->last_layer, l);
                }
            }
        }
    }
    return eo;
}

// Plain LDR/STR may be unaligned; multi-word instructions may not.
void Run::exact_unaligned_word(uint32_t address, unsigned size, bool is_write) {
    if (stopped_ || !profiler_->access_needs_word_alignment(address, is_write)) return;
    const uint32_t pc = profiler_->pc_of_access(address, is_write);
    profiler_->stop_at_access(address, is_write);
    fatal(kinds::kUnaligned, address, size, is_write ? "write" : "read", pc,
          fmt::format("multi-word access (LDM/STM/LDRD/STRD) at {:#010x}, which is not word aligned: a UsageFault "
                      "on ARMv7-M whatever CCR.UNALIGN_TRP says (seen by exact mode)",
                      address));
}

// A store below the stack limit is a stack overflow when it is a stack store:
// addressed from SP, or into the frame when SP itself is below the limit. Only
// a block that moves SP down can make one (otherwise SP was already below the
// limit when the block started, which the default check catches), so other
// stores pass without reading SP. Catches frames lowered and restored within
// one block, at the storing instruction.
std::optional<uint32_t> Run::stack_store_sp(uint32_t address) const {
    if (!profiler_->current_block_moves_sp_down()) return std::nullopt;
    const uint32_t sp = machine_.reg(UC_ARM_REG_SP);
    if (!profiler_->access_is_sp_based(address, true) && !(sp < bounds_.limit && address >= sp)) return std::nullopt;
    return sp;
}

void Run::exact_store_below_stack(uint32_t address, unsigned size) {
    if (stopped_) return;
    const std::optional<uint32_t> stack_store = stack_store_sp(address);
    if (!stack_store) return;
    const uint32_t sp = *stack_store;
    const uint32_t pc = profiler_->pc_of_access(address, true);
    profiler_->stop_at_access(address, true);
    fatal(kinds::kStackOverflow, address, size, "write", pc,
          fmt::format("stack store at {:#010x}, {} bytes below the stack limit {:#010x} ({}); SP {:#010x} (seen by "
                      "exact mode at the instruction)",
                      address, bounds_.limit - address, bounds_.limit, bounds_.limit_source, sp));
}

void Run::start_exact_mode() {
    exact_ = std::make_unique<ExactTracer>(
        machine_, exact_options(),
        [this](uint32_t address, bool is_write) { return profiler_->pc_of_access(address, is_write); },
        [this](uint32_t address, unsigned size, bool is_write) {
            const uint32_t pc = profiler_->pc_of_access(address, is_write);
            profiler_->stop_at_access(address, is_write);
            fatal(kinds::kSramBudget, address, size, is_write ? "write" : "read", pc,
                  fmt::format("{}-byte {} beyond the exact SRAM budget of {} bytes (exact mode: byte granularity)",
                              size, is_write ? "write" : "read", machine_.ram_budget_bytes()));
        },
        ExactTracer::Suspects{[this](uint32_t address, unsigned size, bool is_write) {
                                  exact_unaligned_word(address, size, is_write);
                              },
                              [this](uint32_t address, unsigned size, bool) { exact_store_below_stack(address, size); }});
    // What the loader placed in RAM counts as written.
    for (const ElfSegment& segment : image_.segments()) {
        if (segment.file_size > 0) exact_->mark_written(segment.paddr, segment.paddr + segment.file_size);
    }
    exact_->install();
}

Run::~Run() {
    for (uc_hook h : hooks_) uc_hook_del(machine_.uc(), h);
}

void Run::install_hooks() {
    uc_engine* uc = machine_.uc();
    uc_hook h = 0;
    check_uc(uc_hook_add(uc, &h, UC_HOOK_MEM_INVALID, reinterpret_cast<void*>(&Run::on_invalid_memory), this, 1, 0),
             "adding the invalid-memory hook");
    hooks_.push_back(h);
    check_uc(uc_hook_add(uc, &h, UC_HOOK_INTR, reinterpret_cast<void*>(&Run::on_interrupt), this, 1, 0),
             "adding the interrupt hook");
    hooks_.push_back(h);
    check_uc(uc_mmio_map(uc, SystemControlSpace::kBase, SystemControlSpace::kSize, &Run::scs_read, this,
                         &Run::scs_write, this),
             "mapping the System Control Space");
    for (const PeripheralRange& range : board_.peripherals) {
        windows_.push_back(std::make_unique<PeripheralWindow>(PeripheralWindow{this, range.base}));
        check_uc(uc_mmio_map(uc, range.base, range.size, &Run::peripheral_read, windows_.back().get(),
                             &Run::peripheral_write, windows_.back().get()),
                 fmt::format("mapping peripheral space at {:#010x}", range.base));
    }
    profiler_->install();
}

// ---- SCS, ITM and peripherals -------------------------------------------

// MMIO accesses and semihosting calls are side effects the hang watch cannot see.
uint64_t Run::scs_read(uc_engine*, uint64_t offset, unsigned size, void* self) {
    auto* run = static_cast<Run*>(self);
    run->profiler_->note_side_effect();
    return run->scs_->read(static_cast<uint32_t>(offset), size);
}

void Run::scs_write(uc_engine*, uint64_t offset, unsigned size, uint64_t value, void* self) {
    auto* run = static_cast<Run*>(self);
    run->profiler_->note_side_effect();
    run->scs_->write(static_cast<uint32_t>(offset), size, static_cast<uint32_t>(value));
    run->profiler_->set_divide_by_zero_trap(run->scs_->divide_by_zero_trap());
    run->scs_memory_effects(static_cast<uint32_t>(offset));
}

void Run::scs_memory_effects(uint32_t offset) {
    switch (scs_->cache_effect(offset)) {
        case SystemControlSpace::CacheEffect::None: return;
        case SystemControlSpace::CacheEffect::Enables: {
            MemoryEnables e = profiler_->memory().enables();
            e.l1_icache = scs_->icache_enabled();
            e.l1_dcache = scs_->dcache_enabled();
            profiler_->configure_memory(e);
            return;
        }
        case SystemControlSpace::CacheEffect::InvalidateInstruction: profiler_->invalidate_instruction_caches(); return;
        case SystemControlSpace::CacheEffect::InvalidateData: profiler_->invalidate_data_caches(); return;
    }
}

void Run::on_itm_write(unsigned port, uint32_t value, unsigned size, uint32_t address) {
    if (replaying_) {
        // The replayed layer ends at its end marker.
        if (port == MCUPROF_ITM_PORT_EVENT && value == MCUPROF_EVENT_LAYER_END) uc_emu_stop(machine_.uc());
        return;
    }
    tracker_->on_itm_write(port, value, size, address, machine_.reg(UC_ARM_REG_SP));
    if (snapshots_ && port == MCUPROF_ITM_PORT_EVENT && value == MCUPROF_EVENT_LAYER_BEGIN) {
        const std::optional<std::string> open = tracker_->open_layer();
        if (open && snapshots_->wants(*open)) {
            snapshots_->take(*open, tracker_->run_count() - 1, profiler_->pc_after_access(address, true));
            snapshot_clocks_.push_back({profiler_->position_after_access(address, true).cycles + clock_shift_,
                                        scs_->state()});
        }
    }
    if (exact_ && port == MCUPROF_ITM_PORT_EVENT) {
        const std::optional<std::string> open = tracker_->open_layer();
        exact_->boundary(open ? std::optional<size_t>(tracker_->run_count() - 1) : std::nullopt,
                         open.value_or(""), machine_.reg(UC_ARM_REG_SP));
    }
    if (arena_) {
        arena_->on_itm_write(port, value);
        // Its dead-byte poisoning writes the arena from the host side.
        if (port == MCUPROF_ITM_PORT_EVENT) writes_->mark(arena_->arena_base(), options_.arena->size);
    }
}

uint64_t Run::cycles_at_access(uint32_t address, bool is_write) {
    return profiler_->position_before_access(address, is_write).cycles + clock_shift_;
}

// A register of the clock controller reads its model's value under either
// policy. Its value changes only when written, so a read is no side effect
// for the hang watch: a wait on a bit that never sets is an endless loop.
uint64_t Run::peripheral_read(uc_engine*, uint64_t offset, unsigned size, void* range) {
    auto* w = static_cast<PeripheralWindow*>(range);
    const uint32_t address = w->base + static_cast<uint32_t>(offset);
    if (w->run->clock_->owns(address)) {
        ++w->run->peripheral_accesses_;
        return w->run->clock_->read(address, size);
    }
    w->run->peripheral_access(address, size, false);
    return 0;
}

void Run::peripheral_write(uc_engine*, uint64_t offset, unsigned size, uint64_t value, void* range) {
    auto* w = static_cast<PeripheralWindow*>(range);
    const uint32_t address = w->base + static_cast<uint32_t>(offset);
    if (w->run->clock_->owns(address)) {
        w->run->clock_write(address, size, static_cast<uint32_t>(value));
        return;
    }
    w->run->peripheral_access(address, size, true);
}

void Run::apply_flash_interface(const ClockSetting& before, const ClockSetting& now) {
    MemoryEnables e = profiler_->memory().enables();
    // A flash read takes LATENCY + 1 flash-clock cycles: in core cycles,
    // (LATENCY + 1) x divider, of which all but one are waits.
    e.flash_latency = (now.flash_latency + 1) * now.flash_clock_divider - 1;
    e.prefetch = now.prefetch;
    e.art_icache = now.icache || now.art;
    e.art_dcache = now.dcache;
    profiler_->configure_memory(e);
    if (now.instruction_cache_resets != before.instruction_cache_resets) profiler_->invalidate_instruction_caches();
    if (now.data_cache_resets != before.data_cache_resets) profiler_->invalidate_data_caches();
}

void Run::clock_write(uint32_t address, unsigned size, uint32_t value) {
    ++peripheral_accesses_;
    profiler_->note_side_effect();
    polls_.other_access();
    const ClockSetting before = clock_->setting();
    clock_->write(address, size, value);
    if (clock_->generation() == clock_generation_) return;
    clock_generation_ = clock_->generation();
    apply_flash_interface(before, clock_->setting());
    // A replayed layer runs again on the recorded timeline: leave it be.
    if (replaying_) return;
    const uint64_t at = std::max(profiler_->position_before_access(address, true).cycles, timeline_.spans().back().from_cycle);
    timeline_.change(at, clock_->setting().core_hz);
}

void Run::peripheral_access(uint32_t address, unsigned size, bool is_write) {
    ++peripheral_accesses_;
    profiler_->note_side_effect();
    if (!trap_peripherals_) {
        if (is_write) {
            polls_.other_access();
        } else if (polls_.read(address, core_state())) {
            const uint32_t pc = profiler_->pc_of_access(address, false);
            profiler_->stop_at_access(address, false);
            fatal(kinds::kPeripheralPoll, address, size, "read", pc,
                  fmt::format("waits on a peripheral register: read {} times in a row with nothing else changing; "
                              "tolerated peripheral reads return 0, so the wait never ends (stub it out when "
                              "building for the emulator)",
                              PollDetector::kRepeats));
        }
        return;
    }
    const uint32_t pc = profiler_->pc_of_access(address, is_write);
    profiler_->stop_at_access(address, is_write);
    fatal(kinds::kPeripheral, address, size, is_write ? "write" : "read", pc,
          fmt::format("{}-byte {} of peripheral space, which this board's policy traps (--tolerate-peripherals "
                      "lets it read 0)",
                      size, is_write ? "write" : "read"));
}

PollDetector::CoreState Run::core_state() const {
    int ids[] = {UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2,  UC_ARM_REG_R3,  UC_ARM_REG_R4,  UC_ARM_REG_R5,
                 UC_ARM_REG_R6, UC_ARM_REG_R7, UC_ARM_REG_R8,  UC_ARM_REG_R9,  UC_ARM_REG_R10, UC_ARM_REG_R11,
                 UC_ARM_REG_R12, UC_ARM_REG_SP, UC_ARM_REG_LR, UC_ARM_REG_APSR};
    constexpr size_t n = sizeof(ids) / sizeof(ids[0]);
    static_assert(n + 1 == std::tuple_size_v<PollDetector::CoreState>);
    PollDetector::CoreState state{};
    void* values[n];
    for (size_t i = 0; i < n; ++i) values[i] = &state[i];
    check_uc(uc_reg_read_batch(machine_.uc(), ids, values, int(n)), "reading the registers");
    state[n] = profiler_->current_block();
    return state;
}

// ---- Memory faults ------------------------------------------------------

bool Run::on_invalid_memory(uc_engine*, uc_mem_type type, uint64_t address, int size, int64_t, void* self) {
    static_cast<Run*>(self)->invalid_memory(type, static_cast<uint32_t>(address), size);
    return false;  // stop emulation
}

void Run::invalid_memory(uc_mem_type type, uint32_t address, int size) {
    const bool fetch = type == UC_MEM_FETCH_UNMAPPED || type == UC_MEM_FETCH_PROT;
    const bool write = type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT;
    const std::string access = fetch ? "fetch" : write ? "write" : "read";
    const MemoryRegion* region = board_.region_at(address);

    if (fetch) {
        // Nothing of the target executed; the branch that led there is the
        // last instruction of the current block.
        const uint32_t from = profiler_->current_block_last_pc();
        const ElfFunction* source = image_.function_at(from);
        const std::string came = fmt::format("jumped there from {:#010x}{}", from,
                                             source ? " in " + source->name : std::string());
        if (address < std::max<uint32_t>(machine_.null_guard(), kNullPage)) {
            fatal(kinds::kNullPointer, address, 0, access, from,
                  fmt::format("call or jump to {:#x}, near address 0: a null function pointer? {}", address, came));
        } else if (region != nullptr && !region->executable) {
            fatal(kinds::kExecNonExecutable, address, 0, access, from,
                  fmt::format("instruction fetch from {} ({}), which the core cannot execute from; {}", region->name,
                              to_string(region->kind), came));
        } else if (region != nullptr) {
            fatal(region->kind == RegionKind::Flash ? kinds::kFlashBudget : kinds::kSramBudget, address, 0, access,
                  from, fmt::format("instruction fetch from {} beyond the budget; {}", region->name, came));
        } else {
            fatal(kinds::kExecUnmapped, address, 0, access, from,
                  fmt::format("instruction fetch from an address with no memory; {}", came));
        }
        return;
    }

    const uint32_t pc = profiler_->pc_of_access(address, write);
    profiler_->stop_at_access(address, write);
    const uint32_t bytes = size > 0 ? static_cast<uint32_t>(size) : 0;
    if (address < std::max<uint32_t>(machine_.null_guard(), kNullPage)) {
        fatal(kinds::kNullPointer, address, bytes, access, pc,
              fmt::format("{}-byte {} at {:#x}, near address 0: a null pointer dereference (--null-guard {} leaves "
                          "[0, {:#x}) unmapped; 0 maps the board's memory there)",
                          bytes, access, address, machine_.null_guard(), machine_.null_guard()));
    } else if (type == UC_MEM_WRITE_PROT && region != nullptr && region->kind == RegionKind::Flash) {
        fatal(kinds::kFlashWrite, address, bytes, access, pc,
              fmt::format("{}-byte store to {} (flash is read-only to ordinary stores)", bytes, region->name));
    } else if (region != nullptr && region->kind == RegionKind::Flash) {
        fatal(kinds::kFlashBudget, address, bytes, access, pc,
              fmt::format("{}-byte {} of {} beyond the flash budget of {} bytes", bytes, access, region->name,
                          machine_.flash_budget_bytes()));
    } else if (region != nullptr) {
        fatal(kinds::kSramBudget, address, bytes, access, pc,
              fmt::format("{}-byte {} of {} beyond the SRAM budget of {} bytes", bytes, access, region->name,
                          machine_.ram_budget_bytes()));
    } else {
        fatal(kinds::kUnmapped, address, bytes, access, pc,
              fmt::format("{}-byte {} of an address with no memory or device on {}", bytes, access, board_.name));
    }
}

// ---- Exceptions, BKPT and semihosting -------------------------------------

void Run::on_interrupt(uc_engine* uc, uint32_t intno, void* self_ptr) {
    auto* self = static_cast<Run*>(self_ptr);
    uint32_t pc = 0;
    uc_reg_read(uc, UC_ARM_REG_PC, &pc);
    if (intno == kExcpBkpt) {
        self->handle_bkpt(pc);
    } else {
        self->handle_exception(intno, pc);
    }
}

void Run::handle_bkpt(uint32_t pc) {
    uint16_t insn = 0;
    machine_.read(pc, &insn, sizeof insn);
    if (insn != kSemihostingBkpt) {
        fatal(kinds::kBkpt, pc, 0, "", pc,
              fmt::format("BKPT {:#04x} with no debugger attached (only BKPT 0xAB, semihosting, is served)",
                          insn & 0xFFu));
        return;
    }
    profiler_->note_side_effect();
    const SemihostingResult r = semihosting_->handle(machine_.reg(UC_ARM_REG_R0), machine_.reg(UC_ARM_REG_R1));
    if (r.unhandled) {
        fatal(kinds::kSemihosting, pc, 0, "", pc, r.detail);
        return;
    }
    if (r.exit) {
        stopped_ = true;
        exit_ = ExitInfo{"exit", r.exit_code, r.detail};
        uc_emu_stop(machine_.uc());
        return;
    }
    machine_.set_reg(UC_ARM_REG_R0, r.r0);
    machine_.set_reg(UC_ARM_REG_PC, (pc + 2) | 1u);
}

bool Run::holds_paint(uint32_t pc) {
    const MemoryArea* area = machine_.area_at(pc);
    if (area == nullptr || area == &machine_.flash()) return false;
    uint8_t bytes[2] = {};
    if (!machine_.read(pc, bytes, sizeof bytes)) return false;
    return MemoryPainter::holds_paint(bytes, sizeof bytes, pc);
}

void Run::uninitialised_code(uint32_t target, uint32_t from) {
    const ElfFunction* source = image_.function_at(from);
    fatal(kinds::kExecUninitialised, target, 0, "fetch", from,
          fmt::format("jump to {:#010x} in RAM that nothing has written since reset (no code there); jumped from "
                      "{:#010x}{}",
                      target, from, source ? " in " + source->name : std::string()));
}

void Run::handle_exception(uint32_t intno, uint32_t pc) {
    profiler_->stop_at_pc(pc);
    switch (intno) {
        case kExcpSwi: {
            // PC is already past the SVC.
            uint16_t insn = 0;
            machine_.read(pc - 2, &insn, sizeof insn);
            fatal(kinds::kSvc, pc - 2, 0, "", pc - 2,
                  fmt::format("SVC {:#04x}: mcuprof does not model exception entry, so no SVC handler can run",
                              insn & 0xFFu));
            return;
        }
        case kExcpUdef:
            fatal(kinds::kUndefinedInstruction, pc, 0, "", pc, "undefined or unsupported instruction (UsageFault)");
            return;
        case kExcpNoCoprocessor:
            fatal(kinds::kCoprocessor, pc, 0, "", pc,
                  "coprocessor instruction with the coprocessor disabled or absent (UsageFault NOCP)");
            return;
        case kExcpInvalidState:
            fatal(kinds::kInvalidState, pc, 0, "", pc,
                  "execution in ARM state (a branch to an even address?): Cortex-M runs Thumb only (UsageFault "
                  "INVSTATE)");
            return;
        case kExcpUnaligned:
            fatal(kinds::kUnaligned, pc, 0, "", pc, "unaligned access that the core does not allow (UsageFault)");
            return;
        case kExcpDivideByZero:
            fatal(kinds::kDivideByZero, pc, 0, "", pc, "integer division by zero with CCR.DIV_0_TRP set");
            return;
        case kExcpStackOverflow:
            fatal(kinds::kStackOverflow, pc, 0, "", pc, "stack limit register check failed (UsageFault STKOF)");
            return;
        case kExcpPrefetchAbort:
        case kExcpDataAbort:
            fatal(kinds::kBusFault, pc, 0, "", pc, "bus fault");
            return;
        case kExcpExceptionExit:
            fatal(kinds::kFault, pc, 0, "", pc, "exception return outside an exception handler");
            return;
        default:
            fatal(kinds::kFault, pc, 0, "", pc, fmt::format("processor exception {}", intno));
    }
}

// ---- Violations -----------------------------------------------------------

void Run::attribute(Violation& v) const {
    if (const ElfFunction* f = image_.function_at(v.pc)) v.function = f->name;
    if (auto loc = lines_.lookup(v.pc)) {
        v.file = std::string(loc->file);
        v.line = static_cast<int>(loc->line);
    }
    v.layer = tracker_->open_layer();
}

void Run::fatal(const std::string& kind, uint32_t address, uint32_t size, const std::string& access, uint32_t pc,
                const std::string& detail) {
    if (stopped_) return;
    stopped_ = true;
    Violation v;
    v.kind = kind;
    v.address = address;
    v.size = size;
    v.access = access;
    v.pc = pc;
    v.detail = detail;
    attribute(v);
    violations_.push_back(v);
    exit_ = ExitInfo{kinds::exit_reason(kind), 0, fmt::format("{}: {}", kind, detail)};
    uc_emu_stop(machine_.uc());
}

void Run::finish_profiler_stop() {
    switch (profiler_->stop_reason()) {
        case ProfilerStop::None: return;
        case ProfilerStop::InstructionLimit:
            fatal(kinds::kLimit, profiler_->stop_pc(), 0, "", profiler_->stop_pc(),
                  fmt::format("instruction limit of {} reached (runaway firmware? raise --max-instructions)",
                              options_.instruction_limit));
            return;
        case ProfilerStop::SelfLoop:
            fatal(kinds::kHang, profiler_->stop_pc(), 0, "", profiler_->stop_pc(),
                  "branch to itself: the firmware would spin here forever");
            return;
        case ProfilerStop::Hang:
            fatal(kinds::kHang, profiler_->stop_pc(), 0, "", profiler_->stop_pc(),
                  fmt::format("endless loop at {:#010x}: it stores nothing and came round with every register, "
                              "the flags and the FP state unchanged, so it waits on memory nothing can change (no "
                              "interrupts are modelled, so no handler can set what it waits for); stub the wait "
                              "out when building for the emulator",
                              profiler_->stop_pc()));
            return;
        case ProfilerStop::UnalignedMultiple:
            fatal(kinds::kUnaligned, profiler_->stop_address(), 0, "", profiler_->stop_pc(),
                  fmt::format("multi-word access (LDM/STM/LDRD/STRD) at {:#010x}, which is not word aligned: a "
                              "UsageFault on ARMv7-M whatever CCR.UNALIGN_TRP says",
                              profiler_->stop_address()));
            return;
        case ProfilerStop::DivideByZero:
            fatal(kinds::kDivideByZero, profiler_->stop_pc(), 0, "", profiler_->stop_pc(),
                  "integer division by zero with CCR.DIV_0_TRP set (UsageFault DIVBYZERO)");
            return;
        case ProfilerStop::UninitialisedCode:
            uninitialised_code(profiler_->stop_pc(), profiler_->stop_from());
            return;
        case ProfilerStop::UndefinedInstruction:
            fatal(kinds::kUndefinedInstruction, profiler_->stop_pc(), 0, "", profiler_->stop_pc(),
                  fmt::format("'{}': double-precision floating-point instruction, undefined on {}: its FPU ({}) "
                              "has no double precision (UsageFault UNDEFINSTR)",
                              profiler_->stop_instruction(), board_.name, board_.fpu));
            return;
        case ProfilerStop::StackOverflow:
            fatal(kinds::kStackOverflow, profiler_->stop_sp(), 0, "write", profiler_->stop_pc(),
                  fmt::format("stack pointer {:#010x} fell {} bytes below the stack limit {:#010x} ({})",
                              profiler_->stop_sp(), bounds_.limit - profiler_->stop_sp(), bounds_.limit,
                              bounds_.limit_source));
            return;
    }
}

// ---- The run ---------------------------------------------------------------

Report Run::execute() {
    const auto started = std::chrono::steady_clock::now();
    machine_.set_reg(UC_ARM_REG_MSP, boot_.initial_sp);
    machine_.set_reg(UC_ARM_REG_SP, boot_.initial_sp);
    profiler_->start(boot_.reset_handler);
    uc_err err = UC_ERR_OK;
    emulate(boot_.reset_handler, err);
    finish_profiler_stop();
    if (!stopped_ && interrupted()) {
        stopped_ = true;
        const int signal = options_.interrupt->signal();
        const char* name = sigabbrev_np(signal);
        exit_ = ExitInfo{"interrupted", signal,
                         fmt::format("interrupted by SIG{} after {} instructions: the report covers the run so far",
                                     name != nullptr ? name : std::to_string(signal),
                                     profiler_->position().instructions)};
    }
    if (!stopped_) {
        const uint32_t pc = machine_.reg(UC_ARM_REG_PC);
        if (err == UC_ERR_INSN_INVALID) {
            // Unicorn reports what it cannot decode at translation time, with
            // PC at that instruction.
            if (holds_paint(pc)) {
                // The block could not even be translated: the jump is the
                // current block's last instruction.
                uninitialised_code(pc, profiler_->current_block_last_pc());
            } else {
                profiler_->stop_at_pc(pc);
                fatal(kinds::kUndefinedInstruction, pc, 0, "", pc,
                      "undefined or unsupported instruction (UsageFault)");
            }
        } else if (err != UC_ERR_OK) {
            fatal(kinds::kFault, pc, 0, "", pc, fmt::format("emulation stopped: {}", uc_strerror(err)));
        } else {
            fatal(kinds::kFault, pc, 0, "", pc, "emulation ended without the firmware exiting");
        }
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    Report report = build_report(wall);
    if (snapshots_ && !interrupted()) replay_layers(report);
    fold_layer_runs(report);
    return report;
}

bool Run::emulate(uint32_t begin, uc_err& err) {
    if (options_.interrupt != nullptr && !options_.interrupt->attach(machine_.uc())) return false;
    err = uc_emu_start(machine_.uc(), begin | 1u, kNeverReached, 0, 0);
    if (options_.interrupt != nullptr) options_.interrupt->detach();
    return true;
}

// Exact replay (--exact-layers): each snapshot's layer runs again from its
// begin marker to its end marker under exact mode's hooks. The report is
// already built; the replay only adds report.exact.
void Run::replay_layers(Report& report) {
    ExactReport combined;
    combined.scope = "replay";
    replaying_ = true;
    guest_console_.mute();
    profiler_->clear_instruction_limit();
    stopped_ = false;
    for (size_t i = 0; i < snapshots_->all().size(); ++i) {
        const LayerSnapshot& s = snapshots_->all()[i];
        snapshots_->restore(s);
        profiler_->forget_stack_pointer();
        // The layer sees the clock as it was at its begin marker.
        scs_->restore(snapshot_clocks_[i].scs);
        profiler_->set_divide_by_zero_trap(scs_->divide_by_zero_trap());
        clock_shift_ = int64_t(snapshot_clocks_[i].cycles) - int64_t(profiler_->position().cycles);
        // A fault in a replayed layer ends its replay with a warning: the
        // run it replays is already reported.
        bool faulted = false;
        auto stop = [&](uint32_t address, bool is_write, const std::string& what) {
            faulted = true;
            report.warnings.push_back(fmt::format("exact replay of layer {} stopped: {} at {:#010x} (pc {:#010x})",
                                                  s.name, what, address, profiler_->pc_of_access(address, is_write)));
            uc_emu_stop(machine_.uc());
        };
        ExactTracer tracer(
            machine_, exact_options(),
            [this](uint32_t address, bool is_write) { return profiler_->pc_of_access(address, is_write); },
            [this](uint32_t, unsigned, bool) { uc_emu_stop(machine_.uc()); },
            ExactTracer::Suspects{[&](uint32_t address, unsigned, bool is_write) {
                                      if (faulted || !profiler_->access_needs_word_alignment(address, is_write)) return;
                                      stop(address, is_write, "multi-word access not word aligned");
                                  },
                                  [&](uint32_t address, unsigned, bool) {
                                      if (faulted || !stack_store_sp(address)) return;
                                      stop(address, true, "stack store below the stack limit");
                                  }});
        tracer.mark_written_unless_paint();
        tracer.install();
        // Code translated during the run has no calls to the new memory hooks.
        check_uc(uc_ctl_flush_tb(machine_.uc()), "flushing translated code for the replay");
        tracer.boundary(size_t{0}, s.name, s.sp);
        uc_err err = UC_ERR_OK;
        if (!emulate(s.resume_pc, err) || interrupted()) {
            report.warnings.push_back(fmt::format("exact replay of layer {} interrupted", s.name));
        } else if (err != UC_ERR_OK) {
            report.warnings.push_back(fmt::format("exact replay of layer {} stopped: {}", s.name, uc_strerror(err)));
        }
        tracer.boundary(std::nullopt, "", machine_.reg(UC_ARM_REG_SP));
        ExactReport one = tracer.finish();
        combined.layers.insert(combined.layers.end(), one.layers.begin(), one.layers.end());
        combined.findings.insert(combined.findings.end(), one.findings.begin(), one.findings.end());
        combined.uninitialised_reads += one.uninitialised_reads;
        combined.dead_reads += one.dead_reads;
        combined.stack_peak_bytes = std::max(combined.stack_peak_bytes, one.stack_peak_bytes);
    }
    for (const std::string& name : snapshots_->missing()) {
        report.warnings.push_back(fmt::format("--exact-layers: no layer named {} ran; nothing replayed for it", name));
    }
    report.exact = std::move(combined);
    attribute_findings(*report.exact);
}

Report Run::build_report(double wall_seconds) {
    tracker_->finish(profiler_->position());
    Report r;
    r.board = board_.name;
    r.core = to_string(board_.core);
    const ClockSetting& clock = clock_->setting();
    r.clock_hz = clock.core_hz;
    r.clock.hz = clock.core_hz;
    r.clock.source = clock.source;
    r.clock.configured = clock.configured;
    for (const ClockSpan& span : timeline_.spans()) r.clock.timeline.push_back({span.from_cycle, span.hz});
    r.elf = options_.elf_path;
    r.exit = exit_;
    r.instructions = profiler_->position().instructions;
    r.cycles = profiler_->position().cycles;
    r.layers = tracker_->layers();
    r.outside_layers = tracker_->outside();
    r.functions = profiler_->finish();
    for (FunctionReport& f : r.functions) {
        if (const ElfFunction* ef = image_.function_named(f.name)) {
            if (auto loc = lines_.lookup(ef->address)) {
                f.file = std::string(loc->file);
                f.line = static_cast<int>(loc->line);
            }
        }
    }
    r.violations = violations_;
    r.memory.stack_peak_bytes = tracker_->stack_peak();
    r.memory.sram_peak_bytes = painter_.touched_outside_stack() + r.memory.stack_peak_bytes;
    // The scan at exit is the peak only while painted bytes stay written; when
    // the arena tracker re-paints dead arena bytes, a layer saw more.
    for (const LayerReport& l : r.layers) r.memory.sram_peak_bytes = std::max(r.memory.sram_peak_bytes, l.sram_peak_bytes);
    // Static data is what the program declares (.data, .bss, ...), not the
    // stack and heap reservations its linker script may add as sections.
    std::vector<std::pair<uint32_t, uint32_t>> reserved;
    if (bounds_.top > bounds_.limit) reserved.emplace_back(bounds_.limit, bounds_.top);
    if (bounds_.heap_limit > bounds_.heap_base && (bounds_.heap_limit <= bounds_.limit || bounds_.heap_base >= bounds_.top)) {
        reserved.emplace_back(bounds_.heap_base, bounds_.heap_limit);
    }
    r.memory.static_bytes = image_.static_bytes_outside(reserved);
    r.memory.flash_bytes = image_.load_bytes_within(board_.flash().base, board_.flash().size);
    r.memory.sram_budget_bytes = machine_.ram_budget_bytes();
    r.memory.flash_budget_bytes = machine_.flash_budget_bytes();
    r.memory.stack_top = bounds_.top;
    r.memory.stack_limit = bounds_.limit;
    const CycleModel& model = CycleModel::for_core(board_.core);
    r.model.cycle_model = fmt::format("{}{}", model.name(), model.is_estimate() ? " (estimate)" : "");
    r.model.timing_mode = options_.timing;
    r.model.memory_configuration = describe(profiler_->memory().enables(), board_);
    r.model.fetch_stall_cycles = profiler_->memory_stalls().fetch;
    r.model.data_stall_cycles = profiler_->memory_stalls().data;
    for (const CacheCounts& c : profiler_->memory().cache_counts()) {
        r.model.caches.push_back(CacheReport{c.name, c.misses});
    }
    r.model.unpriced = profiler_->unpriced_instructions();
    r.model.unmodelled_instructions = profiler_->unmodelled_instructions();
    r.peripheral_accesses = peripheral_accesses_;
    r.console = semihosting_->captured_console().text();
    r.warnings = tracker_->warnings();
    if (exact_) {
        r.exact = exact_->finish();
        attribute_findings(*r.exact);
    }
    if (arena_) {
        // Rows past the kept runs are folded: no longer one run each. A plan
        // has far fewer layers than that.
        for (size_t i = 0; i < std::min(r.layers.size(), kLayerRunsKept); ++i) {
            r.layers[i].arena_peak_bytes = arena_->measured(i);
            if (i < options_.arena->layers.size() && options_.arena->layers[i].name == r.layers[i].name) {
                r.layers[i].predicted_peak_bytes = options_.arena->layers[i].predicted_peak;
            }
        }
        r.warnings.insert(r.warnings.end(), arena_->warnings().begin(), arena_->warnings().end());
    }
    if (machine_.ram_budget_bytes() % 1024 != 0) {
        r.warnings.push_back(fmt::format(
            "SRAM budget {} bytes is not a multiple of 1 KB: fast mode maps whole 1 KB pages, so the last {} bytes "
            "above the budget are not trapped",
            machine_.ram_budget_bytes(), 1024 - machine_.ram_budget_bytes() % 1024));
    }
    if (bounds_.limit == 0) {
        r.warnings.push_back("no stack limit found (no __StackLimit symbol, no --stack-limit): stack overflow is "
                             "not checked and stack peaks are not measured");
    }
    r.wall_seconds = wall_seconds;
    return r;
}

}  // namespace

Report run_firmware(const RunOptions& options, Console& console) {
    Run run(options, console);
    return run.execute();
}

}  // namespace mcuprof

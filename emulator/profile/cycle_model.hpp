// The cycle model: per-core DATA TABLES mapping instruction classes to cycles,
// plus the few published sequencing rules (load/store pipelining, dependency
// stalls, dual issue, branch refill or misprediction) that read those tables.
//
// Cortex-M4: Arm's Cortex-M4 Technical Reference Manual, ARM DDI 0439D (r0p1),
//   section 3.3.1 Table 3-1 "Cortex-M4 instruction set summary", Table 3-2
//   "Cortex-M4 DSP instruction set summary", section 3.3.2 "Load/store timings",
//   section 7.2.3 Table 7-1 "FPU instruction set". Figures assume zero wait states.
// Cortex-M7: Arm publishes no cycle table. The M7 table is an ESTIMATE built
//   from public DWT/SysTick measurements (see cycle_model.cpp for every source)
//   and must be reported as such (CycleModel::is_estimate()).
//
// Every table entry carries its source text; entries with no published figure
// are marked unsourced, use a documented default, and are counted by the block
// decoder as "unmodelled" so reports can say how many instructions that was.
#pragma once

#include "emulator/board/board_profile.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace mcuprof {

// What the timing tables are indexed by. The block decoder maps each decoded
// instruction to exactly one class.
enum class InsnClass : uint8_t {
    Alu,               // MOV/MVN/ADD/ADC/SUB/SBC/RSB/CMP/CMN/AND/ORR/EOR/ORN/BIC/TST/TEQ/shifts/ADR/MOVW/MOVT
    AluShifted,        // the same with an immediate- or register-shifted register operand
    BitfieldDsp,       // extend, bit field, reverse, CLZ, saturate, pack, SIMD add/sub, QADD.., SEL, USAD8
    Multiply,          // MUL/MLA/MLS, long multiplies, every DSP multiply (SMLAD, SMLABB, SMULBB, ...)
    Divide,            // SDIV, UDIV
    Load,              // LDR/LDRT word and LDREX*: load single
    LoadByteHalf,      // LDRB/LDRH/LDRSB/LDRSH(T): load single, narrow
    LoadLiteral,       // LDR Rt, [PC, #imm]
    StoreImm,          // STR/STRB/STRH with an immediate offset (incl. pre/post-indexed)
    StoreReg,          // STR/STRB/STRH with a register offset
    StoreExclusive,    // STREX/STREXB/STREXH
    LoadDual,          // LDRD
    StoreDual,         // STRD
    LoadMultiple,      // LDM/LDMDB/POP (with or without PC)
    StoreMultiple,     // STM/STMDB/PUSH
    Branch,            // B, B<cc>, BL, CBZ, CBNZ: target known from the encoding
    BranchRegister,    // BX, BLX Rm, MOV PC, Rm, ADD PC, PC, Rm
    LoadPc,            // LDR PC, [...]
    TableBranch,       // TBB, TBH
    IfThen,            // IT
    Barrier,           // DMB, DSB
    InstructionBarrier,// ISB
    StatusRegister,    // MRS, MSR, CPSID, CPSIE
    Hint,              // NOP, SEV, CLREX
    WaitFor,           // WFI, WFE
    Preload,           // PLD, PLI: a load hint (no register written, no fault)
    ExceptionGen,      // SVC, BKPT, UDF
    FpArith,           // VADD/VSUB/VMUL/VNMUL/VCVT/VCMP(E) .F32
    FpMove,            // VABS/VNEG .F32, VMOV immediate, VMOV Sd, Sm
    FpMac,             // VMLA/VMLS/VNMLA/VNMLS/VFMA/VFMS/VFNMA/VFNMS .F32
    FpDiv,             // VDIV.F32
    FpSqrt,            // VSQRT.F32
    FpLoad32,          // VLDR Sd
    FpLoad64,          // VLDR Dd
    FpStore32,         // VSTR Sd
    FpStore64,         // VSTR Dd
    FpLoadMultiple,    // VLDM, VPOP
    FpStoreMultiple,   // VSTM, VPUSH
    FpMoveCore,        // VMOV Rt, Sn / VMOV Sn, Rt
    FpMoveCorePair,    // VMOV Rt, Rt2, Dm / Dm, Rt, Rt2 / Rt, Rt2, Sm, Sm1 / Sm, Sm1, Rt, Rt2
    FpMoveCoreHalf,    // VMOV Dd[x], Rt / Rt, Dd[x]
    FpStatus,          // VMRS, VMSR
    FpArithDouble,     // VADD/VSUB/VABS/VNEG/VCMP/VCVT/VMOV .F64 (FPv5-D16 only)
    FpMulDouble,       // VMUL/VNMUL .F64
    FpMacDouble,       // VMLA/VFMA/... .F64
    FpDivSqrtDouble,   // VDIV/VSQRT .F64
    Unknown,           // no class: documented default, counted as unmodelled
    Count
};
inline constexpr size_t kInsnClassCount = static_cast<size_t>(InsnClass::Count);
const char* to_string(InsnClass cls);

// Cortex-M7 dual issue: which slot of a pair an instruction may occupy.
enum class PairRule : uint8_t {
    Never,      // issues alone
    Any,        // older or younger slot
    OlderOnly,  // only as the first (lower address) instruction of a pair
};

// Exclusive M7 issue resources: two instructions sharing a port never pair.
namespace port {
inline constexpr uint8_t kShift = 1 << 0;    // inline shifter (shifted operand, bitfield, DSP)
inline constexpr uint8_t kDsp = 1 << 1;      // bitfield/DSP unit
inline constexpr uint8_t kMac = 1 << 2;      // integer multiplier
inline constexpr uint8_t kLoad = 1 << 3;     // load port
inline constexpr uint8_t kStore = 1 << 4;    // store port (multiplies also block it)
inline constexpr uint8_t kFpArith = 1 << 5;  // floating-point arithmetic
inline constexpr uint8_t kFpMem = 1 << 6;    // FP loads/stores/moves (blocked by FP MAC)
inline constexpr uint8_t kBranch = 1 << 7;   // branch unit
}  // namespace port

// One row of a core's table.
struct ClassTiming {
    // Cycles = cycles + ceil(words * per_word_num / per_word_den), at least 1,
    // where words = registers/words moved by LDM/STM/LDRD/VLDM/... (else 0).
    uint8_t cycles = 1;
    uint8_t per_word_num = 0;
    uint8_t per_word_den = 1;
    // Pipeline refill P when the instruction changes the PC (cores without a
    // branch predictor), and P when the target is a 32-bit instruction that is
    // not word aligned.
    uint8_t refill = 0;
    uint8_t refill_unaligned_wide = 0;
    // Cortex-M4 load/store pipelining (TRM 3.3.2): a `pipelinable` instruction
    // that directly follows an `overlaps_next` one costs one cycle less (never
    // below 1) unless its address uses a register the previous one wrote.
    bool overlaps_next = false;
    bool pipelinable = false;
    // Folds into the preceding 16-bit instruction (zero cycles), TRM note d (IT).
    bool folds_after_narrow = false;
    // Extra stall when the next instruction reads this one's result...
    uint8_t result_latency = 0;
    // ...and when the next instruction is a memory access whose address uses it.
    uint8_t address_latency = 0;
    // As a consumer: reads its accumulate operand a cycle late, so a result
    // feeding only the accumulator does not stall (FP MAC on M4, MAC on M7).
    bool late_accumulate = false;
    // Cortex-M7 dual issue.
    PairRule pair = PairRule::Never;
    uint8_t ports = 0;
    // Whether a published figure backs this row. Unsourced rows are defaults.
    bool sourced = true;
    const char* source = "";
};

// The register masks used by the sequencing rules: bits 0-15 are r0-r15
// (13 = SP, 14 = LR, 15 = PC), bits 32-63 are s0-s31 (d<n> = s<2n>, s<2n+1>).
inline constexpr unsigned kRegSp = 13;
inline constexpr unsigned kRegLr = 14;
inline constexpr unsigned kRegPc = 15;
inline constexpr uint64_t reg_bit(unsigned reg) { return uint64_t(1) << reg; }

// What the sequencing rules need to know about one instruction.
struct TimedInsn {
    InsnClass cls = InsnClass::Unknown;
    uint8_t size = 2;              // encoding size in bytes (2 or 4)
    uint8_t words = 0;             // words moved by LDM/STM/PUSH/POP/LDRD/STRD/VLDM/VSTM/VLDR.64
    uint64_t reads = 0;            // registers read
    uint64_t writes = 0;           // registers written, including base writeback
    uint64_t address_reads = 0;    // registers forming a memory address (base, index)
    uint64_t accumulate_reads = 0; // registers read only as an accumulate operand
};

// Per-branch-site dynamic state kept by the caller (one per block), unused by
// cores without a predictor. The Cortex-M7 estimate's predictor: a 2-bit
// saturating counter for the direction of conditional branches (>= 2 predicts
// taken) and the last taken target for where to (a site never taken has no
// target: it mispredicts when taken).
struct BranchSite {
    static constexpr uint8_t kCounterMask = 3;
    static constexpr uint8_t kSeen = 4;  // taken at least once: last_target is valid
    uint32_t last_target = 0;
    uint8_t state = 1;                   // counter | kSeen
};

// The predictor as a table over (conditional, state, taken, target matches
// last_target): bits 0-2 the next state, bit 7 set for a misprediction.
// Built from the rules once, so the block hook does one lookup instead of
// evaluating them (see CycleModel::predicted_exit).
struct PredictorTable {
    static constexpr uint8_t kMiss = 0x80;
    static constexpr uint32_t index(bool conditional, uint8_t state, bool taken, bool target_matches) {
        return uint32_t(conditional) << 5 | uint32_t(state & 7u) << 2 | uint32_t(taken) << 1 | uint32_t(target_matches);
    }
    static constexpr uint8_t entry(bool conditional, uint8_t state, bool taken, bool target_matches) {
        constexpr uint8_t kNext[4][2] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};  // [counter][taken]
        const uint8_t counter = state & BranchSite::kCounterMask;
        const bool seen = (state & BranchSite::kSeen) != 0;
        const bool predict_taken = conditional ? counter >= 2 : seen;
        const bool right = taken ? (predict_taken && seen && target_matches) : !predict_taken;
        const uint8_t next_counter = conditional ? kNext[counter][taken] : counter;
        const uint8_t next_seen = (seen || taken) ? BranchSite::kSeen : 0;
        return uint8_t((right ? 0 : kMiss) | next_seen | next_counter);
    }
    uint8_t entries[64] = {};
    constexpr PredictorTable() {
        for (uint32_t i = 0; i < 64; ++i) {
            entries[i] = entry((i >> 5) & 1, uint8_t((i >> 2) & 7), (i >> 1) & 1, i & 1);
        }
    }
};
inline constexpr PredictorTable kPredictorTable{};

// Result of resolving a block's exit once the next address is known.
struct ExitCost {
    uint32_t cycles = 0;
    bool taken = false;
    bool mispredicted = false;
};

class CycleModel {
public:
    // The built-in model of each core (static tables, never null).
    static const CycleModel& for_core(Core core);

    Core core() const { return core_; }
    const char* name() const { return name_; }
    // True for the Cortex-M7: no published table, every figure is an estimate.
    bool is_estimate() const { return estimate_; }
    const char* source() const { return source_; }

    const ClassTiming& timing(InsnClass cls) const { return table_[static_cast<size_t>(cls)]; }
    // Cycles of one instruction on its own (no neighbours), words as above.
    uint32_t standalone_cycles(InsnClass cls, unsigned words = 0) const;

    // Cost of each instruction of straight-line code `insns`, in order, taking
    // the published neighbour rules into account; out.size() == insns.size().
    // out[i] is the cycles charged to instruction i (0 for a folded IT or the
    // younger instruction of a dual-issued pair). A final branch is costed as
    // not taken; branch_exit() adds what taking it costs.
    void sequence_cycles(std::span<const TimedInsn> insns, std::span<uint32_t> out) const;

    // Extra cycles of the PC-changing instruction of class `cls` at the end of
    // a block, once it is known whether it was taken and where it went.
    // Cores without a predictor pay the class's refill P when taken; the
    // Cortex-M7 estimate pays the misprediction penalty when its predictor
    // (state in `site`) guessed wrong.
    // `conditional`: the instruction may fall through (B<cc>, CBZ/CBNZ, or
    // predicated by IT).
    ExitCost branch_exit(InsnClass cls, bool conditional, BranchSite& site, bool taken,
                         uint32_t target, bool target_wide_unaligned) const;

    // The Cortex-M7 estimate's predictor alone: the misprediction penalty or
    // 0, updating `site`. Inline because the profiler's block hook calls it
    // on every branch.
    uint32_t predicted_exit(BranchSite& site, bool conditional, bool taken, uint32_t target) const {
        // One table lookup instead of evaluating the rules (measured 1 % faster
        // on the kernel benchmark; forcing the two selects to be branch-free
        // with masks measured 3 % slower).
        const uint8_t t =
            kPredictorTable.entries[PredictorTable::index(conditional, site.state, taken, site.last_target == target)];
        site.state = t & 7u;
        site.last_target = taken ? target : site.last_target;
        return (t & PredictorTable::kMiss) != 0 ? mispredict_penalty_ : 0u;
    }

    bool has_predictor() const { return mispredict_penalty_ != 0; }
    uint32_t mispredict_penalty() const { return mispredict_penalty_; }

    // For the built-in tables: `table` has kInsnClassCount rows in static storage.
    constexpr CycleModel(Core core, const char* name, bool estimate, const char* source,
                         const ClassTiming* table, bool dual_issue, uint8_t mispredict_penalty)
        : core_(core), name_(name), estimate_(estimate), source_(source), table_(table),
          dual_issue_(dual_issue), mispredict_penalty_(mispredict_penalty) {}

private:
    Core core_;
    const char* name_;
    bool estimate_;
    const char* source_;
    const ClassTiming* table_;   // kInsnClassCount rows, static storage
    bool dual_issue_;
    uint8_t mispredict_penalty_;  // 0: no predictor (refill P on taken branches)
};

}  // namespace mcuprof

// The per-core cycle tables and the sequencing rules that read them.
//
// Cortex-M4 (exact table): ARM DDI 0439D, "ARM Cortex-M4 Processor Technical
// Reference Manual" r0p1, read in full for this file:
//   [T31] 3.3.1 Table 3-1 "Cortex-M4 instruction set summary" and its notes
//         a (divide early termination), b (neighbouring load/store pipelining),
//         c (conditional branch not taken: one cycle), d (IT folding);
//   [T32] Table 3-2 "Cortex-M4 DSP instruction set summary" (all 1 cycle);
//   [LST] 3.3.2 "Load/store timings";
//   [T71] 7.2.3 Table 7-1 "FPU instruction set" and the notes under it.
// Choices where the TRM gives a range (each one documented at its row):
//   P (pipeline refill, TRM: "1 to 3 depending on the alignment and width of
//   the target instruction, and whether the processor manages to speculate the
//   address early"): 1 for direct branches (B, B<cc>, BL, CBZ/CBNZ: target in
//   the encoding, speculated early), 2 when their target is a 32-bit
//   instruction at a halfword (not word) aligned address; 3 for every branch
//   whose target comes from a register or memory (BX, BLX Rm, MOV/ADD PC,
//   LDR PC, POP/LDM {..PC}, TBB/TBH), which [LST] states for LDR PC and TBB
//   ("three cycles for the pipeline reload"). The direct-branch values match
//   measurements on an STM32 Cortex-M4 (compendium.i-0.nl, "Branch timing":
//   taken branches take two cycles, three to an unaligned wide instruction).
//   SDIV/UDIV: 7, the midpoint of the TRM's 2..12 (operands are not known when
//   a block is decoded).
//   MRS/MSR/CPSID/CPSIE "1 or 2": 2. DMB/DSB 1+B: B = 0 (the TRM's minimum; a
//   zero-wait system has no buffered write to drain). ISB 1+B: B = P = 3.
//   WFI/WFE 1+W: W = 0 (the emulator has no interrupts to wait for).
//   IT: folded (0 cycles) after a 16-bit instruction, per note d; else 1.
//
// Cortex-M7 (ESTIMATE, no Arm table exists). Sources:
//   [J]  jnk0le/random, "pipeline cycle test/README.md", Cortex-M7 section:
//        DWT.CYCCNT micro-benchmarks on an STM32H743 (rev Y);
//   [L]  LLVM's Cortex-M7 scheduling model, llvm/lib/Target/ARM/ARMScheduleM7.td
//        (contributed by Arm; jnk0le's notes call it "from ARM and matching
//        observations"): a compiler's model of issue and latency, used here
//        only where no measurement exists, for single issue and cycle figures;
//   [R]  this project's shared/reference/cortex-m-timing.md summary of public
//        DWT measurements on STM32F7/H7 (simple pairs dual-issue, no dual
//        store, load+store pair, LDM about two registers per cycle,
//        misprediction about 8 cycles).
//   Model: in-order dual issue of adjacent pairs the pairing rules allow (no
//   register dependency between them, no shared port, the younger allowed in
//   the second slot); LDM/STM/PUSH/POP/LDRD/STRD/VLDM/VSTM take ceil(N/2)
//   cycles and issue alone; a 2-bit counter plus last-target (BTAC-like)
//   predictor per branch, 0 extra cycles when right, 8 when wrong; first
//   execution of a branch mispredicts. Not modelled: cache misses, TCM/AXI
//   bank conflicts (two loads are assumed not to pair), flag-forwarding
//   distance, alignment of 16/32-bit instruction groups, return stack.
#include "emulator/profile/cycle_model.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace mcuprof {
namespace {

using C = InsnClass;
using Table = std::array<ClassTiming, kInsnClassCount>;

constexpr size_t idx(InsnClass cls) { return static_cast<size_t>(cls); }

// Every row of a table must have been written (a non-empty source).
constexpr bool complete(const Table& table) {
    for (const ClassTiming& row : table) {
        if (row.source == nullptr || row.source[0] == '\0') return false;
    }
    return true;
}

// ---------------------------------------------------------------- Cortex-M4
constexpr uint8_t kM4RefillDirect = 1;              // P, direct branches (see top)
constexpr uint8_t kM4RefillDirectUnalignedWide = 2; // P, direct, unaligned 32-bit target
constexpr uint8_t kM4RefillIndirect = 3;            // P, register/memory targets ([LST])
constexpr uint8_t kM4DivideCycles = 7;              // midpoint of 2..12 ([T31] note a)

constexpr Table make_m4() {
    Table t{};
    // Data processing. [LST]: "Any load or store that generates an address
    // dependent on the result of a preceding data processing operation stalls
    // the pipeline for an additional cycle" -> address_latency 1.
    t[idx(C::Alu)] = {.cycles = 1, .address_latency = 1,
        .source = "[T31] Move/Add/Subtract/Compare/Logical/Shift/Rotate rows: 1; [LST] address dependency +1"};
    t[idx(C::AluShifted)] = {.cycles = 1, .address_latency = 1,
        .source = "[T31] <op2> may be an immediate- or register-shifted register: 1; [LST] address dependency +1"};
    t[idx(C::BitfieldDsp)] = {.cycles = 1, .address_latency = 1,
        .source = "[T31] Extend/Bit field/Reverse/CLZ/Saturate rows, [T32] packing/SIMD/saturating/SEL/USAD8 rows: 1"};
    t[idx(C::Multiply)] = {.cycles = 1, .address_latency = 1,
        .source = "[T31] MUL/MLA/MLS/SMULL/UMULL/SMLAL/UMLAL: 1; [T32] SMLAD/SMLABB/SMULBB/SMMLA/SMUAD/UMAAL/...: 1"};
    t[idx(C::Divide)] = {.cycles = kM4DivideCycles, .address_latency = 1,
        .source = "[T31] SDIV/UDIV '2 to 12' (note a: early termination); fixed estimate 7 = midpoint"};
    // Loads and stores. [T31] note b: "Neighboring load and store single
    // instructions can pipeline their address and data phases"; [LST]: "if the
    // next instruction is an LDR or STR, and the destination of the first LDR
    // is not used to compute the address for the next instruction, then one
    // cycle is removed from the cost of the next instruction".
    t[idx(C::Load)] = {.cycles = 2, .overlaps_next = true, .pipelinable = true,
        .source = "[T31] LDR/LDRT/LDREX: 2 (note b); [LST] pipelined with a following LDR/STR"};
    t[idx(C::LoadByteHalf)] = {.cycles = 2, .overlaps_next = true, .pipelinable = true,
        .source = "[T31] LDRH/LDRB/LDRSH/LDRSB(T): 2 (note b); [LST] pipelining as LDR"};
    t[idx(C::LoadLiteral)] = {.cycles = 2, .overlaps_next = true, .pipelinable = true,
        .source = "[T31] 'PC relative LDR Rd,[PC,#imm]': 2 (note b); [LST] 'might add a cycle' for fetch contention: not charged"};
    t[idx(C::StoreImm)] = {.cycles = 1, .pipelinable = true,
        .source = "[LST] 'STR Rx,[Ry,#imm] is always one cycle'; 'nothing can be pipelined after the store'"};
    t[idx(C::StoreReg)] = {.cycles = 2, .pipelinable = true,
        .source = "[T31] STR/STRH/STRB: 2 (note b); [LST] pipelined after an LDR, nothing pipelines after it"};
    t[idx(C::StoreExclusive)] = {.cycles = 2, .overlaps_next = true, .pipelinable = true,
        .source = "[T31] STREX/STREXH/STREXB: 2; [LST] 'STREX is treated more like an LDR' for pipelining"};
    t[idx(C::LoadDual)] = {.cycles = 1, .per_word_num = 1,
        .source = "[T31] LDRD: 1 + N (N = 2); [LST] not pipelined with neighbours, 'three cycles'"};
    t[idx(C::StoreDual)] = {.cycles = 1, .per_word_num = 1,
        .source = "[T31] STRD: 1 + N (N = 2); [LST] not pipelined with neighbours"};
    t[idx(C::LoadMultiple)] = {.cycles = 1, .per_word_num = 1,
        .refill = kM4RefillIndirect, .refill_unaligned_wide = kM4RefillIndirect,
        .source = "[T31] LDM/POP: 1 + N, with PC 1 + N + P (P = 3)"};
    t[idx(C::StoreMultiple)] = {.cycles = 1, .per_word_num = 1,
        .source = "[T31] STM/PUSH: 1 + N"};
    // Branches: the not-taken cost here, P added by branch_exit() when taken.
    t[idx(C::Branch)] = {.cycles = 1,
        .refill = kM4RefillDirect, .refill_unaligned_wide = kM4RefillDirectUnalignedWide,
        .source = "[T31] B/BL 1 + P, B<cc>/CBZ/CBNZ 1 or 1 + P (note c); P = 1, 2 to an unaligned 32-bit target"};
    t[idx(C::BranchRegister)] = {.cycles = 1,
        .refill = kM4RefillIndirect, .refill_unaligned_wide = kM4RefillIndirect,
        .source = "[T31] BX/BLX Rm, MOV PC,Rm, ADD PC,PC,Rm: 1 + P (P = 3, register target)"};
    t[idx(C::LoadPc)] = {.cycles = 2,
        .refill = kM4RefillIndirect, .refill_unaligned_wide = kM4RefillIndirect,
        .source = "[T31] LDR PC: 2 + P; [LST] 'two cycles for the load, and three cycles for the pipeline reload'"};
    t[idx(C::TableBranch)] = {.cycles = 3,
        .refill = kM4RefillIndirect, .refill_unaligned_wide = kM4RefillIndirect,
        .source = "[LST] TBB/TBH 'two cycles for the load, one cycle for the add, and three cycles for the pipeline reload' (6; [T31] says 2 + P)"};
    t[idx(C::IfThen)] = {.cycles = 1, .folds_after_narrow = true,
        .source = "[T31] IT: 1, note d: folded onto a preceding 16-bit instruction (0 cycles)"};
    t[idx(C::Barrier)] = {.cycles = 1,
        .source = "[T31] DMB/DSB: 1 + B, B = 0 (TRM minimum; nothing to drain at zero wait states)"};
    t[idx(C::InstructionBarrier)] = {.cycles = 1 + kM4RefillIndirect,
        .source = "[T31] ISB: 1 + B, B = a pipeline refill (P = 3)"};
    t[idx(C::StatusRegister)] = {.cycles = 2,
        .source = "[T31] MRS/MSR/CPSID/CPSIE: '1 or 2', upper bound 2"};
    t[idx(C::Hint)] = {.cycles = 1,
        .source = "[T31] NOP, SEV, CLREX: 1"};
    t[idx(C::WaitFor)] = {.cycles = 1,
        .source = "[T31] WFI/WFE: 1 + W, W = 0 (no interrupts in the emulator)"};
    t[idx(C::Preload)] = {.cycles = 1, .sourced = false,
        .source = "PLD/PLI are not in [T31] or [T32]: default 1"};
    t[idx(C::ExceptionGen)] = {.cycles = 1, .sourced = false,
        .source = "[T31] gives '-' for SVC and BKPT, UDF is not listed: default 1, exception entry not modelled"};
    // FPU ([T71]). Note: "Floating-point arithmetic data processing
    // instructions [...] take one cycle longer if their result is consumed by
    // the following instruction" -> result_latency 1; "fused and chained
    // multiply with accumulate instructions consume their addend one cycle
    // later" -> late_accumulate.
    t[idx(C::FpArith)] = {.cycles = 1, .result_latency = 1,
        .source = "[T71] VADD/VSUB/VMUL/VNMUL/VCVT/VCMP(E).F32: 1; +1 if the next instruction uses the result"};
    t[idx(C::FpMove)] = {.cycles = 1,
        .source = "[T71] VABS/VNEG.F32, VMOV immediate/float-to-float: 1"};
    t[idx(C::FpMac)] = {.cycles = 3, .result_latency = 1, .late_accumulate = true,
        .source = "[T71] VMLA/VMLS/VNMLA/VNMLS/VFMA/VFMS/VFNMA/VFNMS.F32: 3; addend consumed a cycle later"};
    t[idx(C::FpDiv)] = {.cycles = 14, .result_latency = 1,
        .source = "[T71] VDIV.F32: 14"};
    t[idx(C::FpSqrt)] = {.cycles = 14, .result_latency = 1,
        .source = "[T71] VSQRT.F32: 14"};
    t[idx(C::FpLoad32)] = {.cycles = 2, .source = "[T71] VLDR.32: 2"};
    t[idx(C::FpLoad64)] = {.cycles = 3, .source = "[T71] VLDR.64: 3"};
    t[idx(C::FpStore32)] = {.cycles = 2, .source = "[T71] VSTR.32: 2"};
    t[idx(C::FpStore64)] = {.cycles = 3, .source = "[T71] VSTR.64: 3"};
    t[idx(C::FpLoadMultiple)] = {.cycles = 1, .per_word_num = 1,
        .source = "[T71] VLDM.32/VPOP.32: 1 + N floats; VLDM.64/VPOP.64: 1 + 2N (N words)"};
    t[idx(C::FpStoreMultiple)] = {.cycles = 1, .per_word_num = 1,
        .source = "[T71] VSTM.32/VPUSH.32: 1 + N floats; VSTM.64/VPUSH.64: 1 + 2N (N words)"};
    t[idx(C::FpMoveCore)] = {.cycles = 2,
        .source = "[T71] VMOV one float to/from one core register: 2"};
    t[idx(C::FpMoveCorePair)] = {.cycles = 2,
        .source = "[T71] VMOV two floats/one double to/from two core registers: 2"};
    t[idx(C::FpMoveCoreHalf)] = {.cycles = 1,
        .source = "[T71] VMOV top/bottom half of double to/from core register: 1"};
    t[idx(C::FpStatus)] = {.cycles = 1, .source = "[T71] VMRS/VMSR: 1"};
    t[idx(C::FpArithDouble)] = {.cycles = 1, .sourced = false,
        .source = "FPv4-SP has no double-precision arithmetic (UNDEFINED on the M4): default 1"};
    t[idx(C::FpMulDouble)] = {.cycles = 1, .sourced = false,
        .source = "FPv4-SP has no double-precision arithmetic (UNDEFINED on the M4): default 1"};
    t[idx(C::FpMacDouble)] = {.cycles = 1, .sourced = false,
        .source = "FPv4-SP has no double-precision arithmetic (UNDEFINED on the M4): default 1"};
    t[idx(C::FpDivSqrtDouble)] = {.cycles = 1, .sourced = false,
        .source = "FPv4-SP has no double-precision arithmetic (UNDEFINED on the M4): default 1"};
    t[idx(C::Unknown)] = {.cycles = 1, .sourced = false,
        .source = "not in the TRM tables (e.g. YIELD) or not decoded: default 1"};
    return t;
}

// ---------------------------------------------------------------- Cortex-M7
constexpr uint8_t kM7MispredictPenalty = 8;  // [J] "from 8 to 6 cycles" with flag forwarding; [R] about 8
constexpr uint8_t kM7DivideCycles = 7;  // [L] WriteDIV Latency = 7, SingleIssue

constexpr Table make_m7() {
    using namespace port;
    Table t{};
    t[idx(C::Alu)] = {.cycles = 1, .pair = PairRule::Any,
        .source = "[J] add/sub/mov and simple/pattern constants pair with everything; [R] simple pairs dual-issue"};
    t[idx(C::AluShifted)] = {.cycles = 1, .pair = PairRule::Any, .ports = kShift,
        .source = "[J] operand2 matrix: an inline shifted register never pairs with another shifted operand"};
    t[idx(C::BitfieldDsp)] = {.cycles = 1, .address_latency = 1, .pair = PairRule::OlderOnly,
        .ports = kShift | kDsp,
        .source = "[J] bitfield/DSP: no pairing with each other, older slot only, +1 when used as an address next cycle"};
    t[idx(C::Multiply)] = {.cycles = 1, .result_latency = 1, .late_accumulate = true,
        .pair = PairRule::Any, .ports = kMac | kStore,
        .source = "[J] MUL/MAC: no pairing with each other or with stores, 1 extra cycle of result latency, accumulator read late"};
    t[idx(C::Divide)] = {.cycles = kM7DivideCycles,
        .source = "[L] SDIV/UDIV: 7 cycles, single issue ('stall for their latency'); data dependent on silicon, "
                  "as the M4's 2..12 ([T31] note a): fixed estimate"};
    t[idx(C::Load)] = {.cycles = 1, .pair = PairRule::Any, .ports = kLoad,
        .source = "[J] word loads usable next cycle; two loads pair only on different banks (unknown statically: not paired)"};
    t[idx(C::LoadByteHalf)] = {.cycles = 1, .result_latency = 1, .pair = PairRule::Any, .ports = kLoad,
        .source = "[J] byte/halfword loads: 1 extra cycle of result latency"};
    t[idx(C::LoadLiteral)] = {.cycles = 1, .pair = PairRule::Any, .ports = kLoad,
        .source = "[J] as a word load"};
    t[idx(C::StoreImm)] = {.cycles = 1, .pair = PairRule::Any, .ports = kStore,
        .source = "[J] stores: never two in one cycle, a load and a store pair; [R] no dual store"};
    t[idx(C::StoreReg)] = {.cycles = 1, .pair = PairRule::Any, .ports = kStore,
        .source = "[J] stores: never two in one cycle, a load and a store pair; [R] no dual store"};
    t[idx(C::StoreExclusive)] = {.cycles = 1, .pair = PairRule::Any, .ports = kStore,
        .source = "[J] as a store"};
    t[idx(C::LoadDual)] = {.cycles = 0, .per_word_num = 1, .per_word_den = 2,
        .source = "[J] load/store pair/multiple: ceil(regs/2) cycles, no pairing with neighbours"};
    t[idx(C::StoreDual)] = {.cycles = 0, .per_word_num = 1, .per_word_den = 2,
        .source = "[J] load/store pair/multiple: ceil(regs/2) cycles, no pairing with neighbours"};
    t[idx(C::LoadMultiple)] = {.cycles = 0, .per_word_num = 1, .per_word_den = 2,
        .source = "[J] LDM/POP: ceil(regs/2) cycles, issues alone; [R] about two registers per cycle"};
    t[idx(C::StoreMultiple)] = {.cycles = 0, .per_word_num = 1, .per_word_den = 2,
        .source = "[J] STM/PUSH: ceil(regs/2) cycles, issues alone; [R] about two registers per cycle"};
    t[idx(C::Branch)] = {.cycles = 1, .pair = PairRule::Any, .ports = kBranch,
        .source = "[J] not-taken and correctly predicted taken branches dual-issue; misprediction 8"};
    t[idx(C::BranchRegister)] = {.cycles = 1, .pair = PairRule::Any, .ports = kBranch,
        .source = "[J] as a branch; target predicted from the last one seen (BTAC-like)"};
    t[idx(C::LoadPc)] = {.cycles = 1, .ports = kLoad | kBranch,
        .source = "[J] costed as a word load issuing alone; the branch goes through the predictor"};
    t[idx(C::TableBranch)] = {.cycles = 2, .ports = kLoad | kBranch,
        .source = "[L] TBB/TBH 'single-issue only; takes two cycles to issue'; the branch goes through the predictor"};
    t[idx(C::IfThen)] = {.cycles = 1, .pair = PairRule::Any,
        .source = "[J] 'it' behaves like a predicted not-taken branch"};
    t[idx(C::Barrier)] = {.cycles = 3,
        .source = "[L] DMB/DSB are 'non general purpose': single issue, latency 3 ('many look likely to stall the "
                  "whole pipeline'): 3, with no buffered write or cache maintenance to wait for"};
    t[idx(C::InstructionBarrier)] = {.cycles = 3,
        .source = "[L] ISB: non general purpose, single issue, latency 3; the refill after it is not charged"};
    t[idx(C::StatusRegister)] = {.cycles = 1, .result_latency = 2,
        .source = "[L] MRS/MSR: non general purpose, single issue, latency 3 (1 + 2 cycles of result latency); "
                  "CPSID/CPSIE as MSR"};
    t[idx(C::Hint)] = {.cycles = 1, .pair = PairRule::Any,
        .source = "[J] 'there is no nop elimination': NOP takes an issue slot"};
    t[idx(C::WaitFor)] = {.cycles = 1, .sourced = false,
        .source = "WFI/WFE: the core sleeps until an event, which the emulator never delivers: default 1"};
    t[idx(C::Preload)] = {.cycles = 1, .pair = PairRule::Any, .ports = kLoad,
        .source = "[L] PLD/PLI scheduled as a word load (t2PL[DI]: WriteLd); [J] 'pld instruction can stall due to "
                  "address dependency (same as normal loads)'"};
    t[idx(C::ExceptionGen)] = {.cycles = 1, .sourced = false,
        .source = "SVC/BKPT/UDF: default 1, exception entry not modelled"};
    t[idx(C::FpArith)] = {.cycles = 1, .result_latency = 2, .pair = PairRule::Any, .ports = kFpArith,
        .source = "[J] FP arithmetic never pairs with FP arithmetic; vadd/vmul result latency 3"};
    t[idx(C::FpMove)] = {.cycles = 1, .result_latency = 2, .pair = PairRule::Any, .ports = kFpArith,
        .source = "[J] vmov float-to-float: 3 cycles of result latency; two 'vmov sd,#imm' never pair"};
    t[idx(C::FpMac)] = {.cycles = 1, .result_latency = 2, .pair = PairRule::Any,
        .ports = kFpArith | kFpMem,
        .source = "[J] FP MAC issues every cycle, accumulate latency 3, never pairs with vldr/vstr/vmov"};
    t[idx(C::FpDiv)] = {.cycles = 16, .source = "[J] vdiv.f32: 16 cycles"};
    t[idx(C::FpSqrt)] = {.cycles = 14, .source = "[J] vsqrt.f32: 14 cycles"};
    t[idx(C::FpLoad32)] = {.cycles = 1, .pair = PairRule::Any, .ports = kLoad | kFpMem,
        .source = "[J] vldr.f32 dual-issues, 1 cycle of result latency"};
    t[idx(C::FpLoad64)] = {.cycles = 1, .ports = kLoad | kFpMem,
        .source = "[J] vldr.64 cannot dual issue with anything"};
    t[idx(C::FpStore32)] = {.cycles = 1, .pair = PairRule::Any, .ports = kStore | kFpMem,
        .source = "[J] vstr.f32 as a store"};
    t[idx(C::FpStore64)] = {.cycles = 1, .ports = kStore | kFpMem,
        .source = "[J] vstr.64 cannot dual issue with anything"};
    t[idx(C::FpLoadMultiple)] = {.cycles = 0, .per_word_num = 1, .per_word_den = 2,
        .source = "[J] 'vldm behaves as regular ldm': ceil(words/2)"};
    t[idx(C::FpStoreMultiple)] = {.cycles = 0, .per_word_num = 1, .per_word_den = 2,
        .source = "[J] 'vstm similarly': ceil(words/2)"};
    t[idx(C::FpMoveCore)] = {.cycles = 1, .result_latency = 2, .pair = PairRule::Any, .ports = kFpMem,
        .source = "[J] vmov s0,r0: 3 cycles of result latency"};
    t[idx(C::FpMoveCorePair)] = {.cycles = 1, .ports = kFpMem,
        .source = "[J] moving two registers between FPU and core cannot dual issue with anything"};
    t[idx(C::FpMoveCoreHalf)] = {.cycles = 1, .pair = PairRule::Any, .ports = kFpMem,
        .sourced = false, .source = "VMOV Dd[x],Rt: not measured, assumed as a single vmov"};
    t[idx(C::FpStatus)] = {.cycles = 1,
        .source = "[L] VMRS (FMSTAT) and VMSR: 1 cycle (default latency), single issue on the VFP unit"};
    t[idx(C::FpArithDouble)] = {.cycles = 1, .result_latency = 2, .pair = PairRule::OlderOnly,
        .ports = kFpArith,
        .source = "[J] vadd.f64 1 cycle (same exponent), result latency 3, pairs with integer ops from the older slot"};
    t[idx(C::FpMulDouble)] = {.cycles = 5, .result_latency = 2, .pair = PairRule::OlderOnly,
        .ports = kFpArith, .source = "[J] vmul.f64: 5 cycles"};
    t[idx(C::FpMacDouble)] = {.cycles = 7, .result_latency = 2, .pair = PairRule::OlderOnly,
        .ports = kFpArith | kLoad | kStore,
        .source = "[J] vfma.f64 7 (first) / 6 (chained); no pairing with integer loads/stores"};
    t[idx(C::FpDivSqrtDouble)] = {.cycles = 30,
        .source = "[J] vdiv.f64: 30 cycles (vsqrt.f64 not measured, same figure assumed)"};
    t[idx(C::Unknown)] = {.cycles = 1, .sourced = false,
        .source = "not classified or not decoded: default 1"};
    return t;
}

constexpr Table kM4Table = make_m4();
constexpr Table kM7Table = make_m7();
static_assert(complete(kM4Table), "every Cortex-M4 row needs a source");
static_assert(complete(kM7Table), "every Cortex-M7 row needs a source");

constinit const CycleModel kCortexM4(Core::CortexM4, "cortex-m4", false,
    "Arm Cortex-M4 TRM (ARM DDI 0439D) Tables 3-1, 3-2, 7-1 and section 3.3.2, zero wait states",
    kM4Table.data(), /*dual_issue=*/false, /*mispredict_penalty=*/0);
constinit const CycleModel kCortexM7(Core::CortexM7, "cortex-m7", true,
    "estimate from public DWT measurements (jnk0le/random pipeline cycle test, STM32H743)",
    kM7Table.data(), /*dual_issue=*/true, kM7MispredictPenalty);

uint32_t ceil_div(uint32_t a, uint32_t b) { return (a + b - 1) / b; }

// Whether `younger` may issue together with `older` (Cortex-M7 estimate).
bool can_pair(const ClassTiming& older_timing, const TimedInsn& older,
              const ClassTiming& younger_timing, const TimedInsn& younger) {
    if (older_timing.pair == PairRule::Never || younger_timing.pair != PairRule::Any) return false;
    if ((older_timing.ports & younger_timing.ports) != 0) return false;
    // In order: the younger may neither read nor overwrite the older's result.
    if ((older.writes & (younger.reads | younger.address_reads | younger.writes)) != 0) return false;
    return true;
}

}  // namespace

const char* to_string(InsnClass cls) {
    switch (cls) {
        case C::Alu: return "alu";
        case C::AluShifted: return "alu-shifted";
        case C::BitfieldDsp: return "bitfield-dsp";
        case C::Multiply: return "multiply";
        case C::Divide: return "divide";
        case C::Load: return "load";
        case C::LoadByteHalf: return "load-byte-half";
        case C::LoadLiteral: return "load-literal";
        case C::StoreImm: return "store-imm";
        case C::StoreReg: return "store-reg";
        case C::StoreExclusive: return "store-exclusive";
        case C::LoadDual: return "load-dual";
        case C::StoreDual: return "store-dual";
        case C::LoadMultiple: return "load-multiple";
        case C::StoreMultiple: return "store-multiple";
        case C::Branch: return "branch";
        case C::BranchRegister: return "branch-register";
        case C::LoadPc: return "load-pc";
        case C::TableBranch: return "table-branch";
        case C::IfThen: return "it";
        case C::Barrier: return "barrier";
        case C::InstructionBarrier: return "isb";
        case C::StatusRegister: return "status-register";
        case C::Hint: return "hint";
        case C::WaitFor: return "wait";
        case C::Preload: return "preload";
        case C::ExceptionGen: return "exception";
        case C::FpArith: return "fp-arith";
        case C::FpMove: return "fp-move";
        case C::FpMac: return "fp-mac";
        case C::FpDiv: return "fp-div";
        case C::FpSqrt: return "fp-sqrt";
        case C::FpLoad32: return "fp-load32";
        case C::FpLoad64: return "fp-load64";
        case C::FpStore32: return "fp-store32";
        case C::FpStore64: return "fp-store64";
        case C::FpLoadMultiple: return "fp-load-multiple";
        case C::FpStoreMultiple: return "fp-store-multiple";
        case C::FpMoveCore: return "fp-move-core";
        case C::FpMoveCorePair: return "fp-move-core-pair";
        case C::FpMoveCoreHalf: return "fp-move-core-half";
        case C::FpStatus: return "fp-status";
        case C::FpArithDouble: return "fp-arith-f64";
        case C::FpMulDouble: return "fp-mul-f64";
        case C::FpMacDouble: return "fp-mac-f64";
        case C::FpDivSqrtDouble: return "fp-div-sqrt-f64";
        case C::Unknown: return "unknown";
        case C::Count: break;
    }
    return "invalid";
}

const CycleModel& CycleModel::for_core(Core core) {
    return core == Core::CortexM7 ? kCortexM7 : kCortexM4;
}

uint32_t CycleModel::standalone_cycles(InsnClass cls, unsigned words) const {
    const ClassTiming& t = timing(cls);
    uint32_t cycles = t.cycles;
    if (t.per_word_num != 0) cycles += ceil_div(uint32_t(words) * t.per_word_num, t.per_word_den);
    return std::max<uint32_t>(cycles, 1);
}

void CycleModel::sequence_cycles(std::span<const TimedInsn> insns, std::span<uint32_t> out) const {
    bool previous_paired = false;  // the previous instruction already belongs to a pair
    for (size_t i = 0; i < insns.size() && i < out.size(); ++i) {
        const TimedInsn& cur = insns[i];
        const ClassTiming& t = timing(cur.cls);
        uint32_t cycles = standalone_cycles(cur.cls, cur.words);
        bool paired = false;
        if (i > 0) {
            const TimedInsn& prev = insns[i - 1];
            const ClassTiming& pt = timing(prev.cls);
            if (t.folds_after_narrow && prev.size == 2) cycles = 0;
            if (pt.overlaps_next && t.pipelinable && (cur.address_reads & prev.writes) == 0 && cycles > 1)
                cycles -= 1;
            uint64_t data_reads = cur.reads;
            if (t.late_accumulate) data_reads &= ~cur.accumulate_reads;
            uint32_t stall = 0;
            if ((prev.writes & data_reads) != 0) stall = std::max<uint32_t>(stall, pt.result_latency);
            if ((prev.writes & cur.address_reads) != 0) stall = std::max<uint32_t>(stall, pt.address_latency);
            if (dual_issue_ && !previous_paired && can_pair(pt, prev, t, cur)) {
                paired = true;
                cycles = 0;
            } else {
                cycles += stall;
            }
        }
        out[i] = cycles;
        previous_paired = paired;
    }
}

ExitCost CycleModel::branch_exit(InsnClass cls, bool conditional, BranchSite& site, bool taken,
                                 uint32_t target, bool target_wide_unaligned) const {
    ExitCost cost;
    cost.taken = taken;
    if (!has_predictor()) {
        if (taken) {
            const ClassTiming& t = timing(cls);
            cost.cycles = target_wide_unaligned ? t.refill_unaligned_wide : t.refill;
        }
        return cost;
    }
    cost.cycles = predicted_exit(site, conditional, taken, target);
    cost.mispredicted = cost.cycles != 0;
    return cost;
}

}  // namespace mcuprof

#include "emulator/profile/block_decoder.hpp"

#include "emulator/text/error.hpp"

#include <algorithm>
#include <array>

namespace mcuprof {
namespace {

using C = InsnClass;

// Core register number 0..15 of a Capstone register, or -1.
int core_reg(unsigned reg) {
    if (reg >= ARM_REG_R0 && reg <= ARM_REG_R12) return int(reg - ARM_REG_R0);
    if (reg == ARM_REG_SP) return 13;
    if (reg == ARM_REG_LR) return 14;
    if (reg == ARM_REG_PC) return 15;
    return -1;
}

bool is_sreg(unsigned reg) { return reg >= ARM_REG_S0 && reg <= ARM_REG_S31; }
bool is_dreg(unsigned reg) { return reg >= ARM_REG_D0 && reg <= ARM_REG_D31; }

// Register mask bit(s) of a Capstone register (see cycle_model.hpp).
uint64_t reg_mask(unsigned reg) {
    int r = core_reg(reg);
    if (r >= 0) return reg_bit(unsigned(r));
    if (is_sreg(reg)) return reg_bit(32 + (reg - ARM_REG_S0));
    if (reg >= ARM_REG_D0 && reg <= ARM_REG_D15) return uint64_t(3) << (32 + 2 * (reg - ARM_REG_D0));
    return 0;  // flags, FPSCR, D16-D31 (absent on FPv4/FPv5-D16) are not tracked
}

// Words a register-list operand moves: S = 1, D = 2, core = 1.
unsigned list_words(unsigned reg) { return is_dreg(reg) ? 2 : 1; }

bool is_conditional(const cs_arm& arm) { return arm.cc != ARM_CC_AL && arm.cc != ARM_CC_INVALID; }

bool any_shifted_operand(const cs_arm& arm) {
    for (uint8_t i = 0; i < arm.op_count; ++i) {
        const cs_arm_op& op = arm.operands[i];
        if (op.type == ARM_OP_REG && op.shift.type != ARM_SFT_INVALID) return true;
    }
    return false;
}

bool any_dreg(const cs_arm& arm) {
    for (uint8_t i = 0; i < arm.op_count; ++i) {
        if (arm.operands[i].type == ARM_OP_REG && is_dreg(arm.operands[i].reg)) return true;
    }
    return false;
}

bool writes_pc(const cs_arm& arm) {
    return arm.op_count > 0 && arm.operands[0].type == ARM_OP_REG && arm.operands[0].reg == ARM_REG_PC;
}

const cs_arm_op* mem_operand(const cs_arm& arm, int* position) {
    for (uint8_t i = 0; i < arm.op_count; ++i) {
        if (arm.operands[i].type == ARM_OP_MEM) {
            if (position) *position = i;
            return &arm.operands[i];
        }
    }
    return nullptr;
}

// Everything the decoder derives from one instruction.
struct Decoded {
    InsnClass cls = C::Unknown;
    uint8_t words = 0;
    MemOperand mem;
    uint64_t reads = 0;
    uint64_t writes = 0;
    uint64_t accumulate = 0;
    bool explicit_regs = false;  // reads/writes computed here, not from cs_regs_access
    bool lowers_sp = false;      // SUB SP, SP, #imm / Rm
};

// SUB{W} SP, SP, <op> (or the two-operand SUB SP, #imm): moves SP down.
bool subtracts_from_sp(const cs_arm& arm) {
    if (arm.op_count < 2 || arm.operands[0].type != ARM_OP_REG || arm.operands[0].reg != ARM_REG_SP) return false;
    if (arm.op_count == 2) return true;
    return arm.operands[1].type == ARM_OP_REG && arm.operands[1].reg == ARM_REG_SP;
}

// Fills mem for a single load/store from its MEM operand.
void single_access(const cs_arm& arm, uint8_t size, bool is_store, MemOperand& mem) {
    int position = 0;
    const cs_arm_op* op = mem_operand(arm, &position);
    if (op == nullptr) return;
    mem.kind = MemOperand::Kind::Single;
    mem.is_store = is_store;
    mem.size = size;
    int base = core_reg(op->mem.base);
    int index = op->mem.index == ARM_REG_INVALID ? -1 : core_reg(op->mem.index);
    mem.base = base < 0 ? kNoReg : uint8_t(base);
    mem.index = index < 0 ? kNoReg : uint8_t(index);
    unsigned shift = op->mem.lshift > 0 ? unsigned(op->mem.lshift) : 0;
    if (op->shift.type == ARM_SFT_LSL) shift = std::max(shift, op->shift.value);
    mem.shift = uint8_t(shift);
    int32_t disp = op->mem.disp;
    if (op->subtracted && disp > 0) disp = -disp;
    mem.imm = disp;
    mem.pc_aligned = base == 15;
    mem.writeback = arm.writeback;
    if (arm.writeback) {
        // Post-indexed forms carry the increment as an immediate after the MEM operand.
        if (position + 1 < arm.op_count && arm.operands[position + 1].type == ARM_OP_IMM) {
            const cs_arm_op& inc = arm.operands[position + 1];
            mem.index_mode = MemOperand::Index::PostIndex;
            mem.imm = inc.subtracted && inc.imm > 0 ? -inc.imm : inc.imm;
        } else {
            mem.index_mode = MemOperand::Index::PreIndex;
        }
    }
}

// Register operands before the MEM operand (Rt, Rt2; for STREX: Rd, Rt).
uint64_t transfer_regs(const cs_arm& arm, int first, int* mem_position) {
    int position = arm.op_count;
    mem_operand(arm, &position);
    if (mem_position) *mem_position = position;
    uint64_t mask = 0;
    for (int i = first; i < position && i < arm.op_count; ++i) {
        if (arm.operands[i].type == ARM_OP_REG) mask |= reg_mask(arm.operands[i].reg);
    }
    return mask;
}

// Single load/store: class, access, explicit register sets.
void load_store_single(const cs_arm& arm, InsnClass cls, uint8_t size, bool is_store, Decoded& d) {
    d.cls = cls;
    single_access(arm, size, is_store, d.mem);
    d.explicit_regs = true;
    uint64_t address = 0;
    if (d.mem.base != kNoReg) address |= reg_bit(d.mem.base);
    if (d.mem.index != kNoReg) address |= reg_bit(d.mem.index);
    d.reads |= address;
    if (cls == C::StoreExclusive) {
        // STREX Rd, Rt, [Rn]: Rd receives the status.
        if (arm.op_count > 0) d.writes |= reg_mask(arm.operands[0].reg);
        d.reads |= transfer_regs(arm, 1, nullptr);
    } else if (is_store) {
        d.reads |= transfer_regs(arm, 0, nullptr);
    } else {
        d.writes |= transfer_regs(arm, 0, nullptr);
    }
    if (d.mem.writeback && d.mem.base != kNoReg) d.writes |= reg_bit(d.mem.base);
}

// LDM/STM/PUSH/POP/VLDM/VSTM/VPUSH/VPOP.
void multiple(const cs_arm& arm, InsnClass cls, bool is_store, bool decrement, bool stack, Decoded& d) {
    d.cls = cls;
    d.explicit_regs = true;
    MemOperand& mem = d.mem;
    mem.kind = MemOperand::Kind::Multiple;
    mem.is_store = is_store;
    mem.decrement = decrement;
    int first = 0;
    if (stack) {
        mem.base = kRegSp;
        mem.writeback = true;
    } else {
        int base = arm.op_count > 0 ? core_reg(arm.operands[0].reg) : -1;
        mem.base = base < 0 ? kNoReg : uint8_t(base);
        mem.writeback = arm.writeback;
        first = 1;
    }
    unsigned words = 0;
    uint64_t list = 0;
    for (int i = first; i < arm.op_count; ++i) {
        if (arm.operands[i].type != ARM_OP_REG) continue;
        words += list_words(arm.operands[i].reg);
        list |= reg_mask(arm.operands[i].reg);
    }
    mem.count = uint8_t(std::min(words, 255u));
    d.words = mem.count;
    if (mem.base != kNoReg) d.reads |= reg_bit(mem.base);
    if (is_store) {
        d.reads |= list;
    } else {
        d.writes |= list;
    }
    if (mem.writeback && mem.base != kNoReg) d.writes |= reg_bit(mem.base);
}

InsnClass fp_class(const cs_arm& arm, InsnClass single, InsnClass dbl) { return any_dreg(arm) ? dbl : single; }

// VMOV has many shapes; the operand kinds decide the class.
InsnClass vmov_class(const cs_arm& arm) {
    unsigned core = 0, sregs = 0, dregs = 0;
    for (uint8_t i = 0; i < arm.op_count; ++i) {
        const cs_arm_op& op = arm.operands[i];
        if (op.type != ARM_OP_REG) continue;
        if (core_reg(op.reg) >= 0) ++core;
        else if (is_sreg(op.reg)) ++sregs;
        else if (is_dreg(op.reg)) ++dregs;
    }
    if (core == 2) return C::FpMoveCorePair;                 // Rt,Rt2 <-> Dm or Sm,Sm1
    if (core == 1 && dregs == 1) return C::FpMoveCoreHalf;   // Dd[x] <-> Rt
    if (core == 1) return C::FpMoveCore;                     // Sn <-> Rt
    if (dregs > 0) return C::FpArithDouble;                  // VMOV.F64
    return C::FpMove;                                        // VMOV.F32 Sd,Sm / immediate
}

struct SpMove {
    uint32_t drop = 0;     // bytes it lowers SP by, at most
    bool unknown = false;  // moves SP by an amount only the registers tell
};

// How an instruction that writes SP moves it: down by a constant (PUSH,
// STMDB SP!, STR Rt, [SP, #-n]!, SUB SP, #imm), up (POP, LDM SP!, ADD SP,
// #imm: nothing to check), or by an amount only the registers tell (MOV SP,
// Rn; SUB SP, Rm; LDR SP, ...; any MSR, which may set MSP or PSP or switch
// between them).
SpMove sp_move(const cs_insn& insn, const Decoded& d) {
    const cs_arm& arm = insn.detail->arm;
    // MSR to MSP, PSP or CONTROL (which may switch SP to the other stack).
    if (insn.id == ARM_INS_MSR) return {0, true};
    if ((d.writes & reg_bit(kRegSp)) == 0) return {};
    const MemOperand& m = d.mem;
    const bool loads_sp = !m.is_store && arm.op_count > 0 && arm.operands[0].type == ARM_OP_REG &&
                          arm.operands[0].reg == ARM_REG_SP;
    if (m.kind != MemOperand::Kind::None && m.base == kRegSp && m.writeback && !loads_sp) {
        if (m.kind == MemOperand::Kind::Multiple) return {m.decrement ? m.bytes() : 0u, false};
        if (m.index == kNoReg) return {m.imm < 0 ? uint32_t(-int64_t(m.imm)) : 0u, false};
        return {0, true};
    }
    const bool add = insn.id == ARM_INS_ADD || insn.id == ARM_INS_ADDW;
    const bool sub = insn.id == ARM_INS_SUB || insn.id == ARM_INS_SUBW;
    if ((add || sub) && m.kind == MemOperand::Kind::None && arm.op_count >= 2 && arm.op_count <= 3 &&
        arm.operands[0].type == ARM_OP_REG && arm.operands[0].reg == ARM_REG_SP) {
        const bool from_sp = arm.op_count == 2 ||
                             (arm.operands[1].type == ARM_OP_REG && arm.operands[1].reg == ARM_REG_SP);
        const cs_arm_op& amount = arm.operands[arm.op_count - 1];
        if (from_sp && amount.type == ARM_OP_IMM) {
            const int64_t delta = add ? int64_t(amount.imm) : -int64_t(amount.imm);
            return {delta < 0 ? uint32_t(-delta) : 0u, false};
        }
    }
    return {0, true};
}

Decoded classify(const cs_insn& insn) {
    const cs_arm& arm = insn.detail->arm;
    Decoded d;
    switch (insn.id) {
        // Data processing.
        case ARM_INS_ADD: case ARM_INS_MOV:
            if (writes_pc(arm)) { d.cls = C::BranchRegister; break; }
            [[fallthrough]];
        case ARM_INS_ADC: case ARM_INS_SUB: case ARM_INS_SBC: case ARM_INS_RSB:
        case ARM_INS_ADDW: case ARM_INS_SUBW: case ARM_INS_MVN: case ARM_INS_MOVW: case ARM_INS_MOVT:
        case ARM_INS_CMP: case ARM_INS_CMN: case ARM_INS_AND: case ARM_INS_ORR: case ARM_INS_EOR:
        case ARM_INS_ORN: case ARM_INS_BIC: case ARM_INS_TST: case ARM_INS_TEQ: case ARM_INS_LSL:
        case ARM_INS_LSR: case ARM_INS_ASR: case ARM_INS_ROR: case ARM_INS_RRX: case ARM_INS_ADR:
            d.cls = any_shifted_operand(arm) ? C::AluShifted : C::Alu;
            d.lowers_sp = (insn.id == ARM_INS_SUB || insn.id == ARM_INS_SUBW) && subtracts_from_sp(arm);
            break;
        case ARM_INS_MUL: case ARM_INS_SMULL: case ARM_INS_UMULL: case ARM_INS_SMMUL: case ARM_INS_SMMULR:
        case ARM_INS_SMUAD: case ARM_INS_SMUADX: case ARM_INS_SMULBB: case ARM_INS_SMULBT:
        case ARM_INS_SMULTB: case ARM_INS_SMULTT: case ARM_INS_SMULWB: case ARM_INS_SMULWT:
        case ARM_INS_SMUSD: case ARM_INS_SMUSDX:
            d.cls = C::Multiply;
            break;
        case ARM_INS_MLA: case ARM_INS_MLS: case ARM_INS_SMLABB: case ARM_INS_SMLABT: case ARM_INS_SMLATB:
        case ARM_INS_SMLATT: case ARM_INS_SMLAD: case ARM_INS_SMLADX: case ARM_INS_SMLAWB:
        case ARM_INS_SMLAWT: case ARM_INS_SMLSD: case ARM_INS_SMLSDX: case ARM_INS_SMMLA:
        case ARM_INS_SMMLAR: case ARM_INS_SMMLS: case ARM_INS_SMMLSR: case ARM_INS_USADA8:
            // Ra, the addend, is the fourth operand.
            d.cls = insn.id == ARM_INS_USADA8 ? C::BitfieldDsp : C::Multiply;
            if (arm.op_count >= 4) d.accumulate = reg_mask(arm.operands[3].reg);
            break;
        case ARM_INS_SMLAL: case ARM_INS_UMLAL: case ARM_INS_UMAAL: case ARM_INS_SMLALBB:
        case ARM_INS_SMLALBT: case ARM_INS_SMLALTB: case ARM_INS_SMLALTT: case ARM_INS_SMLALD:
        case ARM_INS_SMLALDX: case ARM_INS_SMLSLD: case ARM_INS_SMLSLDX:
            // RdLo:RdHi are read as the 64-bit accumulator and written.
            d.cls = C::Multiply;
            if (arm.op_count >= 2) d.accumulate = reg_mask(arm.operands[0].reg) | reg_mask(arm.operands[1].reg);
            break;
        case ARM_INS_SDIV: case ARM_INS_UDIV:
            d.cls = C::Divide;
            break;
        case ARM_INS_SSAT: case ARM_INS_USAT: case ARM_INS_SSAT16: case ARM_INS_USAT16:
        case ARM_INS_SXTB: case ARM_INS_SXTH: case ARM_INS_UXTB: case ARM_INS_UXTH: case ARM_INS_SXTB16:
        case ARM_INS_UXTB16: case ARM_INS_SXTAB: case ARM_INS_SXTAH: case ARM_INS_SXTAB16: case ARM_INS_UXTAB:
        case ARM_INS_UXTAH: case ARM_INS_UXTAB16: case ARM_INS_UBFX: case ARM_INS_SBFX: case ARM_INS_BFC:
        case ARM_INS_BFI: case ARM_INS_REV: case ARM_INS_REV16: case ARM_INS_REVSH: case ARM_INS_RBIT:
        case ARM_INS_CLZ: case ARM_INS_PKHBT: case ARM_INS_PKHTB: case ARM_INS_SEL: case ARM_INS_USAD8:
        case ARM_INS_QADD: case ARM_INS_QSUB: case ARM_INS_QDADD: case ARM_INS_QDSUB: case ARM_INS_QADD8:
        case ARM_INS_QADD16: case ARM_INS_QSUB8: case ARM_INS_QSUB16: case ARM_INS_QASX: case ARM_INS_QSAX:
        case ARM_INS_SADD8: case ARM_INS_SADD16: case ARM_INS_SSUB8: case ARM_INS_SSUB16: case ARM_INS_SASX:
        case ARM_INS_SSAX: case ARM_INS_SHADD8: case ARM_INS_SHADD16: case ARM_INS_SHSUB8:
        case ARM_INS_SHSUB16: case ARM_INS_SHASX: case ARM_INS_SHSAX: case ARM_INS_UADD8: case ARM_INS_UADD16:
        case ARM_INS_USUB8: case ARM_INS_USUB16: case ARM_INS_UASX: case ARM_INS_USAX: case ARM_INS_UQADD8:
        case ARM_INS_UQADD16: case ARM_INS_UQSUB8: case ARM_INS_UQSUB16: case ARM_INS_UQASX:
        case ARM_INS_UQSAX: case ARM_INS_UHADD8: case ARM_INS_UHADD16: case ARM_INS_UHSUB8:
        case ARM_INS_UHSUB16: case ARM_INS_UHASX: case ARM_INS_UHSAX:
            d.cls = C::BitfieldDsp;
            break;
        // Loads and stores.
        case ARM_INS_LDR: case ARM_INS_LDRT: case ARM_INS_LDREX: {
            const cs_arm_op* op = mem_operand(arm, nullptr);
            InsnClass cls = writes_pc(arm) ? C::LoadPc
                          : (op && op->mem.base == ARM_REG_PC) ? C::LoadLiteral : C::Load;
            load_store_single(arm, cls, 4, false, d);
            break;
        }
        case ARM_INS_LDRB: case ARM_INS_LDRBT: case ARM_INS_LDRSB: case ARM_INS_LDRSBT: case ARM_INS_LDREXB: {
            const cs_arm_op* op = mem_operand(arm, nullptr);
            load_store_single(arm, op && op->mem.base == ARM_REG_PC ? C::LoadLiteral : C::LoadByteHalf, 1, false, d);
            break;
        }
        case ARM_INS_LDRH: case ARM_INS_LDRHT: case ARM_INS_LDRSH: case ARM_INS_LDRSHT: case ARM_INS_LDREXH: {
            const cs_arm_op* op = mem_operand(arm, nullptr);
            load_store_single(arm, op && op->mem.base == ARM_REG_PC ? C::LoadLiteral : C::LoadByteHalf, 2, false, d);
            break;
        }
        case ARM_INS_STR: case ARM_INS_STRT: case ARM_INS_STRB: case ARM_INS_STRBT: case ARM_INS_STRH:
        case ARM_INS_STRHT: {
            const cs_arm_op* op = mem_operand(arm, nullptr);
            bool reg_offset = op && op->mem.index != ARM_REG_INVALID;
            uint8_t size = (insn.id == ARM_INS_STRB || insn.id == ARM_INS_STRBT) ? 1
                         : (insn.id == ARM_INS_STRH || insn.id == ARM_INS_STRHT) ? 2 : 4;
            load_store_single(arm, reg_offset ? C::StoreReg : C::StoreImm, size, true, d);
            break;
        }
        case ARM_INS_STREX: load_store_single(arm, C::StoreExclusive, 4, true, d); break;
        case ARM_INS_STREXB: load_store_single(arm, C::StoreExclusive, 1, true, d); break;
        case ARM_INS_STREXH: load_store_single(arm, C::StoreExclusive, 2, true, d); break;
        case ARM_INS_LDRD: load_store_single(arm, C::LoadDual, 8, false, d); d.words = 2; break;
        case ARM_INS_STRD: load_store_single(arm, C::StoreDual, 8, true, d); d.words = 2; break;
        case ARM_INS_LDM: multiple(arm, C::LoadMultiple, false, false, false, d); break;
        case ARM_INS_LDMDB: multiple(arm, C::LoadMultiple, false, true, false, d); break;
        case ARM_INS_STM: multiple(arm, C::StoreMultiple, true, false, false, d); break;
        case ARM_INS_STMDB: multiple(arm, C::StoreMultiple, true, true, false, d); break;
        case ARM_INS_POP: multiple(arm, C::LoadMultiple, false, false, true, d); break;
        case ARM_INS_PUSH: multiple(arm, C::StoreMultiple, true, true, true, d); break;
        // Control flow.
        case ARM_INS_B: case ARM_INS_BL: case ARM_INS_CBZ: case ARM_INS_CBNZ:
            d.cls = C::Branch;
            break;
        case ARM_INS_BX: case ARM_INS_BLX:
            d.cls = C::BranchRegister;
            break;
        case ARM_INS_TBB: load_store_single(arm, C::TableBranch, 1, false, d); d.mem.pc_aligned = false; break;
        case ARM_INS_TBH: load_store_single(arm, C::TableBranch, 2, false, d); d.mem.pc_aligned = false; break;
        case ARM_INS_IT: d.cls = C::IfThen; break;
        case ARM_INS_DMB: case ARM_INS_DSB: d.cls = C::Barrier; break;
        case ARM_INS_ISB: d.cls = C::InstructionBarrier; break;
        case ARM_INS_MRS: case ARM_INS_MSR: case ARM_INS_CPS: d.cls = C::StatusRegister; break;
        case ARM_INS_NOP: case ARM_INS_SEV: case ARM_INS_CLREX: d.cls = C::Hint; break;
        case ARM_INS_WFI: case ARM_INS_WFE: d.cls = C::WaitFor; break;
        case ARM_INS_PLD: case ARM_INS_PLI: d.cls = C::Preload; break;
        case ARM_INS_SVC: case ARM_INS_BKPT: case ARM_INS_UDF: d.cls = C::ExceptionGen; break;
        // Floating point.
        case ARM_INS_VADD: case ARM_INS_VSUB: case ARM_INS_VCMP: case ARM_INS_VCMPE: case ARM_INS_VCVT:
        case ARM_INS_VCVTA: case ARM_INS_VCVTB: case ARM_INS_VCVTM: case ARM_INS_VCVTN: case ARM_INS_VCVTP:
        case ARM_INS_VCVTT: case ARM_INS_VCVTR: case ARM_INS_VRINTA: case ARM_INS_VRINTM: case ARM_INS_VRINTN:
        case ARM_INS_VRINTP: case ARM_INS_VRINTR: case ARM_INS_VRINTX: case ARM_INS_VRINTZ:
        case ARM_INS_VSELEQ: case ARM_INS_VSELGE: case ARM_INS_VSELGT: case ARM_INS_VSELVS:
        case ARM_INS_VMAXNM: case ARM_INS_VMINNM:
            d.cls = fp_class(arm, C::FpArith, C::FpArithDouble);
            break;
        case ARM_INS_VMUL: case ARM_INS_VNMUL:
            d.cls = fp_class(arm, C::FpArith, C::FpMulDouble);
            break;
        case ARM_INS_VABS: case ARM_INS_VNEG:
            d.cls = fp_class(arm, C::FpMove, C::FpArithDouble);
            break;
        case ARM_INS_VMOV:
            d.cls = vmov_class(arm);
            break;
        case ARM_INS_VMLA: case ARM_INS_VMLS: case ARM_INS_VNMLA: case ARM_INS_VNMLS: case ARM_INS_VFMA:
        case ARM_INS_VFMS: case ARM_INS_VFNMA: case ARM_INS_VFNMS:
            d.cls = fp_class(arm, C::FpMac, C::FpMacDouble);
            if (arm.op_count > 0) d.accumulate = reg_mask(arm.operands[0].reg);
            break;
        case ARM_INS_VDIV: d.cls = fp_class(arm, C::FpDiv, C::FpDivSqrtDouble); break;
        case ARM_INS_VSQRT: d.cls = fp_class(arm, C::FpSqrt, C::FpDivSqrtDouble); break;
        case ARM_INS_VLDR: {
            bool dbl = any_dreg(arm);
            load_store_single(arm, dbl ? C::FpLoad64 : C::FpLoad32, dbl ? 8 : 4, false, d);
            d.words = dbl ? 2 : 1;
            break;
        }
        case ARM_INS_VSTR: {
            bool dbl = any_dreg(arm);
            load_store_single(arm, dbl ? C::FpStore64 : C::FpStore32, dbl ? 8 : 4, true, d);
            d.words = dbl ? 2 : 1;
            break;
        }
        case ARM_INS_VLDMIA: multiple(arm, C::FpLoadMultiple, false, false, false, d); break;
        case ARM_INS_VLDMDB: multiple(arm, C::FpLoadMultiple, false, true, false, d); break;
        case ARM_INS_VSTMIA: multiple(arm, C::FpStoreMultiple, true, false, false, d); break;
        case ARM_INS_VSTMDB: multiple(arm, C::FpStoreMultiple, true, true, false, d); break;
        case ARM_INS_VPOP: multiple(arm, C::FpLoadMultiple, false, false, true, d); break;
        case ARM_INS_VPUSH: multiple(arm, C::FpStoreMultiple, true, true, true, d); break;
        case ARM_INS_VMRS: case ARM_INS_VMSR: d.cls = C::FpStatus; break;
        default:
            d.cls = C::Unknown;  // YIELD, DBG, coprocessor, ... : default cost, unmodelled
            break;
    }
    return d;
}

// Double-precision floating-point data processing: UNDEFINED on FPv4-SP and
// FPv5-SP (see emulator/board/fpu.hpp). D-register loads, stores and
// core-register moves have classes of their own and are not among these.
bool is_double_precision_data_processing(InsnClass cls) {
    return cls == C::FpArithDouble || cls == C::FpMulDouble || cls == C::FpMacDouble || cls == C::FpDivSqrtDouble;
}

// Length of an undecodable Thumb instruction from its first halfword.
size_t thumb_length(const uint8_t* code, size_t size) {
    if (size < 2) return size;
    uint16_t hw = uint16_t(code[0] | (code[1] << 8));
    unsigned top = hw >> 11;
    size_t len = (top == 0x1D || top == 0x1E || top == 0x1F) ? 4 : 2;
    return std::min(len, size);
}

// Instructions an IT covers: 4 minus the trailing zeros of its mask.
unsigned it_length(const cs_insn& insn) {
    unsigned mask = insn.bytes[0] & 0xF;
    if (mask == 0) return 0;
    unsigned trailing = 0;
    while ((mask & 1) == 0) {
        mask >>= 1;
        ++trailing;
    }
    return 4 - trailing;
}

}  // namespace

const char* to_string(EndKind kind) {
    switch (kind) {
        case EndKind::FallThrough: return "fall-through";
        case EndKind::DirectBranch: return "direct-branch";
        case EndKind::ConditionalBranch: return "conditional-branch";
        case EndKind::Call: return "call";
        case EndKind::IndirectCall: return "indirect-call";
        case EndKind::Return: return "return";
        case EndKind::IndirectBranch: return "indirect-branch";
        case EndKind::Exception: return "exception";
    }
    return "invalid";
}

BlockDecoder::BlockDecoder(const CycleModel& model, bool double_precision_fpu)
    : model_(&model), double_precision_fpu_(double_precision_fpu) {
    cs_err err = cs_open(CS_ARCH_ARM, cs_mode(CS_MODE_THUMB | CS_MODE_MCLASS), &handle_);
    if (err != CS_ERR_OK)
        fail("capstone: cs_open(ARM, THUMB|MCLASS) failed: {}", cs_strerror(err));
    err = cs_option(handle_, CS_OPT_DETAIL, CS_OPT_ON);
    if (err != CS_ERR_OK) {
        cs_close(&handle_);
        fail("capstone: enabling instruction detail failed: {}", cs_strerror(err));
    }
    insn_ = cs_malloc(handle_);
    if (insn_ == nullptr) {
        err = cs_errno(handle_);
        cs_close(&handle_);
        fail("capstone: cs_malloc failed: {}", cs_strerror(err));
    }
}

BlockDecoder::~BlockDecoder() {
    if (insn_ != nullptr) cs_free(insn_, 1);
    if (handle_ != 0) cs_close(&handle_);
}

// Capstone keeps the IT state in its handle across calls: finish an IT block
// the translation block cut short, so it cannot leak into the next decode.
void BlockDecoder::drain_it_state(unsigned remaining) {
    static const uint8_t kNop[2] = {0x00, 0xBF};
    for (unsigned i = 0; i < remaining; ++i) {
        const uint8_t* code = kNop;
        size_t size = sizeof(kNop);
        uint64_t address = 0;
        cs_disasm_iter(handle_, &code, &size, &address, insn_);
    }
}

BlockInfo BlockDecoder::decode(const uint8_t* code, size_t size, uint32_t address, const LiteralReader& literals) {
    if (size > 0xFFFF)
        fail("block at {:#010x} is {} bytes: more than a translation block can be (64 KB)", address, size);
    BlockInfo block;
    block.address = address;
    block.size = uint32_t(size);
    block.fall_through = address + uint32_t(size);

    std::vector<TimedInsn> timed;
    const uint8_t* cursor = code;
    size_t left = size;
    uint64_t pc = address;
    unsigned it_remaining = 0;
    // The last instruction's control-flow facts.
    unsigned last_id = ARM_INS_INVALID;
    bool last_conditional = false;
    bool last_pops_pc = false;
    bool last_sp_base = false;
    int64_t last_target = -1;
    unsigned last_bx_reg = ARM_REG_INVALID;
    std::optional<size_t> undefined_index;  // the first instruction this part does not implement

    try {
        while (left > 0) {
            InsnInfo info;
            info.offset = uint16_t(pc - address);
            Decoded d;
            TimedInsn t;
            uint8_t insn_size;
            bool decoded = cs_disasm_iter(handle_, &cursor, &left, &pc, insn_);
            if (decoded) {
                const cs_insn& insn = *insn_;
                insn_size = uint8_t(insn.size);
                d = classify(insn);
                const cs_arm& arm = insn.detail->arm;
                if (!d.explicit_regs) {
                    cs_regs read_regs, write_regs;
                    uint8_t read_count = 0, write_count = 0;
                    cs_err err = cs_regs_access(handle_, &insn, read_regs, &read_count, write_regs, &write_count);
                    if (err != CS_ERR_OK)
                        fail("capstone: register access of '{} {}' at {:#010x} failed: {}", insn.mnemonic,
                             insn.op_str, uint32_t(insn.address), cs_strerror(err));
                    for (uint8_t i = 0; i < read_count; ++i) d.reads |= reg_mask(read_regs[i]);
                    for (uint8_t i = 0; i < write_count; ++i) d.writes |= reg_mask(write_regs[i]);
                    d.reads |= d.accumulate;
                }
                const SpMove move = sp_move(insn, d);
                block.sp_drop += move.drop;
                block.sp_unknown |= move.unknown;
                info.in_it_block = it_remaining > 0;
                if ((insn.id == ARM_INS_UDIV || insn.id == ARM_INS_SDIV) && arm.op_count > 0 &&
                    arm.operands[arm.op_count - 1].type == ARM_OP_REG) {
                    const int r = core_reg(arm.operands[arm.op_count - 1].reg);
                    if (r >= 0 && r < 13) info.divisor = uint8_t(r);  // r0..r12: entry checks read those
                }
                if (it_remaining > 0) --it_remaining;
                if (insn.id == ARM_INS_IT) it_remaining = it_length(insn);
                last_id = insn.id;
                last_conditional = is_conditional(arm) && insn.id != ARM_INS_IT;
                last_target = -1;
                last_bx_reg = ARM_REG_INVALID;
                last_pops_pc = false;
                last_sp_base = d.mem.base == kRegSp;
                if (insn.id == ARM_INS_B || insn.id == ARM_INS_BL) {
                    if (arm.op_count > 0 && arm.operands[0].type == ARM_OP_IMM) last_target = uint32_t(arm.operands[0].imm);
                } else if (insn.id == ARM_INS_CBZ || insn.id == ARM_INS_CBNZ) {
                    if (arm.op_count > 1 && arm.operands[1].type == ARM_OP_IMM) last_target = uint32_t(arm.operands[1].imm);
                } else if (insn.id == ARM_INS_BX || insn.id == ARM_INS_BLX) {
                    if (arm.op_count > 0 && arm.operands[0].type == ARM_OP_REG) last_bx_reg = arm.operands[0].reg;
                }
                if (d.mem.kind == MemOperand::Kind::Multiple && !d.mem.is_store && (d.writes & reg_bit(kRegPc)))
                    last_pops_pc = true;
                // In an IT block it traps only if its condition passes, which
                // the entry registers do not tell: left unchecked (see EntryCheck).
                if (!double_precision_fpu_ && !undefined_index && !info.in_it_block &&
                    is_double_precision_data_processing(d.cls)) {
                    undefined_index = block.insns.size();
                    block.undefined_text = std::string(insn.mnemonic) + " " + insn.op_str;
                }
                if (!model_->timing(d.cls).sourced)
                    block.unpriced.push_back({uint16_t(block.insns.size()), std::string(insn.mnemonic)});
            } else {
                // Not decodable (or not an M-profile encoding Capstone knows).
                insn_size = uint8_t(thumb_length(cursor, left));
                if (insn_size == 0) break;
                cursor += insn_size;
                left -= insn_size;
                pc += insn_size;
                if (it_remaining > 0) --it_remaining;
                last_id = ARM_INS_INVALID;
                last_conditional = false;
                block.unpriced.push_back({uint16_t(block.insns.size()), "(undecoded)"});
            }
            if (d.lowers_sp) block.lowers_sp = true;
            info.size = insn_size;
            info.cls = d.cls;
            info.mem = d.mem;
            t.cls = d.cls;
            t.size = insn_size;
            t.words = d.words;
            t.reads = d.reads;
            t.writes = d.writes;
            t.address_reads = 0;
            if (d.mem.kind != MemOperand::Kind::None) {
                if (d.mem.base != kNoReg && d.mem.base != kRegPc) t.address_reads |= reg_bit(d.mem.base);
                if (d.mem.index != kNoReg) t.address_reads |= reg_bit(d.mem.index);
            }
            t.accumulate_reads = d.accumulate;
            block.insns.push_back(info);
            timed.push_back(t);
        }
    } catch (...) {
        drain_it_state(it_remaining);
        throw;
    }
    drain_it_state(it_remaining);

    // Cycles.
    std::vector<uint32_t> cycles(timed.size());
    model_->sequence_cycles(timed, cycles);
    uint32_t total = 0;
    for (size_t i = 0; i < block.insns.size(); ++i) {
        block.insns[i].cycles_before = total;
        total += cycles[i];
        if (!model_->timing(block.insns[i].cls).sourced) ++block.unmodelled;
        if (timed[i].writes & reg_bit(kRegSp)) block.writes_sp = true;
    }
    block.cycles = total;
    block.instructions = uint32_t(block.insns.size());
    if (!block.insns.empty()) {
        block.end_class = block.insns.back().cls;
        block.starts_wide_unaligned = block.insns.front().size == 4 && (address & 3) == 2;
    }

    // Entry checks (see EntryCheck): only where the operand register still
    // holds its block-entry value.
    uint64_t written = 0;
    std::array<std::optional<uint32_t>, 16> known{};  // registers holding a literal-pool constant
    for (size_t i = 0; i < block.insns.size(); ++i) {
        const InsnInfo& insn = block.insns[i];
        const MemOperand& mem = insn.mem;
        if (undefined_index == i) {
            EntryCheck c;
            c.kind = EntryCheck::Kind::Undefined;
            c.index = uint16_t(i);
            block.entry_checks.push_back(c);
        }
        if (!insn.in_it_block) {
            const bool needs_word = mem.needs_word_alignment();
            int32_t offset = 0;
            if (mem.kind == MemOperand::Kind::Multiple) {
                offset = mem.decrement ? -int32_t(mem.bytes()) : 0;
            } else {
                offset = mem.index_mode == MemOperand::Index::PostIndex ? 0 : mem.imm;
            }
            if (needs_word && mem.base < kRegSp && mem.index == kNoReg) {
                EntryCheck c;
                c.reg = mem.base;
                c.index = uint16_t(i);
                c.offset = offset;
                if (!(written & reg_bit(mem.base))) {
                    c.kind = EntryCheck::Kind::WordAligned;
                    block.entry_checks.push_back(c);
                } else if (known[mem.base] && ((*known[mem.base] + uint32_t(offset)) & 3u) != 0) {
                    c.kind = EntryCheck::Kind::KnownUnaligned;
                    c.address = *known[mem.base] + uint32_t(offset);
                    block.entry_checks.push_back(c);
                }
            }
            if (insn.divisor != kNoReg && !(written & reg_bit(insn.divisor))) {
                EntryCheck c;
                c.kind = EntryCheck::Kind::NonZeroDivisor;
                c.reg = insn.divisor;
                c.index = uint16_t(i);
                block.entry_checks.push_back(c);
            }
        }
        written |= timed[i].writes;
        for (unsigned r = 0; r < 16; ++r) {
            if (timed[i].writes & reg_bit(r)) known[r].reset();
        }
        // LDR rN, [PC, #imm]: a word from the literal pool, constant if the
        // reader says so (read-only memory).
        const uint64_t core_writes = timed[i].writes & 0xFFFF;
        if (literals && !insn.in_it_block && mem.kind == MemOperand::Kind::Single && !mem.is_store &&
            mem.size == 4 && mem.base == kRegPc && mem.index == kNoReg && core_writes != 0 &&
            (core_writes & (core_writes - 1)) == 0) {
            const uint32_t pc_value = (address + insn.offset + 4) & (mem.pc_aligned ? ~3u : ~0u);
            known[__builtin_ctzll(core_writes)] = literals(pc_value + uint32_t(mem.imm));
        }
    }

    // SP lowering: stores/loads with SP writeback going down, SUB SP.
    for (size_t i = 0; i < block.insns.size(); ++i) {
        const MemOperand& mem = block.insns[i].mem;
        if (mem.base == kRegSp && mem.writeback) {
            if (mem.kind == MemOperand::Kind::Multiple && mem.decrement) block.lowers_sp = true;
            if (mem.kind == MemOperand::Kind::Single && mem.imm < 0) block.lowers_sp = true;
        }
    }

    // How the block ends.
    const TimedInsn* last = timed.empty() ? nullptr : &timed.back();
    bool last_writes_pc = last && (last->writes & reg_bit(kRegPc));
    EndKind end = EndKind::FallThrough;
    switch (last_id) {
        case ARM_INS_B:
            end = last_conditional ? EndKind::ConditionalBranch : EndKind::DirectBranch;
            break;
        case ARM_INS_CBZ: case ARM_INS_CBNZ:
            end = EndKind::ConditionalBranch;
            last_conditional = true;
            break;
        case ARM_INS_BL: end = EndKind::Call; break;
        case ARM_INS_BLX: end = EndKind::IndirectCall; break;
        case ARM_INS_BX: end = last_bx_reg == ARM_REG_LR ? EndKind::Return : EndKind::IndirectBranch; break;
        case ARM_INS_TBB: case ARM_INS_TBH: end = EndKind::IndirectBranch; break;
        case ARM_INS_SVC: case ARM_INS_BKPT: case ARM_INS_UDF: end = EndKind::Exception; break;
        case ARM_INS_POP: case ARM_INS_LDM: case ARM_INS_LDMDB:
            if (last_pops_pc) {
                const MemOperand& mem = block.insns.back().mem;
                bool stack_pop = last_sp_base && mem.writeback && !mem.decrement;
                end = stack_pop ? EndKind::Return : EndKind::IndirectBranch;
            }
            break;
        case ARM_INS_LDR:
            if (last_writes_pc) {
                const MemOperand& mem = block.insns.back().mem;
                bool stack_pop = last_sp_base && mem.index_mode == MemOperand::Index::PostIndex && mem.imm == 4;
                end = stack_pop ? EndKind::Return : EndKind::IndirectBranch;
            }
            break;
        case ARM_INS_MOV: case ARM_INS_ADD:
            if (last_writes_pc) end = EndKind::IndirectBranch;
            break;
        default:
            break;
    }
    block.end = end;
    block.conditional_end = end != EndKind::FallThrough && end != EndKind::Exception && last_conditional;
    if (last_target >= 0 && (end == EndKind::DirectBranch || end == EndKind::ConditionalBranch || end == EndKind::Call)) {
        block.has_target = true;
        block.target = uint32_t(last_target);
    }
    if (end != EndKind::FallThrough && end != EndKind::Exception && !model_->has_predictor())
        block.taken_extra = model_->timing(block.end_class).refill;
    return block;
}

ExitCost resolve_exit(const CycleModel& model, BlockInfo& block, uint32_t next_address,
                      bool next_starts_wide_unaligned) {
    if (block.end == EndKind::FallThrough || block.end == EndKind::Exception) return {};
    bool taken = !block.conditional_end || next_address != block.fall_through;
    return model.branch_exit(block.end_class, block.conditional_end, block.branch_site, taken, next_address,
                             next_starts_wide_unaligned);
}

std::optional<AccessRange> access_range(const BlockInfo& block, size_t index,
                                        const std::function<uint32_t(unsigned reg)>& read_reg) {
    if (index >= block.insns.size()) return std::nullopt;
    const InsnInfo& insn = block.insns[index];
    const MemOperand& mem = insn.mem;
    if (mem.kind == MemOperand::Kind::None || mem.base == kNoReg) return std::nullopt;
    uint32_t pc = block.address + insn.offset + 4;
    uint32_t base = mem.base == kRegPc ? (mem.pc_aligned ? (pc & ~uint32_t(3)) : pc) : read_reg(mem.base);
    AccessRange range;
    range.bytes = mem.bytes();
    if (mem.kind == MemOperand::Kind::Multiple) {
        range.start = mem.decrement ? base - range.bytes : base;
        return range;
    }
    if (mem.index_mode == MemOperand::Index::PostIndex) {
        range.start = base;
    } else if (mem.index != kNoReg) {
        range.start = base + (read_reg(mem.index) << mem.shift) + uint32_t(mem.imm);
    } else {
        range.start = base + uint32_t(mem.imm);
    }
    return range;
}

std::optional<size_t> find_access(const BlockInfo& block, uint32_t address, bool is_write,
                                  const std::function<uint32_t(unsigned reg)>& read_reg) {
    for (size_t i = 0; i < block.insns.size(); ++i) {
        const MemOperand& mem = block.insns[i].mem;
        if (mem.kind == MemOperand::Kind::None || mem.is_store != is_write) continue;
        std::optional<AccessRange> range = access_range(block, i, read_reg);
        if (range && range->contains(address)) return i;
    }
    return std::nullopt;
}

}  // namespace mcuprof

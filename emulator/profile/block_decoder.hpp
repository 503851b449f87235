// Decodes one Unicorn translation block (straight-line Thumb code ending in at
// most one control-flow instruction) once, with Capstone, into what the
// profiler needs on every later execution of that block: instruction count,
// static cycles, how the block ends, and enough about each memory instruction
// to tell which one made a given access.
#pragma once

#include "emulator/profile/cycle_model.hpp"

#include <capstone/capstone.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mcuprof {

// How a block ends.
enum class EndKind : uint8_t {
    FallThrough,        // no control-flow instruction (Unicorn split the block)
    DirectBranch,       // B <label>
    ConditionalBranch,  // B<cc> <label>, CBZ, CBNZ, or a B predicated by IT
    Call,               // BL <label>
    IndirectCall,       // BLX Rm
    Return,             // BX LR, POP {..., PC}, LDR PC, [SP], #4, LDM SP!, {..., PC}
    IndirectBranch,     // BX Rm (not LR), LDR PC, [other], TBB/TBH, MOV PC, ADD PC, LDM other {..PC}
    Exception,          // BKPT, SVC, UDF
};
const char* to_string(EndKind kind);

inline constexpr uint8_t kNoReg = 0xFF;

// A memory operand, enough to recompute the accessed range from registers.
struct MemOperand {
    enum class Kind : uint8_t {
        None,      // no data memory access
        Single,    // one access of `size` bytes at an effective address (LDR, STRD, VLDR, TBB...)
        Multiple,  // `count` consecutive words (LDM, STM, PUSH, POP, VLDM, VSTM, VPUSH, VPOP)
    };
    enum class Index : uint8_t {
        Offset,     // [Rn, #imm] / [Rn, Rm, LSL #s]: address = Rn + offset
        PreIndex,   // [Rn, #imm]!: address = Rn + imm, Rn updated
        PostIndex,  // [Rn], #imm: address = Rn, then Rn += imm
    };
    Kind kind = Kind::None;
    bool is_store = false;
    bool decrement = false;   // Multiple: decrement before (STMDB, PUSH, VPUSH, LDMDB)
    bool writeback = false;
    Index index_mode = Index::Offset;
    uint8_t size = 0;         // Single: bytes accessed (1, 2, 4, 8)
    uint8_t count = 0;        // Multiple: words transferred
    uint8_t base = kNoReg;    // 0..15; 15 = PC
    uint8_t index = kNoReg;   // index register or kNoReg
    uint8_t shift = 0;        // index register LSL amount
    bool pc_aligned = false;  // base PC reads as Align(PC, 4) (literal loads), else PC
    int32_t imm = 0;          // offset (Offset/PreIndex) or increment (PostIndex)

    uint32_t bytes() const { return kind == Kind::Multiple ? uint32_t(count) * 4 : size; }
    // LDM/STM/LDRD/STRD/VLDM/VSTM/VLDR.64: a word-aligned address is required
    // on ARMv7-M whatever CCR.UNALIGN_TRP says (UsageFault otherwise).
    bool needs_word_alignment() const { return kind == Kind::Multiple || (kind == Kind::Single && size == 8); }
};

// One instruction of a block.
struct InsnInfo {
    uint16_t offset = 0;         // from the block start
    uint8_t size = 0;            // 2 or 4
    InsnClass cls = InsnClass::Unknown;
    bool in_it_block = false;    // predicated by IT: may not execute
    uint8_t divisor = kNoReg;    // UDIV/SDIV: the divisor register
    uint32_t cycles_before = 0;  // static cycles of the instructions before it in the block
    MemOperand mem;
};

// A fault condition the profiler can test when a block starts, because the
// register it depends on is not written earlier in the block: LDM/STM/LDRD/
// STRD/VLDM/VSTM need a word-aligned address on ARMv7-M whatever CCR says
// (Unicorn does not enforce it), and UDIV/SDIV trap on a zero divisor when
// CCR.DIV_0_TRP is set (Unicorn cannot see the SCS's CCR). Instructions in
// an IT block or with an operand computed earlier in the block get no check,
// except a base loaded from a constant literal pool (`ldr rN, =addr`), whose
// value is known when the block is decoded. An instruction the part does not
// implement (a double-precision FP instruction on a single-precision FPU,
// which Unicorn's Cortex-M7 model executes anyway) is an Undefined check:
// the block always stops there.
struct EntryCheck {
    enum class Kind : uint8_t { WordAligned, NonZeroDivisor, KnownUnaligned, Undefined };
    Kind kind = Kind::WordAligned;
    uint8_t reg = 0;            // r0..r14
    uint16_t index = 0;         // instruction index in the block
    int32_t offset = 0;         // WordAligned: added to the register (first word accessed)
    uint32_t address = 0;       // KnownUnaligned: the address the instruction will access
};

// Reads a 32-bit constant the code may load (a literal pool word in
// read-only memory), or nothing.
using LiteralReader = std::function<std::optional<uint32_t>(uint32_t address)>;

// An instruction costed with an unsourced default: its index in the block
// and Capstone's mnemonic ("(undecoded)" when Capstone could not decode it).
struct UnpricedInsn {
    uint16_t index = 0;
    std::string mnemonic;
};

struct BlockInfo {
    // Hot: read on every execution.
    uint32_t address = 0;
    uint32_t instructions = 0;
    uint32_t cycles = 0;          // static cycles with the final branch not taken
    uint32_t taken_extra = 0;     // cores without predictor: P added if the final branch is taken
    EndKind end = EndKind::FallThrough;
    bool conditional_end = false; // the final control-flow instruction may fall through
    bool has_target = false;
    uint32_t target = 0;          // static branch target (direct branches, calls)
    uint32_t fall_through = 0;    // address + size
    BranchSite branch_site;       // predictor state of the final branch (Cortex-M7 estimate)
    // Cold.
    uint32_t size = 0;
    uint32_t unmodelled = 0;      // instructions costed with an unsourced default
    InsnClass end_class = InsnClass::Unknown;  // class of the last instruction
    bool writes_sp = false;
    bool lowers_sp = false;       // PUSH, VPUSH, SUB SP, STMDB/STR/STRD/VSTMDB with SP! going down
    // SP over the whole block, for a stack check that reads SP only when it
    // may be near the limit: the constant drops added up (rises ignored), and
    // whether some instruction moves SP by an amount only the registers tell.
    uint32_t sp_drop = 0;
    bool sp_unknown = false;
    bool starts_wide_unaligned = false;  // first instruction is 32-bit at a non-word address
    std::vector<InsnInfo> insns;
    std::vector<EntryCheck> entry_checks;
    std::vector<UnpricedInsn> unpriced;  // `unmodelled` of them, in order
    std::string undefined_text;          // the Undefined check's instruction, as disassembled
};

// Decodes blocks with one Capstone handle, opened once. Not thread-safe (the
// handle carries IT-block state from one instruction to the next).
class BlockDecoder {
public:
    // `double_precision_fpu`: the part executes double-precision FP
    // data processing (false: those instructions get an Undefined check).
    explicit BlockDecoder(const CycleModel& model, bool double_precision_fpu = true);
    ~BlockDecoder();
    BlockDecoder(const BlockDecoder&) = delete;
    BlockDecoder& operator=(const BlockDecoder&) = delete;

    const CycleModel& model() const { return *model_; }

    // Decodes [code, code + size) as Thumb code at `address`. Bytes Capstone
    // cannot decode become Unknown instructions (2 or 4 bytes from the first
    // halfword), costed with the default and counted as unmodelled.
    BlockInfo decode(const uint8_t* code, size_t size, uint32_t address, const LiteralReader& literals = {});

private:
    void drain_it_state(unsigned remaining);

    const CycleModel* model_;
    bool double_precision_fpu_;
    csh handle_ = 0;
    cs_insn* insn_ = nullptr;
};

// Extra cycles of the block's exit, once the next block's address is known:
// the final branch counts as taken when it is unconditional or when execution
// did not continue at the fall-through address. Updates block.branch_site.
// `next_starts_wide_unaligned` is the next block's starts_wide_unaligned.
ExitCost resolve_exit(const CycleModel& model, BlockInfo& block, uint32_t next_address,
                      bool next_starts_wide_unaligned = false);

// The address range instruction `index` accesses, computed from register
// values. read_reg(n) takes the ARCHITECTURAL register number n = 0..15
// (13 = SP, 14 = LR; never asked for 15: PC comes from the instruction's
// address) -- not a Unicorn UC_ARM_REG_* id, which the caller must map
// (r0-r12 -> UC_ARM_REG_R0 + n, 13 -> UC_ARM_REG_SP, 14 -> UC_ARM_REG_LR).
struct AccessRange {
    uint32_t start = 0;
    uint32_t bytes = 0;
    bool contains(uint32_t address) const { return address - start < bytes; }
};
std::optional<AccessRange> access_range(const BlockInfo& block, size_t index,
                                        const std::function<uint32_t(unsigned reg)>& read_reg);

// Index of the first instruction of the block whose access (a store if
// is_write, else a load) covers `address`, evaluated with the current register
// values (the state just before the access). nullopt if none does.
std::optional<size_t> find_access(const BlockInfo& block, uint32_t address, bool is_write,
                                  const std::function<uint32_t(unsigned reg)>& read_reg);

}  // namespace mcuprof

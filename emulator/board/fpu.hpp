// What a board's FPU implements, from the profile's `fpu` name (the GCC -mfpu
// spelling: "fpv4-sp-d16", "fpv5-sp-d16", "fpv5-d16" or "none").
//
// Armv7-M Architecture Reference Manual (ARM DDI 0403E), A2.5 "The optional
// floating-point extension": FPv4-SP and FPv5-SP are single-precision
// variants; their double-precision data-processing instructions (sz == 1:
// .F64 arithmetic, VCMP/VCVT/VMOV register and immediate/VSQRT/VDIV/VFMA .F64,
// conversions to or from F64) are UNDEFINED, while the doubleword loads,
// stores and core-register moves (VLDR/VSTR/VLDM/VSTM/VPUSH/VPOP of D
// registers, VMOV Rt, Rt2, Dm and back) exist on both (also LLVM review
// D4907: "FPv4-SP [...] does have double-precision registers and load,
// store and GPR<->DPR move instructions").
#pragma once

#include <string_view>

namespace mcuprof {

// Whether the FPU executes double-precision data-processing instructions.
inline bool fpu_has_double_precision(std::string_view fpu) { return fpu == "fpv5-d16"; }

}  // namespace mcuprof

// The null guard: bytes from address 0 left unmapped so that null-pointer
// accesses fault even where the board has RAM there (the F7/H7 ITCM).
#pragma once

#include <cstdint>

namespace mcuprof {

// What `mcuprof run` keeps by default (--null-guard), and what the generated
// linker scripts leave free in RAM regions at address 0. Unicorn maps 1 KB
// pages, so a guard is a multiple of 1 KB.
inline constexpr uint32_t kDefaultNullGuard = 1024;

}  // namespace mcuprof

// The 4-bit AHB prescaler code of the STM32 RCC (F4/F7 CFGR.HPRE, H7
// D1CFGR.D1CPRE and HPRE): 0xxx = not divided, 1000 = /2, 1001 = /4, 1010 = /8,
// 1011 = /16, 1100 = /64, 1101 = /128, 1110 = /256, 1111 = /512 (no /32).
// Source: the CMSIS headers' RCC_CFGR_HPRE_DIV1 .. _DIV512 (stm32f427xx.h,
// stm32f746xx.h) and RCC_D1CFGR_D1CPRE_DIV1 .. _DIV512 (stm32h743xx.h).
#pragma once

#include <cstdint>

namespace mcuprof {

constexpr uint32_t ahb_divisor(uint32_t code) {
    if ((code & 0x8u) == 0) return 1;
    constexpr uint32_t kDivisors[8] = {2, 4, 8, 16, 64, 128, 256, 512};
    return kDivisors[code & 0x7u];
}

}  // namespace mcuprof

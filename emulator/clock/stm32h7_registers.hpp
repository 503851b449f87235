// Addresses and bits of the STM32H743 (RM0433) registers that clock bring-up
// touches. Every value is from ST's CMSIS device header stm32h743xx.h (the
// macro named in each comment) unless marked otherwise.
#pragma once

#include <cstdint>

namespace mcuprof::stm32h7 {

// RCC_BASE = D3_AHB1PERIPH_BASE (0x5802_0000) + 0x4400; PWR_BASE = + 0x4800;
// SYSCFG_BASE = D3_APB1PERIPH_BASE (0x5800_0000) + 0x0400; FLASH_R_BASE =
// D1_AHB1PERIPH_BASE (0x5200_0000) + 0x2000. RCC, PWR and SYSCFG span 1 KB,
// the flash interface 4 KB of the memory map (RM0433 table 8).
constexpr uint32_t kRccBase = 0x58024400u;
constexpr uint32_t kPwrBase = 0x58024800u;
constexpr uint32_t kSyscfgBase = 0x58000400u;
constexpr uint32_t kFlashBase = 0x52002000u;
constexpr uint32_t kBlockSize = 0x400u;
constexpr uint32_t kFlashBlockSize = 0x1000u;

// RCC_TypeDef offsets.
constexpr uint32_t kRccCr = kRccBase + 0x00;
constexpr uint32_t kRccCfgr = kRccBase + 0x10;
constexpr uint32_t kRccD1cfgr = kRccBase + 0x18;
constexpr uint32_t kRccPllckselr = kRccBase + 0x28;
constexpr uint32_t kRccPllcfgr = kRccBase + 0x2C;
constexpr uint32_t kRccPll1divr = kRccBase + 0x30;
constexpr uint32_t kRccPll1fracr = kRccBase + 0x34;

// RCC_CR_*: HSION 0, HSIRDY 2, HSIDIV [4:3], HSIDIVF 5, CSION 7, CSIRDY 8,
// HSI48ON 12, HSI48RDY 13, D1CKRDY 14, D2CKRDY 15, HSEON 16, HSERDY 17,
// HSEBYP 18, PLL1ON 24, PLL1RDY 25, PLL2ON 26, PLL2RDY 27, PLL3ON 28, PLL3RDY 29.
constexpr uint32_t kHsion = 1u << 0, kHsirdy = 1u << 2, kHsidivf = 1u << 5, kCsion = 1u << 7, kCsirdy = 1u << 8,
                   kHsi48on = 1u << 12, kHsi48rdy = 1u << 13, kD1ckrdy = 1u << 14, kD2ckrdy = 1u << 15,
                   kHseon = 1u << 16, kHserdy = 1u << 17, kPll1on = 1u << 24, kPll1rdy = 1u << 25,
                   kPll2on = 1u << 26, kPll2rdy = 1u << 27, kPll3on = 1u << 28, kPll3rdy = 1u << 29;
constexpr unsigned kHsidivPos = 3;
// Reset: HSI on and ready, its divider (/1, 64 MHz) settled; both domains'
// clocks running (D1CKRDY, D2CKRDY: set here as the domains run from reset).
constexpr uint32_t kRccCrReset = kHsion | kHsirdy | kHsidivf | kD1ckrdy | kD2ckrdy;

// RCC_CFGR: SW [2:0], SWS [5:3] (000 HSI, 001 CSI, 010 HSE, 011 PLL1).
constexpr unsigned kSwPos = 0, kSwsPos = 3;
constexpr uint32_t kSwHsi = 0, kSwCsi = 1, kSwHse = 2, kSwPll1 = 3;
// RCC_D1CFGR: HPRE [3:0], D1PPRE [6:4], D1CPRE [11:8].
constexpr unsigned kD1cprePos = 8;
constexpr unsigned kHprePos = 0;
// RCC_PLLCKSELR: PLLSRC [1:0] (00 HSI, 01 CSI, 10 HSE, 11 none), DIVM1 [9:4].
// Reset 0x0202_0200 (RM0433 8.7.11: DIVM1 = DIVM2 = DIVM3 = 32).
constexpr uint32_t kPllckselrReset = 0x02020200u;
constexpr unsigned kDivm1Pos = 4;
// RCC_PLLCFGR: PLL1FRACEN bit 0. Reset 0x01FF_0000 (RM0433 8.7.12).
constexpr uint32_t kPllcfgrReset = 0x01FF0000u;
constexpr uint32_t kPll1fracen = 1u << 0;
// RCC_PLL1DIVR: DIVN1 [8:0], DIVP1 [15:9], DIVQ1 [22:16], DIVR1 [30:24], each
// the factor minus 1. Reset 0x0101_0280 (RM0433 8.7.13: N 129, P Q R 2).
constexpr uint32_t kPll1divrReset = 0x01010280u;
constexpr unsigned kDivn1Pos = 0, kDivp1Pos = 9;
// RCC_PLL1FRACR: FRACN1 [15:3], the fraction of N in 1/8192.
constexpr unsigned kFracn1Pos = 3;

// The CSI oscillator: 4 MHz (RM0433 8.5.2; DS12110 table "CSI oscillator").
constexpr uint64_t kCsiHz = 4'000'000;

// PWR: CSR1 at +0x04 (ACTVOSRDY bit 13, ACTVOS [15:14]), CR3 at +0x0C
// (BYPASS 0, LDOEN 1, SCUEN 2; reset 0x0000_0006, RM0433 6.8.4), D3CR at
// +0x18 (VOSRDY bit 13, VOS [15:14]; reset VOS = 01, scale 3, RM0433 6.8.6).
constexpr uint32_t kPwrCsr1 = kPwrBase + 0x04;
constexpr uint32_t kPwrCr3 = kPwrBase + 0x0C;
constexpr uint32_t kPwrD3cr = kPwrBase + 0x18;
constexpr uint32_t kActvosrdy = 1u << 13, kVosrdy = 1u << 13;
constexpr unsigned kVosPos = 14;
constexpr uint32_t kPwrCr3Reset = 0x00000006u;
constexpr uint32_t kPwrD3crReset = 1u << kVosPos;

// SYSCFG_PWRCR at +0x2C: ODEN bit 0 (with VOS 11 selects VOS0, RM0433 6.6.2).
constexpr uint32_t kSyscfgPwrcr = kSyscfgBase + 0x2C;

// FLASH_ACR at +0x00: LATENCY [3:0], WRHIGHFREQ [5:4]; reset 0x0000_0037
// (RM0433 4.9.1: 7 wait states, highest programming delay).
constexpr uint32_t kFlashAcr = kFlashBase + 0x00;
constexpr uint32_t kFlashAcrReset = 0x37u;
constexpr unsigned kWrhighfreqPos = 4;

}  // namespace mcuprof::stm32h7

// Addresses and bits of the STM32F4 (RM0090) and STM32F7 (RM0385) registers
// that clock bring-up touches. Every value is from ST's CMSIS device headers
// stm32f427xx.h and stm32f746xx.h (the macro named in each comment); the two
// parts share the RCC layout and these bit positions.
#pragma once

#include <cstdint>

namespace mcuprof::stm32f4f7 {

// Blocks (PERIPH_BASE 0x4000_0000): RCC_BASE = AHB1PERIPH_BASE + 0x3800,
// FLASH_R_BASE = AHB1PERIPH_BASE + 0x3C00, PWR_BASE = APB1PERIPH_BASE + 0x7000.
// Each block spans 1 KB of the memory map (RM0090 / RM0385 table 1).
constexpr uint32_t kRccBase = 0x40023800u;
constexpr uint32_t kFlashBase = 0x40023C00u;
constexpr uint32_t kPwrBase = 0x40007000u;
constexpr uint32_t kBlockSize = 0x400u;

// RCC_TypeDef offsets.
constexpr uint32_t kRccCr = kRccBase + 0x00;
constexpr uint32_t kRccPllcfgr = kRccBase + 0x04;
constexpr uint32_t kRccCfgr = kRccBase + 0x08;
constexpr uint32_t kRccAhb1enr = kRccBase + 0x30;
constexpr uint32_t kRccApb1enr = kRccBase + 0x40;

// RCC_CR_*_Pos.
constexpr uint32_t kHsion = 1u << 0, kHsirdy = 1u << 1, kHseon = 1u << 16, kHserdy = 1u << 17, kHsebyp = 1u << 18,
                   kPllon = 1u << 24, kPllrdy = 1u << 25, kPlli2son = 1u << 26, kPlli2srdy = 1u << 27,
                   kPllsaion = 1u << 28, kPllsairdy = 1u << 29;
// Reset value: HSION, HSIRDY and HSITRIM = 16 (RCC_CR_HSITRIM_4); HSICAL is
// factory-trimmed per chip and reads 0 here.
constexpr uint32_t kRccCrReset = kHsion | kHsirdy | (16u << 3);

// RCC_PLLCFGR: PLLM [5:0], PLLN [14:6], PLLP [17:16] (00 = /2 .. 11 = /8),
// PLLSRC bit 22 (1 = HSE), PLLQ [27:24]. Reset value 0x2400_3010 (RM0090 6.3.2,
// RM0385 5.3.2: M 16, N 192, P 2, Q 4, source HSI).
constexpr uint32_t kPllcfgrReset = 0x24003010u;
constexpr unsigned kPllmPos = 0, kPllnPos = 6, kPllpPos = 16, kPllqPos = 24;
constexpr uint32_t kPllsrcHse = 1u << 22;

// RCC_CFGR: SW [1:0], SWS [3:2] (00 HSI, 01 HSE, 10 PLL), HPRE [7:4],
// PPRE1 [12:10], PPRE2 [15:13].
constexpr unsigned kSwPos = 0, kSwsPos = 2, kHprePos = 4;
constexpr uint32_t kSwHsi = 0, kSwHse = 1, kSwPll = 2;

// AHB1ENR reset value: CCMDATARAMEN (F4) / DTCMRAMEN (F7), bit 20 (RM0090
// 6.3.10, RM0385 5.3.10).
constexpr uint32_t kAhb1enrReset = 1u << 20;

// PWR_CR (F4) / PWR_CR1 (F7) at +0x00 and PWR_CSR / PWR_CSR1 at +0x04:
// VOS [15:14] (reset 11, scale 1: PWR_CR_VOS / PWR_CR1_VOS), ODEN bit 16,
// ODSWEN bit 17; CSR VOSRDY bit 14, ODRDY bit 16, ODSWRDY bit 17.
constexpr uint32_t kPwrCr = kPwrBase + 0x00;
constexpr uint32_t kPwrCsr = kPwrBase + 0x04;
constexpr uint32_t kPwrCrReset = 3u << 14;
constexpr uint32_t kOden = 1u << 16, kOdswen = 1u << 17;
constexpr uint32_t kVosrdy = 1u << 14, kOdrdy = 1u << 16, kOdswrdy = 1u << 17;

// FLASH_ACR at +0x00: LATENCY [3:0], PRFTEN bit 8; F4: ICEN 9, DCEN 10,
// ICRST 11, DCRST 12 (FLASH_ACR_ICEN ..); F7: ARTEN 9, ARTRST 11
// (FLASH_ACR_ARTEN, FLASH_ACR_ARTRST). FLASH_CR at +0x10 resets to LOCK
// (bit 31).
constexpr uint32_t kFlashAcr = kFlashBase + 0x00;
constexpr uint32_t kFlashCr = kFlashBase + 0x10;
constexpr uint32_t kFlashCrReset = 1u << 31;
constexpr uint32_t kLatencyMask = 0xFu, kPrften = 1u << 8, kIcen = 1u << 9, kDcen = 1u << 10, kIcrst = 1u << 11,
                   kDcrst = 1u << 12, kArten = 1u << 9, kArtrst = 1u << 11;

}  // namespace mcuprof::stm32f4f7

/*
 * STM32F427 (RM0090) clock bring-up to 180 MHz: the 8 MHz HSE crystal of the
 * reference board (profiles/stm32f427.toml [clock] hse_hz) through the main
 * PLL, over-drive on, 5 flash wait states, ART caches and prefetch on.
 * Addresses and bits: ST's CMSIS header stm32f427xx.h (macro names below);
 * the sequence: RM0090 5.1.4 "Entering Over-drive mode" and 3.5.1 "Relation
 * between CPU clock frequency and Flash memory read time".
 */
#include "board_clock.h"

#define RCC_CR MCUPROF_REG(0x40023800u)      /* RCC_BASE + 0x00 */
#define RCC_PLLCFGR MCUPROF_REG(0x40023804u) /* RCC_BASE + 0x04 */
#define RCC_CFGR MCUPROF_REG(0x40023808u)    /* RCC_BASE + 0x08 */
#define RCC_APB1ENR MCUPROF_REG(0x40023840u) /* RCC_BASE + 0x40 */
#define PWR_CR MCUPROF_REG(0x40007000u)      /* PWR_BASE + 0x00 */
#define PWR_CSR MCUPROF_REG(0x40007004u)     /* PWR_BASE + 0x04 */
#define FLASH_ACR MCUPROF_REG(0x40023C00u)   /* FLASH_R_BASE + 0x00 */

#define RCC_CR_HSEON (1u << 16)
#define RCC_CR_HSERDY (1u << 17)
#define RCC_CR_PLLON (1u << 24)
#define RCC_CR_PLLRDY (1u << 25)
#define RCC_PLLCFGR_PLLSRC_HSE (1u << 22)
#define RCC_CFGR_SW_PLL 2u
#define RCC_CFGR_SWS_MASK (3u << 2)
#define RCC_CFGR_SWS_PLL (2u << 2)
#define RCC_CFGR_PPRE1_DIV4 (5u << 10) /* APB1 at most 45 MHz (DS9484 table "General operating conditions") */
#define RCC_CFGR_PPRE2_DIV2 (4u << 13) /* APB2 at most 90 MHz */
#define RCC_APB1ENR_PWREN (1u << 28)
#define PWR_CR_VOS_SCALE1 (3u << 14)
#define PWR_CR_ODEN (1u << 16)
#define PWR_CR_ODSWEN (1u << 17)
#define PWR_CSR_ODRDY (1u << 16)
#define PWR_CSR_ODSWRDY (1u << 17)
#define FLASH_ACR_LATENCY_MASK 0xFu
#define FLASH_ACR_PRFTEN (1u << 8)
#define FLASH_ACR_ICEN (1u << 9)
#define FLASH_ACR_DCEN (1u << 10)
#define FLASH_ACR_ICRST (1u << 11)
#define FLASH_ACR_DCRST (1u << 12)

/* 8 MHz / M 8 = 1 MHz VCO input (RM0090 recommends 2 MHz; 1 MHz is within
 * its 1..2 MHz range), * N 360 = 360 MHz VCO, / P 2 = 180 MHz SYSCLK,
 * / Q 7 = 51.4 MHz (USB is not used). RM0090 table 11: 5 wait states for
 * 150 < HCLK <= 180 MHz at 2.7-3.6 V. */
#define PLL_M 8u
#define PLL_N 360u
#define PLL_P 2u
#define PLL_Q 7u
#define FLASH_LATENCY 5u

uint32_t board_clock_init(void) {
    /* 1. Clock the power controller, then voltage scale 1 (the over-drive's
     *    prerequisite). The read-back lets the enable take effect. */
    RCC_APB1ENR |= RCC_APB1ENR_PWREN;
    (void)RCC_APB1ENR;
    PWR_CR = (PWR_CR & ~(3u << 14)) | PWR_CR_VOS_SCALE1;

    /* 2. The crystal. */
    RCC_CR |= RCC_CR_HSEON;
    while ((RCC_CR & RCC_CR_HSERDY) == 0u) {}

    /* 3. The PLL, configured while off, then on. */
    RCC_PLLCFGR = PLL_M | (PLL_N << 6) | (((PLL_P / 2u) - 1u) << 16) | RCC_PLLCFGR_PLLSRC_HSE | (PLL_Q << 24);
    RCC_CR |= RCC_CR_PLLON;

    /* 4. Over-drive (RM0090 5.1.4: after PLLON, before the switch). */
    PWR_CR |= PWR_CR_ODEN;
    while ((PWR_CSR & PWR_CSR_ODRDY) == 0u) {}
    PWR_CR |= PWR_CR_ODSWEN;
    while ((PWR_CSR & PWR_CSR_ODSWRDY) == 0u) {}

    /* 5. Flash: reset the ART caches (only while disabled), then latency,
     *    prefetch and caches; check the latency before raising the clock. */
    FLASH_ACR &= ~(FLASH_ACR_ICEN | FLASH_ACR_DCEN);
    FLASH_ACR |= FLASH_ACR_ICRST | FLASH_ACR_DCRST;
    FLASH_ACR &= ~(FLASH_ACR_ICRST | FLASH_ACR_DCRST);
    FLASH_ACR = FLASH_LATENCY | (MCUPROF_BOARD_CACHES ? FLASH_ACR_PRFTEN | FLASH_ACR_ICEN | FLASH_ACR_DCEN : 0u);
    if ((FLASH_ACR & FLASH_ACR_LATENCY_MASK) != FLASH_LATENCY) return 5u;

    /* 6. Bus prescalers within their limits, AHB undivided. */
    RCC_CFGR = (RCC_CFGR & ~0xFCF0u) | RCC_CFGR_PPRE1_DIV4 | RCC_CFGR_PPRE2_DIV2;

    /* 7. Wait for the lock, switch and wait for the switch. */
    while ((RCC_CR & RCC_CR_PLLRDY) == 0u) {}
    RCC_CFGR = (RCC_CFGR & ~3u) | RCC_CFGR_SW_PLL;
    while ((RCC_CFGR & RCC_CFGR_SWS_MASK) != RCC_CFGR_SWS_PLL) {}
    return 0u;
}

/*
 * STM32F746 (RM0385) clock bring-up to 216 MHz: the 25 MHz HSE crystal of the
 * reference board (profiles/stm32f746.toml [clock] hse_hz) through the main
 * PLL, over-drive on, 7 flash wait states, ART accelerator and prefetch on,
 * then the Cortex-M7 L1 caches. Addresses and bits: ST's CMSIS header
 * stm32f746xx.h (macro names below); the sequence: RM0385 4.1.4 "Entering
 * Over-drive mode" and 3.3.2 "Read access latency" (table 5).
 */
#include "board_clock.h"
#include "cortex_m7_cache.h"

#define RCC_CR MCUPROF_REG(0x40023800u)      /* RCC_BASE + 0x00 */
#define RCC_PLLCFGR MCUPROF_REG(0x40023804u) /* RCC_BASE + 0x04 */
#define RCC_CFGR MCUPROF_REG(0x40023808u)    /* RCC_BASE + 0x08 */
#define RCC_APB1ENR MCUPROF_REG(0x40023840u) /* RCC_BASE + 0x40 */
#define PWR_CR1 MCUPROF_REG(0x40007000u)     /* PWR_BASE + 0x00 */
#define PWR_CSR1 MCUPROF_REG(0x40007004u)    /* PWR_BASE + 0x04 */
#define FLASH_ACR MCUPROF_REG(0x40023C00u)   /* FLASH_R_BASE + 0x00 */

#define RCC_CR_HSEON (1u << 16)
#define RCC_CR_HSERDY (1u << 17)
#define RCC_CR_PLLON (1u << 24)
#define RCC_CR_PLLRDY (1u << 25)
#define RCC_PLLCFGR_PLLSRC_HSE (1u << 22)
#define RCC_CFGR_SW_PLL 2u
#define RCC_CFGR_SWS_MASK (3u << 2)
#define RCC_CFGR_SWS_PLL (2u << 2)
#define RCC_CFGR_PPRE1_DIV4 (5u << 10) /* APB1 at most 54 MHz (DS10916 "General operating conditions") */
#define RCC_CFGR_PPRE2_DIV2 (4u << 13) /* APB2 at most 108 MHz */
#define RCC_APB1ENR_PWREN (1u << 28)
#define PWR_CR1_VOS_SCALE1 (3u << 14)
#define PWR_CR1_ODEN (1u << 16)
#define PWR_CR1_ODSWEN (1u << 17)
#define PWR_CSR1_ODRDY (1u << 16)
#define PWR_CSR1_ODSWRDY (1u << 17)
#define FLASH_ACR_LATENCY_MASK 0xFu
#define FLASH_ACR_PRFTEN (1u << 8)
#define FLASH_ACR_ARTEN (1u << 9)
#define FLASH_ACR_ARTRST (1u << 11)

/* 25 MHz / M 25 = 1 MHz VCO input, * N 432 = 432 MHz VCO, / P 2 = 216 MHz,
 * / Q 9 = 48 MHz. RM0385 table 5: 7 wait states for 210 < HCLK <= 216 MHz at
 * 2.7-3.6 V. */
#define PLL_M 25u
#define PLL_N 432u
#define PLL_P 2u
#define PLL_Q 9u
#define FLASH_LATENCY 7u

uint32_t board_clock_init(void) {
    /* 1. Clock the power controller, then voltage scale 1. */
    RCC_APB1ENR |= RCC_APB1ENR_PWREN;
    (void)RCC_APB1ENR;
    PWR_CR1 = (PWR_CR1 & ~(3u << 14)) | PWR_CR1_VOS_SCALE1;

    /* 2. The crystal. */
    RCC_CR |= RCC_CR_HSEON;
    while ((RCC_CR & RCC_CR_HSERDY) == 0u) {}

    /* 3. The PLL, configured while off, then on. */
    RCC_PLLCFGR = PLL_M | (PLL_N << 6) | (((PLL_P / 2u) - 1u) << 16) | RCC_PLLCFGR_PLLSRC_HSE | (PLL_Q << 24);
    RCC_CR |= RCC_CR_PLLON;

    /* 4. Over-drive (RM0385 4.1.4: after PLLON, before the switch). */
    PWR_CR1 |= PWR_CR1_ODEN;
    while ((PWR_CSR1 & PWR_CSR1_ODRDY) == 0u) {}
    PWR_CR1 |= PWR_CR1_ODSWEN;
    while ((PWR_CSR1 & PWR_CSR1_ODSWRDY) == 0u) {}

    /* 5. Flash: reset the ART (only while disabled), then latency, prefetch
     *    and ART; check the latency before raising the clock. */
    FLASH_ACR &= ~FLASH_ACR_ARTEN;
    FLASH_ACR |= FLASH_ACR_ARTRST;
    FLASH_ACR &= ~FLASH_ACR_ARTRST;
    FLASH_ACR = FLASH_LATENCY | (MCUPROF_BOARD_CACHES ? FLASH_ACR_PRFTEN | FLASH_ACR_ARTEN : 0u);
    if ((FLASH_ACR & FLASH_ACR_LATENCY_MASK) != FLASH_LATENCY) return 5u;

    /* 6. Bus prescalers within their limits, AHB undivided. */
    RCC_CFGR = (RCC_CFGR & ~0xFCF0u) | RCC_CFGR_PPRE1_DIV4 | RCC_CFGR_PPRE2_DIV2;

    /* 7. Wait for the lock, switch and wait for the switch. */
    while ((RCC_CR & RCC_CR_PLLRDY) == 0u) {}
    RCC_CFGR = (RCC_CFGR & ~3u) | RCC_CFGR_SW_PLL;
    while ((RCC_CFGR & RCC_CFGR_SWS_MASK) != RCC_CFGR_SWS_PLL) {}

    /* 8. The L1 caches. */
    if (MCUPROF_BOARD_CACHES) {
        m7_enable_icache();
        m7_enable_dcache();
    }
    return 0u;
}

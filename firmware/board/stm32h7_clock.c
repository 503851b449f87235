/*
 * STM32H743 (RM0433, silicon revision V) clock bring-up to 480 MHz: the 8 MHz
 * HSE bypass clock of the reference board (profiles/stm32h743.toml [clock]
 * hse_hz) through PLL1, the LDO at VOS0, 4 flash wait states, then the
 * Cortex-M7 L1 caches. Addresses and bits: ST's CMSIS header stm32h743xx.h
 * (macro names below); the sequence: RM0433 6.6.2 "Voltage scaling" (VOS0:
 * VOS1 first, then SYSCFG_PWRCR.ODEN), 8.5.5 "PLL", 4.3.8 (table 17, "FLASH
 * recommended number of wait states and programming delay").
 */
#include "board_clock.h"
#include "cortex_m7_cache.h"

#define RCC_CR MCUPROF_REG(0x58024400u)        /* RCC_BASE + 0x00 */
#define RCC_CFGR MCUPROF_REG(0x58024410u)      /* RCC_BASE + 0x10 */
#define RCC_D1CFGR MCUPROF_REG(0x58024418u)    /* RCC_BASE + 0x18 */
#define RCC_D2CFGR MCUPROF_REG(0x5802441Cu)    /* RCC_BASE + 0x1C */
#define RCC_D3CFGR MCUPROF_REG(0x58024420u)    /* RCC_BASE + 0x20 */
#define RCC_PLLCKSELR MCUPROF_REG(0x58024428u) /* RCC_BASE + 0x28 */
#define RCC_PLLCFGR MCUPROF_REG(0x5802442Cu)   /* RCC_BASE + 0x2C */
#define RCC_PLL1DIVR MCUPROF_REG(0x58024430u)  /* RCC_BASE + 0x30 */
#define RCC_APB4ENR MCUPROF_REG(0x580244F4u)   /* RCC_BASE + 0xF4 */
#define PWR_CR3 MCUPROF_REG(0x5802480Cu)       /* PWR_BASE + 0x0C */
#define PWR_CSR1 MCUPROF_REG(0x58024804u)      /* PWR_BASE + 0x04 */
#define PWR_D3CR MCUPROF_REG(0x58024818u)      /* PWR_BASE + 0x18 */
#define SYSCFG_PWRCR MCUPROF_REG(0x5800042Cu)  /* SYSCFG_BASE + 0x2C */
#define FLASH_ACR MCUPROF_REG(0x52002000u)     /* FLASH_R_BASE + 0x00 */

#define RCC_CR_HSEON (1u << 16)
#define RCC_CR_HSERDY (1u << 17)
#define RCC_CR_HSEBYP (1u << 18)
#define RCC_CR_PLL1ON (1u << 24)
#define RCC_CR_PLL1RDY (1u << 25)
#define RCC_CFGR_SW_PLL1 3u
#define RCC_CFGR_SWS_MASK (7u << 3)
#define RCC_CFGR_SWS_PLL1 (3u << 3)
#define RCC_PLLCKSELR_PLLSRC_HSE 2u
#define RCC_PLLCFGR_PLL1RGE_2_4MHZ (1u << 2) /* PLL1RGE = 01: 2..4 MHz reference */
#define RCC_PLLCFGR_DIVP1EN (1u << 16)
#define RCC_PLLCFGR_DIVQ1EN (1u << 17)
#define RCC_PLLCFGR_DIVR1EN (1u << 18)
#define RCC_APB4ENR_SYSCFGEN (1u << 1)
#define PWR_CR3_LDOEN (1u << 1)
#define PWR_CR3_SCUEN (1u << 2)
#define PWR_CR3_BYPASS (1u << 0)
#define PWR_CSR1_ACTVOSRDY (1u << 13)
#define PWR_D3CR_VOS_SCALE1 (3u << 14)
#define PWR_D3CR_VOSRDY (1u << 13)
#define SYSCFG_PWRCR_ODEN (1u << 0)
#define FLASH_ACR_LATENCY_MASK 0xFu
#define FLASH_ACR_WRHIGHFREQ_2 (2u << 4)

/* 8 MHz / M 4 = 2 MHz reference, * N 480 = 960 MHz VCO (wide range), / P 2 =
 * 480 MHz sys_ck, / Q 4 = 240 MHz, / R 2. D1CPRE /1 (core 480 MHz), HPRE /2
 * (AXI/AHB 240 MHz, their maximum), every APB /2 (120 MHz, DS12110 "General
 * operating conditions"). RM0433 table 17, VOS0: 4 wait states and
 * WRHIGHFREQ 2 for the 240 MHz AXI clock (225 .. 240 MHz). */
#define PLL_M 4u
#define PLL_N 480u
#define PLL_P 2u
#define PLL_Q 4u
#define PLL_R 2u
#define FLASH_LATENCY 4u

uint32_t board_clock_init(void) {
    /* 1. Supply: the LDO (the NUCLEO's configuration), locked once written;
     *    wait for the active voltage scale to be ready. */
    PWR_CR3 = (PWR_CR3 & ~(PWR_CR3_BYPASS | PWR_CR3_SCUEN)) | PWR_CR3_LDOEN;
    while ((PWR_CSR1 & PWR_CSR1_ACTVOSRDY) == 0u) {}

    /* 2. VOS1, then VOS0 through SYSCFG's over-drive (SYSCFG clocked first). */
    PWR_D3CR = (PWR_D3CR & ~(3u << 14)) | PWR_D3CR_VOS_SCALE1;
    while ((PWR_D3CR & PWR_D3CR_VOSRDY) == 0u) {}
    RCC_APB4ENR |= RCC_APB4ENR_SYSCFGEN;
    (void)RCC_APB4ENR;
    SYSCFG_PWRCR |= SYSCFG_PWRCR_ODEN;
    while ((PWR_D3CR & PWR_D3CR_VOSRDY) == 0u) {}

    /* 3. HSE in bypass (fed by the ST-LINK's MCO). */
    RCC_CR |= RCC_CR_HSEBYP;
    RCC_CR |= RCC_CR_HSEON;
    while ((RCC_CR & RCC_CR_HSERDY) == 0u) {}

    /* 4. PLL1 from HSE, configured while off, then on. */
    RCC_PLLCKSELR = (RCC_PLLCKSELR & ~((0x3Fu << 4) | 3u)) | (PLL_M << 4) | RCC_PLLCKSELR_PLLSRC_HSE;
    RCC_PLL1DIVR = (PLL_N - 1u) | ((PLL_P - 1u) << 9) | ((PLL_Q - 1u) << 16) | ((PLL_R - 1u) << 24);
    RCC_PLLCFGR = (RCC_PLLCFGR & ~0xFu) | RCC_PLLCFGR_PLL1RGE_2_4MHZ | RCC_PLLCFGR_DIVP1EN |
                  RCC_PLLCFGR_DIVQ1EN | RCC_PLLCFGR_DIVR1EN;
    RCC_CR |= RCC_CR_PLL1ON;
    while ((RCC_CR & RCC_CR_PLL1RDY) == 0u) {}

    /* 5. Flash latency before the clock rises, checked. */
    FLASH_ACR = (FLASH_ACR & ~0x3Fu) | FLASH_LATENCY | FLASH_ACR_WRHIGHFREQ_2;
    if ((FLASH_ACR & FLASH_ACR_LATENCY_MASK) != FLASH_LATENCY) return 5u;

    /* 6. Prescalers: D1CPRE /1, HPRE /2, D1PPRE /2; D2PPRE1/2 /2; D3PPRE /2. */
    RCC_D1CFGR = (0u << 8) | (4u << 4) | 8u;
    RCC_D2CFGR = (4u << 8) | (4u << 4);
    RCC_D3CFGR = 4u << 4;

    /* 7. Switch and wait for the switch. */
    RCC_CFGR = (RCC_CFGR & ~7u) | RCC_CFGR_SW_PLL1;
    while ((RCC_CFGR & RCC_CFGR_SWS_MASK) != RCC_CFGR_SWS_PLL1) {}

    /* 8. The L1 caches. */
    if (MCUPROF_BOARD_CACHES) {
        m7_enable_icache();
        m7_enable_dcache();
    }
    return 0u;
}

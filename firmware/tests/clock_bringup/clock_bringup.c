/*
 * Clock bring-up test images (see CMakeLists.txt for the variants). The
 * register addresses and bits are those of the firmware/board bring-up sources, from ST's
 * CMSIS headers stm32f427xx.h, stm32f746xx.h and stm32h743xx.h.
 */
#include <stdint.h>

#include "semihost.h"
#if defined(BRINGUP_library) || defined(BRINGUP_midway)
#include "board_clock.h"
#endif

#define REG(address) (*(volatile uint32_t *)(address))

#if defined(MCUPROF_BOARD_stm32h743)
#define GPIOA_IDR REG(0x58020010u)       /* GPIOA_BASE + 0x10 */
#define RCC_AHB4ENR REG(0x580244E0u)     /* an RCC register nothing interprets */
#define RCC_PLLCKSELR REG(0x58024428u)   /* reset 0x0202_0200 (RM0433 8.7.11) */
#else
#define GPIOA_IDR REG(0x40020010u)       /* GPIOA_BASE + 0x10 */
#define RCC_AHB1ENR REG(0x40023830u)     /* an RCC register nothing interprets */
#define RCC_PLLCFGR_RESET REG(0x40023804u) /* reset 0x2400_3010 (RM0090 6.3.2, RM0385 5.3.2) */
#endif

volatile uint32_t sink;

/* Work the timeline has to account for: n loop iterations. */
__attribute__((noinline)) void spin(uint32_t n) {
    for (uint32_t i = 0; i < n; ++i) sink += i;
}

#if defined(BRINGUP_hal_order)
#if defined(MCUPROF_BOARD_stm32h743)
/* The order of a vendor HAL on the H7: supply, VOS1, VOS0, HSE on, PLL1 off
 * then configured and on, flash latency checked, prescalers, switch. */
static uint32_t bring_up(void) {
    REG(0x5802480Cu) = (REG(0x5802480Cu) & ~5u) | (1u << 1); /* PWR_CR3: LDOEN, no bypass, no SMPS */
    while ((REG(0x58024804u) & (1u << 13)) == 0u) {}          /* PWR_CSR1.ACTVOSRDY */
    REG(0x58024818u) = (REG(0x58024818u) & ~(3u << 14)) | (3u << 14); /* PWR_D3CR.VOS = scale 1 */
    while ((REG(0x58024818u) & (1u << 13)) == 0u) {}          /* VOSRDY */
    REG(0x580244F4u) |= 1u << 1;                              /* RCC_APB4ENR.SYSCFGEN */
    REG(0x5800042Cu) |= 1u;                                   /* SYSCFG_PWRCR.ODEN: VOS0 */
    while ((REG(0x58024818u) & (1u << 13)) == 0u) {}
    REG(0x58024400u) |= (1u << 18) | (1u << 16);              /* RCC_CR: HSEBYP, HSEON */
    while ((REG(0x58024400u) & (1u << 17)) == 0u) {}          /* HSERDY */
    REG(0x58024400u) &= ~(1u << 24);                          /* PLL1ON off */
    while ((REG(0x58024400u) & (1u << 25)) != 0u) {}          /* PLL1RDY clear */
    REG(0x58024428u) = (REG(0x58024428u) & ~0x3F3u) | (4u << 4) | 2u; /* DIVM1 4, PLLSRC HSE */
    REG(0x58024430u) = (480u - 1u) | ((2u - 1u) << 9) | ((4u - 1u) << 16) | ((2u - 1u) << 24);
    REG(0x5802442Cu) = (REG(0x5802442Cu) & ~0xFu) | (1u << 2) | (7u << 16); /* RGE 2-4 MHz, DIVP/Q/R1EN */
    REG(0x58024400u) |= 1u << 24;
    while ((REG(0x58024400u) & (1u << 25)) == 0u) {}
    REG(0x52002000u) = (REG(0x52002000u) & ~0x3Fu) | 4u | (2u << 4); /* FLASH_ACR: 4 WS, WRHIGHFREQ 2 */
    if ((REG(0x52002000u) & 0xFu) != 4u) return 1u;
    REG(0x58024418u) = (4u << 4) | 8u;                        /* D1CFGR: D1CPRE /1, D1PPRE /2, HPRE /2 */
    REG(0x58024410u) = (REG(0x58024410u) & ~7u) | 3u;         /* CFGR.SW = PLL1 */
    while ((REG(0x58024410u) & (7u << 3)) != (3u << 3)) {}
    return 0u;
}
#else
/* The order of a vendor HAL on the F4/F7: PWR clock, VOS, HSE on, PLL off then
 * configured and on, over-drive, flash latency checked, switch, prescalers. */
#if defined(MCUPROF_BOARD_stm32f427)
#define PLL_SETTING (8u | (360u << 6) | (0u << 16) | (1u << 22) | (7u << 24)) /* M 8, N 360, P 2, HSE, Q 7 */
#define LATENCY 5u
#else
#define PLL_SETTING (25u | (432u << 6) | (0u << 16) | (1u << 22) | (9u << 24)) /* M 25, N 432, P 2, HSE, Q 9 */
#define LATENCY 7u
#endif
static uint32_t bring_up(void) {
    REG(0x40023840u) |= 1u << 28;                             /* RCC_APB1ENR.PWREN */
    (void)REG(0x40023840u);
    REG(0x40007000u) |= 3u << 14;                             /* PWR_CR(1).VOS = scale 1 */
    REG(0x40023800u) |= 1u << 16;                             /* RCC_CR.HSEON */
    while ((REG(0x40023800u) & (1u << 17)) == 0u) {}          /* HSERDY */
    REG(0x40023800u) &= ~(1u << 24);                          /* PLLON off */
    while ((REG(0x40023800u) & (1u << 25)) != 0u) {}
    REG(0x40023804u) = PLL_SETTING;
    REG(0x40023800u) |= 1u << 24;
    while ((REG(0x40023800u) & (1u << 25)) == 0u) {}          /* PLLRDY */
    REG(0x40007000u) |= 1u << 16;                             /* ODEN */
    while ((REG(0x40007004u) & (1u << 16)) == 0u) {}          /* ODRDY */
    REG(0x40007000u) |= 1u << 17;                             /* ODSWEN */
    while ((REG(0x40007004u) & (1u << 17)) == 0u) {}          /* ODSWRDY */
    REG(0x40023C00u) = (REG(0x40023C00u) & ~0xFu) | LATENCY;  /* FLASH_ACR.LATENCY */
    if ((REG(0x40023C00u) & 0xFu) != LATENCY) return 1u;
    REG(0x40023808u) = (REG(0x40023808u) & ~0xF3u) | 2u;      /* CFGR: HPRE /1, SW = PLL */
    while ((REG(0x40023808u) & (3u << 2)) != (2u << 2)) {}    /* SWS = PLL */
    REG(0x40023808u) = (REG(0x40023808u) & ~0xFC00u) | (5u << 10) | (4u << 13); /* APB1 /4, APB2 /2 */
    return 0u;
}
#endif
#endif

int main(void) {
#if defined(BRINGUP_hal_order)
    if (bring_up() != 0u) return 2;
    spin(1000u);
#elif defined(BRINGUP_midway)
    spin(20000u);
    if (board_clock_init() != 0u) return 2;
    spin(20000u);
#elif defined(BRINGUP_storage)
#if defined(MCUPROF_BOARD_stm32h743)
    if (RCC_PLLCKSELR != 0x02020200u) return 3;
    RCC_AHB4ENR = 0x12345678u;
    if (RCC_AHB4ENR != 0x12345678u) return 4;
#else
    if (RCC_PLLCFGR_RESET != 0x24003010u) return 3;
    RCC_AHB1ENR = 0x12345678u;
    if (RCC_AHB1ENR != 0x12345678u) return 4;
#endif
    semihost_write0("storage ok\n");
    sink = GPIOA_IDR; /* nothing models GPIOA: the board's policy traps */
#else
    spin(1000u);
#endif
    semihost_write0("done\n");
    return 0;
}

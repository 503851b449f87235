// The clock register models: reset values, ready bits that follow their
// enables, SWS following SW once the source is ready, self-clearing cache
// resets, and the core clock computed from the PLL and prescalers.
#include "emulator/board/board_profile.hpp"
#include "emulator/clock/clock_controller.hpp"
#include "emulator/clock/stm32f4f7_clock.hpp"
#include "emulator/clock/stm32h7_clock.hpp"

#include <gtest/gtest.h>

namespace mcuprof {
namespace {

BoardClock f4_clock() { return BoardClock{ClockControllerKind::Stm32f4, 16'000'000, 8'000'000, 0}; }
BoardClock f7_clock() { return BoardClock{ClockControllerKind::Stm32f7, 16'000'000, 25'000'000, 0}; }
BoardClock h7_clock() { return BoardClock{ClockControllerKind::Stm32h7, 64'000'000, 8'000'000, 0}; }

constexpr uint32_t kRccCr = 0x40023800, kPllcfgr = 0x40023804, kCfgr = 0x40023808, kPwrCr = 0x40007000,
                   kPwrCsr = 0x40007004, kAcr = 0x40023C00;

TEST(Stm32f4f7Clock, ResetValuesAreTheReferenceManualsAndTheClockIsHsi) {
    Stm32f4f7Clock c(Stm32Family::F4, f4_clock());
    EXPECT_EQ(c.word(kRccCr), 0x00000083u);
    EXPECT_EQ(c.word(kPllcfgr), 0x24003010u);
    EXPECT_EQ(c.word(kCfgr), 0u);
    EXPECT_EQ(c.word(kPwrCr), 0x0000C000u);
    EXPECT_EQ(c.setting().core_hz, 16'000'000u);
    EXPECT_FALSE(c.setting().configured);
    EXPECT_EQ(c.setting().source, "reset clock: HSI 16 MHz, the firmware never switched SYSCLK");
    EXPECT_EQ(c.generation(), 0u);
}

TEST(Stm32f4f7Clock, HseReadyFollowsItsEnable) {
    Stm32f4f7Clock c(Stm32Family::F4, f4_clock());
    c.write(kRccCr, 4, c.word(kRccCr) | (1u << 16));
    EXPECT_EQ(c.read(kRccCr, 4) & (1u << 17), 1u << 17);
    c.write(kRccCr, 4, c.word(kRccCr) & ~(1u << 16));
    EXPECT_EQ(c.read(kRccCr, 4) & (1u << 17), 0u);
}

TEST(Stm32f4f7Clock, WithoutACrystalHseNeverBecomesReady) {
    BoardClock no_crystal = f4_clock();
    no_crystal.hse_hz = 0;
    Stm32f4f7Clock c(Stm32Family::F4, no_crystal);
    c.write(kRccCr, 4, c.word(kRccCr) | (1u << 16));
    EXPECT_EQ(c.read(kRccCr, 4) & (1u << 17), 0u);
}

TEST(Stm32f4f7Clock, SwitchToPllWaitsForTheLockAndGives180MHz) {
    Stm32f4f7Clock c(Stm32Family::F4, f4_clock());
    c.write(kRccCr, 4, c.word(kRccCr) | (1u << 16));
    c.write(kPllcfgr, 4, 8u | (360u << 6) | (1u << 22) | (7u << 24));
    // SW = PLL before PLLON: SWS keeps HSI.
    c.write(kCfgr, 4, 2u);
    EXPECT_EQ(c.switch_status(), 0u);
    EXPECT_EQ(c.setting().core_hz, 16'000'000u);
    c.write(kRccCr, 4, c.word(kRccCr) | (1u << 24));
    EXPECT_EQ(c.read(kRccCr, 4) & (1u << 25), 1u << 25);
    EXPECT_EQ(c.switch_status(), 2u);
    EXPECT_EQ(c.read(kCfgr, 4) & 0xCu, 0x8u);
    EXPECT_EQ(c.setting().core_hz, 180'000'000u);
    EXPECT_TRUE(c.setting().configured);
    EXPECT_EQ(c.setting().source, "PLL from HSE 8 MHz (M 8, N 360, P 2)");
    EXPECT_GT(c.generation(), 0u);
}

TEST(Stm32f4f7Clock, AhbPrescalerDividesTheCoreClock) {
    Stm32f4f7Clock c(Stm32Family::F4, f4_clock());
    c.write(kCfgr, 4, 0x9u << 4);  // HPRE = 1001: /4
    EXPECT_EQ(c.setting().core_hz, 4'000'000u);
    EXPECT_TRUE(c.setting().configured);
    EXPECT_EQ(c.setting().source, "HSI 16 MHz, AHB prescaler /4");
}

TEST(Stm32f4f7Clock, AnInvalidPllNeverLocks) {
    Stm32f4f7Clock c(Stm32Family::F4, f4_clock());
    c.write(kPllcfgr, 4, 0u);  // M 0
    c.write(kRccCr, 4, c.word(kRccCr) | (1u << 24));
    EXPECT_EQ(c.read(kRccCr, 4) & (1u << 25), 0u);
    c.write(kCfgr, 4, 2u);
    EXPECT_EQ(c.setting().core_hz, 16'000'000u);
}

TEST(Stm32f4f7Clock, OverDriveReadyBitsFollowTheirEnables) {
    Stm32f4f7Clock c(Stm32Family::F4, f4_clock());
    EXPECT_EQ(c.read(kPwrCsr, 4) & (3u << 16), 0u);
    c.write(kPwrCr, 4, c.word(kPwrCr) | (1u << 16));
    EXPECT_EQ(c.read(kPwrCsr, 4) & (3u << 16), 1u << 16);
    c.write(kPwrCr, 4, c.word(kPwrCr) | (1u << 17));
    EXPECT_EQ(c.read(kPwrCsr, 4) & (3u << 16), 3u << 16);
}

TEST(Stm32f4f7Clock, FlashAcrReadsBackAndCacheResetsSelfClear) {
    Stm32f4f7Clock f4(Stm32Family::F4, f4_clock());
    f4.write(kAcr, 4, 5u | (1u << 8) | (1u << 9) | (1u << 10) | (1u << 11) | (1u << 12));
    EXPECT_EQ(f4.read(kAcr, 4), 5u | (1u << 8) | (1u << 9) | (1u << 10));
    EXPECT_EQ(f4.setting().flash_latency, 5u);
    EXPECT_TRUE(f4.setting().prefetch);
    EXPECT_TRUE(f4.setting().icache);
    EXPECT_TRUE(f4.setting().dcache);
    EXPECT_FALSE(f4.setting().art);

    Stm32f4f7Clock f7(Stm32Family::F7, f7_clock());
    f7.write(kAcr, 4, 7u | (1u << 8) | (1u << 9) | (1u << 11));
    EXPECT_EQ(f7.read(kAcr, 4), 7u | (1u << 8) | (1u << 9));
    EXPECT_EQ(f7.setting().flash_latency, 7u);
    EXPECT_TRUE(f7.setting().art);
    EXPECT_FALSE(f7.setting().icache);
}

TEST(Stm32f4f7Clock, ByteAndHalfwordAccessesUseTheirLanes) {
    Stm32f4f7Clock c(Stm32Family::F7, f7_clock());
    constexpr uint32_t kAhb1enr = 0x40023830;
    c.write(kAhb1enr + 2, 1, 0xAB);
    EXPECT_EQ(c.read(kAhb1enr, 4), 0x00AB0000u);  // the byte replaced the reset DTCMRAMEN byte
    c.write(kAhb1enr, 2, 0x1234);
    EXPECT_EQ(c.read(kAhb1enr, 4), 0x00AB1234u);
    EXPECT_EQ(c.read(kAhb1enr, 2), 0x1234u);
    EXPECT_EQ(c.read(kAhb1enr + 2, 1), 0xABu);
}

TEST(Stm32f4f7Clock, UnmodelledRegistersOfTheBlocksAreStorage) {
    Stm32f4f7Clock c(Stm32Family::F7, f7_clock());
    constexpr uint32_t kDckcfgr1 = 0x4002388C;
    EXPECT_TRUE(c.owns(kDckcfgr1));
    c.write(kDckcfgr1, 4, 0xDEADBEEF);
    EXPECT_EQ(c.read(kDckcfgr1, 4), 0xDEADBEEFu);
    EXPECT_FALSE(c.owns(0x40020010));  // GPIOA IDR
    EXPECT_EQ(c.generation(), 0u);
}

TEST(Stm32f4f7Clock, F746At216MHzFromTheDiscoCrystal) {
    Stm32f4f7Clock c(Stm32Family::F7, f7_clock());
    c.write(kRccCr, 4, c.word(kRccCr) | (1u << 16));
    c.write(kPllcfgr, 4, 25u | (432u << 6) | (1u << 22) | (9u << 24));
    c.write(kRccCr, 4, c.word(kRccCr) | (1u << 24));
    c.write(kCfgr, 4, 2u);
    EXPECT_EQ(c.setting().core_hz, 216'000'000u);
    EXPECT_EQ(c.setting().source, "PLL from HSE 25 MHz (M 25, N 432, P 2)");
}

TEST(Stm32f4f7Clock, TheOscillatorDrivingSysclkCannotBeSwitchedOff) {
    Stm32f4f7Clock c(Stm32Family::F4, f4_clock());
    c.write(kRccCr, 4, 0u);
    EXPECT_EQ(c.read(kRccCr, 4) & 3u, 3u);  // HSION, HSIRDY stay
}

constexpr uint32_t kH7Cr = 0x58024400, kH7Cfgr = 0x58024410, kH7D1cfgr = 0x58024418, kH7Pllckselr = 0x58024428,
                   kH7Pllcfgr = 0x5802442C, kH7Pll1divr = 0x58024430, kH7Pll1fracr = 0x58024434,
                   kH7D3cr = 0x58024818, kH7Csr1 = 0x58024804, kH7Acr = 0x52002000, kH7Pwrcr = 0x5800042C;

TEST(Stm32h7Clock, ResetValuesAndTheHsiClock) {
    Stm32h7Clock c(h7_clock());
    EXPECT_EQ(c.word(kH7Pllckselr), 0x02020200u);
    EXPECT_EQ(c.word(kH7Pll1divr), 0x01010280u);
    EXPECT_EQ(c.word(kH7Pllcfgr), 0x01FF0000u);
    EXPECT_EQ(c.word(kH7Acr), 0x37u);
    EXPECT_EQ(c.word(kH7Cr) & 0x25u, 0x25u);
    EXPECT_EQ(c.setting().core_hz, 64'000'000u);
    EXPECT_EQ(c.setting().source, "reset clock: HSI 64 MHz, the firmware never switched SYSCLK");
    EXPECT_EQ(c.setting().flash_latency, 7u);
    EXPECT_EQ(c.setting().write_high_freq, 3u);
}

TEST(Stm32h7Clock, HsiDividerSlowsTheResetClock) {
    Stm32h7Clock c(h7_clock());
    c.write(kH7Cr, 4, c.word(kH7Cr) | (2u << 3));  // HSIDIV /4
    EXPECT_EQ(c.setting().core_hz, 16'000'000u);
    EXPECT_TRUE(c.setting().configured);
    EXPECT_EQ(c.read(kH7Cr, 4) & (1u << 5), 1u << 5);  // HSIDIVF
}

TEST(Stm32h7Clock, Pll1At480MHzFromTheNucleoHse) {
    Stm32h7Clock c(h7_clock());
    c.write(kH7Cr, 4, c.word(kH7Cr) | (1u << 16));
    EXPECT_EQ(c.read(kH7Cr, 4) & (1u << 17), 1u << 17);
    c.write(kH7Pllckselr, 4, (4u << 4) | 2u);
    c.write(kH7Pll1divr, 4, 479u | (1u << 9) | (3u << 16) | (1u << 24));
    c.write(kH7Cr, 4, c.word(kH7Cr) | (1u << 24));
    EXPECT_EQ(c.read(kH7Cr, 4) & (1u << 25), 1u << 25);
    c.write(kH7Cfgr, 4, 3u);
    EXPECT_EQ(c.read(kH7Cfgr, 4) & (7u << 3), 3u << 3);
    EXPECT_EQ(c.setting().core_hz, 480'000'000u);
    EXPECT_EQ(c.setting().source, "PLL1 from HSE 8 MHz (M 4, N 480, P 2)");
    // D1CPRE /2 halves the core; HPRE (the AXI bus) does not touch it.
    c.write(kH7D1cfgr, 4, 8u);
    EXPECT_EQ(c.setting().core_hz, 480'000'000u);
    c.write(kH7D1cfgr, 4, 8u << 8);
    EXPECT_EQ(c.setting().core_hz, 240'000'000u);
}

TEST(Stm32h7Clock, FractionalNCountsWhenEnabled) {
    Stm32h7Clock c(h7_clock());
    c.write(kH7Cr, 4, c.word(kH7Cr) | (1u << 16));
    c.write(kH7Pllckselr, 4, (4u << 4) | 2u);          // 2 MHz reference
    c.write(kH7Pll1divr, 4, 99u | (1u << 9));          // N 100, P 2: 100 MHz
    c.write(kH7Pll1fracr, 4, 4096u << 3);               // + 0.5
    c.write(kH7Cr, 4, c.word(kH7Cr) | (1u << 24));
    c.write(kH7Cfgr, 4, 3u);
    EXPECT_EQ(c.setting().core_hz, 100'000'000u);       // FRACEN off: ignored
    c.write(kH7Pllcfgr, 4, c.word(kH7Pllcfgr) | 1u);
    EXPECT_EQ(c.setting().core_hz, 100'500'000u);
}

TEST(Stm32h7Clock, VoltageScalingAndFlashReadBack) {
    Stm32h7Clock c(h7_clock());
    c.write(kH7D3cr, 4, 3u << 14);
    EXPECT_EQ(c.read(kH7D3cr, 4), (3u << 14) | (1u << 13));
    EXPECT_EQ(c.read(kH7Csr1, 4) & ((3u << 14) | (1u << 13)), (3u << 14) | (1u << 13));
    c.write(kH7Pwrcr, 4, 1u);
    EXPECT_EQ(c.read(kH7Pwrcr, 4), 1u);
    c.write(kH7Acr, 4, 4u | (2u << 4));
    EXPECT_EQ(c.read(kH7Acr, 4), 0x24u);
    EXPECT_EQ(c.setting().flash_latency, 4u);
    EXPECT_EQ(c.setting().write_high_freq, 2u);
}

TEST(ClockController, FixedBoardsHaveNoRegistersAndTheProfileClock) {
    BoardProfile board;
    board.clock_hz = 25'000'000;
    board.clock.reset_hz = 25'000'000;
    const auto c = make_clock_controller(board);
    EXPECT_FALSE(c->owns(0x40023800));
    EXPECT_EQ(c->setting().core_hz, 25'000'000u);
    EXPECT_FALSE(c->setting().configured);
    EXPECT_EQ(c->setting().source, "fixed clock: 25 MHz (the board has no clock controller; the profile's clock_hz)");
}

TEST(ClockController, DescribesFrequencies) {
    EXPECT_EQ(describe_hz(216'000'000), "216 MHz");
    EXPECT_EQ(describe_hz(16'384'000), "16.384 MHz");
    EXPECT_EQ(describe_hz(32'768), "32768 Hz");
}

}  // namespace
}  // namespace mcuprof

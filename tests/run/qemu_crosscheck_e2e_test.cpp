// The same ELF under mcuprof and under QEMU (mps2-an386 = Cortex-M4,
// mps2-an500 = Cortex-M7, semihosting): identical output, and QEMU's exit
// status as mcuprof maps a firmware status (exit_status.hpp: 1-4 and 125 and
// up become 126, said on stderr).
#include "paths_support.hpp"
#include "process_support.hpp"

#include "emulator/report/exit_status.hpp"

#include <gtest/gtest.h>

namespace mcuprof::test {
namespace {

struct Case {
    std::string firmware;
    std::string board;
};

class QemuCrossCheck : public ::testing::TestWithParam<Case> {};

TEST_P(QemuCrossCheck, SameOutputAndExitStatus) {
    const Case& c = GetParam();
    const std::string elf = firmware(c.firmware + c.board);
    const ProcessResult qemu = run_command("timeout 60 " + qemu_command(c.board, elf));
    const ProcessResult ours = mcuprof("run -q --board " + c.board + " " + elf);
    ASSERT_FALSE(qemu.output.empty()) << "QEMU printed nothing";
    const ProcessExit mapped = process_exit_for(ExitInfo{"exit", qemu.status, ""});
    EXPECT_EQ(ours.output, qemu.output + (mapped.note.empty() ? "" : mapped.note + "\n"));
    EXPECT_EQ(ours.status, mapped.code);
}

INSTANTIATE_TEST_SUITE_P(Firmware, QemuCrossCheck,
                         ::testing::Values(Case{"microbench_", "mps2-an386"}, Case{"microbench_", "mps2-an500"},
                                           Case{"semihost-rdimon-", "mps2-an386"},
                                           Case{"semihost-rdimon-", "mps2-an500"}, Case{"hello-", "mps2-an386"},
                                           Case{"hello-rdimon-", "mps2-an500"}),
                         [](const auto& info) {
                             std::string name = info.param.firmware + info.param.board;
                             for (char& ch : name) {
                                 if (ch == '-') ch = '_';
                             }
                             return name;
                         });

}  // namespace
}  // namespace mcuprof::test

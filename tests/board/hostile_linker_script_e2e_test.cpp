// Untrusted text in the comments of generated files (issue 12): a board
// profile's description in the linker script, a model file's path in the
// generated C source. A "*/" in either used to end the comment and run the
// rest as linker commands, or compile it as code, in every build using it.
// Checked on the text, with the real linker and with the real compiler.
#include "paths_support.hpp"
#include "process_support.hpp"
#include "scratch_dir_support.hpp"

#include "emulator/board/board_profile.hpp"
#include "emulator/board/linker_script.hpp"
#include "file_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>

namespace mcuprof::test {
namespace {

namespace fs = std::filesystem;

// A profile that tries to end the comment and assert, once plainly and once
// after a newline.
const std::string kHostileDescription =
    R"(description = "evil */ ASSERT(0, \"injected\") /* tail\n*/ ASSERT(0, \"newline\") /*")";

class HostileLinkerScript : public ScratchDir {
protected:
    std::string hostile_profile() {
        std::string text = slurp(std::string(MCUPROF_SOURCE_DIR) + "/profiles/stm32f746.toml");
        text = std::regex_replace(text, std::regex("\ndescription = [^\n]*"), "\n" + kHostileDescription);
        const std::string p = path("evil.toml");
        std::ofstream(p) << text;
        return p;
    }
};

// The script without its /* */ comments (ld's comments do not nest).
std::string without_comments(const std::string& script) {
    std::string out;
    size_t i = 0;
    while (i < script.size()) {
        const size_t open = script.find("/*", i);
        out += script.substr(i, open == std::string::npos ? std::string::npos : open - i);
        if (open == std::string::npos) break;
        const size_t close = script.find("*/", open + 2);
        i = close == std::string::npos ? script.size() : close + 2;
    }
    return out;
}

TEST_F(HostileLinkerScript, DescriptionStaysInsideTheComment) {
    const BoardProfile board = load_board_profile(hostile_profile());
    ASSERT_NE(board.description.find("*/"), std::string::npos);
    const std::string script = generate_linker_script(board, LinkerScriptOptions{});
    const std::string commands = without_comments(script);
    EXPECT_EQ(commands.find("injected"), std::string::npos) << commands;
    EXPECT_EQ(commands.find("newline"), std::string::npos) << commands;
    EXPECT_NE(script.find("evil * / ASSERT(0, \"injected\") /* tail * / ASSERT(0, \"newline\") /*"), std::string::npos)
        << script;
}

TEST_F(HostileLinkerScript, RealLinkerObeysNothingFromTheProfile) {
    const std::string ld = path("evil.ld");
    const ProcessResult gen = mcuprof("linker-script --board " + hostile_profile() + " -o " + ld);
    ASSERT_EQ(gen.status, 0) << gen.output;
    const std::string c = path("t.c");
    std::ofstream(c) << "void Reset_Handler(void) { for (;;) {} }\n"
                        "__attribute__((section(\".isr_vector\"), used)) void (*const vectors[2])(void) = "
                        "{0, Reset_Handler};\n";
    const ProcessResult link = run_command("arm-none-eabi-gcc -mthumb -mcpu=cortex-m7 -nostdlib -nostartfiles "
                                           "-Wl,-z,max-page-size=1024 -T " + ld + " " + c + " -o " + path("t.elf"));
    EXPECT_EQ(link.status, 0) << link.output;
    EXPECT_EQ(link.output.find("injected"), std::string::npos) << link.output;
    EXPECT_TRUE(fs::exists(path("t.elf")));
}

// A model file whose path closes the comment that names it in the generated C
// ("a*" + "/ int injected_by_path = 1; /" + "*m.yaml").
TEST_F(HostileLinkerScript, ModelPathStaysInsideTheGeneratedComment) {
    const fs::path dir = fs::path(path("a*")) / " int injected_by_path = 1; ";
    fs::create_directories(dir);
    const std::string model = (dir / "*m.yaml").string();
    fs::copy_file(kTinyModel, model);
    const std::string c = path("model.c");
    const ProcessResult gen = mcuprof("generate '" + model + "' -o " + c);
    ASSERT_EQ(gen.status, 0) << gen.output;
    const std::string source = slurp(c);
    ASSERT_NE(source.find("injected_by_path"), std::string::npos) << "the path is still named";
    EXPECT_EQ(without_comments(source).find("injected_by_path"), std::string::npos);
    const std::string src = MCUPROF_SOURCE_DIR;
    const ProcessResult compile =
        run_command("arm-none-eabi-gcc -mthumb -mcpu=cortex-m4 -std=c11 -fsyntax-only -I" + src + "/kernels/include -I" +
                    src + "/firmware/include -I" + src + "/firmware/models " + c);
    EXPECT_EQ(compile.status, 0) << compile.output;
}

}  // namespace
}  // namespace mcuprof::test

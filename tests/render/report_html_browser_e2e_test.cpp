// The HTML report in a real browser: Debian's chromium, headless, loads the
// file written by `mcuprof run --html`, runs the page's own check script
// (every chart present and drawn -> <html data-check="ok">), prints nothing
// on the console, and renders a screenshot of the requested size. A page whose
// charts are missing, or whose script fails, is caught (tested on purpose).
// Fails, not skips, when chromium is not installed (tools/setup-deps.sh
// installs it).
#include "file_support.hpp"
#include "paths_support.hpp"
#include "process_support.hpp"
#include "report_checks.hpp"
#include "scratch_dir_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace mcuprof::test {
namespace {

namespace fs = std::filesystem;

struct BrowserResult {
    std::string dom;      // --dump-dom
    std::string console;  // the CONSOLE lines of chromium's log
    int status = -1;
};

class HtmlInBrowser : public SuiteScratchDir {
protected:
    static void SetUpTestSuite() {
        SuiteScratchDir::SetUpTestSuite();
        const std::string elf = firmware("microbench_stm32f427");
        run_ = mcuprof("run --board stm32f427 " + elf + " --quiet --html " + (dir_ / "r.html").string());
    }

    void SetUp() override {
        ASSERT_EQ(run_command("command -v chromium").status, 0)
            << "chromium is not installed: run tools/setup-deps.sh (Debian package chromium)";
        ASSERT_EQ(run_.status, 0) << run_.output;
    }

    static std::string chromium(const std::string& flags, const fs::path& page) {
        return "timeout 120 chromium --headless --disable-gpu --no-sandbox --no-first-run --hide-scrollbars "
               "--user-data-dir=" + (dir_ / "profile").string() + " " + flags + " file://" + page.string();
    }

    static BrowserResult load(const fs::path& page) {
        const fs::path log = dir_ / "chromium.log";
        BrowserResult r;
        // In a subshell: run_command appends its own 2>&1, which would take
        // chromium's log away from the file.
        r.status = run_command("(" + chromium("--enable-logging=stderr --v=0 --dump-dom", page) + " > " +
                               (dir_ / "dom.html").string() + " 2> " + log.string() + ")")
                       .status;
        EXPECT_FALSE(slurp(log).empty()) << "no browser log captured";
        r.dom = slurp(dir_ / "dom.html");
        std::istringstream in(slurp(log));
        std::string line;
        while (std::getline(in, line))
            if (line.find(":CONSOLE") != std::string::npos) r.console += line + "\n";
        return r;
    }

    static inline ProcessResult run_;
};

TEST_F(HtmlInBrowser, ChartsRenderAndTheCheckScriptPassesWithoutConsoleOutput) {
    const BrowserResult r = load(dir_ / "r.html");
    ASSERT_EQ(r.status, 0) << r.console;
    EXPECT_NE(r.dom.find("<html lang=\"en\" data-check=\"ok\">"), std::string::npos)
        << std::regex_replace(r.dom.substr(0, 300), std::regex("\n"), " ");
    EXPECT_EQ(count_of(r.dom, "<svg "), 2u);
    EXPECT_NE(r.dom.find("data-chart=\"memory\""), std::string::npos);
    EXPECT_NE(r.dom.find("data-chart=\"cycles\""), std::string::npos);
    EXPECT_TRUE(r.console.empty()) << "console output: " << r.console;
}

TEST_F(HtmlInBrowser, ScreenshotHasTheWindowSize) {
    const fs::path shot = dir_ / "report.png";
    const ProcessResult r =
        run_command(chromium("--window-size=1400,1800 --screenshot=" + shot.string(), dir_ / "r.html"));
    ASSERT_EQ(r.status, 0) << r.output;
    const std::string png = slurp(shot);
    ASSERT_GT(png.size(), 24u);
    EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    auto be32 = [&](size_t at) {
        return (uint32_t(uint8_t(png[at])) << 24) | (uint32_t(uint8_t(png[at + 1])) << 16) |
               (uint32_t(uint8_t(png[at + 2])) << 8) | uint32_t(uint8_t(png[at + 3]));
    };
    EXPECT_EQ(be32(16), 1400u);
    EXPECT_EQ(be32(20), 1800u);
    // A blank page compresses to almost nothing; charts and tables do not.
    EXPECT_GT(png.size(), 20000u);
    if (const char* keep = std::getenv("MCUPROF_SCREENSHOT")) fs::copy_file(shot, keep, fs::copy_options::overwrite_existing);
}

TEST_F(HtmlInBrowser, ComparisonChartsRender) {
    const fs::path page = dir_ / "compare.html";
    const ProcessResult c = mcuprof("compare " + kTinyModel +
                                    " --board stm32f427 --family overwrite --weights flash --weights sram --kernels 1 4"
                                    " --quiet --work-dir " + (dir_ / "work").string() + " --html " + page.string());
    ASSERT_EQ(c.status, 0) << c.output;
    const BrowserResult r = load(page);
    EXPECT_NE(r.dom.find("data-check=\"ok\""), std::string::npos) << r.dom.substr(0, 300);
    EXPECT_NE(r.dom.find("data-chart=\"schedules\""), std::string::npos);
    EXPECT_NE(r.dom.find("data-chart=\"tradeoff\""), std::string::npos);
    EXPECT_EQ(count_of(r.dom, "class=\"series\""), 2u) << "one curve per weight accounting";
    EXPECT_TRUE(r.console.empty()) << r.console;
}

TEST_F(HtmlInBrowser, AMissingChartOrAFailingScriptIsCaught) {
    std::string html = slurp(dir_ / "r.html");
    const fs::path missing = dir_ / "missing.html";
    std::ofstream(missing) << std::regex_replace(html, std::regex("data-charts=\"2\""), "data-charts=\"3\"");
    const BrowserResult a = load(missing);
    EXPECT_NE(a.dom.find("data-check=\"failed: charts 2 of 3\""), std::string::npos);

    const fs::path broken = dir_ / "broken.html";
    std::ofstream(broken) << std::regex_replace(html, std::regex("<script>"), "<script>undefined_fn();");
    const BrowserResult b = load(broken);
    EXPECT_EQ(b.dom.find("data-check=\"ok\""), std::string::npos);
    EXPECT_NE(b.console.find("Uncaught ReferenceError"), std::string::npos) << b.console;
}

}  // namespace
}  // namespace mcuprof::test

// Names the firmware controls (layer markers, ELF function and file names,
// violation details) in every output (issue 12): terminal text shows control
// characters, C1 controls, bidi overrides and bytes that are not UTF-8 as
// visible escapes; Markdown rows stay rows; HTML, SVG and JUnit stay
// well-formed XML as a real parser (python3's minidom) sees it.
#include "emulator/render/report_collapsed.hpp"
#include "emulator/render/report_html.hpp"
#include "emulator/render/report_markdown.hpp"
#include "emulator/render/report_text.hpp"
#include "emulator/report/report_json.hpp"
#include "emulator/run/progress_display.hpp"
#include "emulator/text/printable_text.hpp"
#include "emulator/text/xml_text.hpp"
#include "file_support.hpp"
#include "process_support.hpp"
#include "scratch_dir_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace mcuprof::test {
namespace {

namespace fs = std::filesystem;

// ESC sequences (colour, OSC title + BEL), C1 CSI, DEL, a bidi override,
// XML's CDATA end, quotes and markup, a line break and a byte that is not UTF-8.
const std::string kHostile = "L\x01\x1b[31m\x1b]0;owned\x07\xc2\x9b" "2J\x7f\xe2\x80\xae]]>\"'<&>|`*\nx\xff";

// Where text holds a byte a terminal acts on (other than a line feed), or npos.
size_t terminal_control_at(const std::string& text) {
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\n') || c == 0x7f) return i;
        if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
            return i;  // C1 control in UTF-8
        }
        if (c == 0xe2 && text.compare(i, 3, "\xe2\x80\xae") == 0) return i;  // RIGHT-TO-LEFT OVERRIDE
        if (c == 0xff) return i;
    }
    return std::string::npos;
}

::testing::AssertionResult has_terminal_control(const std::string& text) {
    const size_t at = terminal_control_at(text);
    if (at == std::string::npos) return ::testing::AssertionFailure() << "no terminal control";
    return ::testing::AssertionSuccess() << "terminal control at " << at << ": '"
                                         << text.substr(at < 60 ? 0 : at - 60, 120) << "'";
}

Report hostile_report() {
    Report r;
    r.board = "stm32f746";
    r.core = "cortex-m7";
    r.clock_hz = 216'000'000;
    r.elf = "fw" + kHostile + ".elf";
    r.instructions = 1000;
    r.cycles = 2000;
    r.memory.sram_budget_bytes = 8192;
    r.memory.flash_budget_bytes = 65536;
    r.layers = {{kHostile, 600, 1200, 10, 3000, 300}, {"plain", 300, 600, 1300, 1000, 200}};
    r.outside_layers = {100, 200};
    r.functions = {{"fn" + kHostile, 700, 1500, 700, 1500, 2, "src" + kHostile + ".c", 10}};
    r.violations = {{"fault", 0x20010000, 4, "write", 0x08000100, "fn" + kHostile, "src" + kHostile + ".c", 12,
                     kHostile, "detail" + kHostile}};
    r.warnings = {"warning" + kHostile};
    return r;
}

// Parses path as XML with python3's minidom; "" if well-formed, else the error.
std::string xml_parse_error(const fs::path& path) {
    const ProcessResult r = run_command("python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' " +
                                        path.string());
    return r.status == 0 ? "" : r.output;
}

class HostileEscaping : public ScratchDir {
protected:
    fs::path write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name, std::ios::binary) << text;
        return dir_ / name;
    }
};

TEST(Printable, ControlsBecomeVisibleEscapesAndTextStays) {
    EXPECT_EQ(printable("conv1 é 日本 ok"), "conv1 é 日本 ok");
    EXPECT_EQ(printable("\x1b[31mred"), "\\x1b[31mred");
    EXPECT_EQ(printable("a\nb\tc\rd\x7f"), "a\\nb\\tc\\rd\\x7f");
    EXPECT_EQ(printable("\xc2\x9b" "2J"), "\\u009b2J");
    EXPECT_EQ(printable("\xe2\x80\xae" "abc"), "\\u202eabc");
    EXPECT_EQ(printable("\xff\xc3"), "\\xff\\xc3");
    EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf");  // overlong '/'
    EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a UTF-16 surrogate
    EXPECT_FALSE(has_terminal_control(printable(kHostile)));
}

TEST(HostileNames, TextSummaryShowsNoTerminalControls) {
    const std::string text = report_to_text(hostile_report(), TextOptions{});
    EXPECT_FALSE(has_terminal_control(text)) << text;
    EXPECT_NE(text.find("\\x1b[31m"), std::string::npos) << text;
}

TEST(HostileNames, ProgressLineShowsNoTerminalControls) {
    RunProgress::Snapshot s;
    s.layer = kHostile;
    s.markers = 3;
    const std::string line = ProgressDisplay::status_line(s, 1.0);
    EXPECT_FALSE(has_terminal_control(line)) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos) << line;
}

TEST(HostileNames, CollapsedStacksShowNoTerminalControls) {
    const std::string text = report_to_collapsed(hostile_report(), CollapsedBy::Layer);
    EXPECT_FALSE(has_terminal_control(text)) << text;
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3) << text;
}

// Every row of the layer table has as many cell separators as its header.
TEST(HostileNames, MarkdownTableRowsStayRows) {
    const std::string md = report_to_markdown(hostile_report());
    EXPECT_FALSE(has_terminal_control(md)) << md;
    const size_t table = md.find("| layer |");
    ASSERT_NE(table, std::string::npos) << md;
    auto separators = [](const std::string& line) {
        size_t n = 0;
        for (size_t i = 0; i < line.size(); ++i) {
            if (line[i] == '\\') {
                ++i;  // an escaped character, \| included
            } else if (line[i] == '|') {
                ++n;
            }
        }
        return n;
    };
    std::istringstream lines(md.substr(table));
    std::string header;
    std::getline(lines, header);
    std::string line;
    int rows = 0;
    while (std::getline(lines, line) && line.rfind("|", 0) == 0) {
        EXPECT_EQ(separators(line), separators(header)) << line;
        ++rows;
    }
    EXPECT_EQ(rows, 4) << md;  // delimiter row, two layers, outside layers
}

TEST_F(HostileEscaping, HtmlIsWellFormedAndInert) {
    const std::string html = report_to_html(hostile_report());
    EXPECT_FALSE(has_terminal_control(html));
    EXPECT_EQ(html.find("<&>"), std::string::npos);
    EXPECT_EQ(html.find("\"'<"), std::string::npos);
    // The SVG charts are XML documents of their own.
    size_t at = 0;
    int charts = 0;
    while ((at = html.find("<svg", at)) != std::string::npos) {
        const size_t end = html.find("</svg>", at);
        ASSERT_NE(end, std::string::npos);
        const fs::path svg = write("chart" + std::to_string(charts++) + ".svg", html.substr(at, end + 6 - at));
        EXPECT_EQ(xml_parse_error(svg), "") << svg;
        at = end;
    }
    EXPECT_GE(charts, 1);
}

TEST_F(HostileEscaping, XmlEscapeKeepsDocumentsWellFormed) {
    const std::string doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r a=\"" + xml_escape(kHostile) + "\">" +
                            xml_escape(kHostile) + "</r>\n";
    EXPECT_EQ(xml_parse_error(write("escaped.xml", doc)), "");
    EXPECT_EQ(xml_escape("a<b & \"c\" 'd' é"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39; é");
    EXPECT_EQ(xml_escape("\x01\x1b\xff\xef\xbf\xbe"), "\\x01\\x1b\\xff\\ufffe");
}

// mcuprof check --junit on a report whose layer names hold control
// characters, CDATA's end, quotes and markup: the XML parses.
TEST_F(HostileEscaping, JunitFromHostileLayerNamesIsWellFormed) {
    Report r = hostile_report();
    r.layers[0].name = "L\x01\x1b[31m]]>\"'<&>";
    const fs::path report = write("r.json", report_to_json(r).dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    const fs::path budgets = write("b.toml", "[layers.\"L\\u0001\\u001b[31m]]>\\\"'<&>\"]\nsram_peak_bytes = 1\n"
                                             "[layers.\"gone\\u001b]0;x\\u0007\"]\ncycles = 1\n");
    const fs::path junit = dir_ / "out.xml";
    const fs::path md = dir_ / "out.md";
    const ProcessResult c = mcuprof("check --budgets " + budgets.string() + " " + report.string() + " --junit " +
                                    junit.string() + " --markdown " + md.string());
    EXPECT_EQ(c.status, 1) << c.output;
    EXPECT_FALSE(has_terminal_control(c.output)) << c.output;
    ASSERT_TRUE(fs::exists(junit)) << c.output;
    EXPECT_EQ(xml_parse_error(junit), "") << slurp(junit);
    EXPECT_NE(slurp(junit).find("\\x1b[31m]]&gt;&quot;&#39;&lt;&amp;&gt;"), std::string::npos) << slurp(junit);
    EXPECT_FALSE(has_terminal_control(slurp(md))) << slurp(md);
}

}  // namespace
}  // namespace mcuprof::test

#include "report_outputs.hpp"

#include "emulator/files/atomic_file.hpp"
#include "emulator/render/report_collapsed.hpp"
#include "emulator/render/report_html.hpp"
#include "emulator/render/report_markdown.hpp"
#include "emulator/render/report_trace.hpp"
#include "emulator/report/report_json.hpp"

namespace mcuprof::cli {

std::string json_file_text(const nlohmann::json& j) {
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void add_report_output_options(CLI::App& cmd, ReportOutputs& o, bool with_json) {
    if (with_json) cmd.add_option("--json", o.json, "write the report as JSON to this file (atomically)");
    cmd.add_option("--markdown", o.markdown, "write a Markdown summary (fits a pull-request comment)");
    cmd.add_option("--html", o.html, "write a self-contained HTML report with SVG charts");
    cmd.add_option("--trace", o.trace, "write a Chrome/Perfetto trace-event JSON file (layers on a cycle timeline)");
    cmd.add_option("--collapsed", o.collapsed, "write collapsed stacks for flame-graph tools");
    cmd.add_option("--collapsed-by", o.collapsed_by, "frames of the collapsed stacks: function (self cycles) or layer")
        ->check(CLI::IsMember({"function", "layer"}))
        ->capture_default_str();
}

void write_report_outputs(const Report& report, const ReportOutputs& o, const Comparison* comparison) {
    if (!o.json.empty()) write_file_atomically(o.json, json_file_text(report_to_json(report)));
    if (!o.markdown.empty()) {
        std::string md = report_to_markdown(report);
        if (comparison != nullptr) md += "\n" + comparison_to_markdown(*comparison);
        write_file_atomically(o.markdown, md);
    }
    if (!o.html.empty()) write_file_atomically(o.html, report_to_html(report, comparison));
    if (!o.trace.empty()) write_file_atomically(o.trace, json_file_text(report_to_trace(report)));
    if (!o.collapsed.empty()) {
        write_file_atomically(o.collapsed, report_to_collapsed(report, o.collapsed_by == "layer"
                                                                            ? CollapsedBy::Layer
                                                                            : CollapsedBy::Function));
    }
}

}  // namespace mcuprof::cli

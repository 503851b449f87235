#include "tools/check/budgets.hpp"

#include "emulator/files/input_file.hpp"
#include "emulator/files/toml_depth.hpp"
#include "emulator/text/error.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace mcuprof::check {
namespace {

constexpr std::array<std::string_view, kMetricCount> kKeys = {
    "sram_peak_bytes", "stack_peak_bytes", "arena_peak_bytes", "flash_bytes", "instructions", "cycles"};

int line_of(const toml::source_region& s) { return s.begin.line == 0 ? 1 : int(s.begin.line); }

class BudgetsReader {
public:
    explicit BudgetsReader(std::string path) : path_(std::move(path)) {}

    Budgets read(std::string_view text) {
        check_toml_depth(text, path_);
        toml::table root;
        try {
            root = toml::parse(text, path_);
        } catch (const toml::parse_error& e) {
            fail("{}:{}: malformed TOML: {}; fix the syntax", path_, line_of(e.source()), e.description());
        }
        Budgets b;
        b.path = path_;
        for (auto&& [key, node] : root) {
            const std::string k(key.str());
            if (k == "run") {
                b.run = limits(table_of(node, "run"), "[run]", /*layer=*/false);
            } else if (k == "layers") {
                for (auto&& [name, layer] : table_of(node, "layers")) {
                    const std::string where = fmt::format("[layers.\"{}\"]", name.str());
                    b.layers.emplace_back(std::string(name.str()), limits(table_of(layer, where), where, true));
                }
            } else if (k == "baseline") {
                b.baseline = baseline(table_of(node, "baseline"));
            } else {
                at(key.source(), "unknown table or key '{}'; use [run], [layers.\"NAME\"] or [baseline]", k);
            }
        }
        if (b.run.values == Limits{}.values && b.layers.empty() && !b.baseline) {
            fail("{}: no limits; add a [run] table, [layers.\"NAME\"] tables or a [baseline]", path_);
        }
        return b;
    }

private:
    template <typename... Args>
    [[noreturn]] void at(const toml::source_region& s, fmt::format_string<Args...> format, Args&&... args) const {
        throw Error(fmt::format("{}:{}: {}", path_, line_of(s), fmt::format(format, std::forward<Args>(args)...)));
    }

    const toml::table& table_of(const toml::node& node, std::string_view where) const {
        if (!node.is_table()) at(node.source(), "{} must be a table", where);
        return *node.as_table();
    }

    uint64_t count_of(const toml::node& node, std::string_view where, std::string_view key) const {
        if (!node.is_integer() || *node.value<int64_t>() < 0) {
            at(node.source(), "{} {} must be a non-negative integer", where, key);
        }
        return uint64_t(*node.value<int64_t>());
    }

    Limits limits(const toml::table& table, const std::string& where, bool layer) const {
        Limits l;
        for (auto&& [key, node] : table) {
            const auto it = std::find(kKeys.begin(), kKeys.end(), key.str());
            const bool allowed = it != kKeys.end() && !(layer && Metric(it - kKeys.begin()) == Metric::Flash);
            if (!allowed) {
                at(key.source(), "unknown key '{}' in {}; use {}", key.str(), where,
                   layer ? "sram_peak_bytes, stack_peak_bytes, arena_peak_bytes, instructions or cycles"
                         : "sram_peak_bytes, stack_peak_bytes, arena_peak_bytes, flash_bytes, instructions or cycles");
            }
            l.values[size_t(it - kKeys.begin())] = count_of(node, where, key.str());
        }
        return l;
    }

    Baseline baseline(const toml::table& table) const {
        Baseline b;
        bool has_report = false;
        for (auto&& [key, node] : table) {
            if (key == "report") {
                if (!node.is_string()) at(node.source(), "[baseline] report must be a path (string)");
                std::filesystem::path p(*node.value<std::string>());
                if (p.is_relative()) p = std::filesystem::path(path_).parent_path() / p;
                b.report_path = p.lexically_normal().string();
                has_report = true;
            } else if (key == "tolerance_bytes") {
                b.tolerance_bytes = count_of(node, "[baseline]", "tolerance_bytes");
            } else if (key == "tolerance_percent") {
                // TOML allows nan and inf, which would make every comparison pass.
                if (!node.is_number() || !std::isfinite(*node.value<double>()) || *node.value<double>() < 0) {
                    at(node.source(), "[baseline] tolerance_percent must be a finite, non-negative number");
                }
                b.tolerance_percent = *node.value<double>();
            } else {
                at(key.source(), "unknown key '{}' in [baseline]; use report, tolerance_bytes or tolerance_percent",
                   key.str());
            }
        }
        if (!has_report) at(table.source(), "[baseline] needs report = \"FILE.json\" (a mcuprof run --json report)");
        return b;
    }

    std::string path_;
};

}  // namespace

std::string_view metric_key(Metric m) { return kKeys[size_t(m)]; }

bool metric_is_bytes(Metric m) { return m != Metric::Instructions && m != Metric::Cycles; }

Budgets parse_budgets(std::string_view toml_text, const std::string& path) { return BudgetsReader(path).read(toml_text); }

Budgets read_budgets(const std::string& path) {
    return parse_budgets(read_input_file(path, kBudgetsInput), path);
}

}  // namespace mcuprof::check

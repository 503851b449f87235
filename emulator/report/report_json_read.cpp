#include "emulator/report/report_json_read.hpp"

#include "emulator/report/layer_folding.hpp"

#include "emulator/files/input_file.hpp"
#include "emulator/text/error.hpp"


namespace mcuprof {
namespace {

constexpr const char* kHint = "write it with `mcuprof run --json`";

// Walks the JSON with the path of the current key, for error messages.
class Reader {
public:
    Reader(const nlohmann::json& j, std::string source, std::string path)
        : j_(j), source_(std::move(source)), path_(std::move(path)) {}

    Reader at(const std::string& key) const {
        if (!j_.is_object()) bad("an object");
        auto it = j_.find(key);
        if (it == j_.end()) fail("{}: key {} is missing; {}", source_, join(key), kHint);
        return Reader(*it, source_, join(key));
    }
    bool has(const std::string& key) const { return j_.is_object() && j_.contains(key) && !j_[key].is_null(); }
    Reader item(size_t i) const { return Reader(j_[i], source_, path_ + "[" + std::to_string(i) + "]"); }
    size_t size() const {
        if (!j_.is_array()) bad("an array");
        return j_.size();
    }

    uint64_t u64() const {
        if (!j_.is_number_unsigned() && !(j_.is_number_integer() && j_.get<int64_t>() >= 0)) bad("an unsigned integer");
        return j_.get<uint64_t>();
    }
    uint32_t u32() const {
        const uint64_t v = u64();
        if (v > UINT32_MAX) bad("a 32-bit unsigned integer");
        return uint32_t(v);
    }
    int i32() const {
        if (!j_.is_number_integer()) bad("an integer");
        return j_.get<int>();
    }
    double number() const {
        if (!j_.is_number()) bad("a number");
        return j_.get<double>();
    }
    bool boolean() const {
        if (!j_.is_boolean()) bad("true or false");
        return j_.get<bool>();
    }
    std::string str() const {
        if (!j_.is_string()) bad("a string");
        return j_.get<std::string>();
    }
    std::optional<uint64_t> optional_u64() const { return j_.is_null() ? std::nullopt : std::optional(u64()); }
    std::optional<std::string> optional_str() const { return j_.is_null() ? std::nullopt : std::optional(str()); }

private:
    std::string join(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
    [[noreturn]] void bad(const char* what) const {
        fail("{}: key {} is not {} (found {}); {}", source_, path_.empty() ? "(top level)" : path_, what,
             j_.type_name(), kHint);
    }

    const nlohmann::json& j_;
    std::string source_;
    std::string path_;
};

template <typename T>
T optional_or(const Reader& r, const char* key, T fallback, T (Reader::*get)() const) {
    return r.has(key) ? (r.at(key).*get)() : fallback;
}

LayerReport layer(const Reader& r) {
    LayerReport l;
    l.name = r.at("name").str();
    l.instructions = r.at("instructions").u64();
    l.cycles = r.at("cycles").u64();
    l.start_cycle = optional_or(r, "start_cycle", uint64_t(0), &Reader::u64);
    l.sram_peak_bytes = r.at("sram_peak_bytes").u64();
    l.stack_peak_bytes = r.at("stack_peak_bytes").u64();
    if (r.has("predicted_peak_bytes")) l.predicted_peak_bytes = r.at("predicted_peak_bytes").u64();
    if (r.has("arena_peak_bytes")) l.arena_peak_bytes = r.at("arena_peak_bytes").u64();
    if (r.has("stack_bound_bytes")) l.stack_bound_bytes = r.at("stack_bound_bytes").u64();
    l.runs = optional_or(r, "runs", uint64_t(1), &Reader::u64);
    return l;
}

FunctionReport function(const Reader& r) {
    FunctionReport f;
    f.name = r.at("name").str();
    f.instructions = r.at("instructions").u64();
    f.cycles = r.at("cycles").u64();
    f.inclusive_instructions = optional_or(r, "inclusive_instructions", f.instructions, &Reader::u64);
    f.inclusive_cycles = optional_or(r, "inclusive_cycles", f.cycles, &Reader::u64);
    f.calls = optional_or(r, "calls", uint64_t(0), &Reader::u64);
    f.file = optional_or(r, "file", std::string(), &Reader::str);
    f.line = optional_or(r, "line", 0, &Reader::i32);
    return f;
}

Violation violation(const Reader& r) {
    Violation v;
    v.kind = r.at("kind").str();
    v.address = r.at("address").u32();
    v.pc = r.at("pc").u32();
    v.function = optional_or(r, "function", std::string(), &Reader::str);
    v.size = optional_or(r, "size", uint32_t(0), &Reader::u32);
    v.access = optional_or(r, "access", std::string(), &Reader::str);
    v.file = optional_or(r, "file", std::string(), &Reader::str);
    v.line = optional_or(r, "line", 0, &Reader::i32);
    if (r.has("layer")) v.layer = r.at("layer").str();
    v.detail = optional_or(r, "detail", std::string(), &Reader::str);
    return v;
}

}  // namespace

Report report_from_json(const nlohmann::json& json, const std::string& source) {
    const Reader top(json, source, "");
    Report r;
    r.schema = top.at("schema").str();
    if (r.schema != "mcuprof.report/1") {
        fail("{}: schema is \"{}\", expected \"mcuprof.report/1\"; {}", source, r.schema, kHint);
    }
    r.board = top.at("board").str();
    r.core = top.at("core").str();
    r.clock_hz = top.at("clock_hz").u64();
    if (top.has("clock")) {
        const Reader clock = top.at("clock");
        r.clock.hz = clock.at("hz").u64();
        r.clock.source = optional_or(clock, "source", std::string(), &Reader::str);
        r.clock.configured = optional_or(clock, "configured", false, &Reader::boolean);
        if (clock.has("timeline")) {
            const Reader spans = clock.at("timeline");
            for (size_t i = 0; i < spans.size(); ++i) {
                const ClockSpanReport span{spans.item(i).at("from_cycle").u64(), spans.item(i).at("hz").u64()};
                if (span.hz == 0 || (i > 0 && span.from_cycle <= r.clock.timeline.back().from_cycle)) {
                    fail("{}: key clock.timeline[{}] must have hz > 0 and a from_cycle above the previous span's; {}",
                         source, i, kHint);
                }
                r.clock.timeline.push_back(span);
            }
        }
    } else {
        r.clock.hz = r.clock_hz;
    }
    r.elf = optional_or(top, "elf", std::string(), &Reader::str);
    const Reader exit = top.at("exit");
    r.exit.reason = exit.at("reason").str();
    r.exit.code = exit.at("code").i32();
    r.exit.detail = optional_or(exit, "detail", std::string(), &Reader::str);
    r.instructions = top.at("instructions").u64();
    r.cycles = top.at("cycles").u64();
    const Reader m = top.at("memory");
    r.memory.sram_peak_bytes = m.at("sram_peak_bytes").u64();
    r.memory.stack_peak_bytes = m.at("stack_peak_bytes").u64();
    r.memory.static_bytes = m.at("static_bytes").u64();
    r.memory.flash_bytes = m.at("flash_bytes").u64();
    r.memory.sram_budget_bytes = optional_or(m, "sram_budget_bytes", uint64_t(0), &Reader::u64);
    r.memory.flash_budget_bytes = optional_or(m, "flash_budget_bytes", uint64_t(0), &Reader::u64);
    r.memory.stack_top = optional_or(m, "stack_top", uint32_t(0), &Reader::u32);
    r.memory.stack_limit = optional_or(m, "stack_limit", uint32_t(0), &Reader::u32);
    const Reader layers = top.at("layers");
    for (size_t i = 0; i < layers.size(); ++i) r.layers.push_back(layer(layers.item(i)));
    if (top.has("outside_layers")) {
        r.outside_layers.instructions = top.at("outside_layers").at("instructions").u64();
        r.outside_layers.cycles = top.at("outside_layers").at("cycles").u64();
    }
    const Reader functions = top.at("functions");
    for (size_t i = 0; i < functions.size(); ++i) r.functions.push_back(function(functions.item(i)));
    const Reader violations = top.at("violations");
    for (size_t i = 0; i < violations.size(); ++i) r.violations.push_back(violation(violations.item(i)));
    if (top.has("warnings")) {
        const Reader w = top.at("warnings");
        for (size_t i = 0; i < w.size(); ++i) r.warnings.push_back(w.item(i).str());
    }
    if (top.has("model")) {
        const Reader model = top.at("model");
        r.model.cycle_model = optional_or(model, "cycle_model", std::string(), &Reader::str);
        r.model.timing_mode = optional_or(model, "timing_mode", std::string(), &Reader::str);
        r.model.memory_configuration = optional_or(model, "memory_configuration", std::string(), &Reader::str);
        r.model.fetch_stall_cycles = optional_or(model, "fetch_stall_cycles", uint64_t(0), &Reader::u64);
        r.model.data_stall_cycles = optional_or(model, "data_stall_cycles", uint64_t(0), &Reader::u64);
        if (model.has("caches")) {
            const Reader caches = model.at("caches");
            for (size_t i = 0; i < caches.size(); ++i) {
                const Reader c = caches.item(i);
                r.model.caches.push_back(CacheReport{c.at("name").str(), c.at("misses").u64()});
            }
        }
        r.model.unmodelled_instructions = optional_or(model, "unmodelled_instructions", uint64_t(0), &Reader::u64);
        if (model.has("unpriced")) {
            const Reader unpriced = model.at("unpriced");
            for (size_t i = 0; i < unpriced.size(); ++i) {
                const Reader u = unpriced.item(i);
                r.model.unpriced.push_back({u.at("mnemonic").str(), u.at("function").str(), u.at("count").u64()});
            }
        }
    }
    r.peripheral_accesses = optional_or(top, "peripheral_accesses", uint64_t(0), &Reader::u64);
    r.console = optional_or(top, "console", std::string(), &Reader::str);
    r.wall_seconds = optional_or(top, "wall_seconds", 0.0, &Reader::number);
    fold_layer_runs(r);  // a hand-made report may hold any number of rows
    return r;
}

Report parse_report_json(std::string_view text, const std::string& source) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        fail("{}: not valid JSON at byte {}; {}", source, e.byte, kHint);
    } catch (const nlohmann::json::exception& e) {  // a number beyond double, e.g. 1e999
        fail("{}: unreadable JSON ({}); {}", source, e.what(), kHint);
    }
    return report_from_json(j, source);
}

Report read_report_file(const std::string& path) { return parse_report_json(read_input_file(path, kReportInput), path); }

}  // namespace mcuprof

#include "tools/model/yaml_depth.hpp"

#include "emulator/text/error.hpp"

#include <vector>

namespace mcuprof::planner {
namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Line by line: the block depth of a line is the number of open indentation
// levels plus the compact indicators that start it ("- - x" is two
// sequences); flow collections add their nesting to the depth of the line
// that opened the first one.
class YamlDepthScanner {
public:
    YamlDepthScanner(std::string_view text, const std::string& source) : text_(text), source_(source) {}

    void scan() {
        size_t start = 0;
        while (start <= text_.size()) {
            size_t end = text_.find('\n', start);
            if (end == std::string_view::npos) end = text_.size();
            ++line_;
            scan_line(text_.substr(start, end - start));
            start = end + 1;
        }
    }

private:
    void check(int depth) const {
        if (depth > kMaxYamlDepth) {
            fail("{}:{}: nested more than {} levels deep (each indentation level, \"- \" and flow [ or {{ counts "
                 "one); flatten it",
                 source_, line_, kMaxYamlDepth);
        }
    }

    void scan_line(std::string_view line) {
        size_t indent = 0;
        while (indent < line.size() && line[indent] == ' ') ++indent;
        const bool empty = indent == line.size() || line[indent] == '#' || blank(line[indent]);
        if (in_block_scalar_) {
            if (empty || indent > block_scalar_indent_) return;
            in_block_scalar_ = false;
        }
        size_t pos = 0;
        if (quote_ == 0 && flow_ == 0) {
            if (empty) return;
            pos = indent;
            if (line.substr(indent, 3) == "---" || line.substr(indent, 3) == "...") levels_.clear();
            while (!levels_.empty() && levels_.back() > indent) levels_.pop_back();
            if (levels_.empty() || levels_.back() < indent) levels_.push_back(indent);
            int compact = 0;
            while (pos < line.size() && (line[pos] == '-' || line[pos] == '?' || line[pos] == ':') &&
                   (pos + 1 == line.size() || blank(line[pos + 1]))) {
                ++compact;
                ++pos;
                while (pos < line.size() && blank(line[pos])) ++pos;
            }
            block_depth_ = int(levels_.size()) + compact;
            check(block_depth_);
        }
        scan_content(line, pos);
        if (quote_ == 0 && flow_ == 0 && ends_with_block_scalar_header(line)) {
            in_block_scalar_ = true;
            block_scalar_indent_ = indent;
        }
    }

    void scan_content(std::string_view line, size_t pos) {
        for (; pos < line.size(); ++pos) {
            const char c = line[pos];
            if (quote_ != 0) {
                const bool escaped_quote =
                    quote_ == '\'' && c == '\'' && pos + 1 < line.size() && line[pos + 1] == '\'';
                if ((c == '\\' && quote_ == '"') || escaped_quote) {
                    ++pos;  // \x in "...", '' in '...'
                } else if (c == quote_) {
                    quote_ = 0;
                }
                continue;
            }
            const char before = pos == 0 ? ' ' : line[pos - 1];
            const bool token_start = blank(before) || before == '[' || before == '{' || before == ',' ||
                                     (before == ':' && flow_ > 0) || pos == 0;
            if ((c == '"' || c == '\'') && token_start) {
                quote_ = c;
            } else if (c == '#' && blank(before)) {
                return;
            } else if (c == '[' || c == '{') {
                ++flow_;
                check(block_depth_ + flow_);
            } else if ((c == ']' || c == '}') && flow_ > 0) {
                --flow_;
            }
        }
    }

    // "key: |", "- >-", "x: |2": the lines after it that are indented
    // deeper are text, whatever they hold.
    static bool ends_with_block_scalar_header(std::string_view line) {
        size_t end = line.find(" #");
        if (end == std::string_view::npos) end = line.size();
        while (end > 0 && blank(line[end - 1])) --end;
        size_t begin = end;
        while (begin > 0 && !blank(line[begin - 1])) --begin;
        const std::string_view token = line.substr(begin, end - begin);
        if (token.empty() || (token[0] != '|' && token[0] != '>')) return false;
        return token.substr(1).find_first_not_of("+-0123456789") == std::string_view::npos;
    }

    std::string_view text_;
    const std::string& source_;
    int line_ = 0;
    std::vector<size_t> levels_;  // indentation of each open block level; bounded by check()
    int block_depth_ = 0;         // depth of the current line's block content
    int flow_ = 0;                // open [ and { (across lines)
    char quote_ = 0;              // open quoted scalar (across lines), else 0
    bool in_block_scalar_ = false;
    size_t block_scalar_indent_ = 0;
};

}  // namespace

void check_yaml_depth(std::string_view text, const std::string& source) { YamlDepthScanner(text, source).scan(); }

}  // namespace mcuprof::planner

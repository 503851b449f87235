#include "emulator/files/toml_depth.hpp"

#include "emulator/text/error.hpp"

#include <vector>

namespace mcuprof {
namespace {

// One pass over the text that follows only what decides nesting: where keys
// and values begin, dots in keys, brackets and braces. A table header [a.b]
// puts its keys at depth 2 + their segments; `x = [[1]]` puts the 1 at the
// depth of x plus two; an inline table's keys add their segments to its depth.
class TomlDepthScanner {
public:
    TomlDepthScanner(std::string_view text, const std::string& path) : text_(text), path_(path) {}

    void scan() {
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == '\n') {
                ++line_;
                ++pos_;
                if (open_.empty()) start_statement();
            } else if (c == '#') {
                while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
            } else if (c == '"' || c == '\'') {
                skip_string(c);
            } else {
                ++pos_;
                in_key_ ? key_char(c) : value_char(c);
            }
        }
    }

private:
    struct Open {
        char bracket;  // '[' or '{'
        int depth;     // depth of the array or inline table itself
    };

    void start_statement() {
        in_key_ = true;
        segments_ = 1;
        statement_start_ = true;
    }

    void check(int depth) const {
        if (depth > kMaxTomlDepth) {
            fail("{}:{}: nested more than {} levels deep (table headers, dotted keys, arrays and inline tables "
                 "each count one); flatten it",
                 path_, line_, kMaxTomlDepth);
        }
    }

    int container_depth() const { return open_.empty() ? table_depth_ : open_.back().depth; }

    void key_char(char c) {
        if (c == ' ' || c == '\t' || c == '\r') return;
        if (c == '[' && open_.empty() && statement_start_) return header();
        statement_start_ = false;
        if (c == '.') {
            ++segments_;
        } else if (c == '=') {
            value_depth_ = container_depth() + segments_;
            check(value_depth_);
            in_key_ = false;
        } else if (c == '}' && !open_.empty()) {
            close();
        }
    }

    void value_char(char c) {
        if (c == '[' || c == '{') {
            open_.push_back({c, value_depth_});
            if (c == '[') {
                value_depth_ += 1;
                check(value_depth_);
            } else {
                in_key_ = true;
                segments_ = 1;
            }
        } else if ((c == ']' || c == '}') && !open_.empty()) {
            close();
        } else if (c == ',' && !open_.empty()) {
            if (open_.back().bracket == '[') {
                value_depth_ = open_.back().depth + 1;
            } else {
                in_key_ = true;
                segments_ = 1;
            }
        }
    }

    void close() {
        open_.pop_back();
        in_key_ = false;
        if (!open_.empty() && open_.back().bracket == '[') value_depth_ = open_.back().depth + 1;
    }

    // [a.b.c]: the header's segments are the depth of its keys' table; an
    // array of tables [[a.b.c]] adds the array.
    void header() {
        int segments = 1;
        if (pos_ < text_.size() && text_[pos_] == '[') {
            ++pos_;
            ++segments;
        }
        while (pos_ < text_.size() && text_[pos_] != ']' && text_[pos_] != '\n') {
            const char c = text_[pos_];
            if (c == '"' || c == '\'') {
                skip_string(c);
                continue;
            }
            if (c == '.') check(++segments);
            ++pos_;
        }
        table_depth_ = segments;
        in_key_ = false;  // the rest of the line is the closing bracket(s) and a comment
        value_depth_ = 0;
    }

    // Basic "..." (with \ escapes), literal '...', and their """ / ''' multi-line forms.
    void skip_string(char quote) {
        const bool multi_line = text_.compare(pos_, 3, std::string(3, quote)) == 0;
        pos_ += multi_line ? 3 : 1;
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == '\\' && quote == '"') {
                if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++line_;
                pos_ += 2;
                continue;
            }
            if (c == '\n') {
                if (!multi_line) return;  // unterminated: toml++ reports it
                ++line_;
            }
            if (c == quote && (!multi_line || text_.compare(pos_, 3, std::string(3, quote)) == 0)) {
                pos_ += multi_line ? 3 : 1;
                return;
            }
            ++pos_;
        }
    }

    std::string_view text_;
    const std::string& path_;
    size_t pos_ = 0;
    int line_ = 1;
    std::vector<Open> open_;    // at most kMaxTomlDepth deep: check() stops the scan first
    int table_depth_ = 0;       // segments of the current [table] header
    int value_depth_ = 0;       // depth of the value being read
    int segments_ = 1;          // segments of the key being read
    bool in_key_ = true;
    bool statement_start_ = true;
};

}  // namespace

void check_toml_depth(std::string_view text, const std::string& path) { TomlDepthScanner(text, path).scan(); }

}  // namespace mcuprof

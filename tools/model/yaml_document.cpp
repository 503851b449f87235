#include "tools/model/yaml_document.hpp"

#include "emulator/text/error.hpp"
#include "tools/model/yaml_depth.hpp"

#include <yaml-cpp/eventhandler.h>

#include <map>
#include <sstream>
#include <vector>

namespace mcuprof::planner {
namespace {

int line_of(const YAML::Mark& mark) { return mark.line >= 0 ? mark.line + 1 : 1; }

// Sees every node as the parser reports it (aliases are not expanded, so a
// "billion laughs" text costs no more than its size) and throws at the second
// use of a scalar key in one mapping.
class DuplicateKeyCheck final : public YAML::EventHandler {
public:
    explicit DuplicateKeyCheck(const std::string& source) : source_(source) {}

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark, "~", true); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark, "", false); }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string& value) override {
        node(mark, value, true);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {
        node(mark, "", false);
        open_.push_back(Collection{false, true, {}});
    }
    void OnSequenceEnd() override { open_.pop_back(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
        node(mark, "", false);
        open_.push_back(Collection{true, true, {}});
    }
    void OnMapEnd() override { open_.pop_back(); }

private:
    struct Collection {
        bool is_map;
        bool next_is_key;
        std::map<std::string, int> key_lines;
    };

    // A node in the innermost collection: in a mapping, keys and values alternate.
    void node(const YAML::Mark& mark, const std::string& scalar, bool is_scalar) {
        if (open_.empty() || !open_.back().is_map) return;
        Collection& map = open_.back();
        const bool is_key = map.next_is_key;
        map.next_is_key = !map.next_is_key;
        if (!is_key || !is_scalar) return;
        const auto [it, added] = map.key_lines.emplace(scalar, line_of(mark));
        if (!added) {
            fail("{}:{}: duplicate key '{}' (first given on line {}); give each key once", source_, line_of(mark),
                 scalar, it->second);
        }
    }

    const std::string& source_;
    std::vector<Collection> open_;
};

// Records where a document starts, to name the line of a second one.
class DocumentStart final : public YAML::EventHandler {
public:
    void OnDocumentStart(const YAML::Mark& mark) override { line = line_of(mark); }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}

    int line = 1;
};

void check_events(const std::string& text, const std::string& source) {
    std::istringstream in(text);
    YAML::Parser parser(in);
    DuplicateKeyCheck keys(source);
    parser.HandleNextDocument(keys);
    DocumentStart second;
    if (parser.HandleNextDocument(second)) {
        fail("{}:{}: a second YAML document ('---'); a config is one document: remove it or put it in its own file",
             source, second.line);
    }
}

}  // namespace

YAML::Node load_yaml_document(const std::string& text, const std::string& source) {
    check_yaml_depth(text, source);
    try {
        check_events(text, source);
        return YAML::Load(text);
    } catch (const YAML::Exception& e) {
        fail("{}:{}: invalid YAML: {}", source, line_of(e.mark), e.msg);
    }
}

}  // namespace mcuprof::planner

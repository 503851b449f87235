// Reads an assembled Thumb-2 fixture (tests/asm_fixtures.cmake): the raw code
// of tests/fixtures/asm/<name>.s and the offset and size of every symbol.
#pragma once

#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace mcuprof::test {

class AsmFixture {
public:
    struct Symbol {
        uint32_t offset = 0;
        uint32_t size = 0;  // 0 for plain labels
    };

    explicit AsmFixture(const std::string& name) {
        std::string base = std::string(MCUPROF_ASM_FIXTURE_DIR) + "/" + name;
        std::ifstream bin(base + ".bin", std::ios::binary);
        if (!bin) throw std::runtime_error("missing fixture " + base + ".bin");
        bytes_.assign(std::istreambuf_iterator<char>(bin), {});
        std::ifstream sym(base + ".sym");
        if (!sym) throw std::runtime_error("missing fixture " + base + ".sym");
        std::string line;
        while (std::getline(sym, line)) {
            std::istringstream fields(line);
            std::vector<std::string> parts;
            for (std::string part; fields >> part;) parts.push_back(part);
            if (parts.size() == 4 && (parts[2] == "t" || parts[2] == "T")) {
                symbols_[parts[3]] = {uint32_t(std::stoul(parts[0], nullptr, 16)),
                                      uint32_t(std::stoul(parts[1], nullptr, 16))};
            } else if (parts.size() == 3 && (parts[1] == "t" || parts[1] == "T")) {
                symbols_[parts[2]] = {uint32_t(std::stoul(parts[0], nullptr, 16)), 0};
            }
        }
    }

    const Symbol& symbol(const std::string& name) const {
        auto it = symbols_.find(name);
        if (it == symbols_.end()) throw std::runtime_error("no symbol " + name + " in fixture");
        return it->second;
    }
    // The bytes of a sequence (a symbol with a size).
    const uint8_t* code(const std::string& name) const {
        const Symbol& s = symbol(name);
        if (s.size == 0 || uint64_t(s.offset) + s.size > bytes_.size())
            throw std::runtime_error("symbol " + name + " is not a sequence inside the fixture");
        return bytes_.data() + s.offset;
    }
    uint32_t size(const std::string& name) const { return symbol(name).size; }
    uint32_t offset(const std::string& name) const { return symbol(name).offset; }

private:
    std::vector<uint8_t> bytes_;
    std::map<std::string, Symbol> symbols_;
};

}  // namespace mcuprof::test

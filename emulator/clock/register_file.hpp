// Peripheral blocks whose registers are plain storage: a read returns what
// was last written (or the reset value), as the SCS model does for the
// registers it does not interpret. The clock models keep their registers here
// and give meaning to a few bits after each write.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mcuprof {

class RegisterFile {
public:
    // A block of size bytes (a multiple of 4) at base, every word 0.
    void add_block(std::string name, uint32_t base, uint32_t size);
    // Sets the reset value of the word at address (which a block holds).
    void set_reset(uint32_t address, uint32_t value);

    bool holds(uint32_t address) const { return find(address) != nullptr; }
    // The name of the block holding address ("" if none), for messages.
    std::string block_name(uint32_t address) const;

    // Aligned word access.
    uint32_t word(uint32_t address) const;
    void set_word(uint32_t address, uint32_t value);

    // An access of 1, 2 or 4 bytes as the bus presents it: the bytes of the
    // word the access covers (little-endian lanes). An access running past
    // the word is cut at the word's end.
    uint32_t read(uint32_t address, unsigned size) const;
    // Merges the written lanes into the word; returns the word's address.
    uint32_t write(uint32_t address, unsigned size, uint32_t value);

private:
    struct Block {
        std::string name;
        uint32_t base;
        std::vector<uint32_t> words;
    };
    const Block* find(uint32_t address) const;
    Block* find(uint32_t address);

    std::vector<Block> blocks_;
};

}  // namespace mcuprof

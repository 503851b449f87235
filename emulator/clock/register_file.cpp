#include "emulator/clock/register_file.hpp"

#include "emulator/text/error.hpp"

namespace mcuprof {
namespace {

// The lanes of a size-byte access at byte offset `lane` of a word.
uint32_t lane_mask(unsigned lane, unsigned size) {
    const unsigned bytes = size > 4 - lane ? 4 - lane : size;
    const uint64_t mask = (uint64_t(1) << (8 * bytes)) - 1;
    return uint32_t(mask << (8 * lane));
}

}  // namespace

void RegisterFile::add_block(std::string name, uint32_t base, uint32_t size) {
    blocks_.push_back(Block{std::move(name), base, std::vector<uint32_t>(size / 4, 0u)});
}

const RegisterFile::Block* RegisterFile::find(uint32_t address) const {
    for (const Block& b : blocks_) {
        if (address >= b.base && (address - b.base) / 4 < b.words.size()) return &b;
    }
    return nullptr;
}

RegisterFile::Block* RegisterFile::find(uint32_t address) {
    return const_cast<Block*>(static_cast<const RegisterFile*>(this)->find(address));
}

std::string RegisterFile::block_name(uint32_t address) const {
    const Block* b = find(address);
    return b == nullptr ? std::string() : b->name;
}

void RegisterFile::set_reset(uint32_t address, uint32_t value) { set_word(address, value); }

uint32_t RegisterFile::word(uint32_t address) const {
    const Block* b = find(address);
    if (b == nullptr) fail("no modelled register at {:#010x}", address);
    return b->words[(address - b->base) / 4];
}

void RegisterFile::set_word(uint32_t address, uint32_t value) {
    Block* b = find(address);
    if (b == nullptr) fail("no modelled register at {:#010x}", address);
    b->words[(address - b->base) / 4] = value;
}

uint32_t RegisterFile::read(uint32_t address, unsigned size) const {
    const unsigned lane = address % 4;
    return (word(address & ~3u) & lane_mask(lane, size)) >> (8 * lane);
}

uint32_t RegisterFile::write(uint32_t address, unsigned size, uint32_t value) {
    const uint32_t aligned = address & ~3u;
    const unsigned lane = address % 4;
    const uint32_t mask = lane_mask(lane, size);
    set_word(aligned, (word(aligned) & ~mask) | ((value << (8 * lane)) & mask));
    return aligned;
}

}  // namespace mcuprof

// A console that forwards to another until muted: exact replay runs a layer a
// second time, and what the firmware prints then must not reach the user twice.
#pragma once

#include "emulator/semihost/console.hpp"

namespace mcuprof {

class MutingConsole final : public Console {
public:
    explicit MutingConsole(Console& inner) : inner_(inner) {}
    void mute() { muted_ = true; }

    void write_stdout(std::string_view bytes) override {
        if (!muted_) inner_.write_stdout(bytes);
    }
    void write_stderr(std::string_view bytes) override {
        if (!muted_) inner_.write_stderr(bytes);
    }
    size_t read_stdin(std::span<char> buffer) override { return muted_ ? 0 : inner_.read_stdin(buffer); }

private:
    Console& inner_;
    bool muted_ = false;
};

}  // namespace mcuprof

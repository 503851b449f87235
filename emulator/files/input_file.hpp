// Reading a file the user named (board profile, budgets file, model config,
// report, stored comparison, firmware ELF): the one way mcuprof reads input.
// A FIFO, a device, a socket or a directory given where a file belongs must
// give one clear line, not block in open(), read /dev/zero until memory runs
// out, or reach a parser that reports something unrelated. So the file is
// opened without blocking, the OPEN descriptor is checked to be a regular file,
// and at most one byte more than the kind's size limit is read (a file that
// grows while it is read cannot run away either).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mcuprof {

// What a kind of input is called in messages, how large it may be, and what
// the user should give instead.
struct InputKind {
    std::string_view what;  // "board profile", "ELF file", ...
    uint64_t max_bytes;
    std::string_view give;  // "a .toml board profile", ...
};

// The limits are far above any real file of the kind, and finite.
inline constexpr uint64_t kMiB = uint64_t(1) << 20;
inline constexpr InputKind kBoardProfileInput{"board profile", 4 * kMiB, "a .toml board profile"};
inline constexpr InputKind kBudgetsInput{"budgets file", 4 * kMiB, "a .toml budgets file"};
inline constexpr InputKind kModelConfigInput{"model config", 4 * kMiB, "a .yaml model config"};
inline constexpr InputKind kReportInput{"report", 64 * kMiB, "a report written by `mcuprof run --json`"};
inline constexpr InputKind kComparisonInput{"comparison file", 64 * kMiB,
                                            "a file written by `mcuprof compare --json`"};
inline constexpr InputKind kElfInput{"ELF file", 512 * kMiB, "the firmware .elf"};

// The whole file. Throws mcuprof::Error, one line starting with path, when it
// cannot be opened or read, is not a regular file, or is larger than
// kind.max_bytes.
std::string read_input_file(const std::string& path, const InputKind& kind);
// The same as bytes (what libelf reads from).
std::vector<char> read_input_bytes(const std::string& path, const InputKind& kind);

}  // namespace mcuprof

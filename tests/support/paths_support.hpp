// Where tests find the inputs the build and the source tree provide: the
// firmware ELFs built into MCUPROF_FIRMWARE_DIR and the bundled test model.
// Shared by the in-process tests and the end-to-end tests of the binary.
#pragma once

#include <string>

namespace mcuprof::test {

inline std::string firmware(const std::string& name) {
    return std::string(MCUPROF_FIRMWARE_DIR) + "/" + name + ".elf";
}

inline const std::string kTinyModel = std::string(MCUPROF_SOURCE_DIR) + "/firmware/models/tiny.yaml";

}  // namespace mcuprof::test

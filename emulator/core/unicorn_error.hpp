// Turns Unicorn return codes into mcuprof::Error with the call's context.
#pragma once

#include "emulator/text/error.hpp"

#include <unicorn/unicorn.h>

#include <string_view>

namespace mcuprof {

inline void check_uc(uc_err err, std::string_view what) {
    if (err != UC_ERR_OK) {
        fail("Unicorn: {} failed: {} (error {})", what, uc_strerror(err), static_cast<int>(err));
    }
}

}  // namespace mcuprof

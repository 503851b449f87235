#include "emulator/semihost/semihost_handles.hpp"

#include <algorithm>

namespace mcuprof::semihosting {

std::optional<uint32_t> HandleTable::open(Stream stream) {
    for (size_t i = 0; i < slots_.size(); ++i) {
        if (!slots_[i]) {
            slots_[i] = OpenHandle{stream, 0};
            return uint32_t(i + 1);
        }
    }
    if (slots_.size() >= kMaxOpen) {
        return std::nullopt;
    }
    slots_.push_back(OpenHandle{stream, 0});
    return uint32_t(slots_.size());
}

OpenHandle* HandleTable::find(uint32_t handle) {
    if (handle == 0 || handle > slots_.size() || !slots_[handle - 1]) {
        return nullptr;
    }
    return &*slots_[handle - 1];
}

bool HandleTable::close(uint32_t handle) {
    if (find(handle) == nullptr) {
        return false;
    }
    slots_[handle - 1].reset();
    return true;
}

size_t HandleTable::open_count() const {
    return size_t(std::count_if(slots_.begin(), slots_.end(),
                                [](const std::optional<OpenHandle>& s) { return s.has_value(); }));
}

}  // namespace mcuprof::semihosting

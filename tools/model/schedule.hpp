// A memory schedule: how a model's operators use memory. Options combine:
//
//   layerwise            every operator writes a new buffer (conventional engines)
//   overwrite            token overwriting: linear, low-rank and MLP layers (and the
//                        element-wise operators the kernels allow in place) write
//                        their output over their input (MCUFormer 3.2, eq. 5)
//   patch=K              decomposed patch embedding with K x K sub-kernels (K | P)
//   weights=flash|sram   weights executed from flash, or staged into an SRAM buffer
//                        layer by layer (eq. 5 counts weights in memory)
//   attention=row|full   attention scratch per query row (4n) or per head (4n^2)
//
// Written as one comma-separated string, e.g. "overwrite,patch=4,weights=sram".
#pragma once

#include <cstdint>
#include <string>

namespace mcuprof::planner {

struct ModelConfig;

enum class WeightPlacement { Flash, Sram };
enum class AttentionSchedule { Row, Full };

struct Schedule {
    bool token_overwriting = false;
    int32_t patch_kernel = 0;  // 0 = undecomposed patch embedding
    WeightPlacement weights = WeightPlacement::Flash;
    AttentionSchedule attention = AttentionSchedule::Row;

    // The canonical string ("layerwise", "overwrite,patch=4,weights=sram", ...).
    std::string name() const;
    // A file-name friendly form ("overwrite-patch4-sram").
    std::string slug() const;
};

// Throws Error naming the bad item for unknown options or malformed values.
Schedule parse_schedule(const std::string& text);
// Checks the schedule against a model (the patch kernel must divide the patch).
void check_schedule(const Schedule& schedule, const ModelConfig& model);

}  // namespace mcuprof::planner

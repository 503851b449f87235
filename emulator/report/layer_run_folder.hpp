// The folding rules of layer_folding.hpp applied one run at a time: the first
// runs_kept runs are kept as they are, later ones are folded into one row per
// layer name (at most names_kept names), the rest into one kOtherLayersName
// row. Memory stays bounded however many runs are added, so the layer tracker
// can fold while the firmware runs; fold_layer_runs uses the same class on a
// finished list, so both give the same rows.
#pragma once

#include "emulator/report/report.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace mcuprof {

inline constexpr size_t kLayerRunsKept = 1000;
inline constexpr size_t kFoldedNamesKept = 100;
inline constexpr const char* kOtherLayersName = "(other layers)";

// How many runs a row stands for, and how a run is added to a folded row.
uint64_t runs_of(const LayerReport& row);
uint64_t runs_of(const ExactLayerFootprint& row);
void fold_into(LayerReport& row, const LayerReport& run);
void fold_into(ExactLayerFootprint& row, const ExactLayerFootprint& run);

template <typename Row>
class LayerRunFolder {
public:
    explicit LayerRunFolder(size_t runs_kept = kLayerRunsKept, size_t names_kept = kFoldedNamesKept)
        : runs_kept_(runs_kept), names_kept_(names_kept) {}

    void add(Row run) {
        if (kept_.size() < runs_kept_) {
            kept_.push_back(std::move(run));
            return;
        }
        folded_runs_ += runs_of(run);
        auto it = row_of_name_.find(run.name);
        if (it != row_of_name_.end()) {
            fold_into(folded_[it->second], run);
        } else if (folded_.size() < names_kept_) {
            row_of_name_.emplace(run.name, folded_.size());
            folded_.push_back(std::move(run));
        } else if (other_) {
            fold_into(*other_, run);
        } else {
            other_ = std::move(run);
            other_->name = kOtherLayersName;
        }
    }

    // Kept runs, then the folded rows in the order their names first came, then the other row.
    std::vector<Row> rows() const {
        std::vector<Row> all = kept_;
        all.insert(all.end(), folded_.begin(), folded_.end());
        if (other_) all.push_back(*other_);
        return all;
    }
    size_t stored_rows() const { return kept_.size() + folded_.size() + (other_ ? 1 : 0); }
    uint64_t folded_runs() const { return folded_runs_; }
    size_t folded_rows() const { return folded_.size() + (other_ ? 1 : 0); }
    bool has_other() const { return other_.has_value(); }

private:
    size_t runs_kept_;
    size_t names_kept_;
    std::vector<Row> kept_;
    std::vector<Row> folded_;
    std::unordered_map<std::string, size_t> row_of_name_;
    std::optional<Row> other_;
    uint64_t folded_runs_ = 0;
};

}  // namespace mcuprof

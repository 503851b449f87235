#include "emulator/exact/exact_tracer.hpp"

#include "emulator/core/unicorn_error.hpp"
#include "emulator/profile/memory_painter.hpp"

#include <algorithm>
#include <string_view>

namespace mcuprof {
namespace {
constexpr size_t kFindingsPerKind = 8;
}  // namespace

// One RAM area's shadow: for each byte, the stretch that last read and last
// wrote it (0 = never), and the exact budget cut (bytes past it fault).
struct ExactTracer::Shadow {
    const MemoryArea* area = nullptr;
    uint32_t allowed = 0;  // bytes of the area inside the exact budget
    // Both stamps of a byte side by side: one cache line serves an access.
    struct Stamps {
        uint32_t read = 0;
        uint32_t write = 0;
    };
    std::vector<Stamps> stamps;
};

// One mapped address range (an area or one of its aliases) with its hook.
struct ExactTracer::Range {
    ExactTracer* tracer = nullptr;
    Shadow* shadow = nullptr;
    uint32_t base = 0;  // guest address of the shadow's byte 0 in this range
};

ExactTracer::ExactTracer(Machine& machine, Options options, PcOfAccess pc_of_access, AccessHandler on_budget,
                         Suspects suspects)
    : machine_(machine),
      options_(std::move(options)),
      pc_of_access_(std::move(pc_of_access)),
      on_budget_(std::move(on_budget)),
      suspects_(std::move(suspects)) {
    uint64_t budget_left = options_.sram_budget;
    for (const MemoryArea& area : machine.ram()) {
        if (area.mapped_bytes == 0) continue;
        auto shadow = std::make_unique<Shadow>();
        shadow->area = &area;
        shadow->allowed = static_cast<uint32_t>(std::min<uint64_t>(area.mapped_bytes, budget_left));
        budget_left -= shadow->allowed;
        shadow->stamps.assign(area.mapped_bytes, Shadow::Stamps{});
        shadows_.push_back(std::move(shadow));
    }
    plain_ = options_.tensors.empty() && options_.arena_end == 0;
    if (options_.arena_end > options_.arena_begin) {
        dead_.assign(options_.arena_end - options_.arena_begin, 0);
        owner_.assign(dead_.size(), -1);
    }
    tensor_stats_.resize(options_.tensors.size());
    tensor_seen_.resize(options_.tensors.size());
    for (size_t i = 0; i < options_.tensors.size(); ++i) {
        tensor_stats_[i].name = options_.tensors[i].name;
        tensor_seen_[i].assign(options_.tensors[i].size, 0);
    }
    current_.name = "(outside layers)";
}

ExactTracer::~ExactTracer() {
    for (uc_hook h : hooks_) uc_hook_del(machine_.uc(), h);
}

void ExactTracer::install() {
    for (const auto& shadow : shadows_) {
        const MemoryArea& area = *shadow->area;
        std::vector<uint32_t> bases{area.base};
        bases.insert(bases.end(), area.region->aliases.begin(), area.region->aliases.end());
        for (uint32_t base : bases) {
            auto range = std::make_unique<Range>(Range{this, shadow.get(), base});
            uc_hook h = 0;
            check_uc(uc_hook_add(machine_.uc(), &h, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE,
                                 reinterpret_cast<void*>(&ExactTracer::on_access), range.get(), base,
                                 uint64_t(base) + area.mapped_bytes - 1),
                     "adding the exact-mode memory hook");
            hooks_.push_back(h);
            ranges_.push_back(std::move(range));
        }
    }
}

void ExactTracer::mark_written(uint32_t begin, uint32_t end) {
    for (const auto& shadow : shadows_) {
        const MemoryArea& area = *shadow->area;
        const uint64_t lo = std::max<uint64_t>(begin, area.base);
        const uint64_t hi = std::min<uint64_t>(end, uint64_t(area.base) + area.mapped_bytes);
        for (uint64_t a = lo; a < hi; ++a) {
            uint32_t& stamp = shadow->stamps[a - area.base].write;
            if (stamp == 0 && !in_stack(static_cast<uint32_t>(a))) ++written_outside_stack_;
            stamp = kLoaderStamp;
        }
    }
}

void ExactTracer::mark_written_unless_paint() {
    for (const auto& shadow : shadows_) {
        const MemoryArea& area = *shadow->area;
        for (uint32_t offset = 0; offset < area.mapped_bytes; ++offset) {
            const uint32_t at = area.base + offset;
            if (area.host[offset] == MemoryPainter::paint_at(at)) continue;
            uint32_t& stamp = shadow->stamps[offset].write;
            if (stamp == 0 && !in_stack(at)) ++written_outside_stack_;
            stamp = kLoaderStamp;
        }
    }
}

void ExactTracer::host_wrote(uint32_t address, size_t n) {
    for (const auto& range : ranges_) {
        const uint64_t end = uint64_t(range->base) + range->shadow->area->mapped_bytes;
        if (address < range->base || address + n > end) continue;
        for (size_t i = 0; i < n; i += 4) {
            const unsigned size = static_cast<unsigned>(std::min<size_t>(4, n - i));
            access(*range, static_cast<uint32_t>(address + i), size, true);
        }
        return;
    }
}

void ExactTracer::on_access(uc_engine*, uc_mem_type type, uint64_t address, int size, int64_t, void* range_ptr) {
    const auto* range = static_cast<const Range*>(range_ptr);
    const bool is_write = type == UC_MEM_WRITE;
    ExactTracer& t = *range->tracer;
    if (size >= 4 && (address & 3) != 0) t.suspects_.unaligned_word(uint32_t(address), unsigned(size), is_write);
    if (is_write && address < t.options_.stack_limit) {
        t.suspects_.store_below_stack(uint32_t(address), unsigned(size), true);
    }
    t.access(*range, static_cast<uint32_t>(address), size > 0 ? static_cast<unsigned>(size) : 1u, is_write);
}

const ExactTensor* ExactTracer::live_tensor_at(uint32_t address, bool is_write) const {
    // In-place schedules overlap live tensors (a layer's output inside its
    // input): a store belongs to the newest of them (the output being made),
    // a load to the oldest (the input being consumed).
    const ExactTensor* best = nullptr;
    for (const ExactTensor* t : live_) {
        if (address < t->address || address - t->address >= t->size) continue;
        if (best == nullptr || (is_write ? t->first_layer > best->first_layer : t->first_layer < best->first_layer)) {
            best = t;
        }
    }
    return best;
}

const ExactTensor* ExactTracer::any_tensor_at(uint32_t address) const {
    for (const ExactTensor& t : options_.tensors) {
        if (address >= t.address && address - t.address < t.size) return &t;
    }
    return nullptr;
}

void ExactTracer::note_tensor_access(const ExactTensor& tensor, uint32_t address, bool is_write) {
    const size_t i = static_cast<size_t>(&tensor - options_.tensors.data());
    ExactTensorAccess& stats = tensor_stats_[i];
    uint8_t& seen = tensor_seen_[i][address - tensor.address];
    const uint8_t bit = is_write ? 2 : 1;
    if (is_write) {
        ++stats.writes;
        if (!(seen & bit)) ++stats.bytes_written;
    } else {
        ++stats.reads;
        if (!(seen & bit)) ++stats.bytes_read;
    }
    seen |= bit;
}

void ExactTracer::finding(const char* kind, uint32_t address, const ExactTensor* tensor) {
    size_t same = 0;
    for (const ExactFinding& f : report_.findings) same += f.kind == kind;
    if (same >= kFindingsPerKind) return;
    ExactFinding f;
    f.kind = kind;
    f.address = address;
    const bool is_write = std::string_view(kind) == "unplanned-write";
    f.pc = pc_of_access_ ? pc_of_access_(address, is_write) : 0;
    if (layer_) f.layer = current_.name;
    if (tensor != nullptr) f.tensor = tensor->name;
    report_.findings.push_back(std::move(f));
}

void ExactTracer::access(const Range& range, uint32_t address, unsigned size, bool is_write) {
    Shadow& shadow = *range.shadow;
    const uint32_t first = address - range.base;
    if (uint64_t(first) + size > shadow.allowed) {
        // Beyond the exact byte budget (inside the last mapped 1 KB page).
        if (!budget_hit_) {
            budget_hit_ = true;
            on_budget_(address, size, is_write);
        }
        return;
    }
    const uint32_t stack_lo = options_.stack_limit;
    const uint32_t stack_hi = options_.stack_top;
    const uint32_t guest_base = shadow.area->base;  // stack bounds are in the area's own addresses
    if (is_write) {
        ++current_.writes;
    } else {
        ++current_.reads;
    }
    // The common case in loops: every byte already seen this stretch the same
    // way, so no figure but the access count changes.
    if (plain_) {
        bool seen = true;
        if (is_write) {
            for (unsigned i = 0; i < size; ++i) seen &= shadow.stamps[first + i].write == stretch_;
        } else {
            for (unsigned i = 0; i < size; ++i) {
                seen &= shadow.stamps[first + i].read == stretch_ && shadow.stamps[first + i].write != 0;
            }
        }
        if (seen) return;
    }
    // One finding per access (its first offending byte), counts per byte.
    std::optional<uint32_t> uninitialised_at;
    std::optional<uint32_t> dead_at;
    std::optional<uint32_t> unplanned_at;
    for (unsigned i = 0; i < size; ++i) {
        const uint32_t offset = first + i;
        const uint32_t at = guest_base + offset;
        uint32_t& read = shadow.stamps[offset].read;
        uint32_t& written = shadow.stamps[offset].write;
        const bool touched_before = read == stretch_ || written == stretch_;
        const ExactTensor* tensor = live_.empty() ? nullptr : live_tensor_at(at, is_write);
        if (tensor != nullptr) note_tensor_access(*tensor, at, is_write);
        const bool in_arena = at >= options_.arena_begin && at < options_.arena_end;
        if (is_write) {
            if (in_arena) {
                dead_[at - options_.arena_begin] = 0;
                owner_[at - options_.arena_begin] =
                    tensor != nullptr ? int32_t(tensor - options_.tensors.data()) : -1;
                // The plan reserves no byte here in this layer.
                if (tensor == nullptr && layer_ && !unplanned_at) unplanned_at = at;
            }
            if (written != stretch_) ++current_.bytes_written;
            if (written == 0 && !in_stack(at)) ++written_outside_stack_;
            written = stretch_;
            if (at >= stack_lo && at < stack_hi) {
                current_.stack_peak_bytes = std::max<uint64_t>(current_.stack_peak_bytes, stack_hi - at);
            }
        } else {
            if (written == 0) {
                ++current_.uninitialised_read_bytes;
                ++report_.uninitialised_reads;
                if (!uninitialised_at) uninitialised_at = at;
            } else if (in_arena && (dead_[at - options_.arena_begin] != 0 || (tensor == nullptr && layer_))) {
                // A byte whose data died (no live tensor held it at some layer
                // begin) and that nothing wrote since, or that no tensor of
                // this layer holds: dead by the plan.
                ++current_.dead_read_bytes;
                ++report_.dead_reads;
                if (!dead_at) dead_at = at;
            }
            if (read != stretch_) ++current_.bytes_read;
            read = stretch_;
        }
        if (!touched_before) {
            ++current_.bytes_touched;
            lowest_ = std::min(lowest_, at);
            highest_ = std::max(highest_, at);
        }
    }
    if (uninitialised_at) {
        const ExactTensor* t = live_tensor_at(*uninitialised_at, false);
        finding("uninitialised-read", *uninitialised_at, t != nullptr ? t : any_tensor_at(*uninitialised_at));
    }
    if (dead_at) {
        // Name the tensor whose data died there (the last one written), else
        // the one the layer believes it reads.
        const int32_t owner = owner_[*dead_at - options_.arena_begin];
        const ExactTensor* t = owner >= 0 ? &options_.tensors[size_t(owner)] : live_tensor_at(*dead_at, false);
        finding("dead-read", *dead_at, t != nullptr ? t : any_tensor_at(*dead_at));
    }
    if (unplanned_at) {
        ++report_.unplanned_writes;
        finding("unplanned-write", *unplanned_at, any_tensor_at(*unplanned_at));
    }
}

uint32_t ExactTracer::write_stamp_at(uint32_t address) const {
    for (const auto& shadow : shadows_) {
        const MemoryArea& area = *shadow->area;
        if (address >= area.base && address - area.base < area.mapped_bytes) {
            return shadow->stamps[address - area.base].write;
        }
    }
    return 0;
}

std::optional<uint64_t> ExactTracer::arena_peak() const {
    for (uint32_t a = options_.arena_end; a > options_.arena_begin; --a) {
        const uint32_t at = a - 1;
        const uint32_t stamp = write_stamp_at(at);
        if (stamp == stretch_ || (stamp != 0 && live_tensor_at(at, false) != nullptr)) {
            return at - options_.arena_begin + 1;
        }
    }
    return uint64_t(0);
}

void ExactTracer::close_stretch() {
    if (current_.bytes_touched > 0) {
        current_.lowest = lowest_;
        current_.highest = highest_;
    }
    lowest_ = UINT32_MAX;
    highest_ = 0;
    if (layer_ && options_.arena_end > options_.arena_begin) current_.arena_peak_bytes = arena_peak();
    current_.sram_peak_bytes = written_outside_stack_ + current_.stack_peak_bytes;
    if (layer_) {
        layers_.push_back(current_);
    } else {
        ExactLayerFootprint& o = report_.outside;
        o.bytes_read += current_.bytes_read;
        o.bytes_written += current_.bytes_written;
        o.bytes_touched += current_.bytes_touched;
        if (current_.lowest) o.lowest = std::min(o.lowest.value_or(*current_.lowest), *current_.lowest);
        if (current_.highest) o.highest = std::max(o.highest.value_or(*current_.highest), *current_.highest);
        o.stack_peak_bytes = std::max(o.stack_peak_bytes, current_.stack_peak_bytes);
        o.reads += current_.reads;
        o.writes += current_.writes;
        o.uninitialised_read_bytes += current_.uninitialised_read_bytes;
        o.dead_read_bytes += current_.dead_read_bytes;
    }
    report_.stack_peak_bytes = std::max(report_.stack_peak_bytes, current_.stack_peak_bytes);
}

uint64_t ExactTracer::live_stack_depth(uint32_t sp) const {
    for (const auto& shadow : shadows_) {
        const MemoryArea& area = *shadow->area;
        const uint64_t lo = std::max<uint64_t>(sp, area.base);
        const uint64_t hi = std::min<uint64_t>(options_.stack_top, uint64_t(area.base) + area.mapped_bytes);
        for (uint64_t a = lo; a < hi; ++a) {
            if (shadow->stamps[a - area.base].write != 0) return options_.stack_top - a;
        }
    }
    return 0;
}

void ExactTracer::boundary(std::optional<size_t> layer, const std::string& name, uint32_t sp) {
    close_stretch();
    ++stretch_;
    layer_ = layer;
    live_.clear();
    if (layer) {
        for (const ExactTensor& t : options_.tensors) {
            if (*layer >= t.first_layer && *layer <= t.last_layer) live_.push_back(&t);
        }
        std::sort(live_.begin(), live_.end(),
                  [](const ExactTensor* a, const ExactTensor* b) { return a->address < b->address; });
        // Arena bytes no live tensor holds now: whatever they hold is dead.
        if (!dead_.empty()) {
            std::vector<uint8_t> covered(dead_.size(), 0);
            for (const ExactTensor* t : live_) {
                const uint64_t lo = std::max<uint64_t>(t->address, options_.arena_begin);
                const uint64_t hi = std::min<uint64_t>(uint64_t(t->address) + t->size, options_.arena_end);
                for (uint64_t a = lo; a < hi; ++a) covered[a - options_.arena_begin] = 1;
            }
            for (size_t b = 0; b < dead_.size(); ++b) dead_[b] |= covered[b] ^ 1u;
        }
    }
    current_ = ExactLayerFootprint{};
    current_.name = layer ? name : "(outside layers)";
    // The frames live at the marker count, as the fast mode's repaint below
    // SP leaves them in place.
    if (sp >= options_.stack_limit && sp < options_.stack_top) current_.stack_peak_bytes = live_stack_depth(sp);
}

ExactReport ExactTracer::finish() {
    close_stretch();
    report_.outside.name = "(outside layers)";
    report_.written_outside_stack = written_outside_stack_;
    report_.layers = layers_;
    for (const auto& shadow : shadows_) {
        const MemoryArea& area = *shadow->area;
        for (uint32_t offset = 0; offset < area.mapped_bytes; ++offset) {
            const uint32_t at = area.base + offset;
            if (shadow->stamps[offset].write == 0 || in_stack(at)) continue;
            if (area.host[offset] == MemoryPainter::paint_at(at)) ++report_.written_outside_stack_holding_paint;
        }
    }
    report_.tensors = tensor_stats_;
    return report_;
}

}  // namespace mcuprof

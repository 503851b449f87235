#!/usr/bin/env bash
# Regenerates everything in reports/ (never edit it by hand):
#   - reports/boards/<board>/: each board's default model
#     (firmware/models/<board>.yaml) profiled on that board under token
#     overwriting: the profile table, JSON, Markdown, HTML, a Perfetto trace
#     and collapsed stacks;
#   - reports/tradeoff/<board>/: `mcuprof compare` of that board's model over
#     both weight accountings and every patch kernel k that divides the patch
#     (peak memory against latency, knees): on the STM32F427 for token
#     overwriting and layerwise (its SRAM refuses staged weights), on the
#     STM32H743 (1.7 G instructions a run) for token overwriting;
#   - reports/models/: the schedule and offset-strategy variants of each
#     board's model (tools/model-reports.sh);
#   - reports/weights/: weights executed from flash (caches on and off) vs
#     staged in SRAM, in timing mode "memory" (tools/weights-report.sh).
# Every figure is on the time axis of the board as the generated firmware
# configures it (maximum clock, flash latency, ART/prefetch, L1 caches), in
# timing mode "memory": weights read from flash pay their wait states.
# Usage: tools/regen-reports.sh [boards] [tradeoff] [models] [weights]   (default: all;
#        uses build/, or $MCUPROF_BUILD_DIR)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MCUPROF_BUILD_DIR:-$root/build}"
mcuprof="$build/mcuprof"
work="${TMPDIR:-/tmp}/mcuprof-regen-reports"
parts="${*:-boards tradeoff models weights}"
[ -x "$mcuprof" ] || { echo "regen-reports: $mcuprof not built; run tools/build.sh first" >&2; exit 1; }
mkdir -p "$work"

if [[ " $parts " == *" boards "* ]]; then
  for board in stm32f427 stm32f746 stm32h743; do
    out="$root/reports/boards/$board"
    mkdir -p "$out"
    echo "regen-reports: profile $board"
    "$mcuprof" profile "$root/firmware/models/$board.yaml" --board "$board" --schedule overwrite --timing memory \
      --work-dir "$work/profile-$board" --json "$out/report.json" --markdown "$out/report.md" \
      --html "$out/report.html" --trace "$out/trace.json" --collapsed "$out/functions.folded" \
      > "$out/profile.txt.tmp"
    mv "$out/profile.txt.tmp" "$out/profile.txt"
  done
fi

tradeoff() {  # board, then schedule families
  local board="$1" out="$root/reports/tradeoff/$1"
  shift
  local families=()
  for f in "$@"; do families+=(--family "$f"); done
  mkdir -p "$out"
  echo "regen-reports: compare $board ($*; every k, weights in flash and in SRAM)"
  "$mcuprof" compare "$root/firmware/models/$board.yaml" --board "$board" "${families[@]}" \
    --weights flash --weights sram --timing memory --work-dir "$work/compare-$board" --json "$out/compare.json" \
    --markdown "$out/compare.md" --html "$out/compare.html" > "$out/compare.txt.tmp" 2> "$out/progress.log"
  mv "$out/compare.txt.tmp" "$out/compare.txt"
  rm -f "$out/progress.log"
}
if [[ " $parts " == *" tradeoff "* ]]; then
  tradeoff stm32f427 overwrite layerwise
  tradeoff stm32h743 overwrite
fi
if [[ " $parts " == *" models "* ]]; then
  MCUPROF_BUILD_DIR="$build" "$root/tools/model-reports.sh"
fi
if [[ " $parts " == *" weights "* ]]; then
  MCUPROF_BUILD_DIR="$build" "$root/tools/weights-report.sh"
fi
echo "regen-reports: done"

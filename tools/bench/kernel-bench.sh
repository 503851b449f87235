#!/usr/bin/env bash
# Kernel benchmark: runs firmware/bench_kernels (linear 196x192->768 and
# 768->192, 16x16 patch embedding undecomposed and with k = 1..16, attention
# with 196 tokens and 3 heads, row-at-a-time and full-matrix) in mcuprof on a
# Cortex-M4 (stm32f427; mps2-an386 for the attention whose score matrix does
# not fit in 256 KB) and a Cortex-M7 (stm32f746), and prints per layer:
# instructions, estimated cycles, MACs, cycles per MAC and the fraction of
# the 2-MACs-per-cycle SMLAD bound reached.
# Usage: tools/bench/kernel-bench.sh [BUILD_DIR] [--keep DIR]  (keeps the JSON reports)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${MCUPROF_BUILD_DIR:-$root/build}"
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep="$2"; shift 2 ;;
    *) build="$1"; shift ;;
  esac
done
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

reports=()
# Order matters: for each core the table takes a layer from the first board that ran it.
for board in stm32f427 mps2-an386 stm32f746; do
  elf="$build/firmware/bench-kernels-$board.elf"
  "$build/mcuprof" run -q --board "$board" "$elf" --json "$out/$board.json" >/dev/null
  reports+=("$out/$board.json")
done
status=0
python3 "$root/tools/bench/kernel_bench_table.py" "${reports[@]}" || status=$?
if [ -n "$keep" ]; then
  mkdir -p "$keep" && cp "${reports[@]}" "$keep/"
fi
exit $status

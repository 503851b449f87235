#!/usr/bin/env bash
# Budget regression check (run by .ci/run): profiles each board's default
# model (firmware/models/<board>.yaml, token overwriting) and checks it with
# `mcuprof check` against budgets/<board>.toml. Writes the reports, JUnit XML
# and Markdown summaries to build/reports/check/. Exit 0 when every budget
# holds, 1 when one breaks, 2 for bad input.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MCUPROF_BUILD_DIR:-$root/build}"
out="$build/reports/check"
mkdir -p "$out"
status=0
for board in stm32f427 stm32f746 stm32h743; do
  "$build/mcuprof" profile "$root/firmware/models/$board.yaml" --board "$board" --schedule overwrite --quiet \
    --work-dir "$build/check-work/$board" --json "$out/$board.json"
  rc=0
  "$build/mcuprof" check "$out/$board.json" --budgets "$root/budgets/$board.toml" \
    --junit "$out/$board.junit.xml" --markdown "$out/$board.md" || rc=$?
  [ "$rc" -gt "$status" ] && status=$rc
done
exit "$status"

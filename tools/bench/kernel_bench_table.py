#!/usr/bin/env python3
"""Prints the kernel benchmark table from mcuprof JSON reports.

Usage: kernel_bench_table.py REPORT.json...   (firmware/bench_kernels runs)

Each report's console holds one "vit-bench <layer> macs <n> status <s>
checksum <h>" line per layer and its "layers" the instructions and estimated
cycles mcuprof measured between that layer's markers. For every core, a layer
is taken from the first report (in argument order) that ran it, so a board
with more RAM can fill in a layer a smaller board skipped.

Bound: SMLAD does two 16-bit multiply-accumulates per cycle, so a kernel
reaches MACs / (2 * cycles) of the DSP peak. Also checks what must hold
whatever the timing: every layer returned VIT_OK, the decomposed patch
embeddings equal the undecomposed one, and both attention schedules agree.
Exit status 1 if a check fails.
"""
import json
import sys


def parse_console(console):
    layers = {}
    for line in console.splitlines():
        f = line.split()
        if len(f) == 8 and f[0] == "vit-bench" and f[2] == "macs" and f[4] == "status" and f[6] == "checksum":
            layers[f[1]] = {"macs": int(f[3]), "status": int(f[5]), "checksum": f[7]}
    return layers


def load(path):
    with open(path) as fh:
        report = json.load(fh)
    if report["exit"]["reason"] != "exit" or report["exit"]["code"] != 0:
        raise SystemExit(f"{path}: firmware did not exit cleanly: {report['exit']}")
    printed = parse_console(report["console"])
    measured = {layer["name"]: layer for layer in report["layers"]}
    rows = []
    for name, p in printed.items():
        if name not in measured:
            raise SystemExit(f"{path}: layer {name} printed but not in the report's layers")
        rows.append(dict(p, layer=name, board=report["board"], core=report["core"],
                         instructions=measured[name]["instructions"], cycles=measured[name]["cycles"]))
    return rows


def check(rows):
    problems = []
    for r in rows:
        if r["status"] != 0:
            problems.append(f"{r['layer']} on {r['board']}: status {r['status']}")
    by_board = {}
    for r in rows:
        by_board.setdefault(r["board"], {})[r["layer"]] = r["checksum"]
    for board, sums in by_board.items():
        patch = {v for k, v in sums.items() if k.startswith("patch_embed")}
        if len(patch) > 1:
            problems.append(f"{board}: patch embeddings disagree: {sorted(patch)}")
        if "mhsa_n196_h3" in sums and "mhsa_full_n196_h3" in sums and \
                sums["mhsa_n196_h3"] != sums["mhsa_full_n196_h3"]:
            problems.append(f"{board}: attention schedules disagree")
    return problems


def main(paths):
    all_rows = [row for path in paths for row in load(path)]
    table = []
    seen = set()
    for core in ("cortex-m4", "cortex-m7"):
        for r in all_rows:
            if r["core"] == core and (core, r["layer"]) not in seen:
                seen.add((core, r["layer"]))
                table.append(r)
    header = ("layer", "core", "board", "instructions", "cycles", "MACs", "cyc/MAC", "SMLAD bound")
    print("%-20s %-9s %-10s %13s %13s %11s %8s %11s" % header)
    for r in table:
        cpm = r["cycles"] / r["macs"]
        bound = r["macs"] / (2.0 * r["cycles"])
        print("%-20s %-9s %-10s %13d %13d %11d %8.3f %10.1f%%" % (
            r["layer"], r["core"].replace("cortex-", ""), r["board"], r["instructions"], r["cycles"],
            r["macs"], cpm, 100.0 * bound))
    problems = check(all_rows)
    for p in problems:
        print("FAIL: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1:]))

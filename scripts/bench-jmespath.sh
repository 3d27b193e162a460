#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
#
# Benchmarks the JMESPath module against the reference Python implementation on the cases of the
# compliance suite's benchmarks.json: builds jmespath-benchmark in release, runs it and
# scripts/jmespath_reference_bench.py on the same cases in the same run, and prints compile and search
# throughput (calls per second) side by side with the ratio ours / Python.
#
# Usage: scripts/bench-jmespath.sh [SECONDS_PER_MEASUREMENT]
# Needs python3 with the `jmespath` package. Reads Tests/testdata/jmespath/benchmarks.json.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${1:-0.3}"
cases="$(pwd)/Tests/testdata/jmespath/benchmarks.json"

swift build -c release --product jmespath-benchmark >&2
binary="$(swift build -c release --show-bin-path)/jmespath-benchmark"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$binary" --json --seconds "$seconds" "$cases" >"$work/swift.jsonl"
python3 scripts/jmespath_reference_bench.py --seconds "$seconds" "$cases" >"$work/python.jsonl"

python3 - "$work/swift.jsonl" "$work/python.jsonl" <<'PYTHON'
import json
import math
import sys

ours = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
theirs = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8")]
assert [case["comment"] for case in ours] == [case["comment"] for case in theirs], "case lists differ"

header = f"{'case':<32} {'compile/s':>11} {'python':>9} {'ratio':>7}   {'search/s':>11} {'python':>9} {'ratio':>7}"
print(header)
print("-" * len(header))
search_ratios = []
for swift, python in zip(ours, theirs):
    compile_ratio = swift["compile"] / python["compile"]
    search_ratio = swift["search"] / python["search"]
    search_ratios.append(search_ratio)
    print(
        f"{swift['comment'][:32]:<32} {swift['compile']:>11,.0f} {python['compile']:>9,.0f} {compile_ratio:>6.1f}x"
        f"   {swift['search']:>11,.0f} {python['search']:>9,.0f} {search_ratio:>6.1f}x"
    )
print("-" * len(header))
geometric_mean = math.prod(search_ratios) ** (1 / len(search_ratios))
print(f"search ratio: minimum {min(search_ratios):.1f}x, geometric mean {geometric_mean:.1f}x (target: at least 10x)")
PYTHON

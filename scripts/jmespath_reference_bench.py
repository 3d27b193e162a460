# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Times the reference Python `jmespath` package on the cases of benchmarks.json.

Usage: jmespath_reference_bench.py [--seconds S] BENCHMARKS.JSON

Prints one JSON object per case, {"comment": ..., "compile": calls/s, "search": calls/s}, the same shape
as `jmespath-benchmark --json`. Compiling bypasses the parser's expression cache (`Parser._do_parse`), so
it measures real parsing, as the Swift side does.
"""

import json
import sys
import time

import jmespath
from jmespath.parser import Parser


def throughput(seconds, body):
    """Calls `body` in growing batches until `seconds` have passed; returns calls per second."""
    calls, batch = 0, 1
    start = time.perf_counter()
    elapsed = 0.0
    while elapsed < seconds:
        for _ in range(batch):
            body()
        calls += batch
        batch *= 2
        elapsed = time.perf_counter() - start
    return calls / elapsed


def main(argv):
    seconds = 0.3
    args = list(argv)
    if "--seconds" in args:
        position = args.index("--seconds")
        seconds = float(args[position + 1])
        del args[position : position + 2]
    with open(args[0], encoding="utf-8") as handle:
        groups = json.load(handle)
    for group in groups:
        given = group["given"]
        for case in group["cases"]:
            expression = case["expression"]
            compiled = jmespath.compile(expression)
            compile_rate = throughput(seconds, lambda: Parser()._do_parse(expression))
            search_rate = throughput(seconds, lambda: compiled.search(given))
            record = {"comment": case.get("comment", expression), "compile": round(compile_rate),
                      "search": round(search_rate)}
            print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

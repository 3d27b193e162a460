#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
#
# Runs a benchmark on the shipped binary: `scripts/bench-release.sh mount|tenants [ARGS...]` runs
# scripts/bench_mount.py (mount latency, calls, throughput, CPU, memory and start-up against the fake AWS with latency
# injected, next to the incumbent's model; --latency-ms, --runs) or scripts/bench_tenants.py (tenant B's mount latency
# alone and while tenant A mounts the security review's hostile classes and holds idle connections to the health and
# metrics ports, and the provider's peak memory; exits 1 when a target is missed; --quiet-seconds, --attack-seconds,
# --connections, --workers, --classes, --fresh-targets, --attacker-nice). PROVIDER_BIN selects the binary; otherwise
# the image's binary is built (scripts/build-release.sh: static Swift runtime, release linker settings, stripped),
# whose memory is what a node sees.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
benchmark=${1:?usage: scripts/bench-release.sh mount|tenants [ARGS...]}
shift
"$root/scripts/install-deps.sh" >/dev/null
if [[ -z "${PROVIDER_BIN:-}" ]]; then
  "$root/scripts/build-release.sh" >&2
  PROVIDER_BIN="$root/.build-release/out/secrets-store-csi-driver-provider-aws"
fi
exec python3 "$root/scripts/bench_$benchmark.py" "$PROVIDER_BIN" "$@"

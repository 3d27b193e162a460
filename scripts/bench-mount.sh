#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
#
# The performance benchmark (scripts/bench_mount.py): mount latency, calls, throughput, CPU, memory and start-up
# against the fake AWS with latency injected, next to the incumbent's model. Arguments go to the Python script
# (--latency-ms, --runs). PROVIDER_BIN selects the binary; otherwise the image's binary is built
# (scripts/build-release.sh: static Swift runtime, release linker settings, stripped), whose memory is what a node sees.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/scripts/install-deps.sh" >/dev/null
if [[ -z "${PROVIDER_BIN:-}" ]]; then
  "$root/scripts/build-release.sh" >&2
  PROVIDER_BIN="$root/.build-release/out/secrets-store-csi-driver-provider-aws"
fi
exec python3 "$root/scripts/bench_mount.py" "$PROVIDER_BIN" "$@"

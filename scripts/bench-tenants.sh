#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
#
# The two-tenant benchmark (scripts/bench_tenants.py): tenant B's mount latency alone and while tenant A mounts the
# security review's hostile classes and holds 3000 idle connections to the health and metrics ports; the provider's
# peak memory. Exits 1 when a target is missed. Arguments go to the Python script (--quiet-seconds,
# --attack-seconds, --connections, --workers, --classes, --fresh-targets). PROVIDER_BIN selects the binary;
# otherwise the image's binary is built (scripts/build-release.sh), whose memory is what a node sees.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/scripts/install-deps.sh" >/dev/null
if [[ -z "${PROVIDER_BIN:-}" ]]; then
  "$root/scripts/build-release.sh" >&2
  PROVIDER_BIN="$root/.build-release/out/secrets-store-csi-driver-provider-aws"
fi
exec python3 "$root/scripts/bench_tenants.py" "$PROVIDER_BIN" "$@"

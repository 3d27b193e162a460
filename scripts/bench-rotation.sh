#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
#
# Prints the AWS calls per hour of a node of N pods x S secrets (ours, measured against the fake AWS, next to the
# incumbent's model). Arguments go to scripts/bench_rotation_calls.py (--secrets, --pods, --identities, --minutes,
# --scale, --reconcile, --cache-ttl). PROVIDER_BIN selects the binary; otherwise one is built in CONFIGURATION
# (release unless set, e.g. CONFIGURATION=debug). The Python script stops the rig and every provider it starts.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/scripts/install-deps.sh" >/dev/null
if [[ -z "${PROVIDER_BIN:-}" ]]; then
  configuration=${CONFIGURATION:-release}
  swift build -c "$configuration" --product secrets-store-csi-driver-provider-aws >&2
  PROVIDER_BIN="$(swift build -c "$configuration" --show-bin-path)/secrets-store-csi-driver-provider-aws"
fi
exec python3 "$root/scripts/bench_rotation_calls.py" "$PROVIDER_BIN" "$@"

#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
#
# Prints the AWS calls per hour of a node of N pods x S secrets (ours, measured against the fake AWS, next to the
# incumbent's model). Arguments go to scripts/bench_rotation_calls.py (--secrets, --pods, --identities, --minutes,
# --scale). PROVIDER_BIN selects the binary; otherwise a release build is made.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/scripts/install-deps.sh" >/dev/null
if [[ -z "${PROVIDER_BIN:-}" ]]; then
  swift build -c release --product secrets-store-csi-driver-provider-aws >&2
  PROVIDER_BIN="$(swift build -c release --show-bin-path)/secrets-store-csi-driver-provider-aws"
fi
exec python3 "$root/scripts/bench_rotation_calls.py" "$PROVIDER_BIN" "$@"

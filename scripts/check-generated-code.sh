#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
# Fails when the committed generated code differs from a fresh generation of proto/ (for example a field was
# renamed in the .proto without running scripts/generate-proto.sh). PROTO_DIR selects another .proto tree.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
"$root/scripts/generate-proto.sh" "$fresh" >/dev/null
if ! diff -ru "$root/Sources/CSIProviderAPI/Generated" "$fresh"; then
  echo "check-generated-code: Sources/CSIProviderAPI/Generated is out of date; run scripts/generate-proto.sh" >&2
  exit 1
fi
echo "check-generated-code: generated code is up to date"

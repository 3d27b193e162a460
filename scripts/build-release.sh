#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
#
# Runs the Dockerfile's build stage outside Docker: a release build with the Swift runtime linked statically, then
# stripped; prints the binary's size and the shared libraries it still needs (which the runtime image must have).
#
#   scripts/build-release.sh [OUTPUT_DIR]     (default .build-release/out)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scratch="$root/.build-release"
out="${1:-$scratch/out}"
mkdir -p "$out"
swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product secrets-store-csi-driver-provider-aws
mkdir -p "$out/lib"
install -m 0755 "$(swift build -c release --scratch-path "$scratch" --show-bin-path)/secrets-store-csi-driver-provider-aws" "$out/"
strip "$out/secrets-store-csi-driver-provider-aws"
cp -L "$(ldd "$out/secrets-store-csi-driver-provider-aws" | awk '/libz.so/ { print $3 }')" "$out/lib/"
binary="$out/secrets-store-csi-driver-provider-aws"
echo "binary: $binary, $(du -h "$binary" | cut -f1) ($(stat -c %s "$binary") bytes) stripped"
echo "shared libraries it needs:"
ldd "$binary" | sed 's/^/  /'
"$binary" --version

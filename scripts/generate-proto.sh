#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
# Regenerates the Swift code of the provider API (proto/v1alpha1/service.proto) and of the standard gRPC health
# service (proto/grpc/health/v1/health.proto).
#
#   scripts/generate-proto.sh [OUTPUT_DIR]
#
# OUTPUT_DIR defaults to Sources/CSIProviderAPI/Generated. PROTO_DIR (default: proto) selects the .proto tree.
# The plugins are built from the package's own dependencies (swift-protobuf, grpc-swift-protobuf, pinned exactly in
# Package.swift), and protoc is the one bundled with Python's grpcio-tools: the version Tests/e2e/requirements.txt pins
# when scripts/install-deps.sh installed it, else whatever grpcio-tools 1.x is installed (this script installs one
# when none is). The check in make lint compares the output with the committed code.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=${1:-Sources/CSIProviderAPI/Generated}
proto_dir=${PROTO_DIR:-proto}

python3 -c 'import grpc_tools' 2>/dev/null || python3 -m pip install --quiet 'grpcio-tools==1.*'

swift build --product protoc-gen-swift >/dev/null
swift build --product protoc-gen-grpc-swift-2 >/dev/null
bin=$(swift build --show-bin-path)

mkdir -p "$out"
python3 -m grpc_tools.protoc --proto_path="$proto_dir" \
  --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
  --swift_out="$out" --swift_opt=Visibility=Public --swift_opt=FileNaming=DropPath --swift_opt=UseAccessLevelOnImports=true \
  --plugin=protoc-gen-grpc-swift-2="$bin/protoc-gen-grpc-swift-2" \
  --grpc-swift-2_out="$out" --grpc-swift-2_opt=Visibility=Public --grpc-swift-2_opt=FileNaming=DropPath \
  --grpc-swift-2_opt=UseAccessLevelOnImports=true \
  v1alpha1/service.proto grpc/health/v1/health.proto
echo "generated: $(cd "$out" && ls ./*.swift | tr '\n' ' ')"

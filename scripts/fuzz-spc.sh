#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
#
# Fuzzes the SecretProviderClass module (Mount attributes, objects YAML, tokens, secrets, manifests) with
# libFuzzer and AddressSanitizer, for SECONDS seconds (default 120).
#
# Usage: scripts/fuzz-spc.sh [SECONDS]
#
# SwiftPM cannot link an executable with -sanitize=fuzzer (it renames the entry point), so this script compiles
# the modules itself with swiftc, each instrumented for coverage and ASan: CYaml (libyaml, with clang) and Yams
# from the package's checkout, JMESPath and SecretProviderClass from Sources/, then links
# Fuzz/SecretProviderClassFuzz/FuzzEntry.swift (an @_cdecl("LLVMFuzzerTestOneInput") function) against them.
# Build products go to $SPC_FUZZ_BUILD_DIR (default .build/fuzz-spc); rebuilt only when a source changes.
#
# The fuzzer starts from the seeds in Fuzz/SecretProviderClassFuzz/corpus/ (never written to) plus the inputs
# it found in earlier runs ($SPC_FUZZ_BUILD_DIR/corpus), with the dictionary spc.dict, inputs of at most
# 16 KiB (-max_len), 2 GiB of memory (-rss_limit_mb) and 10 s per input (-timeout). A crash, a leak, a hang or
# a broken property (see FuzzEntry.swift) stops it with a non-zero status and a crash-* file in the build
# directory; replay one with: $SPC_FUZZ_BUILD_DIR/spc-fuzzer CRASH_FILE.
#
# Environment:
#   SPC_FUZZ_BUILD_DIR    where to build (default .build/fuzz-spc in the repository)
#   SPC_FUZZ_PACKAGE_DIR  the package whose .build/checkouts holds Yams (default: the repository; resolved with
#                         `swift package resolve` when missing)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds="${1:-120}"
build="${SPC_FUZZ_BUILD_DIR:-$root/.build/fuzz-spc}"
package="${SPC_FUZZ_PACKAGE_DIR:-$root}"
fuzz="$root/Fuzz/SecretProviderClassFuzz"
yams="$package/.build/checkouts/Yams/Sources"

if [[ ! -d "$yams/Yams" ]]; then
    swift package resolve --package-path "$package" >&2
fi
mkdir -p "$build/objects" "$build/modules" "$build/corpus"

sanitize=(-sanitize=fuzzer,address -O -g)
features=(
    -swift-version 6
    -enable-upcoming-feature ExistentialAny
    -enable-upcoming-feature InternalImportsByDefault
    -enable-upcoming-feature MemberImportVisibility
)
cyaml=(-Xcc -DYAML_DECLARE_STATIC -I "$yams/CYaml/include")

# Prints "yes" when $1 is missing or older than any of the remaining files.
stale() {
    local target="$1"
    shift
    if [[ ! -e "$target" ]]; then
        echo yes
        return
    fi
    local file
    for file in "$@"; do
        if [[ "$file" -nt "$target" ]]; then
            echo yes
            return
        fi
    done
}

# Compiles one Swift module to $build/objects/NAME.o and $build/modules/NAME.swiftmodule.
module() {
    local name="$1"
    shift
    local -a sources=()
    while [[ $# -gt 0 && "$1" != "--" ]]; do
        sources+=("$1")
        shift
    done
    shift
    if [[ -n "$(stale "$build/objects/$name.o" "${sources[@]}")" ]]; then
        echo "== compiling $name" >&2
        swiftc -parse-as-library -wmo -module-name "$name" "${sanitize[@]}" "$@" -I "$build/modules" \
            -emit-module -emit-module-path "$build/modules/$name.swiftmodule" \
            -c -o "$build/objects/$name.o" "${sources[@]}"
    fi
}

c_sources=("$yams"/CYaml/src/*.c)
if [[ -n "$(stale "$build/objects/libyaml.a" "${c_sources[@]}")" ]]; then
    echo "== compiling CYaml" >&2
    rm -f "$build/objects"/cyaml-*.o
    for source in "${c_sources[@]}"; do
        clang -c -O1 -g -fsanitize=fuzzer-no-link,address -DYAML_DECLARE_STATIC -I "$yams/CYaml/include" \
            "$source" -o "$build/objects/cyaml-$(basename "$source" .c).o"
    done
    ar rcs "$build/objects/libyaml.a" "$build/objects"/cyaml-*.o
fi
module Yams "$yams"/Yams/*.swift -- -swift-version 5 -D SWIFT_PACKAGE "${cyaml[@]}"
module JMESPath "$root"/Sources/JMESPath/*.swift -- "${features[@]}"
module SecretProviderClass "$root"/Sources/SecretProviderClass/*.swift -- "${features[@]}" "${cyaml[@]}"

fuzzer="$build/spc-fuzzer"
objects=("$build/objects/SecretProviderClass.o" "$build/objects/JMESPath.o" "$build/objects/Yams.o")
if [[ -n "$(stale "$fuzzer" "$fuzz/FuzzEntry.swift" "${objects[@]}" "$build/objects/libyaml.a")" ]]; then
    echo "== linking the fuzzer" >&2
    swiftc -parse-as-library "${sanitize[@]}" "${features[@]}" "${cyaml[@]}" -I "$build/modules" \
        -use-ld=lld "$fuzz/FuzzEntry.swift" "${objects[@]}" "$build/objects/libyaml.a" -o "$fuzzer"
fi

echo "== fuzzing for ${seconds}s" >&2
cd "$build"
"$fuzzer" "$build/corpus" "$fuzz/corpus" \
    -dict="$fuzz/spc.dict" \
    -max_total_time="$seconds" \
    -max_len=16384 \
    -rss_limit_mb=2048 \
    -timeout=10 \
    -print_final_stats=1

#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
#
# The project's lint: every check prints OK or FAILED, and the script fails when one did.
#   format     `swift format lint --strict` with .swift-format, on every hand-written Swift file (Generated/ excluded)
#   licence    the licence header in the first lines of every source file (Swift, C, Python, shell)
#   toolchain  .swift-version agrees with the Dockerfile's builder image and the swift on PATH
#   generated  the committed generated code is what proto/ generates (scripts/check-generated-code.sh)
#
#   scripts/lint.sh               the whole tree
#   scripts/lint.sh FILE...       format and licence of these files only (for a quick check, and the lint's own test)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
failed=0

check() {
  local name=$1
  shift
  local output
  if output=$("$@" 2>&1); then
    echo "lint: $name OK"
  else
    echo "$output" | head -n 40
    echo "lint: $name FAILED"
    failed=1
  fi
}

if [ $# -gt 0 ]; then
  swift_files=()
  sources=()
  for file in "$@"; do
    sources+=("$file")
    [[ $file == *.swift ]] && swift_files+=("$file")
  done
else
  mapfile -t swift_files < <(git ls-files 'Sources/*.swift' 'Tests/*.swift' 'Fuzz/*.swift' Package.swift | grep -v '/Generated/')
  mapfile -t sources < <(git ls-files '*.swift' '*.c' '*.h' '*.py' '*.sh' .ci/run | grep -v '/Generated/')
fi

format() {
  [ ${#swift_files[@]} -eq 0 ] || swift format lint --strict --configuration "$root/.swift-format" "${swift_files[@]}"
}

licence() {
  local missing=()
  for file in "${sources[@]}"; do
    head -n 4 "$file" | grep -q 'SPDX-License-Identifier: Apache-2.0' || missing+=("$file")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    printf 'no licence header (SPDX-License-Identifier: Apache-2.0 in the first 4 lines): %s\n' "${missing[@]}"
    return 1
  fi
}

toolchain() {
  local wanted image found
  wanted=$(tr -d '[:space:]' < .swift-version)
  image=$(sed -n 's/^ARG SWIFT_IMAGE=swift:\([0-9.]*\)-.*/\1/p' Dockerfile)
  found=$(swift --version 2>/dev/null | sed -n 's/.*Swift version \([0-9.]*\).*/\1/p' | head -n 1)
  [ "$image" = "$wanted" ] || { echo "the Dockerfile builds with swift $image, .swift-version says $wanted"; return 1; }
  [ "$found" = "$wanted" ] || { echo "swift on PATH is $found, .swift-version says $wanted"; return 1; }
}

check format format
check licence licence
if [ $# -eq 0 ]; then
  check toolchain toolchain
  check generated "$root/scripts/check-generated-code.sh"
fi
exit $failed

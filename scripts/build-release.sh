#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
#
# The Dockerfile's build stage without Docker: a release build of the provider with the Swift runtime linked in
# (--static-swift-stdlib), stripped, from exactly the files .dockerignore lets into the image's build context
# (copied to .build-release/context, so a file the image build would miss fails here too). Prints the binary's size,
# the shared libraries it still needs (the runtime image must have them) and the newest glibc symbol version it uses.
#
#   scripts/build-release.sh            (nice -n 19 scripts/build-release.sh on a busy machine)
#
# Output: .build-release/out/secrets-store-csi-driver-provider-aws (stripped); the unstripped binary, for
# symbolicating a crash, stays in .build-release/release/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch="$root/.build-release"
context="$scratch/context"
out="$scratch/out"
product=secrets-store-csi-driver-provider-aws
start=$(date +%s)

# The build context: Package.swift, Package.resolved, Sources/ and the Swift test targets' directories. Only files
# that changed are copied (the build is incremental across runs), and files gone from the tree are removed.
python3 - "$root" "$context" <<'PY'
import filecmp, os, shutil, sys

root, context = sys.argv[1], sys.argv[2]
wanted = set()
for name in ("Package.swift", "Package.resolved"):
    if os.path.isfile(os.path.join(root, name)):
        wanted.add(name)
tops = ["Sources"] + [os.path.join("Tests", d) for d in sorted(os.listdir(os.path.join(root, "Tests")))
                      if d.endswith("Tests") and os.path.isdir(os.path.join(root, "Tests", d))]
for top in tops:
    for directory, _, files in os.walk(os.path.join(root, top)):
        for name in files:
            wanted.add(os.path.relpath(os.path.join(directory, name), root))
for relative in sorted(wanted):
    source, target = os.path.join(root, relative), os.path.join(context, relative)
    if not os.path.isfile(target) or not filecmp.cmp(source, target, shallow=False):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(source, target)
if os.path.isdir(context):
    for directory, _, files in os.walk(context, topdown=False):
        for name in files:
            if os.path.relpath(os.path.join(directory, name), context) not in wanted:
                os.remove(os.path.join(directory, name))
        if directory != context and not os.listdir(directory):
            os.rmdir(directory)
PY

build=(swift build -c release --static-swift-stdlib --package-path "$context" --scratch-path "$scratch")
"${build[@]}" --product "$product"
unstripped="$("${build[@]}" --show-bin-path)/$product"
mkdir -p "$out"
install -m 0755 "$unstripped" "$out/$product"
strip --strip-all "$out/$product"

binary="$out/$product"
echo "== $binary"
echo "size: $(stat -c %s "$binary") bytes stripped ($(du -h "$binary" | cut -f1)); unstripped $(du -h "$unstripped" | cut -f1)"
echo "shared libraries (ldd):"
ldd "$binary" | sed 's/^/  /'
echo "newest glibc symbol version used: $(objdump -T "$binary" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)"
echo "glibc features required: $(readelf -V "$binary" | grep -o 'GLIBC_ABI_[A-Z_]*' | sort -u | tr '\n' ' ')"
echo "symbols it exports: $(readelf --dyn-syms --wide "$binary" | awk 'NR > 3 && $7 != "UND"' | wc -l)"
echo "version: $("$binary" --version)"
echo "built in $(( $(date +%s) - start ))s"

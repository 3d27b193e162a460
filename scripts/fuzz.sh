#!/usr/bin/env bash
# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
#
# Fuzzes one target with libFuzzer and AddressSanitizer for SECONDS seconds (default 120):
#
#   scripts/fuzz.sh spc|jmespath|aws|pkcs8|templates [SECONDS]
#
#   spc       the Mount request as the SecretProviderClass module reads it: attributes JSON, objects YAML,
#             permission, tokens and secrets, manifests (Fuzz/SecretProviderClassFuzz)
#   jmespath  JMESPath expression x JSON document (Fuzz/JMESPathFuzz)
#   aws       the AWS client's response parsers: error bodies, Secrets Manager answers, STS XML, timestamps
#             (Fuzz/AWSResponseFuzz, compiled together with those parsers' sources)
#   pkcs8     the PEM and DER of an ACM export's encrypted private key: PKCS#8, PBES2 and PBKDF2 parameters
#             (Fuzz/CertificateExportFuzz, compiled together with the CertificateExport parsing sources and swift-asn1)
#   templates a Mustache template and up to two data files, NUL-separated, parsed and rendered by the Templates module
#             with swift-mustache (Fuzz/TemplatesFuzz, with the JMESPath, FileFormats and swift-mustache modules).
#             The module's own limits bound each input: templates of at most 65,536 bytes, 1,000 tags and 16 nested
#             sections, outputs of at most 65,536 bytes (bounded before rendering), each tag rendered at most once
#
# SwiftPM cannot link an executable with -sanitize=fuzzer (it renames the entry point), so this script compiles the
# modules itself with swiftc, each instrumented for coverage and ASan, then links the target's FuzzEntry.swift (an
# @_cdecl("LLVMFuzzerTestOneInput") function) against them. Build products go to $FUZZ_BUILD_DIR/<target> (default
# .build/fuzz/<target>) and are rebuilt only when a source changes.
#
# The fuzzer starts from the seeds in Fuzz/<Target>/corpus/ (never written to) plus what it found in earlier runs,
# with the target's dictionary when it has one, inputs of at most 16 KiB, 2 GiB of memory and 10 s per input. A
# crash, a leak, a hang or a broken property stops it with a non-zero status and a crash-* file in the build
# directory; replay one with: <build directory>/fuzzer CRASH_FILE.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
target="${1:?usage: scripts/fuzz.sh spc|jmespath|aws|pkcs8|templates [SECONDS]}"
seconds="${2:-120}"
# Compiles JMESPath, FileFormats, swift-mustache and Templates (what SecretProviderClass and the templates target
# need) and sets $template_objects to their objects.
template_modules() {
    local package="${FUZZ_PACKAGE_DIR:-$root}"
    local mustache="$package/.build/checkouts/swift-mustache/Sources/Mustache"
    if [[ ! -d "$mustache" ]]; then
        swift package resolve --package-path "$package" >&2
    fi
    module JMESPath "$root"/Sources/JMESPath/*.swift -- "${features[@]}"
    module FileFormats "$root"/Sources/FileFormats/*.swift -- "${features[@]}"
    module Mustache "$mustache"/*.swift -- -swift-version 6
    module Templates "$root"/Sources/Templates/*.swift -- "${features[@]}"
    template_objects=("$build/objects/Templates.o" "$build/objects/Mustache.o" "$build/objects/FileFormats.o"
        "$build/objects/JMESPath.o")
}

case "$target" in
    spc) fuzz="$root/Fuzz/SecretProviderClassFuzz" ;;
    jmespath) fuzz="$root/Fuzz/JMESPathFuzz" ;;
    aws) fuzz="$root/Fuzz/AWSResponseFuzz" ;;
    pkcs8) fuzz="$root/Fuzz/CertificateExportFuzz" ;;
    templates) fuzz="$root/Fuzz/TemplatesFuzz" ;;
    *) echo "scripts/fuzz.sh: unknown target '$target' (spc, jmespath, aws, pkcs8 or templates)" >&2; exit 2 ;;
esac
build="${FUZZ_BUILD_DIR:-$root/.build/fuzz}/$target"
mkdir -p "$build/objects" "$build/modules" "$build/corpus"

sanitize=(-sanitize=fuzzer,address -O -g)
features=(
    -swift-version 6
    -enable-upcoming-feature ExistentialAny
    -enable-upcoming-feature InternalImportsByDefault
    -enable-upcoming-feature MemberImportVisibility
)

# Prints "yes" when $1 is missing or older than any of the remaining files.
stale() {
    local output="$1"
    shift
    if [[ ! -e "$output" ]]; then
        echo yes
        return
    fi
    local file
    for file in "$@"; do
        if [[ "$file" -nt "$output" ]]; then
            echo yes
            return
        fi
    done
}

# Splits "$@" at the first "--": the files before it into $files, the compiler flags after it into $flags.
split_arguments() {
    files=()
    while [[ $# -gt 0 && "$1" != "--" ]]; do
        files+=("$1")
        shift
    done
    [[ $# -gt 0 ]] && shift
    flags=("$@")
}

# Compiles one Swift module to $build/objects/NAME.o and $build/modules/NAME.swiftmodule: module NAME SOURCES -- FLAGS.
module() {
    local name="$1"
    shift
    split_arguments "$@"
    if [[ -n "$(stale "$build/objects/$name.o" "${files[@]}")" ]]; then
        echo "== compiling $name" >&2
        # One package name for every module, as SwiftPM gives them, so that `package` declarations compile.
        swiftc -parse-as-library -wmo -module-name "$name" -package-name fuzz "${sanitize[@]}" "${flags[@]}" \
            -I "$build/modules" -emit-module -emit-module-path "$build/modules/$name.swiftmodule" \
            -c -o "$build/objects/$name.o" "${files[@]}"
    fi
}

# Links the fuzzer: link SOURCES-AND-OBJECTS -- FLAGS (the entry first).
link() {
    split_arguments "$@"
    if [[ -n "$(stale "$build/fuzzer" "${files[@]}")" ]]; then
        echo "== linking the $target fuzzer" >&2
        swiftc -parse-as-library "${sanitize[@]}" "${features[@]}" -I "$build/modules" -use-ld=lld "${flags[@]}" \
            "${files[@]}" -o "$build/fuzzer"
    fi
}

case "$target" in
    spc)
        package="${FUZZ_PACKAGE_DIR:-$root}"
        yams="$package/.build/checkouts/Yams/Sources"
        if [[ ! -d "$yams/Yams" ]]; then
            swift package resolve --package-path "$package" >&2
        fi
        cyaml=(-Xcc -DYAML_DECLARE_STATIC -I "$yams/CYaml/include")
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
        template_modules
        module SecretProviderClass "$root"/Sources/SecretProviderClass/*.swift -- "${features[@]}" "${cyaml[@]}"
        link "$fuzz/FuzzEntry.swift" "$build/objects/SecretProviderClass.o" "${template_objects[@]}" \
            "$build/objects/Yams.o" "$build/objects/libyaml.a" -- "${cyaml[@]}"
        ;;
    jmespath)
        module JMESPath "$root"/Sources/JMESPath/*.swift -- "${features[@]}"
        link "$fuzz/FuzzEntry.swift" "$build/objects/JMESPath.o" --
        ;;
    aws)
        # The parsers and the types they need; none of them does I/O.
        parsers=(Runtime/AWSError Runtime/AWSErrorClassifier Runtime/AWSErrorParser Credentials/XMLExtraction
            SecretsManager/SecretsManagerWire SecretsManager/SecretsManagerTypes ParameterStore/ParameterStoreTypes
            Runtime/AWSHTTPTransport Runtime/AWSService Runtime/AWSTimestamp)
        sources=()
        for parser in "${parsers[@]}"; do
            sources+=("$root/Sources/AWSClient/$parser.swift")
        done
        link "$fuzz/FuzzEntry.swift" "${sources[@]}" -- -module-name AWSResponses -package-name fuzz
        ;;
    pkcs8)
        package="${FUZZ_PACKAGE_DIR:-$root}"
        asn1="$package/.build/checkouts/swift-asn1/Sources/SwiftASN1"
        if [[ ! -d "$asn1" ]]; then
            swift package resolve --package-path "$package" >&2
        fi
        asn1_sources=()
        while IFS= read -r -d '' source; do
            asn1_sources+=("$source")
        done < <(find "$asn1" -name '*.swift' -print0 | sort -z)
        module SwiftASN1 "${asn1_sources[@]}" -- -swift-version 5
        # The parsing of encrypted keys and its error type; decryption (swift-crypto) is not part of it.
        parsers=(CertificateExportError PBES2Parameters EncryptedKeyParsing)
        sources=()
        for parser in "${parsers[@]}"; do
            sources+=("$root/Sources/CertificateExport/$parser.swift")
        done
        link "$fuzz/FuzzEntry.swift" "${sources[@]}" "$build/objects/SwiftASN1.o" -- -module-name CertificateParsing \
            -package-name fuzz
        ;;
    templates)
        template_modules
        link "$fuzz/FuzzEntry.swift" "${template_objects[@]}" --
        ;;
esac

echo "== fuzzing $target for ${seconds}s" >&2
dictionary=()
if compgen -G "$fuzz/*.dict" >/dev/null; then
    dictionary=("-dict=$(ls "$fuzz"/*.dict | head -n 1)")
fi
cd "$build"
"$build/fuzzer" "$build/corpus" "$fuzz/corpus" \
    "${dictionary[@]}" \
    -max_total_time="$seconds" \
    -max_len=16384 \
    -rss_limit_mb=2048 \
    -timeout=10 \
    -print_final_stats=1

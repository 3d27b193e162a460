// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

// The libFuzzer target over the Templates module: a Mustache template and up to two data files, separated by the
// first two NUL bytes (the files are named a and b; files s and t, fixed, hold a marker value). Built and run by
// scripts/fuzz.sh templates, which compiles swift-mustache, JMESPath and FileFormats with it.
//
// A template that parses is rendered with a 65,536-byte limit. Besides "no crash, no hang, bounded memory", the
// target checks what the module promises: errors have a position from 1 and a reason, and the scanner refuses all
// that swift-mustache would; references name helpers that exist and `.` is never top-level; the output is at most the
// limit; rendering never reports an internal error (the plan and swift-mustache disagreeing, or an output over its
// bound); a template without `{{` renders as itself; and no message shows the marker value unless the template itself
// holds it.

import Templates

/// The value no message may show.
private let marker = "M4RK3R"

/// Files every input can name: a JSON object with the marker in its values, and the marker in bytes that are not UTF-8.
private let fixedFiles: [String: [UInt8]] = [
    "s": Array(#"{"k": "M4RK3R'$\\\n", "n": null, "f": false, "a": ["M4RK3R"], "o": {"p": "M4RK3R%é", "q": 7}}"#.utf8),
    "t": Array("M4RK3R".utf8) + [0xFF],
]

/// The output limit.
private let maximumBytes = 65_536

/// libFuzzer's entry point: parses one template and renders it over the input's files; returns 0 (the input is kept
/// when it adds coverage).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplates(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let parts = UnsafeBufferPointer(start: data, count: size)
        .split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
    let text = String(decoding: parts[0], as: UTF8.self)
    let showsMarker = text.contains(marker)
    var files = fixedFiles
    for (name, part) in zip(["a", "b"], parts.dropFirst()) {
        files[name] = Array(part)
    }
    let template: StrictTemplate
    do {
        template = try StrictTemplate(text)
    } catch {
        check(error.line >= 1 && error.column >= 1 && !error.reason.isEmpty, "a syntax error without a position")
        // The scanner refuses everything swift-mustache would: its errors are a second line of defence only.
        check(!error.reason.contains("swift-mustache:"), "the scanner let through \(error)")
        check(showsMarker || !error.reason.contains(marker), "a syntax error shows a value: \(error.reason)")
        return 0
    }
    for reference in template.references {
        check(reference.helper.map(StrictTemplate.helpers.contains) ?? true, "an unknown helper")
        check(!(reference.isTopLevel && reference.name == "."), "'.' at the top level")
        check(!reference.root.isEmpty || reference.name == ".", "an empty name")
    }
    check(template.topLevelRoots.count == Set(template.topLevelRoots).count, "repeated top-level roots")
    do {
        let output = try template.render(TemplateData(files: files), maximumBytes: maximumBytes)
        check(output.count <= maximumBytes, "an output of \(output.count) bytes")
        check(text.contains("{{") || output == Array(text.utf8), "a template without tags renders otherwise")
    } catch {
        check(!error.message.isEmpty, "a render error without a message")
        check(!error.message.hasPrefix("internal error"), error.message)
        check(showsMarker || !error.message.contains(marker), "a render error shows a value: \(error.message)")
    }
    return 0
}

/// Stops the run with a report when a promised property does not hold.
private func check(_ condition: Bool, _ problem: @autoclosure () -> String) {
    if !condition {
        fatalError("property broken: \(problem())")
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

// The libFuzzer target over the JMESPath engine: an expression and a JSON document, separated by the first NUL
// byte. Built and run by scripts/fuzz.sh jmespath. Besides "no crash, no hang, bounded memory", it checks that an
// expression that compiles searches any document without trapping, that every error has a message, and that a
// result serializes to JSON that parses back to the same value.

import JMESPath

/// libFuzzer's entry point: runs one input through the JMESPath engine; returns 0 (the input is kept when it adds coverage).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJMESPath(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
    let source = String(decoding: parts[0], as: UTF8.self)
    let document = parts.count > 1 ? Array(parts[1]) : Array("{}".utf8)
    let expression: JMESPathExpression
    do {
        expression = try JMESPathExpression(source)
    } catch {
        check(!error.message.isEmpty, "a compile error without a message")
        return 0
    }
    guard let value = try? JSONValue(parsing: document) else {
        return 0
    }
    do {
        let result = try expression.search(value)
        let text = result.serialized()
        check((try? JSONValue(parsing: Array(text.utf8))) == result, "a result that does not round-trip: \(text)")
    } catch {
        check(!error.message.isEmpty, "a search error without a message")
    }
    return 0
}

/// Stops the run with a report when a promised property does not hold.
private func check(_ condition: Bool, _ problem: @autoclosure () -> String) {
    if !condition {
        fatalError("property broken: \(problem())")
    }
}

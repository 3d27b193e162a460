// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import FileFormats
import JMESPath
import Testing

/// A limit no test output comes near.
let generousLimit = 1 << 20

/// Renders `value` in `format` and checks the bytes are exactly the UTF-8 of `expected` (bytes, not `String`
/// equality, which would take canonically equivalent text for equal).
func expectRendered(
    _ format: FileFormat,
    _ value: JSONValue,
    _ expected: String,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let bytes = try format.render(value, maximumBytes: generousLimit)
    #expect(
        bytes == Array(expected.utf8),
        "got \(String(decoding: bytes, as: UTF8.self).debugDescription)",
        sourceLocation: sourceLocation
    )
    // Deterministic: the same input gives the same bytes.
    #expect(try format.render(value, maximumBytes: generousLimit) == bytes, sourceLocation: sourceLocation)
}

/// The problem that rendering `value` in `format` throws, or nil (and a failed expectation) when it renders.
func renderProblem(
    _ format: FileFormat,
    _ value: JSONValue,
    maximumBytes: Int = generousLimit,
    sourceLocation: SourceLocation = #_sourceLocation
) -> FormatProblem? {
    #expect(throws: FormatProblem.self, sourceLocation: sourceLocation) {
        try format.render(value, maximumBytes: maximumBytes)
    }
}

/// A one-key object.
func object(_ key: String, _ value: JSONValue) -> JSONValue {
    .object(JSONObject(members: [(key, value)]))
}

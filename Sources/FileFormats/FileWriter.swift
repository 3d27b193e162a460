// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import JMESPath

/// The bytes of one file being written, refused with a ``FormatProblem`` as soon as they would pass the size limit:
/// every append checks the room left first, so the writer never holds more than `maximumBytes` bytes.
struct FileWriter {
    /// The format being written, which the size problem names.
    let format: FileFormat
    /// The most bytes the file may have.
    let maximumBytes: Int
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []

    /// Starts an empty file in `format` of at most `maximumBytes` bytes.
    init(format: FileFormat, maximumBytes: Int) {
        self.format = format
        self.maximumBytes = maximumBytes
    }

    /// How many more bytes fit (never negative).
    var remaining: Int {
        max(0, self.maximumBytes - self.bytes.count)
    }

    /// The problem of a file that would be longer than the limit.
    var tooLarge: FormatProblem {
        .tooLarge(self.format, maximumBytes: self.maximumBytes)
    }

    /// Appends one byte.
    mutating func append(_ byte: UInt8) throws(FormatProblem) {
        guard self.remaining >= 1 else { throw self.tooLarge }
        self.bytes.append(byte)
    }

    /// Appends the UTF-8 bytes of `text`.
    mutating func append(_ text: String) throws(FormatProblem) {
        guard text.utf8.count <= self.remaining else { throw self.tooLarge }
        self.bytes.append(contentsOf: text.utf8)
    }

    /// Appends `bytes` as they are.
    mutating func append(_ bytes: [UInt8]) throws(FormatProblem) {
        guard bytes.count <= self.remaining else { throw self.tooLarge }
        self.bytes.append(contentsOf: bytes)
    }

    /// Appends the UTF-8 bytes of one Unicode scalar.
    mutating func append(_ scalar: Unicode.Scalar) throws(FormatProblem) {
        guard let encoded = UTF8.encode(scalar) else { return }
        guard encoded.count <= self.remaining else { throw self.tooLarge }
        self.bytes.append(contentsOf: encoded)
    }

    /// Throws unless `count` more bytes fit: for text whose escaped form is at least `count` bytes long, before it is
    /// escaped.
    func requireRoom(_ count: Int) throws(FormatProblem) {
        guard count <= self.remaining else { throw self.tooLarge }
    }

    /// The compact JSON text of `value` as UTF-8, which must fit in the room left.
    func compactJSON(_ value: JSONValue) throws(FormatProblem) -> [UInt8] {
        guard let bytes = value.serialized(maximumBytes: self.remaining) else { throw self.tooLarge }
        return bytes
    }

    /// The text that a line format (dotenv, properties) writes for `value`: a string's text, nothing for `null`,
    /// and the compact JSON text of anything else (numbers, booleans, arrays and objects).
    func lineText(_ value: JSONValue) throws(FormatProblem) -> String {
        switch value {
        case .string(let text):
            return text
        case .null:
            return ""
        case .bool, .number, .array, .object:
            return try String(decoding: self.compactJSON(value), as: UTF8.self)
        }
    }
}

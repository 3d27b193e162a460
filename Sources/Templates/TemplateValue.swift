// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import FileFormats
import JMESPath

/// A value a template's name can stand for.
enum TemplateValue: Sendable {
    /// A JSON object file, or a member of one (at any depth).
    case json(JSONValue)
    /// A file that is not a JSON object: its bytes.
    case bytes([UInt8])
    /// All the files, by name: the bottom of the context stack.
    case files([String: TemplateValue])

    /// The value of key `name`, for objects and the files; nil for anything else or a missing key.
    func child(_ name: String) -> TemplateValue? {
        switch self {
        case .json(.object(let object)): object[name].map(TemplateValue.json)
        case .files(let files): files[name]
        case .json, .bytes: nil
        }
    }

    /// Whether a section over the value is skipped (and an inverted section rendered): `null`, `false` and the empty
    /// array. Everything else, empty strings and objects and `0` included, is truthy.
    var isFalsy: Bool {
        switch self {
        case .json(.null), .json(.bool(false)): true
        case .json(.array(let elements)): elements.isEmpty
        case .json, .bytes, .files: false
        }
    }

    /// What the value is, for messages: `a number`, `a file that is not a JSON object`.
    var kind: String {
        switch self {
        case .json(let value):
            switch value {
            case .null: "null"
            case .bool: "a boolean"
            case .number: "a number"
            case .string: "a string"
            case .array: "an array"
            case .object: "an object"
            }
        case .bytes: "a file that is not a JSON object"
        case .files: "the files"
        }
    }

    /// The length of ``bytes()``, or nil when it is more than `limit` (a huge object is never serialized in full).
    func byteCount(limit: Int) throws(ValueProblem) -> Int? {
        let count: Int? =
            switch self {
            case .json(.null): throw .null
            case .files: throw .files
            case .json(.string(let text)): text.utf8.count
            case .json(let value): value.serialized(maximumBytes: limit)?.count
            case .bytes(let bytes): bytes.count
            }
        return count.flatMap { $0 <= limit ? $0 : nil }
    }

    /// What the value stands for as bytes: a file's bytes, or the UTF-8 of ``text()``.
    func bytes() throws(ValueProblem) -> [UInt8] {
        guard case .bytes(let bytes) = self else { return Array(try self.text().utf8) }
        return bytes
    }

    /// What the value stands for as text: a string, a file's text, the compact JSON text of a number, boolean, array
    /// or object (`5432`, `true`, `{"a":1}`).
    /// - Throws: ``ValueProblem/notText`` for a file that is not UTF-8, ``ValueProblem/null`` for `null`.
    func text() throws(ValueProblem) -> String {
        switch self {
        case .json(.null): throw .null
        case .json(.string(let text)): return text
        case .json(let value):
            guard !value.holdsInexactNumber else { throw .inexactNumber }
            return value.serialized()
        case .bytes(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else { throw .notText }
            return text
        case .files: throw .files
        }
    }

    /// The text a tag inserts for the value, through `helper` if any.
    func rendered(with helper: TemplateHelper?) throws(ValueProblem) -> String {
        guard let helper else { return try self.text() }
        return try helper.apply(to: self)
    }
}

/// Why a value cannot be inserted; ``message(subject:)`` names the value, never shows it.
enum ValueProblem: Error, Equatable {
    /// The value is JSON `null`.
    case null
    /// Text is needed but the file is not UTF-8.
    case notText
    /// `base64decode` got something that is not base64; the reason names a byte position only.
    case notBase64(String)
    /// `base64decode` decoded bytes that are not UTF-8.
    case decodedNotText
    /// `shell` got a NUL byte.
    case nulInShellWord
    /// `dotenv` got text no dotenv quoting reads back as.
    case notDotenv
    /// `.` named the files (the syntax check prevents it).
    case files
    /// The value holds a number of magnitude 2^53 or more, which a double holds only approximately.
    case inexactNumber

    /// The message for the value named `subject`: `db.password is null`.
    func message(subject: String) -> String {
        switch self {
        case .null: "\(subject) is null"
        case .notText: "\(subject) is not UTF-8 text; insert it with the base64 helper instead"
        case .notBase64(let reason): "\(subject) does not decode as base64: \(reason)"
        case .decodedNotText: "what \(subject) decodes to is not UTF-8 text; insert it without base64decode instead"
        case .nulInShellWord: "\(subject) has a NUL byte, which no shell word can hold"
        case .notDotenv:
            "\(subject) cannot be quoted as a dotenv value that every dotenv reader reads back the same (it has a NUL "
                + "byte or ${, ends in a backslash, or has a $ as well as a quote, backslash or carriage return)"
        case .files: "\(subject) names all the files, not a value"
        case .inexactNumber:
            "\(subject) holds a number of magnitude 2^53 or more, which a double holds only "
                + "approximately, so it could be inserted changed: store it in the secret as a string"
        }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import JMESPath

/// A file format for every top-level key of a JSON object (`format:` of a template entry).
///
/// Every format writes the object's keys in the object's order, one per line, each line ending in `"\n"`; the same
/// object always gives the same bytes (no dates, no comments). The line formats (``dotenv`` and ``properties``) write
/// a string as its text, a number or boolean as its JSON text, `null` as nothing and a nested array or object as its
/// compact JSON text; ``json`` and ``yaml`` keep strings, numbers, booleans and `null` as such and write a nested
/// array or object as a string holding its compact JSON text.
///
/// ```swift
/// let bytes = try FileFormat.dotenv.render(["USER": "admin", "PORT": 5432], maximumBytes: 4096)
/// // USER='admin'
/// // PORT='5432'
/// ```
public enum FileFormat: String, Sendable, CaseIterable {
    /// `KEY='value'` lines, as docker compose and the dotenv libraries read them.
    case dotenv
    /// `key=value` lines with `java.util.Properties` escaping.
    case properties
    /// A JSON object, one key per line.
    case json
    /// A YAML mapping, one key per line.
    case yaml

    /// The file for `value`, which must be a JSON object; at most `maximumBytes` bytes.
    ///
    /// Throws a ``FormatProblem`` when `value` is not an object, when the file would be longer than `maximumBytes`
    /// (found while writing: no more than about the limit is ever built) and, for ``dotenv``, when a key is not a
    /// variable name or a value cannot be quoted (see ``dotenvQuoted(_:)``), and when a value holds an integer of
    /// 2^53 or more (``JSONValue/holdsInexactNumber``). Messages name keys, never values.
    public func render(_ value: JSONValue, maximumBytes: Int) throws(FormatProblem) -> [UInt8] {
        guard case .object(let object) = value else {
            throw .notAnObject(value, format: self)
        }
        // Even an empty file is more than a negative number of bytes.
        guard maximumBytes >= 0 else {
            throw .tooLarge(self, maximumBytes: maximumBytes)
        }
        for (key, member) in object where member.holdsInexactNumber {
            throw .inexactNumber(key)
        }
        var writer = FileWriter(format: self, maximumBytes: maximumBytes)
        switch self {
        case .dotenv:
            try writer.writeDotenv(object)
        case .properties:
            try writer.writeProperties(object)
        case .json:
            try writer.writeJSON(object)
        case .yaml:
            try writer.writeYAML(object)
        }
        return writer.bytes
    }

    /// `text` quoted as a dotenv value, or nil when no quoting reads back as `text` everywhere.
    ///
    /// Text without `'`, `\`, carriage return or NUL is single-quoted as it is (line feeds included: docker compose
    /// and python-dotenv both read multi-line single-quoted values). Other text is double-quoted with `\\`, `\"`,
    /// `\n`, `\r` and `\t` escapes, unless it also holds a `$`, which double quotes would interpolate, or ends in a
    /// `\`, which python-dotenv would read as escaping the closing quote (nil). Text with a NUL is nil too.
    public static func dotenvQuoted(_ text: String) -> String? {
        switch DotenvQuoting(text) {
        case .quoted(let quoted): quoted
        case .refused: nil
        }
    }
}

/// Why a value cannot be written in a format; names the key, never a value.
public struct FormatProblem: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    /// The message.
    public var description: String { self.message }
}

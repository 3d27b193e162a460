// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

extension JSONValue {
    /// Parses a JSON document (RFC 8259) from its text.
    /// - Throws: ``JMESPathError`` with code ``JMESPathError/Code/invalidJSON`` naming the line and column of
    ///   the problem, for malformed input or nesting deeper than ``maximumNestingDepth``.
    public init(parsing text: String) throws(JMESPathError) {
        var text = text
        self = try text.withUTF8(JSONValue.parse).get()
    }

    /// Parses a JSON document (RFC 8259) from UTF-8 bytes.
    /// - Throws: ``JMESPathError`` with code ``JMESPathError/Code/invalidJSON`` naming the line and column of
    ///   the problem, for malformed input, invalid UTF-8 or nesting deeper than ``maximumNestingDepth``.
    public init(parsing bytes: some Collection<UInt8>) throws(JMESPathError) {
        let result =
            bytes.withContiguousStorageIfAvailable(JSONValue.parse)
            ?? Array(bytes).withUnsafeBufferPointer(JSONValue.parse)
        self = try result.get()
    }

    /// Parses a whole document; a `Result` because the `withUTF8`-style callers only rethrow untyped errors.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JMESPathError> {
        Result { () throws(JMESPathError) in try JSONValue(parsingUTF8: bytes) }
    }

    private init(parsingUTF8 bytes: UnsafeBufferPointer<UInt8>) throws(JMESPathError) {
        do {
            self = try JSONParser.parseDocument(bytes)
        } catch {
            var line = 1
            var column = 1
            for byte in bytes[..<error.offset] {
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
            throw JMESPathError(
                code: .invalidJSON,
                message: "invalid JSON at line \(line), column \(column): \(error.reason)",
                line: line,
                column: column
            )
        }
    }
}

/// Why JSON text could not be parsed, and the byte offset where it was noticed.
struct JSONParseFailure: Error {
    /// The byte offset of the problem in the parsed buffer.
    var offset: Int
    /// What was wrong, as a sentence fragment such as `expected ':' after an object key`.
    var reason: String
}

/// A JSON parser over UTF-8 bytes that tracks open arrays and objects on an explicit stack, with a nesting
/// limit.
struct JSONParser {
    /// The text being parsed.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next byte to read.
    var offset: Int

    /// Creates a parser positioned at `offset`.
    init(bytes: UnsafeBufferPointer<UInt8>, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// Parses exactly one JSON value, with optional surrounding whitespace, from the whole buffer.
    static func parseDocument(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseFailure) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.offset == bytes.count else {
            throw parser.failure("unexpected \(parser.describeCurrentByte()) after the JSON value")
        }
        return value
    }

    /// The byte at ``offset``, or `nil` at the end of input.
    var current: UInt8? {
        self.offset < self.bytes.count ? self.bytes[self.offset] : nil
    }

    /// A failure at the current offset.
    func failure(_ reason: String) -> JSONParseFailure {
        JSONParseFailure(offset: self.offset, reason: reason)
    }

    private func describeCurrentByte() -> String {
        guard let byte = self.current else { return "end of input" }
        if byte >= 0x20 && byte < 0x7F {
            return "character '\(Character(Unicode.Scalar(byte)))'"
        }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private mutating func skipWhitespace() {
        while let byte = self.current,
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\t")
        {
            self.offset += 1
        }
    }

    /// An array or object being parsed, with the members read so far.
    private enum OpenContainer {
        case array([JSONValue])
        case object(JSONObjectBuilder, pendingKey: String)
    }

    /// Parses one value after optional whitespace. Nested arrays and objects are tracked on an explicit
    /// stack rather than by recursion, so the nesting limit, not the thread's stack, bounds the depth.
    mutating func parseValue() throws(JSONParseFailure) -> JSONValue {
        var open: [OpenContainer] = []
        while true {
            guard var value = try self.parseScalarOrOpen(&open) else { continue }
            // Attach the finished value to the innermost container, closing containers as they end.
            while true {
                guard let container = open.popLast() else { return value }
                guard let closed = try self.attach(value, to: container, &open) else { break }
                value = closed
            }
        }
    }

    /// Parses a scalar, an empty container, or the opening of a container (pushed on `open`; returns `nil`).
    private mutating func parseScalarOrOpen(_ open: inout [OpenContainer]) throws(JSONParseFailure) -> JSONValue? {
        self.skipWhitespace()
        guard let byte = self.current else {
            throw self.failure("expected a JSON value but found the end of input")
        }
        switch byte {
        case UInt8(ascii: "["):
            try self.enterContainer(depth: open.count)
            if self.skipWhitespaceAndConsume(UInt8(ascii: "]")) {
                return .array([])
            }
            open.append(.array([]))
            return nil
        case UInt8(ascii: "{"):
            try self.enterContainer(depth: open.count)
            if self.skipWhitespaceAndConsume(UInt8(ascii: "}")) {
                return .object(JSONObject())
            }
            open.append(.object(JSONObjectBuilder(), pendingKey: try self.parseKey()))
            return nil
        case UInt8(ascii: "\""):
            return .string(try self.parseString())
        case UInt8(ascii: "t"):
            try self.expectWord("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try self.expectWord("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try self.expectWord("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try self.parseNumber())
        default:
            throw self.failure("expected a JSON value but found \(self.describeCurrentByte())")
        }
    }

    /// Adds `value` to `container`; returns the container's value if it ends here, else pushes it back
    /// (ready for its next member) and returns `nil`.
    private mutating func attach(
        _ value: JSONValue,
        to container: consuming OpenContainer,
        _ open: inout [OpenContainer]
    ) throws(JSONParseFailure) -> JSONValue? {
        // Consuming the container moves its members out, so appending does not copy them.
        switch consume container {
        case .array(var elements):
            elements.append(value)
            if self.skipWhitespaceAndConsume(UInt8(ascii: "]")) {
                return .array(elements)
            }
            try self.expectSeparator(closing: "]", after: "an array element")
            open.append(.array(elements))
        case .object(var builder, let key):
            // As in most parsers, a repeated key keeps its first position and its last value.
            builder.set(key, value)
            if self.skipWhitespaceAndConsume(UInt8(ascii: "}")) {
                return .object(builder.build())
            }
            try self.expectSeparator(closing: "}", after: "an object member")
            open.append(.object(builder, pendingKey: try self.parseKey()))
        }
        return nil
    }

    /// Steps over `[` or `{`, enforcing the nesting limit.
    private mutating func enterContainer(depth: Int) throws(JSONParseFailure) {
        guard depth < JSONValue.maximumNestingDepth else {
            throw self.failure(
                "arrays and objects are nested more than \(JSONValue.maximumNestingDepth) levels deep"
            )
        }
        self.offset += 1
    }

    private mutating func skipWhitespaceAndConsume(_ byte: UInt8) -> Bool {
        self.skipWhitespace()
        guard self.current == byte else { return false }
        self.offset += 1
        return true
    }

    private mutating func expectSeparator(closing: Character, after what: String) throws(JSONParseFailure) {
        guard self.current == UInt8(ascii: ",") else {
            throw self.failure("expected ',' or '\(closing)' after \(what) but found \(self.describeCurrentByte())")
        }
        self.offset += 1
    }

    /// Parses `"key" :` of an object member.
    private mutating func parseKey() throws(JSONParseFailure) -> String {
        self.skipWhitespace()
        guard self.current == UInt8(ascii: "\"") else {
            throw self.failure("expected a string key but found \(self.describeCurrentByte())")
        }
        let key = try self.parseString()
        guard self.skipWhitespaceAndConsume(UInt8(ascii: ":")) else {
            throw self.failure("expected ':' after an object key but found \(self.describeCurrentByte())")
        }
        return key
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONParseFailure) {
        let count = word.utf8CodeUnitCount
        let matches =
            self.offset + count <= self.bytes.count
            && (0..<count).allSatisfy { self.bytes[self.offset + $0] == word.utf8Start[$0] }
        guard matches else {
            throw self.failure("expected a JSON value but found \(self.describeCurrentByte())")
        }
        self.offset += count
    }
}

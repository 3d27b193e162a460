// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

extension JSONParser {
    /// Parses a string whose opening `"` is at the current offset, decoding JSON escapes including
    /// `\uXXXX` surrogate pairs.
    mutating func parseString() throws(JSONParseFailure) -> String {
        let start = self.offset + 1
        var end = start
        var combined: UInt8 = 0
        // Fast path: no escapes, so the bytes between the quotes are the string.
        while end < self.bytes.count {
            let byte = self.bytes[end]
            if byte == UInt8(ascii: "\"") {
                self.offset = end + 1
                let content = UnsafeBufferPointer(rebasing: self.bytes[start..<end])
                // ASCII needs no validation; the specialized decoding initializer is much faster.
                return combined < 0x80
                    ? String(decoding: content, as: UTF8.self) : try self.decodeUTF8(content, at: start)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 {
                break
            }
            combined |= byte
            end += 1
        }
        // With escapes: each run of plain bytes between them is copied at once (a class's YAML has one per line).
        var decoded: [UInt8] = []
        var run = start
        self.offset = end
        while true {
            while let byte = self.current, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte >= 0x20 {
                self.offset += 1
            }
            decoded.append(contentsOf: self.bytes[run..<self.offset])
            guard let byte = self.current else {
                throw JSONParseFailure(offset: start - 1, reason: "unterminated string")
            }
            switch byte {
            case UInt8(ascii: "\""):
                self.offset += 1
                return try decoded.withUnsafeBufferPointer { (buffer) throws(JSONParseFailure) in
                    try self.decodeUTF8(buffer, at: start)
                }
            case UInt8(ascii: "\\"):
                try self.parseEscape(into: &decoded)
            default:
                throw self.failure("control character 0x\(String(byte, radix: 16)) must be escaped in a string")
            }
            run = self.offset
        }
    }

    private func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) throws(JSONParseFailure) -> String {
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw JSONParseFailure(offset: start, reason: "string is not valid UTF-8")
        }
        return string
    }

    private mutating func parseEscape(into decoded: inout [UInt8]) throws(JSONParseFailure) {
        let escapeStart = self.offset
        self.offset += 1
        guard let byte = self.current else {
            throw JSONParseFailure(offset: escapeStart, reason: "unterminated escape sequence")
        }
        self.offset += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
            decoded.append(byte)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            let scalar = try self.parseUnicodeEscape(escapeStart: escapeStart)
            decoded.append(contentsOf: String(Character(scalar)).utf8)
        default:
            throw JSONParseFailure(
                offset: escapeStart,
                reason: "invalid escape sequence '\\\(Character(Unicode.Scalar(byte)))'"
            )
        }
    }

    /// Parses the hex digits of `\uXXXX` (the `\u` already consumed), joining a surrogate pair.
    private mutating func parseUnicodeEscape(escapeStart: Int) throws(JSONParseFailure) -> Unicode.Scalar {
        let first = try self.parseHexQuad(escapeStart: escapeStart)
        switch first {
        case 0xD800...0xDBFF:
            let lowStart = self.offset
            guard self.offset + 1 < self.bytes.count, self.bytes[self.offset] == UInt8(ascii: "\\"),
                self.bytes[self.offset + 1] == UInt8(ascii: "u")
            else {
                throw JSONParseFailure(offset: escapeStart, reason: "unpaired high surrogate in '\\u' escape")
            }
            self.offset += 2
            let second = try self.parseHexQuad(escapeStart: lowStart)
            guard (0xDC00...0xDFFF).contains(second) else {
                throw JSONParseFailure(offset: escapeStart, reason: "unpaired high surrogate in '\\u' escape")
            }
            let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            // A valid pair always yields a scalar in U+10000...U+10FFFF.
            return Unicode.Scalar(value)!
        case 0xDC00...0xDFFF:
            throw JSONParseFailure(offset: escapeStart, reason: "unpaired low surrogate in '\\u' escape")
        default:
            // Every non-surrogate value below 0x10000 is a scalar.
            return Unicode.Scalar(first)!
        }
    }

    private mutating func parseHexQuad(escapeStart: Int) throws(JSONParseFailure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = self.current, let digit = hexDigitValue(byte) else {
                throw JSONParseFailure(offset: escapeStart, reason: "'\\u' must be followed by four hex digits")
            }
            value = value << 4 | digit
            self.offset += 1
        }
        return value
    }

    /// Parses a number following the JSON grammar; integers of up to 18 digits take a fast exact path.
    mutating func parseNumber() throws(JSONParseFailure) -> Double {
        let start = self.offset
        let negative = self.current == UInt8(ascii: "-")
        if negative {
            self.offset += 1
        }
        var integer: Int64 = 0
        let integerStart = self.offset
        if self.current == UInt8(ascii: "0") {
            self.offset += 1
        } else {
            guard let byte = self.current, isASCIIDigit(byte) else {
                throw self.failure("expected a digit in a number")
            }
            while let byte = self.current, isASCIIDigit(byte) {
                if self.offset - integerStart < 18 {
                    integer = integer * 10 + Int64(byte - UInt8(ascii: "0"))
                }
                self.offset += 1
            }
        }
        let integerDigits = self.offset - integerStart
        var isInteger = true
        if self.current == UInt8(ascii: ".") {
            isInteger = false
            self.offset += 1
            try self.skipDigits(after: "'.'")
        }
        if self.current == UInt8(ascii: "e") || self.current == UInt8(ascii: "E") {
            isInteger = false
            self.offset += 1
            if self.current == UInt8(ascii: "+") || self.current == UInt8(ascii: "-") {
                self.offset += 1
            }
            try self.skipDigits(after: "the exponent marker")
        }
        if isInteger && integerDigits <= 18 {
            // Int64 to Double conversion rounds correctly, like parsing the decimal text would.
            return negative ? -Double(integer) : Double(integer)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: self.bytes[start..<self.offset]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw JSONParseFailure(offset: start, reason: "number \(text.abbreviated()) is out of range")
        }
        return value
    }

    private mutating func skipDigits(after what: String) throws(JSONParseFailure) {
        guard let byte = self.current, isASCIIDigit(byte) else {
            throw self.failure("expected a digit after \(what) in a number")
        }
        while let byte = self.current, isASCIIDigit(byte) {
            self.offset += 1
        }
    }
}

/// Whether `byte` is an ASCII digit.
func isASCIIDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
}

private func hexDigitValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Character classes of HTTP/1.1 (RFC 9110 and RFC 9112) that request validation needs.
enum HTTPSyntax {
    /// Whether `byte` may appear in a token (`tchar`), the syntax of methods and header names.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// Whether `byte` is a space or a horizontal tab.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// Whether `byte` is an ASCII hexadecimal digit.
    static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            true
        default:
            false
        }
    }

    /// `value` with the line break (CRLF or LF) of every obsolete line fold replaced by a space, or `nil` if the value
    /// has any other control character (tab excepted) or a line break that is not followed by a space or tab.
    static func unfolded(_ value: String) -> String? {
        let bytes = value.utf8
        guard bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            return value
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            index = bytes.index(after: index)
            var isLineBreak = byte == UInt8(ascii: "\n")
            if byte == UInt8(ascii: "\r") {
                guard index != bytes.endIndex, bytes[index] == UInt8(ascii: "\n") else { return nil }
                index = bytes.index(after: index)
                isLineBreak = true
            }
            if isLineBreak {
                // A line break is valid only as a fold: followed by at least one space or tab.
                guard index != bytes.endIndex, Self.isWhitespace(bytes[index]) else { return nil }
                output.append(UInt8(ascii: " "))
            } else {
                guard byte >= 0x20 && byte != 0x7F || byte == UInt8(ascii: "\t") else { return nil }
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

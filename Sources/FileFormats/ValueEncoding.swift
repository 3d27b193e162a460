// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// How a stored value is encoded (`objectEncoding`, on an object or a `jmesPath` entry): the file gets the decoded
/// bytes.
public enum ValueEncoding: String, Sendable, Hashable, CaseIterable {
    /// The bytes as stored (the default).
    case utf8 = "utf-8"
    /// Base64 with the standard alphabet (RFC 4648 §4); white space is ignored and padding is optional.
    case base64
    /// Base64 with the URL and file name safe alphabet (RFC 4648 §5); white space is ignored and padding is optional.
    case base64url
    /// Hexadecimal digits, two per byte, either case (RFC 4648 §8); white space is ignored.
    case hex

    /// The encoding named `text` (case-insensitive; `utf8` is accepted for `utf-8`), or nil.
    public init?(named text: String) {
        let lowered = text.lowercased()
        if lowered == "utf8" {
            self = .utf8
        } else {
            self.init(rawValue: lowered)
        }
    }

    /// Why a value does not decode, as the end of a sentence; never contains any part of the value.
    public struct Problem: Error, Sendable, Equatable {
        /// The reason, such as `it has a character outside the base64 alphabet at byte 12`.
        public let reason: String
    }

    /// The bytes `encoded` stands for.
    ///
    /// - Throws: ``Problem`` naming the position of the first byte at fault, never the byte itself.
    public func decode(_ encoded: [UInt8]) throws(Problem) -> [UInt8] {
        switch self {
        case .utf8: encoded
        case .base64: try Self.decodeBase64(encoded, alphabet: Self.standardAlphabet, name: "base64")
        case .base64url: try Self.decodeBase64(encoded, alphabet: Self.urlAlphabet, name: "base64url")
        case .hex: try Self.decodeHex(encoded)
        }
    }

    /// The digits of standard base64, by value.
    private static let standardDigits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The value of each base64 digit of the standard alphabet, by byte; 0xFF for bytes that are not digits.
    private static let standardAlphabet = Self.table(Self.standardDigits)

    /// `bytes` in standard base64 (RFC 4648 §4) with `=` padding, on one line.
    public static func base64Encoded(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let count = min(3, bytes.count - index)
            var group: UInt32 = 0
            for offset in 0..<3 {
                group = group << 8 | UInt32(offset < count ? bytes[index + offset] : 0)
            }
            for digit in 0..<4 {
                let value = Int(group >> UInt32(18 - 6 * digit) & 0x3F)
                output.append(digit <= count ? Self.standardDigits[value] : UInt8(ascii: "="))
            }
            index += count
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The value of each base64url digit, by byte; 0xFF for bytes that are not digits.
    private static let urlAlphabet = Self.table(
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    )

    private static func table(_ digits: [UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, digit) in digits.enumerated() {
            table[Int(digit)] = UInt8(value)
        }
        return table
    }

    /// Space, tab, line feed, carriage return, vertical tab and form feed: ignored between digits.
    private static func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    private static func decodeBase64(_ encoded: [UInt8], alphabet: [UInt8], name: String) throws(Problem) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(encoded.count / 4 * 3 + 3)
        var accumulator: UInt32 = 0
        var digits = 0  // Digits since the last full group of four.
        var padding = 0
        for (offset, byte) in encoded.enumerated() {
            if Self.isWhiteSpace(byte) {
                continue
            }
            if byte == UInt8(ascii: "=") {
                padding += 1
                guard digits >= 2, digits + padding <= 4 else {
                    throw Problem(reason: "it has a misplaced '=' at byte \(offset + 1), which is not valid \(name)")
                }
                continue
            }
            let value = alphabet[Int(byte)]
            guard value != 0xFF else {
                throw Problem(reason: "it has a character outside the \(name) alphabet at byte \(offset + 1)")
            }
            guard padding == 0 else {
                throw Problem(reason: "it has \(name) digits after '=' padding, at byte \(offset + 1)")
            }
            accumulator = accumulator << 6 | UInt32(value)
            digits += 1
            if digits == 4 {
                output.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                output.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                output.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator = 0
                digits = 0
            }
        }
        switch digits {
        case 0:
            guard padding == 0 else {
                throw Problem(reason: "it has '=' padding after a complete group, which is not valid \(name)")
            }
        case 1:
            throw Problem(reason: "its length is not valid \(name) (one digit too many at the end)")
        case 2:
            guard padding == 0 || padding == 2 else {
                throw Problem(reason: "it ends with the wrong amount of '=' padding for \(name)")
            }
            output.append(UInt8(truncatingIfNeeded: accumulator >> 4))
        default:
            guard padding == 0 || padding == 1 else {
                throw Problem(reason: "it ends with the wrong amount of '=' padding for \(name)")
            }
            output.append(UInt8(truncatingIfNeeded: accumulator >> 10))
            output.append(UInt8(truncatingIfNeeded: accumulator >> 2))
        }
        return output
    }

    private static func decodeHex(_ encoded: [UInt8]) throws(Problem) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(encoded.count / 2)
        var high: UInt8?
        for (offset, byte) in encoded.enumerated() {
            if Self.isWhiteSpace(byte) {
                continue
            }
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = byte - UInt8(ascii: "A") + 10
            default: throw Problem(reason: "it has a character that is not a hex digit at byte \(offset + 1)")
            }
            if let first = high {
                output.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        guard high == nil else {
            throw Problem(reason: "it has an odd number of hex digits")
        }
        return output
    }
}

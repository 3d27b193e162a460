// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Standard base64 (RFC 4648 §4) for the `base64` and `base64decode` helpers.
enum Base64 {
    /// Why text does not decode; names a byte position, never a byte.
    struct Problem: Error {
        /// The reason, such as `a character outside the base64 alphabet at byte 12`.
        let reason: String
    }

    /// The digits, by value.
    private static let digits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The value of each digit, by byte; 0xFF for bytes that are not digits.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, digit) in Self.digits.enumerated() {
            table[Int(digit)] = UInt8(value)
        }
        return table
    }()

    /// `bytes` in base64 with `=` padding.
    static func encode(_ bytes: [UInt8]) -> String {
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
                output.append(digit <= count ? Self.digits[value] : UInt8(ascii: "="))
            }
            index += count
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes base64 text stands for: white space (space, tab, line feed, carriage return, vertical tab, form
    /// feed) is ignored and padding is optional, but `=` must be where padding goes.
    static func decode(_ encoded: [UInt8]) throws(Problem) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(encoded.count / 4 * 3 + 2)
        var accumulator: UInt32 = 0
        var digits = 0  // Digits since the last full group of four.
        var padding = 0
        for (offset, byte) in encoded.enumerated() {
            if byte.isASCIIWhiteSpace {
                continue
            }
            if byte == UInt8(ascii: "=") {
                padding += 1
                guard digits >= 2, digits + padding <= 4 else {
                    throw Problem(reason: "a misplaced '=' at byte \(offset + 1)")
                }
                continue
            }
            let value = Self.values[Int(byte)]
            guard value != 0xFF else {
                throw Problem(reason: "a character outside the base64 alphabet at byte \(offset + 1)")
            }
            guard padding == 0 else {
                throw Problem(reason: "digits after '=' padding, at byte \(offset + 1)")
            }
            accumulator = accumulator << 6 | UInt32(value)
            digits += 1
            if digits == 4 {
                output.append(contentsOf: [16, 8, 0].map { UInt8(truncatingIfNeeded: accumulator >> $0) })
                accumulator = 0
                digits = 0
            }
        }
        switch digits {
        case 0:
            break
        case 1:
            throw Problem(reason: "one digit too many at the end")
        case 2:
            guard padding == 0 || padding == 2 else { throw Problem(reason: "the wrong amount of '=' padding") }
            output.append(UInt8(truncatingIfNeeded: accumulator >> 4))
        default:
            guard padding == 0 || padding == 1 else { throw Problem(reason: "the wrong amount of '=' padding") }
            output.append(UInt8(truncatingIfNeeded: accumulator >> 10))
            output.append(UInt8(truncatingIfNeeded: accumulator >> 2))
        }
        return output
    }
}

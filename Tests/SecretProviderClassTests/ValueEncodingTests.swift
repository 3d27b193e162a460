// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import FileFormats
import Foundation
import SecretProviderClass
import Testing

struct ValueEncodingTests {
    /// RFC 4648 §10's test vectors: (decoded, base64, base16).
    static let rfcVectors: [(String, String, String)] = [
        ("", "", ""), ("f", "Zg==", "66"), ("fo", "Zm8=", "666F"), ("foo", "Zm9v", "666F6F"),
        ("foob", "Zm9vYg==", "666F6F62"), ("fooba", "Zm9vYmE=", "666F6F6261"), ("foobar", "Zm9vYmFy", "666F6F626172"),
    ]

    @Test("RFC 4648 vectors decode, with padding, without it, and wrapped in white space", arguments: Self.rfcVectors)
    func vectors(decoded: String, base64: String, hex: String) throws {
        let expected = Array(decoded.utf8)
        #expect(try ValueEncoding.base64.decode(Array(base64.utf8)) == expected)
        #expect(try ValueEncoding.base64url.decode(Array(base64.utf8)) == expected)
        #expect(try ValueEncoding.base64.decode(Array(base64.replacing("=", with: "").utf8)) == expected)
        #expect(
            try ValueEncoding.base64.decode(Array(" \(base64.prefix(2))\r\n\t\(base64.dropFirst(2))\n".utf8))
                == expected
        )
        #expect(try ValueEncoding.hex.decode(Array(hex.utf8)) == expected)
        #expect(try ValueEncoding.hex.decode(Array(hex.lowercased().utf8)) == expected)
        #expect(try ValueEncoding.utf8.decode(Array(base64.utf8)) == Array(base64.utf8))
    }

    @Test("every byte value survives each encoding, as Foundation and Python encode it")
    func allBytes() throws {
        let bytes = (0...255).map { UInt8($0) } + (0...255).reversed().map { UInt8($0) }
        let standard = Data(bytes).base64EncodedString(options: .lineLength64Characters)
        #expect(try ValueEncoding.base64.decode(Array(standard.utf8)) == bytes)
        let url = Data(bytes).base64EncodedString().replacing("+", with: "-").replacing("/", with: "_")
        #expect(try ValueEncoding.base64url.decode(Array(url.utf8)) == bytes)
        let hex = bytes.map { String($0, radix: 16, uppercase: $0 % 2 == 0).leftPadded }.joined()
        #expect(try ValueEncoding.hex.decode(Array(hex.utf8)) == bytes)
    }

    static let malformedInputs: [(ValueEncoding, String, String)] = [
        (.base64, "Zm9v!", "a character outside the base64 alphabet at byte 5"),
        (.base64, "Zm9v-_", "a character outside the base64 alphabet at byte 5"),
        (.base64url, "Zm9v+/", "a character outside the base64url alphabet at byte 5"),
        (.base64, "Z", "one digit too many"),
        (.base64, "Zm9vY", "one digit too many"),
        (.base64, "Zg=", "wrong amount of '=' padding"),
        (.base64, "Zm8==", "misplaced '='"),
        (.base64, "=Zm8", "misplaced '='"),
        (.base64, "Zg==Zg==", "digits after '=' padding"),
        (.base64, "Zm9v====", "misplaced '='"),
        (.hex, "abc", "odd number of hex digits"),
        (.hex, "0x41", "not a hex digit at byte 2"),
        (.hex, "zz", "not a hex digit at byte 1"),
    ]

    @Test("malformed input is refused with the position, never the value", arguments: Self.malformedInputs)
    func malformed(encoding: ValueEncoding, input: String, reason: String) {
        let problem = #expect(throws: ValueEncoding.Problem.self) { try encoding.decode(Array(input.utf8)) }
        #expect(problem?.reason.contains(reason) == true, "\(problem?.reason ?? "")")
        #expect(problem?.reason.contains(input) == false || input.count < 2)
    }

    @Test("names are case-insensitive; utf8 means utf-8; anything else is no encoding")
    func names() {
        #expect(ValueEncoding(named: "BASE64") == .base64)
        #expect(ValueEncoding(named: "Base64URL") == .base64url)
        #expect(ValueEncoding(named: "HEX") == .hex)
        #expect(ValueEncoding(named: "utf8") == .utf8)
        #expect(ValueEncoding(named: "UTF-8") == .utf8)
        #expect(ValueEncoding(named: "base32") == nil)
        #expect(ValueEncoding(named: "") == nil)
    }
}

extension String {
    /// Two hex digits.
    fileprivate var leftPadded: String {
        self.count == 1 ? "0" + self : self
    }
}

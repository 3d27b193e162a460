// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// The percent-encoding SigV4 prescribes: every byte except RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`)
/// becomes `%XX` with upper-case hex digits. A space becomes `%20`, never `+`.
package enum URIEncoding {
    private static let upperHexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Percent-encodes the UTF-8 bytes of `string`.
    ///
    /// - Parameters:
    ///   - string: The text to encode, for example a query parameter name or value, or a path.
    ///   - keepingSlashes: Whether `/` is left as is, as it is in a canonical URI path.
    /// - Returns: The encoded text.
    package static func percentEncode(_ string: some StringProtocol, keepingSlashes: Bool = false) -> String {
        let utf8 = string.utf8
        // Most names and values (`Action`, `X-Amz-Date`, `us-east-1`, tokens) need no encoding; skip the copy for them.
        guard let firstEncoded = utf8.firstIndex(where: { !Self.isUnencoded($0, keepingSlashes: keepingSlashes) })
        else {
            return String(string)
        }
        var encoded: [UInt8] = []
        encoded.reserveCapacity(utf8.count * 3)
        encoded.append(contentsOf: utf8[..<firstEncoded])
        for byte in utf8[firstEncoded...] {
            if Self.isUnencoded(byte, keepingSlashes: keepingSlashes) {
                encoded.append(byte)
            } else {
                encoded.append(UInt8(ascii: "%"))
                encoded.append(Self.upperHexDigits[Int(byte >> 4)])
                encoded.append(Self.upperHexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    private static func isUnencoded(_ byte: UInt8, keepingSlashes: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        case UInt8(ascii: "/"):
            keepingSlashes
        default:
            false
        }
    }
}

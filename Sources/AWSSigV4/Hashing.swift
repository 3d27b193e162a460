// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Crypto

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The SHA-256 and HMAC-SHA256 primitives of SigV4, with lower-case hex output.
enum Hashing {
    private static let lowerHexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The lower-case hex SHA-256 digest of `bytes`.
    static func sha256Hex(_ bytes: some DataProtocol) -> String {
        Self.hex(SHA256.hash(data: bytes))
    }

    /// The HMAC-SHA256 of the UTF-8 bytes of `message` under `key`.
    static func hmac(_ message: some StringProtocol, key: SymmetricKey) -> HashedAuthenticationCode<SHA256> {
        HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: key)
    }

    /// Lower-case hex text of `bytes`, as used for payload hashes and signatures.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(Self.lowerHexDigits[Int(byte >> 4)])
            text.append(Self.lowerHexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

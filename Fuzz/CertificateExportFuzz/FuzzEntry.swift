// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

// The libFuzzer target over the PEM and DER an ACM export's private key arrives in: the PEM armour, the PKCS#8
// `EncryptedPrivateKeyInfo`, the PBES2 and PBKDF2 parameters. Built by scripts/fuzz.sh pkcs8 together with the
// parsing sources of the CertificateExport module (compiled into one module with them, so it reaches their internal
// types) and swift-asn1; decryption itself is swift-crypto's. The first byte chooses whether the rest is PEM text or
// DER bytes (armoured here).
//
// Besides "no crash, no hang, bounded memory", it checks that a key that parses has the sizes its cipher needs, and
// that no error message carries the input.

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// libFuzzer's entry point: parses one PEM or DER encrypted key; returns 0 (the input is kept when it adds coverage).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEncryptedKeys(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size).dropFirst())
    let pem: String
    if data[0] % 2 == 0 {
        pem = String(decoding: bytes, as: UTF8.self)
    } else {
        pem =
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
            + Data(bytes).base64EncodedString(options: .lineLength64Characters)
            + "\n-----END ENCRYPTED PRIVATE KEY-----\n"
    }
    do {
        let key = try EncryptedKey(pem: pem)
        check([16, 24, 32].contains(key.keyBytes), "a key size no AES cipher has")
        check(key.iv.count == 16, "an IV of \(key.iv.count) bytes")
        check((1...PBES2Scheme.maximumIterations).contains(key.iterations), "an iteration count out of bounds")
    } catch {
        check(!error.message.isEmpty, "an error without a message")
        if bytes.count >= 12 {
            check(!error.message.contains(String(decoding: bytes, as: UTF8.self)), "the input in a message")
        }
    }
    return 0
}

/// Stops the fuzzer with a crash when a promised property does not hold.
private func check(_ condition: Bool, _ property: @autoclosure () -> String) {
    if !condition {
        fatalError("broken property: \(property())")
    }
}

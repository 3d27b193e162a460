// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SwiftASN1
import X509

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// What ACM's `ExportCertificate` returned, read and decrypted: the certificate, its chain and its private key,
/// checked to belong together. Printing, dumping or debugging it never shows the key.
public struct ExportedCertificate: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The certificate, PEM.
    public let certificate: String
    /// The chain (intermediates, then the root), PEM; empty when ACM sent none.
    public let chain: String
    /// The private key as an unencrypted PKCS#8 `PRIVATE KEY` PEM, UTF-8.
    public let privateKey: [UInt8]
    /// The certificate's serial number (``CertificateSerial``).
    public let serial: String
    /// When the certificate expires.
    public let notAfter: Date

    /// Reads an export: parses the certificate, decrypts the key with `passphrase` and checks that the key is the
    /// certificate's.
    ///
    /// - Throws: ``CertificateExportError``, never with key material or the certificate's body in its message.
    public init(certificate: String, chain: String, encryptedKey: String, passphrase: [UInt8])
        throws(CertificateExportError)
    {
        let parsed: Certificate
        do {
            parsed = try Certificate(pemEncoded: certificate)
        } catch {
            throw CertificateExportError(.malformedCertificate, "the certificate is not a PEM X.509 certificate")
        }
        var der = try EncryptedPrivateKey.decrypt(pem: encryptedKey, passphrase: passphrase)
        defer { SecureMemory.zero(&der) }
        let key: Certificate.PrivateKey
        do {
            key = try Certificate.PrivateKey(derBytes: der)
        } catch {
            throw CertificateExportError(
                .malformedKey,
                "the decrypted private key is not a PKCS#8 RSA, ECDSA or Ed25519 key this provider can read"
            )
        }
        guard key.publicKey == parsed.publicKey else {
            throw CertificateExportError(.keyMismatch, "the decrypted private key is not the certificate's")
        }
        self.certificate = certificate
        self.chain = chain
        self.privateKey = Array(EncryptedPrivateKey.pem(privateKeyInfo: der).utf8)
        self.serial = CertificateSerial.text(Array(parsed.serialNumber.bytes))
        self.notAfter = parsed.notValidAfter
    }

    /// The serial and expiry, without the key.
    public var description: String {
        "ExportedCertificate(serial: \(self.serial), notAfter: \(self.notAfter), privateKey: <REDACTED>)"
    }

    /// The same text as ``description``.
    public var debugDescription: String {
        self.description
    }

    /// A mirror without the key, so `dump(_:)` and debuggers do not show it either.
    public var customMirror: Mirror {
        Mirror(self, children: ["serial": self.serial, "notAfter": self.notAfter, "privateKey": "<REDACTED>"])
    }
}

/// A certificate serial number as text: lowercase hex bytes joined by `:`, without leading zero bytes (`0c:5e:…`),
/// the way ACM's `DescribeCertificate` writes it, so the two compare.
public enum CertificateSerial {
    /// The text of big-endian serial bytes.
    public static func text(_ bytes: [UInt8]) -> String {
        let significant = bytes.drop { $0 == 0 }
        return (significant.isEmpty ? [0] : Array(significant)).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: ":")
    }

    /// The canonical text of a serial as ACM writes it (`0C:5E:…`, any case, with or without leading `00`); nil when
    /// it is not hex bytes joined by `:`.
    public static func normalized(_ text: String) -> String? {
        var bytes: [UInt8] = []
        for part in text.split(separator: ":", omittingEmptySubsequences: false) {
            guard (1...2).contains(part.count), let byte = UInt8(part, radix: 16) else { return nil }
            bytes.append(byte)
        }
        return Self.text(bytes)
    }
}

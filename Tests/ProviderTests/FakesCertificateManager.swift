// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import CertificateExport
import Crypto
import CryptoExtras
import Foundation
import Logging
import Synchronization

/// An in-memory AWS Certificate Manager for one region: certificates by ARN (the OpenSSL-made test certificates of
/// `Tests/testdata/pkcs8`), each exported as ACM does, with its key encrypted under the caller's passphrase (PBES2,
/// PBKDF2-HMAC-SHA256, AES-256-CBC); injected errors per operation, and a log of calls.
final class FakeCertificateManager: Sendable {
    /// The operations of ``CertificateManagerAPI``.
    enum Operation: Sendable, Hashable {
        case describe, export
    }

    /// One stored certificate.
    struct Stored: Sendable {
        var description: CertificateDescription
        var certificate: String
        var chain: String
        /// The unencrypted PKCS#8 `PrivateKeyInfo` DER.
        var key: [UInt8]
    }

    private struct State {
        var certificates: [String: Stored] = [:]
        var errors: [Operation: AWSError] = [:]
        var calls: [Operation] = []
        var passphrases: [[UInt8]] = []
    }

    /// The region served.
    let region: String
    private let state = Mutex(State())

    /// Creates an empty region.
    init(region: String) {
        self.region = region
    }

    /// An ARN of this region.
    func arn(_ id: String) -> String {
        "arn:aws:acm:\(self.region):123456789012:certificate/\(id)"
    }

    /// Stores (or replaces: a renewal) the certificate at `arn`: the fixture named `fixture` (`rsa` or `ec`).
    func issue(_ arn: String, fixture: String, status: String = "ISSUED", type: String = "PRIVATE") throws {
        let certificate = try String(
            contentsOf: Self.fixtures.appendingPathComponent("\(fixture).crt"),
            encoding: .utf8
        )
        let pem = try String(
            contentsOf: Self.fixtures.appendingPathComponent("\(fixture)-aes-256-cbc-hmacWithSHA256.pem"),
            encoding: .utf8
        )
        let passphrase = Array(
            try String(contentsOf: Self.fixtures.appendingPathComponent("passphrase.txt"), encoding: .utf8).utf8
        )
        let key = try EncryptedPrivateKey.decrypt(pem: pem, passphrase: passphrase)
        let serial = fixture == "ec" ? "01:02" : "00:C0:FF:EE"  // as ACM writes them: upper case, a leading 00
        let description = CertificateDescription(
            serial: serial,
            status: status,
            type: type,
            exportOption: "DISABLED",
            notAfter: Date().addingTimeInterval(86_400)
        )
        self.state.withLock {
            $0.certificates[arn] = Stored(
                description: description,
                certificate: certificate,
                chain: Self.chain,
                key: key
            )
        }
    }

    /// Makes `DescribeCertificate` report `serial` for `arn` (an export still returns the stored certificate), as
    /// when the two calls cross a renewal.
    func describeSerial(_ arn: String, as serial: String) {
        self.state.withLock { $0.certificates[arn]?.description.serial = serial }
    }

    /// Makes `operation` fail with `error` (nil to stop).
    func fail(_ operation: Operation, with error: AWSError?) {
        self.state.withLock { $0.errors[operation] = error }
    }

    /// Every call, in order.
    var calls: [Operation] {
        self.state.withLock { $0.calls }
    }

    /// The passphrase of every export, in order.
    var passphrases: [[UInt8]] {
        self.state.withLock { $0.passphrases }
    }

    /// A client of this region.
    func client() -> any CertificateManagerAPI {
        Client(backend: self)
    }

    /// A chain the bundle carries after the certificate.
    static let chain = "-----BEGIN CERTIFICATE-----\nY2hhaW4=\n-----END CERTIFICATE-----\n"

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("testdata/pkcs8", isDirectory: true).standardizedFileURL

    private struct Client: CertificateManagerAPI {
        let backend: FakeCertificateManager

        var region: String { self.backend.region }

        func describeCertificate(arn: String, deadline: ContinuousClock.Instant, logger: Logger?) async throws
            -> CertificateDescription
        {
            try self.backend.answer(.describe, arn: arn).description
        }

        func exportCertificate(arn: String, passphrase: [UInt8], deadline: ContinuousClock.Instant, logger: Logger?)
            async throws -> CertificateExportParts
        {
            let stored = try self.backend.answer(.export, arn: arn)
            self.backend.state.withLock { $0.passphrases.append(passphrase) }
            return CertificateExportParts(
                certificate: stored.certificate,
                chain: stored.chain,
                encryptedPrivateKey: try Self.encrypt(stored.key, passphrase: passphrase)
            )
        }

        /// PEM `ENCRYPTED PRIVATE KEY`: PBES2 { PBKDF2 (salt, 2048, hmacWithSHA256), aes256-CBC (IV) }.
        static func encrypt(_ key: [UInt8], passphrase: [UInt8]) throws -> String {
            let salt = (0..<16).map { _ in UInt8.random(in: 0...255) }
            let iv = (0..<16).map { _ in UInt8.random(in: 0...255) }
            let derived = try KDF.Insecure.PBKDF2.deriveKey(
                from: passphrase,
                salt: salt,
                using: .sha256,
                outputByteCount: 32,
                unsafeUncheckedRounds: 2048
            )
            let ciphertext = try AES._CBC.encrypt(key, using: derived, iv: AES._CBC.IV(ivBytes: iv))
            let pbes2: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0D]
            let pbkdf2: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0C]
            let hmacSHA256: [UInt8] = [0x06, 0x08, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x02, 0x09, 0x05, 0x00]
            let aes256: [UInt8] = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2A]
            let kdf = der(0x30, pbkdf2 + der(0x30, der(0x04, salt) + [0x02, 0x02, 0x08, 0x00] + der(0x30, hmacSHA256)))
            let algorithm = der(0x30, pbes2 + der(0x30, kdf + der(0x30, aes256 + der(0x04, iv))))
            let info = der(0x30, algorithm + der(0x04, Array(ciphertext)))
            return "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + Data(info).base64EncodedString(options: .lineLength64Characters)
                + "\n-----END ENCRYPTED PRIVATE KEY-----\n"
        }

        /// A DER node: tag, length, contents.
        static func der(_ tag: UInt8, _ contents: [UInt8]) -> [UInt8] {
            let count = contents.count
            let length: [UInt8] =
                count < 0x80
                ? [UInt8(count)]
                : count < 0x100 ? [0x81, UInt8(count)] : [0x82, UInt8(count >> 8), UInt8(count & 0xFF)]
            return [tag] + length + contents
        }
    }

    private func answer(_ operation: Operation, arn: String) throws -> Stored {
        let (error, stored) = self.state.withLock { state in
            state.calls.append(operation)
            return (state.errors[operation], state.certificates[arn])
        }
        if let error {
            throw error
        }
        guard let stored else {
            throw AWSError(
                code: .notFound,
                message: "Certificate Manager: no certificate \(arn).",
                service: "acm",
                operation: operation == .describe ? "DescribeCertificate" : "ExportCertificate",
                region: self.region,
                httpStatus: 400,
                awsErrorCode: "ResourceNotFoundException"
            )
        }
        return stored
    }
}

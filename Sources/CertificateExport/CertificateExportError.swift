// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

/// Why an exported certificate or its private key could not be read. The message names what is wrong (a field, an
/// algorithm's name or object identifier) but never any byte of the key, the passphrase or the certificate.
public struct CertificateExportError: Error, Sendable, CustomStringConvertible {
    /// The kind of problem, with a stable camelCase name.
    public enum Code: String, Sendable {
        /// The private key is not a PEM `ENCRYPTED PRIVATE KEY` holding a DER `EncryptedPrivateKeyInfo`.
        case malformedKey
        /// The key is encrypted with a scheme this provider does not decrypt (named in the message).
        case unsupportedScheme
        /// Decryption failed: a wrong passphrase, or damaged ciphertext.
        case decryptionFailed
        /// The certificate is not a PEM X.509 certificate.
        case malformedCertificate
        /// The decrypted key is not the certificate's.
        case keyMismatch
    }

    /// The kind of problem.
    public let code: Code
    /// What is wrong; never key material.
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String {
        "\(self.code.rawValue): \(self.message)"
    }
}

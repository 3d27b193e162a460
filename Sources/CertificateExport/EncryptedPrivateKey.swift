// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import Crypto
import CryptoExtras
import SwiftASN1

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A private key as ACM's `ExportCertificate` returns it: PEM `ENCRYPTED PRIVATE KEY`, a PKCS#8
/// `EncryptedPrivateKeyInfo` encrypted with PBES2 (``PBES2Scheme``), decrypted in memory.
public enum EncryptedPrivateKey {
    /// The unencrypted PKCS#8 `PrivateKeyInfo` DER of `pem`, decrypted with `passphrase`.
    ///
    /// - Throws: ``CertificateExportError``: ``CertificateExportError/Code/malformedKey`` for anything that is not
    ///   PEM, DER or PBES2 as RFC 8018 writes it (truncated, extra bytes, wrong lengths),
    ///   ``CertificateExportError/Code/unsupportedScheme`` naming a scheme, a function or a cipher it does not
    ///   decrypt, ``CertificateExportError/Code/decryptionFailed`` for a wrong passphrase or damaged ciphertext.
    public static func decrypt(pem: String, passphrase: [UInt8]) throws(CertificateExportError) -> [UInt8] {
        let key = try EncryptedKey(pem: pem)
        var plain: Data
        do {
            let derived = try KDF.Insecure.PBKDF2.deriveKey(
                from: passphrase,
                salt: key.salt,
                using: Self.hash(key.function),
                outputByteCount: key.keyBytes,
                unsafeUncheckedRounds: key.iterations
            )
            plain = try AES._CBC.decrypt(key.ciphertext, using: derived, iv: AES._CBC.IV(ivBytes: key.iv))
        } catch {
            throw CertificateExportError(
                .decryptionFailed,
                "the private key could not be decrypted (a wrong passphrase, or damaged ciphertext)"
            )
        }
        var der = Array(plain)
        SecureMemory.zero(&plain)
        // A wrong passphrase can leave valid padding by chance: what comes out must be one DER SEQUENCE.
        guard (try? DER.parse(der))?.identifier == .sequence else {
            SecureMemory.zero(&der)
            throw CertificateExportError(
                .decryptionFailed,
                "the private key could not be decrypted (a wrong passphrase, or damaged ciphertext)"
            )
        }
        return der
    }

    /// `-----BEGIN PRIVATE KEY-----` PEM of a PKCS#8 `PrivateKeyInfo` DER.
    public static func pem(privateKeyInfo der: [UInt8]) -> String {
        PEMDocument(type: "PRIVATE KEY", derBytes: der).pemString
    }

    /// The hash function of a PBKDF2 pseudo-random function.
    private static func hash(_ function: PBES2Scheme.PseudoRandomFunction) -> KDF.Insecure.PBKDF2.HashFunction {
        switch function {
        case .hmacWithSHA1: .insecureSHA1
        case .hmacWithSHA256: .sha256
        case .hmacWithSHA384: .sha384
        case .hmacWithSHA512: .sha512
        }
    }

}

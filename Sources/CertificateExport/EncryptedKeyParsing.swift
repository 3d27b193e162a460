// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import SwiftASN1

/// The schemes of PKCS#5 v2 (RFC 8018) this provider decrypts: PBES2 with PBKDF2 (HMAC-SHA1, -SHA256, -SHA384 or
/// -SHA512) and AES-128, -192 or -256 in CBC mode, as `openssl pkcs8 -v2` and ACM's `ExportCertificate` write them.
enum PBES2Scheme {
    static let pbes2: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 5, 13]
    static let pbkdf2: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 5, 12]
    static let hmacWithSHA1: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 2, 7]

    /// The pseudo-random functions of PBKDF2, by object identifier.
    static let functions: [ASN1ObjectIdentifier: PseudoRandomFunction] = [
        hmacWithSHA1: .hmacWithSHA1,
        [1, 2, 840, 113_549, 2, 9]: .hmacWithSHA256,
        [1, 2, 840, 113_549, 2, 10]: .hmacWithSHA384,
        [1, 2, 840, 113_549, 2, 11]: .hmacWithSHA512,
    ]

    /// A pseudo-random function of PBKDF2.
    enum PseudoRandomFunction: String {
        case hmacWithSHA1, hmacWithSHA256, hmacWithSHA384, hmacWithSHA512
    }

    /// The ciphers, by object identifier, with their key sizes in bytes.
    static let ciphers: [ASN1ObjectIdentifier: (name: String, keyBytes: Int)] = [
        [2, 16, 840, 1, 101, 3, 4, 1, 2]: ("aes128-CBC", 16),
        [2, 16, 840, 1, 101, 3, 4, 1, 22]: ("aes192-CBC", 24),
        [2, 16, 840, 1, 101, 3, 4, 1, 42]: ("aes256-CBC", 32),
    ]

    /// Names of schemes met in the wild that are refused, for the message.
    static let knownOthers: [ASN1ObjectIdentifier: String] = [
        [1, 2, 840, 113_549, 3, 7]: "des-ede3-cbc",
        [1, 3, 14, 3, 2, 7]: "desCBC",
        [1, 2, 840, 113_549, 1, 5, 3]: "pbeWithMD5AndDES-CBC",
        [1, 2, 840, 113_549, 1, 5, 10]: "pbeWithSHA1AndDES-CBC",
        [1, 2, 840, 113_549, 1, 12, 1, 3]: "pbeWithSHAAnd3-KeyTripleDES-CBC",
        [1, 3, 6, 1, 4, 1, 11_591, 4, 11]: "scrypt",
    ]

    /// The most PBKDF2 iterations accepted: enough for the exporters met (ACM and OpenSSL use 2,048; password
    /// managers' keys up to 600,000), few enough that one key holds a thread for well under a second.
    static let maximumIterations = 1_000_000

    /// `des-ede3-cbc (1.2.840.113549.3.7)`.
    static func describe(_ identifier: ASN1ObjectIdentifier) -> String {
        let name =
            Self.knownOthers[identifier] ?? Self.functions[identifier]?.rawValue ?? Self.ciphers[identifier]?.name
        return name.map { "\($0) (\(identifier))" } ?? "\(identifier)"
    }
}

/// What decrypting a PKCS#8 `EncryptedPrivateKeyInfo` needs, read from its PEM: the PBES2 parameters (checked to
/// be a supported scheme) and the ciphertext. Parsing is apart from decryption, with no cryptography, so that a fuzz
/// target can reach every byte of it.
struct EncryptedKey {
    let salt: ArraySlice<UInt8>
    let iterations: Int
    let function: PBES2Scheme.PseudoRandomFunction
    let keyBytes: Int
    let iv: ArraySlice<UInt8>
    let ciphertext: ArraySlice<UInt8>

    /// Reads `pem`.
    /// - Throws: ``CertificateExportError`` (`malformedKey` or `unsupportedScheme`), naming no byte of the input.
    init(pem: String) throws(CertificateExportError) {
        let info: EncryptedPrivateKeyInfo
        do {
            let document = try PEMDocument(pemString: pem)
            guard document.discriminator == "ENCRYPTED PRIVATE KEY" else {
                throw CertificateExportError(
                    .malformedKey,
                    "the private key is a PEM \"\(Self.shown(document.discriminator))\", not an \"ENCRYPTED PRIVATE KEY\""
                )
            }
            info = try EncryptedPrivateKeyInfo(derEncoded: document.derBytes)
        } catch let error as CertificateExportError {
            throw error
        } catch {
            throw CertificateExportError(
                .malformedKey,
                "the private key is not a PEM PKCS#8 encrypted key: \(Self.reason(error))"
            )
        }
        let parameters = try Self.parameters(of: info.algorithm)
        self.salt = parameters.salt
        self.iterations = parameters.iterations
        self.function = parameters.function
        self.keyBytes = parameters.keyBytes
        self.iv = parameters.iv
        self.ciphertext = info.encryptedData.bytes
    }

    private struct Parameters {
        let salt: ArraySlice<UInt8>
        let iterations: Int
        let function: PBES2Scheme.PseudoRandomFunction
        let keyBytes: Int
        let iv: ArraySlice<UInt8>
    }

    /// The PBKDF2 and cipher parameters of a PBES2 `AlgorithmIdentifier`.
    private static func parameters(of algorithm: AlgorithmIdentifier) throws(CertificateExportError) -> Parameters {
        guard algorithm.algorithm == PBES2Scheme.pbes2 else {
            throw CertificateExportError(
                .unsupportedScheme,
                "the private key is encrypted with \(PBES2Scheme.describe(algorithm.algorithm)); only PBES2 "
                    + "(1.2.840.113549.1.5.13) with PBKDF2 and AES-CBC is supported"
            )
        }
        let scheme: PBES2Parameters
        let kdf: PBKDF2Parameters
        do {
            guard let any = algorithm.parameters else { throw ASN1Error.invalidASN1Object(reason: "no parameters") }
            scheme = try PBES2Parameters(asn1Any: any)
            guard scheme.keyDerivation.algorithm == PBES2Scheme.pbkdf2 else {
                throw CertificateExportError(
                    .unsupportedScheme,
                    "the private key's key derivation is \(PBES2Scheme.describe(scheme.keyDerivation.algorithm)); "
                        + "only PBKDF2 (1.2.840.113549.1.5.12) is supported"
                )
            }
            guard let kdfAny = scheme.keyDerivation.parameters else {
                throw ASN1Error.invalidASN1Object(reason: "PBKDF2 without parameters")
            }
            kdf = try PBKDF2Parameters(asn1Any: kdfAny)
        } catch let error as CertificateExportError {
            throw error
        } catch {
            throw CertificateExportError(
                .malformedKey,
                "the private key's PBES2 parameters are malformed: \(Self.reason(error))"
            )
        }
        guard let function = PBES2Scheme.functions[kdf.pseudoRandomFunction] else {
            throw CertificateExportError(
                .unsupportedScheme,
                "the private key's PBKDF2 function is \(PBES2Scheme.describe(kdf.pseudoRandomFunction)); supported: "
                    + "hmacWithSHA1, hmacWithSHA256, hmacWithSHA384, hmacWithSHA512"
            )
        }
        guard let cipher = PBES2Scheme.ciphers[scheme.encryption.algorithm] else {
            throw CertificateExportError(
                .unsupportedScheme,
                "the private key's cipher is \(PBES2Scheme.describe(scheme.encryption.algorithm)); supported: "
                    + "aes128-CBC, aes192-CBC, aes256-CBC"
            )
        }
        guard (1...PBES2Scheme.maximumIterations).contains(kdf.iterations) else {
            throw CertificateExportError(
                .unsupportedScheme,
                "the private key's PBKDF2 iteration count \(kdf.iterations) is outside 1 to "
                    + "\(PBES2Scheme.maximumIterations)"
            )
        }
        guard kdf.keyLength.map({ $0 == cipher.keyBytes }) ?? true else {
            throw CertificateExportError(
                .malformedKey,
                "the private key's PBKDF2 key length \(kdf.keyLength ?? 0) does not fit \(cipher.name)"
            )
        }
        let iv: ASN1OctetString
        do {
            guard let ivAny = scheme.encryption.parameters else {
                throw ASN1Error.invalidASN1Object(reason: "no IV")
            }
            iv = try ASN1OctetString(asn1Any: ivAny)
        } catch {
            throw CertificateExportError(
                .malformedKey,
                "the private key's \(cipher.name) IV is malformed: \(Self.reason(error))"
            )
        }
        guard iv.bytes.count == 16 else {
            throw CertificateExportError(
                .malformedKey,
                "the private key's \(cipher.name) IV is \(iv.bytes.count) bytes, not 16"
            )
        }
        return Parameters(
            salt: kdf.salt.bytes,
            iterations: kdf.iterations,
            function: function,
            keyBytes: cipher.keyBytes,
            iv: iv.bytes
        )
    }

    /// A PEM label as sent, for a message: at most 40 printable ASCII characters, anything else as `?`.
    private static func shown(_ label: String) -> String {
        String(
            String.UnicodeScalarView(
                label.unicodeScalars.prefix(40).map { (0x20..<0x7F).contains($0.value) ? $0 : "?" }
            )
        )
    }

    /// What a parser said, without the input: swift-asn1's error codes name the problem, never the bytes.
    private static func reason(_ error: any Error) -> String {
        (error as? ASN1Error).map { "\($0.code)" } ?? "not DER"
    }
}

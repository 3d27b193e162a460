// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import CertificateExport
import JMESPath
import Logging
import SecretProviderClass

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads ACM certificates in one region: `DescribeCertificate` for the serial (and whether the certificate can be
/// mounted at all), `ExportCertificate` with a passphrase made for the call, the key decrypted in memory.
struct CertificateFetcher: Sendable {
    let client: any CertificateManagerAPI
    let logger: Logger

    /// The certificate's serial (``CertificateSerial``) as the value's version, with no bytes; a failure when the
    /// certificate is not issued, has expired, was revoked, or cannot be exported.
    func serial(of reference: ObjectReference, deadline: ContinuousClock.Instant) async -> RegionResult {
        let region = self.client.region
        let description: CertificateDescription
        do {
            description = try await self.client.describeCertificate(
                arn: reference.name,
                deadline: deadline,
                logger: self.logger
            )
        } catch {
            return .failure(FetchFailure(error, region: region))
        }
        if let problem = Self.problem(description) {
            return .failure(
                FetchFailure(
                    region: region,
                    code: .invalidRequest,
                    isClientFault: true,
                    message: "certificate \(UserText.shown(reference.name)) in \(region) \(problem)"
                )
            )
        }
        guard let serial = description.serial.flatMap(CertificateSerial.normalized) else {
            return .failure(
                FetchFailure(
                    region: region,
                    code: .fetchFailed,
                    isClientFault: false,
                    message:
                        "Certificate Manager DescribeCertificate of \(UserText.shown(reference.name)) in \(region) "
                        + "answered without a serial number"
                )
            )
        }
        return .success(FetchedValue(bytes: [], version: serial, region: region))
    }

    /// The export of `reference`: its value is the JSON document `{"certificate", "certificateChain", "privateKey"}`
    /// (the key unencrypted PKCS#8 PEM) that `jmesPath` entries read, its version the exported certificate's serial.
    ///
    /// The passphrase is 32 random letters and digits from the system's cryptographic source, made for this call,
    /// never logged, and zeroed once the key is decrypted.
    func export(_ reference: ObjectReference, deadline: ContinuousClock.Instant) async -> RegionResult {
        let region = self.client.region
        var passphrase = Self.passphrase()
        defer { SecureMemory.zero(&passphrase) }
        let parts: CertificateExportParts
        do {
            parts = try await self.client.exportCertificate(
                arn: reference.name,
                passphrase: passphrase,
                deadline: deadline,
                logger: self.logger
            )
        } catch let error as AWSError where error.awsErrorCode == "ValidationException" {
            return .failure(
                FetchFailure(
                    region: region,
                    code: .invalidRequest,
                    isClientFault: true,
                    message: "certificate \(UserText.shown(reference.name)) in \(region) \(Self.notExportable)"
                )
            )
        } catch {
            return .failure(FetchFailure(error, region: region))
        }
        do {
            let export = try ExportedCertificate(
                certificate: parts.certificate,
                chain: parts.chain,
                encryptedKey: parts.encryptedPrivateKey,
                passphrase: passphrase
            )
            // Each part ends in a line break, so joining parts (`join('', [...])`) makes valid PEM.
            let document: JSONValue = [
                "certificate": .string(Self.line(export.certificate)),
                "certificateChain": .string(export.chain.isEmpty ? "" : Self.line(export.chain)),
                "privateKey": .string(Self.line(String(decoding: export.privateKey, as: UTF8.self))),
            ]
            return .success(
                FetchedValue(bytes: Array(document.serialized().utf8), version: export.serial, region: region)
            )
        } catch {
            return .failure(
                FetchFailure(
                    region: region,
                    code: .fetchFailed,
                    isClientFault: false,
                    message: "the export of certificate \(UserText.shown(reference.name)) in \(region) could not be "
                        + "read: \(error.message)"
                )
            )
        }
    }

    /// Why a described certificate cannot be mounted; nil when it can.
    static func problem(_ description: CertificateDescription, now: Date = Date()) -> String? {
        switch description.status {
        case "ISSUED":
            break
        case "PENDING_VALIDATION":
            return "is not issued yet (PENDING_VALIDATION)"
        case "EXPIRED":
            return "has expired (EXPIRED)"
        case "REVOKED":
            return "was revoked (REVOKED)"
        default:
            return "is \(UserText.shown(description.status)), not ISSUED"
        }
        if let notAfter = description.notAfter, notAfter <= now {
            return "has expired (not after \(notAfter))"
        }
        guard description.type == "PRIVATE" || description.exportOption == "ENABLED" else {
            return Self.notExportable
        }
        return nil
    }

    /// Why a certificate cannot be exported, after its name and region.
    static let notExportable =
        "cannot be exported: only certificates issued by a private CA and public certificates requested with export "
        + "enabled can be exported"

    /// `text` ending in a line break.
    private static func line(_ text: String) -> String {
        text.hasSuffix("\n") ? text : text + "\n"
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// 32 random letters and digits (ACM refuses `#`, `$` and `%`).
    private static func passphrase() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in Self.alphabet[Int(generator.next(upperBound: UInt64(Self.alphabet.count)))] }
    }
}

// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

public import Logging

#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

/// The AWS Certificate Manager operations the provider uses, as a seam for fakes.
public protocol CertificateManagerAPI: Sendable {
    /// The region called.
    var region: String { get }

    /// Reads a certificate's serial, status, type and export option (`acm:DescribeCertificate`).
    func describeCertificate(arn: String, deadline: ContinuousClock.Instant, logger: Logger?) async throws
        -> CertificateDescription

    /// Exports a certificate, its chain and its private key encrypted with `passphrase` (`acm:ExportCertificate`).
    func exportCertificate(arn: String, passphrase: [UInt8], deadline: ContinuousClock.Instant, logger: Logger?)
        async throws -> CertificateExportParts
}

/// A client of AWS Certificate Manager in one region, for one identity.
///
/// ```swift
/// let client = try CertificateManagerClient(region: "us-east-1", credentials: provider, runtime: runtime)
/// let description = try await client.describeCertificate(arn: arn, deadline: .now + .seconds(10))
/// ```
public struct CertificateManagerClient: CertificateManagerAPI {
    private let json: JSONProtocol

    /// The region called.
    public var region: String {
        self.json.region
    }

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - region: The region, such as `us-east-1`.
    ///   - credentials: The identity to sign with.
    ///   - runtime: The shared transport, configuration and retry quotas.
    ///   - retryQuota: Whose retry quota the calls' retries spend (with this region and service).
    /// - Throws: ``AWSError`` if the region is invalid or the endpoint configuration does not resolve.
    public init(
        region: String,
        credentials: any CredentialProvider,
        runtime: AWSClientRuntime,
        retryQuota: RetryQuotaScope = .shared
    ) throws(AWSError) {
        self.json = try JSONProtocol(
            service: .acm,
            targetPrefix: "CertificateManager",
            region: region,
            credentials: credentials,
            runtime: runtime,
            retryQuota: retryQuota
        )
    }

    /// Reads a certificate's description, without its body or key.
    ///
    /// - Throws: ``AWSError`` (an answer without a status is ``AWSError/Code/invalidResponse``) or `CancellationError`.
    public func describeCertificate(arn: String, deadline: ContinuousClock.Instant, logger: Logger? = nil)
        async throws -> CertificateDescription
    {
        let output: WireDescribeCertificateOutput = try await self.json.call(
            "DescribeCertificate",
            input: WireCertificateArnInput(CertificateArn: arn),
            resource: "certificate '\(arn)'",
            deadline: deadline,
            logger: logger ?? .awsClientDisabled
        )
        guard let wire = output.Certificate, let status = wire.Status else {
            throw self.missing("DescribeCertificate")
        }
        return CertificateDescription(
            serial: wire.Serial,
            status: status,
            type: wire.Type_,
            exportOption: wire.Options?.Export,
            notAfter: wire.NotAfter.map { Date(timeIntervalSince1970: $0) }
        )
    }

    /// Exports the certificate, its chain and its private key, which ACM encrypts with `passphrase` (PKCS#8 PBES2).
    ///
    /// - Parameters:
    ///   - arn: The certificate's ARN.
    ///   - passphrase: 4 to 128 bytes; never logged. The caller zeroes it once the key is decrypted.
    /// - Throws: ``AWSError`` (``AWSError/Code/clientFault`` with `ValidationException` for a certificate that cannot
    ///   be exported) or `CancellationError`.
    public func exportCertificate(
        arn: String,
        passphrase: [UInt8],
        deadline: ContinuousClock.Instant,
        logger: Logger? = nil
    ) async throws -> CertificateExportParts {
        let output: WireExportCertificateOutput = try await self.json.call(
            "ExportCertificate",
            input: WireExportCertificateInput(CertificateArn: arn, Passphrase: Data(passphrase)),
            resource: "certificate '\(arn)'",
            deadline: deadline,
            logger: logger ?? .awsClientDisabled
        )
        guard let certificate = output.Certificate, let privateKey = output.PrivateKey else {
            throw self.missing("ExportCertificate")
        }
        return CertificateExportParts(
            certificate: certificate,
            chain: output.CertificateChain ?? "",
            encryptedPrivateKey: privateKey
        )
    }

    private func missing(_ operation: String) -> AWSError {
        AWSError(
            code: .invalidResponse,
            message: "Certificate Manager \(operation) in \(self.region) answered without the fields every answer has.",
            service: AWSService.acm.signingName,
            operation: operation,
            region: self.region
        )
    }
}

/// What `DescribeCertificate` says about a certificate (the fields used).
public struct CertificateDescription: Sendable, Hashable {
    /// The serial number as ACM writes it (`0c:5e:…`); nil before the certificate is issued.
    public var serial: String?
    /// `ISSUED`, `PENDING_VALIDATION`, `INACTIVE`, `EXPIRED`, `VALIDATION_TIMED_OUT`, `REVOKED` or `FAILED`.
    public var status: String
    /// `PRIVATE`, `AMAZON_ISSUED` or `IMPORTED`.
    public var type: String?
    /// `ENABLED` when a public certificate was requested exportable.
    public var exportOption: String?
    /// When it expires.
    public var notAfter: Date?

    /// Creates a description.
    public init(serial: String?, status: String, type: String?, exportOption: String?, notAfter: Date?) {
        self.serial = serial
        self.status = status
        self.type = type
        self.exportOption = exportOption
        self.notAfter = notAfter
    }
}

/// What `ExportCertificate` returned. Printing, dumping or debugging it never shows the key.
public struct CertificateExportParts: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The certificate, PEM.
    public var certificate: String
    /// The chain, PEM; empty when ACM sent none.
    public var chain: String
    /// The private key, PEM `ENCRYPTED PRIVATE KEY` (PKCS#8 PBES2) under the call's passphrase.
    public var encryptedPrivateKey: String

    /// Creates the parts.
    public init(certificate: String, chain: String, encryptedPrivateKey: String) {
        self.certificate = certificate
        self.chain = chain
        self.encryptedPrivateKey = encryptedPrivateKey
    }

    /// The sizes only.
    public var description: String {
        "CertificateExportParts(certificate: \(self.certificate.utf8.count) bytes, chain: \(self.chain.utf8.count) "
            + "bytes, encryptedPrivateKey: <REDACTED>)"
    }

    /// The same text as ``description``.
    public var debugDescription: String {
        self.description
    }

    /// A mirror of the sizes only, so `dump(_:)` and debuggers do not show the key either.
    public var customMirror: Mirror {
        Mirror(self, children: ["description": self.description])
    }
}

/// `DescribeCertificate` and `ExportCertificate` input.
private struct WireCertificateArnInput: Encodable {
    var CertificateArn: String
}

/// `ExportCertificate` input; `Passphrase` is a blob, base64 in JSON.
private struct WireExportCertificateInput: Encodable {
    var CertificateArn: String
    var Passphrase: Data
}

/// `ExportCertificate` output.
private struct WireExportCertificateOutput: Decodable {
    var Certificate: String?
    var CertificateChain: String?
    var PrivateKey: String?
}

/// `DescribeCertificate` output (the fields used).
private struct WireDescribeCertificateOutput: Decodable {
    struct Options: Decodable {
        var Export: String?
    }

    struct Detail: Decodable {
        var Serial: String?
        var Status: String?
        var Type_: String?
        var Options: Options?
        var NotAfter: Double?

        enum CodingKeys: String, CodingKey {
            case Serial, Status, Options, NotAfter
            case Type_ = "Type"
        }
    }

    var Certificate: Detail?
}

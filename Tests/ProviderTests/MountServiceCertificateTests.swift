// Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
// SPDX-License-Identifier: Apache-2.0

import AWSClient
import Foundation
import ProviderTestSupport
import Testing

@testable import Provider

/// ACM certificates: exported with a fresh passphrase, the key decrypted in memory, written as a PEM bundle and as
/// `jmesPath` files of the export document; the serial is the version; a check that finds the same serial costs one
/// `DescribeCertificate`; renewals reach the mount; every error names the certificate and never a key.
@Suite("MountService certificates")
struct MountServiceCertificateTests {
    let harness = MountHarness()

    var acm: FakeCertificateManager { self.harness.aws.acm("us-east-1") }

    static let objects = """
        - objectName: "arn:aws:acm:us-east-1:123456789012:certificate/tls"
          objectAlias: bundle.pem
          jmesPath:
            - {path: certificate, objectAlias: tls.crt}
            - {path: privateKey, objectAlias: tls.key, filePermission: "0600"}
            - {path: "join('', [certificate, certificateChain])", objectAlias: fullchain.pem}
        """

    var arn: String { self.acm.arn("tls") }

    @Test("the bundle and the jmesPath files; the serial is every file's version; the passphrase is fresh each time")
    func mounts() async throws {
        try self.acm.issue(self.arn, fixture: "rsa")
        let result = try await self.harness.mount(MountRequestBuilder(objects: Self.objects).build())
        let key = try #require(self.harness.volume.text("tls.key"))
        let certificate = try #require(self.harness.volume.text("tls.crt"))
        #expect(key.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(certificate.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(key.hasSuffix("-----END PRIVATE KEY-----\n"), "each part ends in a line break")
        #expect(self.harness.volume.text("bundle.pem") == key + certificate + FakeCertificateManager.chain)
        #expect(self.harness.volume.text("fullchain.pem") == certificate + FakeCertificateManager.chain)
        #expect(self.harness.volume.files()["tls.key"]?.mode == 0o600)
        #expect(Set(result.objectVersions.map(\.version)) == ["c0:ff:ee"])
        #expect(self.acm.calls == [.describe, .export])
        let passphrase = try #require(self.acm.passphrases.first)
        #expect(passphrase.count == 32 && passphrase.allSatisfy { $0 < 0x80 })
    }

    @Test("a check that finds the same serial costs one DescribeCertificate; a renewal is exported and rewritten")
    func rotation() async throws {
        try self.acm.issue(self.arn, fixture: "rsa")
        _ = try await self.harness.mount(MountRequestBuilder(objects: Self.objects).build())
        _ = try await self.harness.mount(MountRequestBuilder(objects: Self.objects).build())
        #expect(self.acm.calls == [.describe, .export], "a remount within the cache window makes no call")
        self.harness.clock.advance(by: .seconds(1))
        #expect(await self.harness.reconciler.pass() == [MountRequestBuilder.target: .unchanged])
        #expect(self.acm.calls == [.describe, .export, .describe])

        try self.acm.issue(self.arn, fixture: "ec")
        self.harness.clock.advance(by: .seconds(1))
        #expect(await self.harness.reconciler.pass() == [MountRequestBuilder.target: .changed])
        #expect(self.acm.calls == [.describe, .export, .describe, .describe, .export])
        #expect(self.harness.volume.text("tls.key")?.hasPrefix("-----BEGIN PRIVATE KEY-----") == true)
        #expect(self.harness.registry.registrations().first?.versions.values.allSatisfy { $0 == "01:02" } == true)
        #expect(Set(self.acm.passphrases.map { $0 }).count == 2)
    }

    @Test(
        "a superseded serial's export leaves the cache; an export of another serial is not kept under the described one"
    )
    func exportsInTheCache() async throws {
        try self.acm.issue(self.arn, fixture: "rsa")
        _ = try await self.harness.mount(MountRequestBuilder(objects: Self.objects).build())
        let cache = self.harness.service.pipeline.cache
        #expect(cache.size.entries == 2, "the serial for the window, and the export of that serial")
        try self.acm.issue(self.arn, fixture: "ec")
        self.harness.clock.advance(by: .seconds(1))
        #expect(await self.harness.reconciler.pass() == [MountRequestBuilder.target: .changed])
        #expect(cache.size.entries == 2, "the old serial's export was dropped")

        // DescribeCertificate already reports a third serial; the export is still the second one.
        self.acm.describeSerial(self.arn, as: "0a:0b")
        self.harness.clock.advance(by: .seconds(1))
        _ = await self.harness.reconciler.pass()
        self.harness.clock.advance(by: .seconds(1))
        _ = await self.harness.reconciler.pass()
        #expect(self.acm.calls.suffix(4) == [.describe, .export, .describe, .export], "nothing kept under 0a:0b")
        #expect(self.harness.registry.registrations().first?.versions.values.allSatisfy { $0 == "01:02" } == true)
    }

    /// (status, type, the words of the message).
    static let stateRows: [(String, String, String)] = [
        ("PENDING_VALIDATION", "PRIVATE", "is not issued yet (PENDING_VALIDATION)"),
        ("EXPIRED", "PRIVATE", "has expired (EXPIRED)"),
        ("REVOKED", "PRIVATE", "was revoked (REVOKED)"),
        ("ISSUED", "AMAZON_ISSUED", "cannot be exported: only certificates issued by a private CA and public"),
    ]

    @Test(
        "a certificate that is not issued, expired, revoked or not exportable fails saying which",
        arguments: stateRows
    )
    func states(status: String, type: String, message: String) async throws {
        try self.acm.issue(self.arn, fixture: "rsa", status: status, type: type)
        let error = try await self.harness.failure(MountRequestBuilder(objects: Self.objects).build())
        #expect(error.code == .invalidRequest)
        #expect(error.message.contains("certificate \(self.arn) in us-east-1 \(message)"), "\(error.message)")
        #expect(self.acm.calls == [.describe], "nothing is exported")
    }

    /// (operation, error, code, the words of the message).
    static let failureRows: [(FakeCertificateManager.Operation, AWSError, ProviderError.Code, String)] = [
        (.describe, Self.denied("DescribeCertificate"), .permissionDenied, "acm:DescribeCertificate"),
        (.export, Self.denied("ExportCertificate"), .permissionDenied, "acm:ExportCertificate"),
        (
            .export,
            AWSError(code: .clientFault, message: "not private", service: "acm", awsErrorCode: "ValidationException"),
            .invalidRequest,
            "cannot be exported: only certificates issued by a private CA and public certificates requested"
        ),
    ]

    @Test("refusals name the IAM action; a ValidationException says what can be exported", arguments: failureRows)
    func failing(
        operation: FakeCertificateManager.Operation,
        error: AWSError,
        code: ProviderError.Code,
        message: String
    ) async throws {
        try self.acm.issue(self.arn, fixture: "rsa")
        self.acm.fail(operation, with: error)
        let failure = try await self.harness.failure(MountRequestBuilder(objects: Self.objects).build())
        #expect(failure.code == code)
        #expect(failure.message.contains(message), "\(failure.message)")
        #expect(self.harness.volume.writes.isEmpty)
    }

    @Test("no key, passphrase or certificate body reaches an error or a log line")
    func secrecy() async throws {
        try self.acm.issue(self.arn, fixture: "rsa")
        _ = try await self.harness.mount(MountRequestBuilder(objects: Self.objects).build())
        let key = try #require(self.harness.volume.text("tls.key"))
        let body = key.split(separator: "\n")[1]
        let passphrase = String(decoding: try #require(self.acm.passphrases.first), as: UTF8.self)
        try self.acm.issue(self.arn, fixture: "ec")
        self.acm.fail(.export, with: AWSError.fake(.serverFault))
        self.harness.clock.advance(by: .seconds(1))
        _ = await self.harness.reconciler.pass()
        for line in self.harness.logs.all.map(\.text) {
            #expect(!line.contains(body) && !line.contains(passphrase) && !line.contains("MII"))
        }
    }

    @Test("failover: both regions are asked; the primary's server error gives the failover region's certificate")
    func failover() async throws {
        let west = self.harness.aws.acm("us-west-2")
        let westArn = west.arn("tls")
        try self.acm.issue(self.arn, fixture: "rsa")
        try west.issue(westArn, fixture: "ec")
        self.acm.fail(.describe, with: .fake(.serverFault))
        var builder = MountRequestBuilder(
            objects: "- {objectName: \"\(self.arn)\", objectAlias: tls, failoverObject: {objectName: \"\(westArn)\"}}"
        )
        builder.failoverRegion = "us-west-2"
        let result = try await self.harness.mount(builder.build())
        #expect(result.objectVersions == [ObjectVersion(id: "tls", version: "01:02")])
        #expect(west.calls == [.describe, .export])
    }

    static func denied(_ operation: String) -> AWSError {
        AWSError(
            code: .accessDenied,
            message: "Certificate Manager \(operation) on certificate 'x' was denied: the caller's IAM role needs "
                + "`acm:\(operation)` on certificate 'x'.",
            service: "acm",
            operation: operation
        )
    }
}
